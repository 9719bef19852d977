"""One page of rows, and how many rows there are in all."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, func, select

from ..extensions import db

Row = TypeVar("Row")


def page_of(
    model: type[Row],
    condition: ColumnElement[bool],
    order_by: Sequence[Any],
    page: int,
    per_page: int,
) -> tuple[list[Row], int]:
    """Rows of ``model`` matching ``condition`` on page ``page``, and the total that match."""
    page = max(page, 1)
    total = db.session.scalar(select(func.count()).select_from(model).where(condition)) or 0
    statement = (
        select(model)
        .where(condition)
        .order_by(*order_by)
        .offset((page - 1) * per_page)
        .limit(per_page)
    )
    return list(db.session.scalars(statement)), int(total)
