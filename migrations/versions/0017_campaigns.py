"""Campaigns: a discount sent to the customers who took products out, or left them behind.

Each campaign keeps its products and, per customer of its target, the group the customer
fell in (sent a voucher, or held out) and the voucher. Nothing existing changes; carts that
expire from now on leave a cart event of kind ``expired`` per line (no column needed).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade():
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("target", sa.String(length=16), nullable=False),
        sa.Column("brand_id", sa.Integer(), nullable=True),
        sa.Column("removed_from", TIMESTAMP, nullable=False),
        sa.Column("removed_until", TIMESTAMP, nullable=False),
        sa.Column("discount_percent", sa.Integer(), nullable=False),
        sa.Column("valid_days", sa.Integer(), nullable=False),
        sa.Column("hold_out_percent", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("sent_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint("target IN ('removed', 'abandoned')", name="ck_campaigns_known_target"),
        sa.CheckConstraint(
            "discount_percent BETWEEN 1 AND 100", name="ck_campaigns_discount_in_range"
        ),
        sa.CheckConstraint("valid_days >= 1", name="ck_campaigns_valid_days_positive"),
        sa.CheckConstraint(
            "hold_out_percent BETWEEN 0 AND 90", name="ck_campaigns_hold_out_in_range"
        ),
        sa.CheckConstraint("removed_until > removed_from", name="ck_campaigns_dates_in_order"),
        sa.ForeignKeyConstraint(["brand_id"], ["brands.id"], name="fk_campaigns_brand_id_brands"),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name="fk_campaigns_created_by_users"),
        sa.PrimaryKeyConstraint("id", name="pk_campaigns"),
        sa.UniqueConstraint("fingerprint", name="uq_campaigns_fingerprint"),
    )
    op.create_table(
        "campaign_products",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name="fk_campaign_products_campaign_id_campaigns",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name="fk_campaign_products_product_id_products"
        ),
        sa.PrimaryKeyConstraint("campaign_id", "product_id", name="pk_campaign_products"),
    )
    op.create_table(
        "campaign_members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("member_group", sa.String(length=10), nullable=False),
        sa.Column("voucher_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "member_group IN ('targeted', 'held_out')", name="ck_campaign_members_known_group"
        ),
        sa.CheckConstraint(
            "(member_group = 'targeted') = (voucher_id IS NOT NULL)",
            name="ck_campaign_members_voucher_if_targeted",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name="fk_campaign_members_campaign_id_campaigns",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name="fk_campaign_members_user_id_users"
        ),
        sa.ForeignKeyConstraint(
            ["voucher_id"], ["vouchers.id"], name="fk_campaign_members_voucher_id_vouchers"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_campaign_members"),
        sa.UniqueConstraint("voucher_id", name="uq_campaign_members_voucher_id"),
    )
    op.create_index(
        "uq_campaign_members_campaign_user",
        "campaign_members",
        ["campaign_id", "user_id"],
        unique=True,
    )
    op.create_index("ix_campaign_members_user", "campaign_members", ["user_id"])


def downgrade():
    op.drop_table("campaign_members")
    op.drop_table("campaign_products")
    op.drop_table("campaigns")
