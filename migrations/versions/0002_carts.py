"""Carts, cart lines, and the append-only cart events.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "carts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "status IN ('active', 'checked_out', 'deleted', 'expired')",
            name="ck_carts_known_status",
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_carts_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_carts"),
    )
    op.create_index("ix_carts_user_status", "carts", ["user_id", "status", "updated_at"])
    op.create_index("ix_carts_status_updated", "carts", ["status", "updated_at"])

    op.create_table(
        "cart_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 1", name="ck_cart_lines_quantity_positive"),
        sa.ForeignKeyConstraint(["cart_id"], ["carts.id"], name="fk_cart_lines_cart_id_carts"),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_cart_lines_product_id_products"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cart_lines"),
    )
    op.create_index(
        "uq_cart_lines_cart_product", "cart_lines", ["cart_id", "product_id"], unique=True
    )
    op.create_index("ix_cart_lines_product", "cart_lines", ["product_id"])

    op.create_table(
        "cart_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("delta", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("delta <> 0", name="ck_cart_events_delta_not_zero"),
        sa.ForeignKeyConstraint(["cart_id"], ["carts.id"], name="fk_cart_events_cart_id_carts"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_cart_events_user_id_users"),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_cart_events_product_id_products"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_cart_events"),
    )
    op.create_index("ix_cart_events_created_product", "cart_events", ["created_at", "product_id"])
    op.create_index("ix_cart_events_cart", "cart_events", ["cart_id"])


def downgrade():
    op.drop_table("cart_events")
    op.drop_table("cart_lines")
    op.drop_table("carts")
