"""The blueprint every area of the API uses: JSON bodies only, errors in the API's shape.

``guard`` checks each route's caller against the ``auth.Access`` the route asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

import flask_smorest
from flask import Response, current_app, request
from webargs import core
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, UnprocessableEntity

from ..extensions import csrf
from ..services.errors import ServiceError
from ..services.json_input import InvalidJson, load_json
from . import auth, errors
from .examples import example_of
from .schemas.common import ErrorSchema

BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})
# What any operation may answer, whatever it does: the address is too long to read, or the
# database is briefly away (see ``storefront.errors``).
EVERY_OPERATION = {
    414: "The address is longer than the shop reads (the setting MAX_URL_LENGTH).",
    503: "The database is briefly unavailable; Retry-After says when to try again.",
}


class JsonParser(FlaskParser):
    """webargs' parser, reading an empty body as no body (as if nothing was sent), and a
    JSON body through ``load_json`` (no lone surrogates, no deep nesting).

    It also reads an upload's fields and files together (location ``upload``).
    """

    __location_map__ = {**FlaskParser.__location_map__, "upload": "load_upload"}

    def load_upload(self, req: Any, schema: Any) -> Any:
        """A multipart body's fields and files, as one mapping."""
        merged = MultiDict(req.form)
        merged.update(req.files)
        return self._makeproxy(merged, schema)

    def _raw_load_json(self, req: Any) -> Any:
        data = req.get_data(cache=True)
        if not data or not core.is_json(req.mimetype):
            return core.missing
        try:
            return load_json(data)
        except InvalidJson as error:
            raise errors.ApiError(400, str(error)) from None


def accepts_files(max_body: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let a route take a multipart/form-data body (an upload) of at most ``max_body`` bytes."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        view.accepts_files = max_body  # type: ignore[attr-defined]
        return view

    return decorator


def refuse_non_json() -> None:
    """415 for a body sent as anything but JSON (but to a route that takes a file)."""
    if request.method not in BODY_METHODS:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    max_body = getattr(view, "accepts_files", None)
    if max_body is not None:  # the route's schema asks for the file: no file, a 422
        request.max_content_length = max_body
        return
    has_body = bool(request.content_length) or "chunked" in request.headers.get(
        "Transfer-Encoding", ""
    )
    if has_body and not core.is_json(request.mimetype):
        raise errors.ApiError(415, "Send the body as JSON, with Content-Type: application/json.")


class ApiBlueprint(flask_smorest.Blueprint):
    """A part of the API: its routes take bearer tokens, not cookies, so no CSRF token."""

    ARGUMENTS_PARSER = JsonParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING = {
        **flask_smorest.Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "upload": "multipart/form-data",
    }

    def __init__(self, tag: str, import_name: str, **kwargs: Any) -> None:
        # Unique among the app's blueprints (the HTML side has "orders" too); the OpenAPI
        # document groups the routes under ``tag``.
        super().__init__(f"api_{tag.replace(' ', '_')}", import_name, **kwargs)
        self.tag = tag
        csrf.exempt(self)
        self.before_request(refuse_non_json)
        self.register_error_handler(errors.ApiError, errors.api_error_response)
        self.register_error_handler(ServiceError, _service_error)
        self.register_error_handler(UnprocessableEntity, _validation_error)
        self.register_error_handler(BadRequest, _bad_request)

    def route(self, rule: str, *, parameters: Any = None, tags: Any = None, **options: Any) -> Any:
        """flask-smorest's route, tagged with this part's tag, with the answers any
        operation may give (``EVERY_OPERATION``)."""
        register = super().route(rule, parameters=parameters, tags=tags or [self.tag], **options)

        def decorator(view: Callable[..., Any]) -> Any:
            answers = dict(EVERY_OPERATION)
            documented = getattr(view, "_apidoc", {}).get("response", {}).get("responses", {})
            if "<" in rule and 404 not in documented:
                answers[404] = "A path parameter that is not well formed, or names nothing."
            for status, description in answers.items():
                view = self.alt_response(status, schema=ErrorSchema, description=description)(view)
            return register(view)

        return decorator

    def arguments(self, schema: Any, *, location: str = "json", **kwargs: Any) -> Any:
        """webargs' parsing, and for a JSON body the 400 and 415 answers it may bring.

        A body whose fields are all optional may be left out (it reads as ``{}``), and the
        document says so.
        """
        if location == "json":
            instance = schema() if isinstance(schema, type) else schema
            kwargs.setdefault("required", any(f.required for f in instance.fields.values()))
            if "example" not in kwargs and "examples" not in kwargs:
                kwargs["example"] = example_of(instance)
        parse = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return parse

        def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
            view = parse(view)
            view = self.alt_response(400, response="BAD_REQUEST")(view)
            return self.alt_response(415, response="UNSUPPORTED_MEDIA_TYPE")(view)

        return decorator

    def access(self, who: auth.Access) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """Who may call the decorated view; see ``auth.Access``."""
        return guard(self, who)


def guard(
    blp: ApiBlueprint, who: auth.Access
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Check the caller before the view runs, and say so in the OpenAPI document."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if who is not auth.Access.PUBLIC:
                auth.authenticate(required=who in (auth.Access.CUSTOMER, auth.Access.ADMIN))
            if who is auth.Access.ADMIN and not auth.current_user().is_admin:
                raise errors.ApiError(403, "This needs an admin's token.")
            return view(*args, **kwargs)

        wrapped.api_access = who  # type: ignore[attr-defined]
        documented = wrapped
        if who is not auth.Access.PUBLIC:
            scheme = {auth.SCHEME: []}
            security = [scheme] if who is not auth.Access.OPTIONAL else [{}, scheme]
            documented = blp.doc(security=security)(documented)
            documented = blp.alt_response(401, response="UNAUTHORIZED")(documented)
        if who is auth.Access.ADMIN:
            documented = blp.alt_response(403, response="FORBIDDEN")(documented)
        documented.api_access = who  # type: ignore[attr-defined]
        return documented

    return decorator


def _service_error(error: ServiceError) -> Response:
    return errors.api_error_response(errors.from_service(error))


def _validation_error(error: UnprocessableEntity) -> Response:
    return errors.api_error_response(errors.from_validation(error))


def _bad_request(error: BadRequest) -> Response:
    return errors.api_error_response(errors.from_bad_request(error))
