"""Taking money: card details in flight, the payment provider's client, and its sandbox."""

from .factory import provider_for

__all__ = ["provider_for"]
