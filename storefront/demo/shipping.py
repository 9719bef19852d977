"""Demo shipping methods, and a saved address for the demo customer (safe to repeat)."""

from __future__ import annotations

from sqlalchemy import func, select

from ..extensions import db
from ..models import ShippingMethod
from ..services import accounts, addresses, shipping_methods
from .vocabulary import DEMO_USERNAME

METHODS = (
    {"name": "Collect in store", "price": "0.00", "free_from": None, "needs_address": False},
    {"name": "Standard delivery", "price": "4.99", "free_from": "50.00"},
    {"name": "Express delivery", "price": "14.99", "free_from": "500.00"},
)
DEMO_ADDRESS = {
    "full_name": "Demo Customer",
    "line1": "1 Market Street",
    "line2": None,
    "city": "Springfield",
    "postal_code": "12345",
    "country": "US",
    "phone": "+1 555 0100",
}


def seed_shipping() -> int:
    """Add the demo methods that are missing (by name); how many were added."""
    added = 0
    for method in METHODS:
        found = db.session.scalar(
            select(ShippingMethod.id).where(
                func.lower(ShippingMethod.name) == str(method["name"]).lower()
            )
        )
        if found is None:
            shipping_methods.save_method(None, {"active": True, "needs_address": True, **method})
            added += 1
    demo = accounts.find_by_username(DEMO_USERNAME)
    if demo is not None and not addresses.list_addresses(demo.id):
        addresses.add_address(demo.id, DEMO_ADDRESS, make_default=True)
    return added
