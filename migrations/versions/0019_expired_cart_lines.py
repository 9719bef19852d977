"""Carts marked expired before expiry was recorded per line: their lines as cart events.

From 0017 on, marking a cart expired writes a ``cart_expired`` event per line it held
(``services/cart_expiry``), which campaigns for abandoned carts target. Carts marked
expired before that kept their lines but no event: this writes them, dated at the cart's
last change (the moment it expired is that plus CART_TTL_MINUTES, a setting a migration
cannot know). Carts still marked active get theirs from the next ``flask carts expire``.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04
"""

from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.execute(
        "INSERT INTO cart_events (cart_id, user_id, product_id, delta, kind, created_at) "
        "SELECT carts.id, carts.user_id, cart_lines.product_id, -cart_lines.quantity, "
        "'cart_expired', carts.updated_at "
        "FROM carts JOIN cart_lines ON cart_lines.cart_id = carts.id "
        "WHERE carts.status = 'expired' AND NOT EXISTS ("
        "SELECT 1 FROM cart_events AS e WHERE e.cart_id = carts.id AND e.kind = 'cart_expired')"
    )


def downgrade():
    # The events are a record kept from now on; what this wrote cannot be told apart.
    pass
