"""Marketing consent and a confirmed e-mail address (double opt-in) on each user.

Existing users have said nothing about offers and have confirmed nothing: both start
empty, so nobody receives offers until they tick the box and confirm their address.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column(
        "users",
        sa.Column("offers_consent", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        "users", sa.Column("email_confirmed_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade():
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later): no table rebuild.
    op.drop_column("users", "email_confirmed_at")
    op.drop_column("users", "offers_consent")
