"""Products gain "track stock": an item the warehouse sent without a quantity is sold uncounted.

On by default. Products made from warehouse items that never had a quantity (their item's
stock is unknown in ``inventory_items``) were stored with stock 0 and never listed; they
become untracked, so they are listed and sold while active, as the warehouse meant.

Self-contained: it only adds a column to the products table.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    # NOT NULL with a server default: SQLite adds it without rebuilding the table.
    op.add_column(
        "products",
        sa.Column("track_stock", sa.Boolean(), server_default=sa.true(), nullable=False),
    )
    op.execute(
        "UPDATE products SET track_stock = false WHERE warehouse_item_id IN "
        "(SELECT item_id FROM inventory_items WHERE stock IS NULL)"
    )


def downgrade():
    # Plain ALTER TABLE (SQLite 3.35 and later): batch mode would rebuild the table and lose
    # the expression indexes.
    op.execute("ALTER TABLE products DROP COLUMN track_stock")
