"""Addresses and shipping methods; each order keeps a copy of where it goes and how.

The shop starts with one method, "Collect in store", at no charge and needing no address:
orders placed without an address (older API clients) use it.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
ORDER_COLUMNS = (
    ("ship_full_name", 120),
    ("ship_line1", 120),
    ("ship_line2", 120),
    ("ship_city", 80),
    ("ship_postal_code", 16),
    ("ship_country", 2),
    ("ship_phone", 32),
    ("shipping_method", 80),
)


def upgrade():
    op.create_table(
        "addresses",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("full_name", sa.String(length=120), nullable=False),
        sa.Column("line1", sa.String(length=120), nullable=False),
        sa.Column("line2", sa.String(length=120), nullable=True),
        sa.Column("city", sa.String(length=80), nullable=False),
        sa.Column("postal_code", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("phone", sa.String(length=32), nullable=True),
        sa.Column("is_default", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_addresses_user_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_addresses"),
    )
    op.create_index("ix_addresses_user_created", "addresses", ["user_id", "created_at"])
    op.create_index(
        "uq_addresses_user_default",
        "addresses",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("is_default"),
        postgresql_where=sa.text("is_default"),
    )

    methods = op.create_table(
        "shipping_methods",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("price_cents", sa.Integer(), nullable=False),
        sa.Column("free_from_cents", sa.Integer(), nullable=True),
        sa.Column("needs_address", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("price_cents >= 0", name="ck_shipping_methods_price_not_negative"),
        sa.CheckConstraint(
            "free_from_cents IS NULL OR free_from_cents >= 0",
            name="ck_shipping_methods_free_from_ok",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_shipping_methods"),
    )
    op.create_index(
        "uq_shipping_methods_name_lower",
        "shipping_methods",
        [sa.text("lower(name)")],
        unique=True,
    )
    stamp = datetime.now(UTC)
    if op.get_bind().dialect.name == "sqlite":  # the shop keeps naive UTC there
        stamp = stamp.replace(tzinfo=None)
    op.bulk_insert(
        methods,
        [
            {
                "name": "Collect in store",
                "price_cents": 0,
                "free_from_cents": None,
                "needs_address": False,
                "active": True,
                "created_at": stamp,
                "updated_at": stamp,
            }
        ],
    )

    for name, length in ORDER_COLUMNS:
        op.add_column("orders", sa.Column(name, sa.String(length=length), nullable=True))
    op.add_column(
        "orders", sa.Column("shipping_cents", sa.Integer(), server_default="0", nullable=False)
    )


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): no table rebuild.
    op.drop_column("orders", "shipping_cents")
    for name, _length in reversed(ORDER_COLUMNS):
        op.drop_column("orders", name)
    op.drop_index("uq_shipping_methods_name_lower", table_name="shipping_methods")
    op.drop_table("shipping_methods")
    op.drop_index("uq_addresses_user_default", table_name="addresses")
    op.drop_index("ix_addresses_user_created", table_name="addresses")
    op.drop_table("addresses")
