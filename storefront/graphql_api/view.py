"""``POST /graphql``: the caller from the API's bearer token, and errors with their codes."""

from __future__ import annotations

import logging
from typing import Any

from cross_web import HTTPException
from flask import Request, Response
from graphql import ExecutionResult, GraphQLError
from strawberry.flask.views import GraphQLView
from strawberry.http import GraphQLHTTPResponse

from ..api.auth import authenticate, caller
from ..api.errors import ApiError
from ..services.json_input import InvalidJson, load_json
from .schema import schema

log = logging.getLogger(__name__)

INVALID_QUERY = "invalid_query"
INTERNAL = "internal_error"


class ShopGraphQLView(GraphQLView):
    """Strawberry's Flask view: POST only, no explorer page, the shop's error codes."""

    methods = ["POST"]
    allow_queries_via_get = False

    def __init__(self) -> None:
        super().__init__(schema=schema, graphql_ide=None, allow_queries_via_get=False)

    def decode_json(self, data: str | bytes) -> object:
        """The body read as the JSON API reads its own (``load_json``): a lone surrogate or
        deep nesting is a clear 400, never a server error."""
        try:
            return load_json(data)
        except InvalidJson as error:
            raise HTTPException(400, str(error)) from None

    def get_context(self, request: Request, response: Response) -> dict[str, Any]:
        context: dict[str, Any] = {"request": request, "response": response, "user": None}
        try:
            authenticate(required=False)
            context["user"] = caller()
        except ApiError as error:  # a token was sent, and it is no good
            context["token_problem"] = error.message
        return context

    def process_result(self, request: Request, result: ExecutionResult) -> GraphQLHTTPResponse:
        data: GraphQLHTTPResponse = {"data": result.data}
        if result.errors:
            data["errors"] = [_formatted(error) for error in result.errors]
        if result.extensions:
            data["extensions"] = result.extensions
        return data


def _formatted(error: GraphQLError) -> dict[str, Any]:
    """The error as GraphQL sends it, always with ``extensions.code``."""
    original = error.original_error
    if original is not None and not isinstance(original, GraphQLError):
        # Something nobody meant: say nothing of its insides.
        log.error("graphql resolver failed", exc_info=original)
        return {
            "message": "The shop had an unexpected error.",
            "path": error.path,
            "extensions": {"code": INTERNAL},
        }
    formatted = dict(error.formatted)
    extensions = dict(formatted.get("extensions") or {})
    extensions.setdefault("code", INVALID_QUERY if error.path is None else "bad_request")
    formatted["extensions"] = extensions
    return formatted
