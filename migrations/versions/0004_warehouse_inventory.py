"""The warehouse feed: products carry the warehouse's item id; the inventory inbox tables.

Self-contained: it only adds to the products table and creates its own tables, so it can
follow any revision that leaves the products table as 0001 made it.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade():
    # Adding a nullable column and an index needs no table rebuild on SQLite.
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("warehouse_item_id", sa.String(length=64), nullable=True))
        batch.create_index("uq_products_warehouse_item_id", ["warehouse_item_id"], unique=True)

    op.create_table(
        "inventory_events",
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", TIMESTAMP, nullable=False),
        sa.Column("applied_at", TIMESTAMP, nullable=False),
        sa.Column("outcome", sa.String(length=16), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name="pk_inventory_events"),
    )
    op.create_index("ix_inventory_events_item_id", "inventory_events", ["item_id"])
    op.create_index("ix_inventory_events_applied_at", "inventory_events", ["applied_at"])

    op.create_table(
        "inventory_items",
        sa.Column("item_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=True),
        sa.Column("price_cents", sa.Integer(), nullable=True),
        sa.Column("details_at", TIMESTAMP, nullable=True),
        sa.Column("details_event_id", sa.Uuid(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=True),
        sa.Column("active_at", TIMESTAMP, nullable=True),
        sa.Column("active_event_id", sa.Uuid(), nullable=True),
        sa.Column("stock", sa.Integer(), nullable=True),
        sa.Column("stock_at", TIMESTAMP, nullable=True),
        sa.Column("stock_event_id", sa.Uuid(), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("item_id", name="pk_inventory_items"),
    )

    op.create_table(
        "inventory_set_aside",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("received_at", TIMESTAMP, nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("reason", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=True),
        sa.Column("item_id", sa.String(length=64), nullable=True),
        sa.Column("resolved_at", TIMESTAMP, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_inventory_set_aside"),
    )
    op.create_index("ix_inventory_set_aside_event_id", "inventory_set_aside", ["event_id"])
    op.create_index("ix_inventory_set_aside_item_id", "inventory_set_aside", ["item_id"])
    op.create_index(
        "ix_inventory_set_aside_received_id", "inventory_set_aside", ["received_at", "id"]
    )


def downgrade():
    op.drop_table("inventory_set_aside")
    op.drop_table("inventory_items")
    op.drop_table("inventory_events")
    # Plain statements, not a batch: SQLite (3.35+) drops a column in place, and a batch
    # rebuild would lose the expression indexes it cannot reflect.
    op.drop_index("uq_products_warehouse_item_id", table_name="products")
    op.drop_column("products", "warehouse_item_id")
