"""Taking money: card details in flight, the payment provider's client, and its sandbox."""
