"""``POST /api/v1/inventory/events``: the warehouse's events, signed, over HTTP."""

from __future__ import annotations

import logging

from flask import Response, abort, current_app, jsonify, request

from ..errors import error_response
from ..services import inventory
from . import bp
from .signing import signature_matches

log = logging.getLogger(__name__)


@bp.post("/events")
def receive_event() -> tuple[Response, int] | Response:
    """Check the signature, then hand the event to the inbox; 202 when it was taken."""
    secret = current_app.config.get("INVENTORY_WEBHOOK_SECRET")
    if not secret:
        abort(503, description="The inventory webhook is not configured on this shop.")
    request.max_content_length = int(current_app.config["INVENTORY_MAX_EVENT_BYTES"])
    body = request.get_data(cache=False)
    if not signature_matches(str(secret), body, request.headers.get("X-Signature")):
        log.warning("inventory webhook refused a request without a valid signature")
        abort(401, description="X-Signature is missing or does not sign this body.")
    outcome = inventory.receive(
        body,
        source=inventory.SOURCE_WEBHOOK,
        placement=inventory.Placement.from_settings(current_app.config),
    )
    if outcome.status == "set_aside":
        status = 422 if outcome.code == "malformed" else 409
        return error_response(status, f"The event was set aside: {outcome.reason}.")
    return jsonify({"status": outcome.status, "event_id": str(outcome.event_id)}), 202
