"""The order's life: shipped, delivered and refunded orders, their events and refunds.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""

import warnings

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
OLD_STATUSES = "status IN ('pending_payment', 'paid', 'cancelled')"
NEW_STATUSES = (
    "status IN ('pending_payment', 'paid', 'shipped', 'delivered', 'cancelled', 'refunded')"
)


def upgrade():
    with warnings.catch_warnings():
        # SQLite rebuilds the tables; reflecting the users table they point at skips its
        # case-insensitive index, which the rebuild never touches.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        _alter_orders()
    _create_tables()


def _alter_orders():
    with op.batch_alter_table("orders") as batch:
        batch.add_column(sa.Column("shipped_at", TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("delivered_at", TIMESTAMP, nullable=True))
        batch.add_column(sa.Column("carrier", sa.String(length=60), nullable=True))
        batch.add_column(sa.Column("tracking_number", sa.String(length=80), nullable=True))
        batch.drop_constraint("ck_orders_known_status", type_="check")
        batch.create_check_constraint("ck_orders_known_status", NEW_STATUSES)
    with op.batch_alter_table("order_lines") as batch:
        batch.add_column(
            sa.Column("refunded_quantity", sa.Integer(), nullable=False, server_default="0")
        )
        batch.add_column(
            sa.Column("returned_quantity", sa.Integer(), nullable=False, server_default="0")
        )
        batch.create_check_constraint(
            "ck_order_lines_refunded_in_range",
            "refunded_quantity >= 0 AND refunded_quantity <= quantity",
        )
        batch.create_check_constraint(
            "ck_order_lines_returned_in_range",
            "returned_quantity >= 0 AND returned_quantity <= quantity",
        )


def _create_tables():
    op.create_table(
        "order_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("from_status", sa.String(length=20), nullable=True),
        sa.Column("to_status", sa.String(length=20), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("actor_name", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("amount_cents", sa.Integer(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["order_id"], ["orders.id"], name="fk_order_events_order_id_orders"
        ),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_order_events_actor_id_users"),
        sa.PrimaryKeyConstraint("id", name="pk_order_events"),
    )
    op.create_index("ix_order_events_order", "order_events", ["order_id", "id"])

    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Uuid(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("payment_id", sa.String(length=100), nullable=False),
        sa.Column("provider_refund_id", sa.String(length=100), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("requested_by", sa.Uuid(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("claimed_at", TIMESTAMP, nullable=False),
        sa.Column("settled_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "status IN ('in_flight', 'succeeded', 'refused', 'unknown')",
            name="ck_refunds_known_status",
        ),
        sa.CheckConstraint("amount_cents > 0", name="ck_refunds_amount_positive"),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"], name="fk_refunds_order_id_orders"),
        sa.ForeignKeyConstraint(
            ["requested_by"], ["users.id"], name="fk_refunds_requested_by_users"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_refunds"),
        sa.UniqueConstraint("idempotency_key", name="uq_refunds_idempotency_key"),
    )
    op.create_index("uq_refunds_order_number", "refunds", ["order_id", "number"], unique=True)
    op.create_index("ix_refunds_status", "refunds", ["status"])

    op.create_table(
        "refund_lines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("refund_id", sa.Integer(), nullable=False),
        sa.Column("order_line_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("amount_cents", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.CheckConstraint("quantity >= 1", name="ck_refund_lines_quantity_positive"),
        sa.ForeignKeyConstraint(
            ["refund_id"], ["refunds.id"], name="fk_refund_lines_refund_id_refunds"
        ),
        sa.ForeignKeyConstraint(
            ["order_line_id"], ["order_lines.id"], name="fk_refund_lines_order_line_id_order_lines"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_refund_lines"),
    )
    op.create_index("ix_refund_lines_refund", "refund_lines", ["refund_id"])


def downgrade():
    op.drop_index("ix_refund_lines_refund", table_name="refund_lines")
    op.drop_table("refund_lines")
    op.drop_index("ix_refunds_status", table_name="refunds")
    op.drop_index("uq_refunds_order_number", table_name="refunds")
    op.drop_table("refunds")
    op.drop_index("ix_order_events_order", table_name="order_events")
    op.drop_table("order_events")
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Skipped unsupported reflection")
        _restore_orders()


def _restore_orders():
    with op.batch_alter_table("order_lines") as batch:
        batch.drop_constraint("ck_order_lines_returned_in_range", type_="check")
        batch.drop_constraint("ck_order_lines_refunded_in_range", type_="check")
        batch.drop_column("returned_quantity")
        batch.drop_column("refunded_quantity")
    with op.batch_alter_table("orders") as batch:
        batch.drop_constraint("ck_orders_known_status", type_="check")
        batch.create_check_constraint("ck_orders_known_status", OLD_STATUSES)
        batch.drop_column("tracking_number")
        batch.drop_column("carrier")
        batch.drop_column("delivered_at")
        batch.drop_column("shipped_at")
