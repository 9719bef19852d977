"""The data model, one module per aggregate."""

from .catalogue import Brand, Category, Product, Store, cents_to_decimal
from .inventory import InventoryEvent, InventoryItem, SetAsideEvent
from .sessions import WebSession
from .users import User

__all__ = [
    "Brand",
    "Category",
    "InventoryEvent",
    "InventoryItem",
    "Product",
    "SetAsideEvent",
    "Store",
    "User",
    "WebSession",
    "cents_to_decimal",
]
