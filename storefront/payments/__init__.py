"""Taking money: card details in flight, the payment provider's client, and its sandbox."""

from .factory import PaymentGateway, provider_for

__all__ = ["PaymentGateway", "provider_for"]
