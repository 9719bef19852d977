"""Product images: one row per image (its files are named by its content), and each product's
cover, the first image, so that a listing reads it with the product in one statement.

``products.cover_image_id`` has no foreign key: the two tables would name each other, and
SQLite can add a plain column without rebuilding the products table. The images service
keeps it pointing at the product's first image.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "product_images",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("product_id", sa.Uuid(), sa.ForeignKey("products.id"), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("alt", sa.String(length=200), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("widths", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_product_images_product_position", "product_images", ["product_id", "position"]
    )
    op.add_column("products", sa.Column("cover_image_id", sa.Integer(), nullable=True))


def downgrade():
    op.execute("ALTER TABLE products DROP COLUMN cover_image_id")
    op.drop_index("ix_product_images_product_position", table_name="product_images")
    op.drop_table("product_images")
