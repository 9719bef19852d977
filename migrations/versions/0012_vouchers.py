"""Vouchers: their rules, targets and customers, each use, a cart's voucher; orders' discounts.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "vouchers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("code_key", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("minimum_spend_cents", sa.Integer(), nullable=False),
        sa.Column("starts_at", TIMESTAMP, nullable=True),
        sa.Column("ends_at", TIMESTAMP, nullable=True),
        sa.Column("usage_limit", sa.Integer(), nullable=True),
        sa.Column("per_customer_limit", sa.Integer(), nullable=True),
        sa.Column("used", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=36), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("kind IN ('percent', 'amount')", name="ck_vouchers_known_kind"),
        sa.CheckConstraint("value > 0", name="ck_vouchers_value_positive"),
        sa.CheckConstraint(
            "kind <> 'percent' OR value <= 10000", name="ck_vouchers_percent_at_most_100"
        ),
        sa.CheckConstraint("used >= 0", name="ck_vouchers_used_not_negative"),
        sa.CheckConstraint(
            "usage_limit IS NULL OR used <= usage_limit", name="ck_vouchers_used_within_limit"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_vouchers"),
        sa.UniqueConstraint("code_key", name="uq_vouchers_code_key"),
    )
    op.create_index("ix_vouchers_batch", "vouchers", ["batch"])
    op.create_table(
        "voucher_targets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=True),
        sa.Column("brand_id", sa.Integer(), nullable=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "(CASE WHEN product_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN brand_id IS NULL THEN 0 ELSE 1 END)"
            " + (CASE WHEN category_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="ck_voucher_targets_one_target",
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"],
            ["vouchers.id"],
            name="fk_voucher_targets_voucher_id_vouchers",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_voucher_targets_product_id_products"
        ),
        sa.ForeignKeyConstraint(
            ["brand_id"], ["brands.id"], name="fk_voucher_targets_brand_id_brands"
        ),
        sa.ForeignKeyConstraint(
            ["category_id"], ["categories.id"], name="fk_voucher_targets_category_id_categories"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_voucher_targets"),
    )
    op.create_index("ix_voucher_targets_voucher", "voucher_targets", ["voucher_id"])
    op.create_table(
        "voucher_customers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["voucher_id"],
            ["vouchers.id"],
            name="fk_voucher_customers_voucher_id_vouchers",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_voucher_customers_user_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_voucher_customers"),
    )
    op.create_index(
        "uq_voucher_customers_voucher_user",
        "voucher_customers",
        ["voucher_id", "user_id"],
        unique=True,
    )
    op.create_index("ix_voucher_customers_user", "voucher_customers", ["user_id"])
    op.create_table(
        "voucher_redemptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("discount_cents", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("released_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "discount_cents >= 0", name="ck_voucher_redemptions_discount_not_negative"
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["vouchers.id"], name="fk_voucher_redemptions_voucher_id_vouchers"
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name="fk_voucher_redemptions_order_id_orders"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_voucher_redemptions_user_id_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_voucher_redemptions"),
        sa.UniqueConstraint("order_id", name="uq_voucher_redemptions_order_id"),
    )
    op.create_index(
        "ix_voucher_redemptions_voucher_user", "voucher_redemptions", ["voucher_id", "user_id"]
    )
    op.create_table(
        "cart_vouchers",
        sa.Column("cart_id", sa.Uuid(), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=False),
        sa.Column("added_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["cart_id"], ["carts.id"], name="fk_cart_vouchers_cart_id_carts", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"],
            ["vouchers.id"],
            name="fk_cart_vouchers_voucher_id_vouchers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("cart_id", name="pk_cart_vouchers"),
    )
    # Plain ADD COLUMN (NOT NULL with a default): SQLite adds it without rebuilding the table.
    op.add_column("orders", sa.Column("voucher_code", sa.String(length=40), nullable=True))
    op.add_column(
        "orders", sa.Column("discount_cents", sa.Integer(), server_default="0", nullable=False)
    )
    op.add_column(
        "order_lines",
        sa.Column("discount_cents", sa.Integer(), server_default="0", nullable=False),
    )


def downgrade():
    op.execute("ALTER TABLE order_lines DROP COLUMN discount_cents")
    op.execute("ALTER TABLE orders DROP COLUMN discount_cents")
    op.execute("ALTER TABLE orders DROP COLUMN voucher_code")
    op.drop_table("cart_vouchers")
    op.drop_index("ix_voucher_redemptions_voucher_user", table_name="voucher_redemptions")
    op.drop_table("voucher_redemptions")
    op.drop_index("ix_voucher_customers_user", table_name="voucher_customers")
    op.drop_index("uq_voucher_customers_voucher_user", table_name="voucher_customers")
    op.drop_table("voucher_customers")
    op.drop_index("ix_voucher_targets_voucher", table_name="voucher_targets")
    op.drop_table("voucher_targets")
    op.drop_index("ix_vouchers_batch", table_name="vouchers")
    op.drop_table("vouchers")
