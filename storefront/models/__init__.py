"""The data model, one module per aggregate."""

from .carts import Cart, CartEvent, CartLine
from .catalogue import Brand, Category, LookupStamp, Product, Store, cents_to_decimal
from .inventory import InventoryEvent, InventoryItem, SetAsideEvent
from .orders import Order, OrderLine, PaymentAttempt
from .outbox import OutboxMessage
from .sessions import WebSession
from .tokens import ApiToken
from .users import User

__all__ = [
    "ApiToken",
    "Brand",
    "Cart",
    "CartEvent",
    "CartLine",
    "Category",
    "InventoryEvent",
    "InventoryItem",
    "LookupStamp",
    "Order",
    "OrderLine",
    "OutboxMessage",
    "PaymentAttempt",
    "Product",
    "SetAsideEvent",
    "Store",
    "User",
    "WebSession",
    "cents_to_decimal",
]
