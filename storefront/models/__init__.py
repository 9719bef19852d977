"""The data model, one module per aggregate."""

from .addresses import Address
from .back_in_stock import BackInStockRequest
from .campaigns import Campaign, CampaignMember, CampaignProduct
from .carts import Cart, CartEvent, CartLine
from .catalogue import Brand, Category, LookupStamp, Product, Store, cents_to_decimal
from .images import ProductImage
from .inventory import InventoryEvent, InventoryItem, SetAsideEvent
from .order_events import OrderEvent
from .orders import Order, OrderLine, PaymentAttempt
from .outbox import OutboxMessage
from .refunds import Refund, RefundLine
from .sessions import WebSession
from .shipping import ShippingMethod
from .throttle import RateLimitCounter
from .tokens import ApiToken
from .users import User
from .vouchers import CartVoucher, Voucher, VoucherCustomer, VoucherRedemption, VoucherTarget

__all__ = [
    "Address",
    "ApiToken",
    "BackInStockRequest",
    "Brand",
    "Campaign",
    "CampaignMember",
    "CampaignProduct",
    "Cart",
    "CartEvent",
    "CartLine",
    "CartVoucher",
    "Category",
    "InventoryEvent",
    "InventoryItem",
    "LookupStamp",
    "Order",
    "OrderEvent",
    "OrderLine",
    "OutboxMessage",
    "PaymentAttempt",
    "Product",
    "ProductImage",
    "RateLimitCounter",
    "Refund",
    "RefundLine",
    "SetAsideEvent",
    "ShippingMethod",
    "Store",
    "User",
    "Voucher",
    "VoucherCustomer",
    "VoucherRedemption",
    "VoucherTarget",
    "WebSession",
    "cents_to_decimal",
]
