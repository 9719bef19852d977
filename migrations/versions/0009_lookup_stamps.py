"""A stamp the database raises on every change to brands, categories or stores.

Pages cache the filter lists per process and read only this number per request; triggers
keep it in step whatever writes the tables (admin forms, the API, the warehouse feed).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("brands", "categories", "stores")
# A missing row counts as 0: the first change makes it 1 (a test database emptied between
# tests loses the row, and the next change starts it again).
BUMP = (
    "INSERT INTO lookup_stamps (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = lookup_stamps.version + 1"
)


def upgrade() -> None:
    op.create_table(
        "lookup_stamps",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("version", sa.Integer(), nullable=False, server_default="0"),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION bump_lookup_stamp() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {BUMP}; RETURN NULL; END $$"
        )
        for table in TABLES:
            op.execute(
                f"CREATE TRIGGER {table}_lookup_stamp AFTER INSERT OR UPDATE OR DELETE "
                f"OR TRUNCATE ON {table} FOR EACH STATEMENT EXECUTE FUNCTION bump_lookup_stamp()"
            )
        return
    for table in TABLES:
        for event in ("INSERT", "UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_lookup_stamp_{event.lower()} AFTER {event} ON {table} "
                f"BEGIN {BUMP}; END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP TRIGGER {table}_lookup_stamp ON {table}")
        op.execute("DROP FUNCTION bump_lookup_stamp()")
    else:
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER {table}_lookup_stamp_{event}")
    op.drop_table("lookup_stamps")
