"""The catalogue's sorts and filters, each served by an index: products carry their brand's name.

Sorting by brand joined brands and sorted every listable product on each request. A copy of
the brand's name on the product (kept in step by the models' events) lets one index hold the
whole order, and every sort gets an index after each filter too, so a page reads only its rows.

Self-contained: it only adds to the products table, so it can follow any revision that leaves
the products table as 0001 and 0004 made it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# name -> columns; every one ends with id so that keyset pages have a total order.
INDEXES = {
    "ix_products_brandsort_id": ["brand_name", "name", "id"],
    "ix_products_brand_price_id": ["brand_id", "price_cents", "id"],
    "ix_products_brand_created_id": ["brand_id", "created_at", "id"],
    "ix_products_category_brandsort_id": ["category_id", "brand_name", "name", "id"],
    "ix_products_category_price_id": ["category_id", "price_cents", "id"],
    "ix_products_category_created_id": ["category_id", "created_at", "id"],
    "ix_products_store_brandsort_id": ["store_id", "brand_name", "name", "id"],
    "ix_products_store_price_id": ["store_id", "price_cents", "id"],
    "ix_products_store_created_id": ["store_id", "created_at", "id"],
}


def upgrade():
    # NOT NULL with a default is the one way SQLite adds such a column without rebuilding the
    # table (a rebuild would lose the expression indexes, which batch mode cannot reflect).
    # Every row is filled at once; PostgreSQL then drops the default, SQLite keeps it unused.
    op.add_column(
        "products",
        sa.Column("brand_name", sa.String(length=80), server_default="", nullable=False),
    )
    op.execute(
        "UPDATE products SET brand_name = "
        "(SELECT brands.name FROM brands WHERE brands.id = products.brand_id)"
    )
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("products", "brand_name", server_default=None)
    for name, columns in INDEXES.items():
        op.create_index(name, "products", columns)


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="products")
    # Plain ALTER TABLE (SQLite 3.35 and later): batch mode would rebuild the table and lose
    # the expression indexes.
    op.execute("ALTER TABLE products DROP COLUMN brand_name")
