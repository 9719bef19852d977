"""A request body's example, made from its schema's fields' own examples (``example`` in a
field's metadata), so that the OpenAPI document shows a whole, valid body for every
operation that takes one (client generators and Postman fill their requests with it)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields


def example_of(schema: Schema | type[Schema]) -> dict[str, Any]:
    """The body made of every field of ``schema`` that has an example (nested ones too)."""
    instance = schema() if isinstance(schema, type) else schema
    body: dict[str, Any] = {}
    for name, field in instance.fields.items():
        if field.dump_only:
            continue
        value = _field_example(field)
        if value is not None:
            body[field.data_key or name] = value
    return body


def _field_example(field: fields.Field) -> Any:
    if "example" in field.metadata:
        return field.metadata["example"]
    if isinstance(field, fields.Nested):
        nested = example_of(field.schema)
        return nested or None
    if isinstance(field, fields.List):
        inner = _field_example(field.inner)
        return None if inner is None else [inner]
    return None
