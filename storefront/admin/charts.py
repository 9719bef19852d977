"""A bar chart drawn on the server: geometry here, the SVG markup in a template."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

WIDTH = 720
LABEL_WIDTH = 260
BAR_HEIGHT = 22
GAP = 8
VALUE_ROOM = 64  # room for a value such as "100.0%"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int
    width: int
    text: str  # the value as shown beside the bar


@dataclass(frozen=True)
class BarChart:
    title: str
    bars: list[Bar]
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def height(self) -> int:
        return max(len(self.bars), 1) * (BAR_HEIGHT + GAP) + GAP


def bar_chart(
    title: str,
    items: Sequence[tuple[str, int]],
    limit: int = 10,
    formatter: Callable[[int], str] = str,
) -> BarChart:
    """Horizontal bars for the first ``limit`` (label, value) pairs, scaled to the largest;
    ``formatter`` writes each value beside its bar."""
    shown = list(items)[:limit]
    largest = max((value for _, value in shown), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    bars = [
        Bar(
            label=label if len(label) <= 34 else label[:33] + "…",
            value=value,
            y=GAP + index * (BAR_HEIGHT + GAP),
            width=max(1, round(room * value / largest)),
            text=formatter(value),
        )
        for index, (label, value) in enumerate(shown)
    ]
    return BarChart(title, bars)


COLUMN_CHART_HEIGHT = 200
COLUMN_AXIS_ROOM = 24  # below the columns, for the first and last day's labels
COLUMN_TOP_ROOM = 18  # above the tallest column, for its value


@dataclass(frozen=True)
class Column:
    label: str
    value: int  # cents
    x: int
    y: int
    width: int
    height: int


@dataclass(frozen=True)
class ColumnChart:
    title: str
    columns: list[Column]
    largest: int
    width: int = WIDTH
    height: int = COLUMN_CHART_HEIGHT + COLUMN_AXIS_ROOM + COLUMN_TOP_ROOM
    baseline: int = COLUMN_CHART_HEIGHT + COLUMN_TOP_ROOM


def column_chart(title: str, items: Sequence[tuple[str, int]]) -> ColumnChart:
    """Vertical columns, one per (label, value) pair in order, scaled to the largest."""
    shown = list(items)
    largest = max((value for _, value in shown), default=0)
    slot = WIDTH // max(len(shown), 1)
    columns = []
    for index, (label, value) in enumerate(shown):
        height = round(COLUMN_CHART_HEIGHT * value / largest) if largest else 0
        if value and not height:
            height = 1
        columns.append(
            Column(
                label=label,
                value=value,
                x=index * slot + 1,
                y=COLUMN_CHART_HEIGHT + COLUMN_TOP_ROOM - height,
                width=max(slot - 2, 1),
                height=height,
            )
        )
    return ColumnChart(title, columns, largest)
