"""The data model, one module per aggregate."""

from .carts import Cart, CartEvent, CartLine
from .catalogue import Brand, Category, LookupStamp, Product, Store, cents_to_decimal
from .images import ProductImage
from .inventory import InventoryEvent, InventoryItem, SetAsideEvent
from .orders import Order, OrderLine, PaymentAttempt
from .sessions import WebSession
from .tokens import ApiToken
from .users import User
from .vouchers import CartVoucher, Voucher, VoucherCustomer, VoucherRedemption, VoucherTarget

__all__ = [
    "ApiToken",
    "Brand",
    "Cart",
    "CartEvent",
    "CartLine",
    "CartVoucher",
    "Category",
    "InventoryEvent",
    "InventoryItem",
    "LookupStamp",
    "Order",
    "OrderLine",
    "PaymentAttempt",
    "Product",
    "ProductImage",
    "SetAsideEvent",
    "Store",
    "User",
    "Voucher",
    "VoucherCustomer",
    "VoucherRedemption",
    "VoucherTarget",
    "WebSession",
    "cents_to_decimal",
]
