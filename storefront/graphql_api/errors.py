"""Errors in GraphQL's own ``errors``, each with ``extensions.code`` as the REST API says it."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLError

from ..api.errors import from_service
from ..services.errors import ServiceError

UNAUTHORIZED = "unauthorized"
FORBIDDEN = "forbidden"


def failure(message: str, code: str, **extra: Any) -> GraphQLError:
    """An error for the ``errors`` list, with its code."""
    return GraphQLError(message, extensions={"code": code, **extra})


def from_service_error(error: ServiceError) -> GraphQLError:
    """A service's refusal with the code and details the REST API gives it."""
    answer = from_service(error)
    return failure(answer.message, answer.code, **answer.extra)
