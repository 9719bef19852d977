"""How big a query may be: its depth and its cost, checked before anything runs.

Cost: every field of an object type costs 1 (a scalar costs nothing: the token limit bounds
those), and what is under a list costs ``LIST_FACTOR`` times over (a list may hold that
many), fragments counted where they are spread. A query over
``GRAPHQL_MAX_COST`` or deeper than ``GRAPHQL_MAX_DEPTH`` (settings) is refused whole, with
the code ``query_too_costly`` or ``query_too_deep``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

MAX_DEPTH = 6
MAX_COST = 25_000
LIST_FACTOR = 100
TOO_DEEP = "query_too_deep"
TOO_COSTLY = "query_too_costly"


@dataclass(frozen=True)
class Limits:
    max_depth: int
    max_cost: int


def limits_now() -> Limits:
    """The limits in force: the settings ``GRAPHQL_MAX_DEPTH`` and ``GRAPHQL_MAX_COST``."""
    config = current_app.config
    return Limits(
        int(config.get("GRAPHQL_MAX_DEPTH", MAX_DEPTH)),
        int(config.get("GRAPHQL_MAX_COST", MAX_COST)),
    )


def _named(type_: Any) -> tuple[Any, bool]:
    """The type under any non-null and list wrappers, and whether a list was among them."""
    is_list = False
    while isinstance(type_, GraphQLNonNull | GraphQLList):
        is_list = is_list or isinstance(type_, GraphQLList)
        type_ = type_.of_type
    return type_, is_list


class CostLimit(ValidationRule):
    """Refuses an operation whose cost is over ``MAX_COST`` or whose depth is over ``MAX_DEPTH``."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args: Any) -> None:
        schema = self.context.schema
        root = schema.get_root_type(node.operation)
        if root is None:
            return
        cost, depth = self._measure(node.selection_set, root, 0, set())
        limits = limits_now()
        if depth > limits.max_depth:
            self.report_error(
                GraphQLError(
                    f"The query is {depth} levels deep; at most {limits.max_depth} are allowed.",
                    node,
                    extensions={"code": TOO_DEEP},
                )
            )
        elif cost > limits.max_cost:
            self.report_error(
                GraphQLError(
                    f"The query could cost {cost}; at most {limits.max_cost} is allowed "
                    f"(an object field costs 1, what is under a list {LIST_FACTOR} times over).",
                    node,
                    extensions={"code": TOO_COSTLY},
                )
            )

    def _measure(
        self, selections: SelectionSetNode | None, parent: Any, depth: int, seen: set[str]
    ) -> tuple[int, int]:
        """(cost, depth) of a selection set under ``parent``."""
        if selections is None or not isinstance(parent, GraphQLObjectType):
            return 0, depth
        cost, deepest = 0, depth
        for selection in selections.selections:
            if isinstance(selection, FieldNode):
                field = parent.fields.get(selection.name.value)
                if field is None:
                    continue  # another rule reports unknown fields
                inner, is_list = _named(field.type)
                below, reached = self._measure(selection.selection_set, inner, depth + 1, seen)
                own = 1 if isinstance(inner, GraphQLObjectType) else 0
                cost += own + below * (LIST_FACTOR if is_list else 1)
                deepest = max(deepest, reached)
            elif isinstance(selection, InlineFragmentNode):
                below, reached = self._measure(selection.selection_set, parent, depth, seen)
                cost, deepest = cost + below, max(deepest, reached)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in seen:
                    continue  # unknown or cyclic: other rules report those
                below, reached = self._measure(fragment.selection_set, parent, depth, seen | {name})
                cost, deepest = cost + below, max(deepest, reached)
        return cost, deepest


__all__ = ["CostLimit", "ValidationContext"]
