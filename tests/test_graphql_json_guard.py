"""POST /graphql reads its body through the same guard as the JSON API (issue "Hardening",
finding 9): a lone surrogate or a body nested thousands deep is a clear 400, never a 500,
and a body the API would take is still answered."""

from __future__ import annotations

import pytest

SURROGATE = b'{"query": "query ($a: String) { __typename }", "variables": {"a": "\\ud800"}}'
DEEP = b'{"query": "{ __typename }", "variables": {"a": ' + b"[" * 5000 + b"]" * 5000 + b"}}"


@pytest.mark.parametrize(
    ("body", "words"), [(SURROGATE, "lone surrogate"), (DEEP, "nested too deeply")]
)
def test_a_body_the_api_would_refuse_is_a_clear_400(client, body, words):
    response = client.post("/graphql", data=body, content_type="application/json")
    assert response.status_code == 400
    assert words in response.get_data(as_text=True)


def test_the_same_bodies_get_the_same_answer_from_the_api(client):
    for body in (SURROGATE, DEEP):
        response = client.post("/api/v1/tokens", data=body, content_type="application/json")
        assert response.status_code == 400
        assert response.get_json()["error"]["code"] == "bad_request"


def test_a_good_body_is_still_answered(client):
    response = client.post("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 200
    assert response.get_json() == {"data": {"__typename": "Query"}}
