"""Calling ``POST /graphql`` in tests, with or without a bearer token."""

from __future__ import annotations

from typing import Any

from tests.api_helpers import Caller


def gql(caller: Caller, query: str, **variables: Any) -> dict[str, Any]:
    """Run ``query``; the whole answer (``data`` and maybe ``errors``)."""
    headers = {"Authorization": f"Bearer {caller.token}"} if caller.token else {}
    response = caller.client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )
    assert response.status_code == 200, response.get_data(True)
    return response.get_json()


def data_of(caller: Caller, query: str, **variables: Any) -> dict[str, Any]:
    """Run ``query`` and insist it had no errors; its data."""
    answer = gql(caller, query, **variables)
    assert "errors" not in answer, answer["errors"]
    return answer["data"]


def codes_of(answer: dict[str, Any]) -> list[str]:
    return [error["extensions"]["code"] for error in answer["errors"]]
