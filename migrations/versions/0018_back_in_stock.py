"""Back in stock: the customers waiting for a product, one row per customer and product.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "back_in_stock_requests",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_back_in_stock_requests_product_id_products"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_back_in_stock_requests_user_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_back_in_stock_requests"),
    )
    op.create_index(
        "uq_back_in_stock_requests_product_user",
        "back_in_stock_requests",
        ["product_id", "user_id"],
        unique=True,
    )
    op.create_index("ix_back_in_stock_requests_user", "back_in_stock_requests", ["user_id"])


def downgrade():
    op.drop_index("ix_back_in_stock_requests_user", table_name="back_in_stock_requests")
    op.drop_index("uq_back_in_stock_requests_product_user", table_name="back_in_stock_requests")
    op.drop_table("back_in_stock_requests")
