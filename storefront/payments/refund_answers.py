"""What a refund's request looks like to the provider, and what its answers mean for the shop."""

from __future__ import annotations

from typing import Any

from .provider import RefundOutcome, RefundRequest, RefundResult, amount_text

NO_ANSWER = "The payment service did not answer."
REFUSED = "The payment service refused the refund."


def refund_body(request: RefundRequest) -> dict[str, Any]:
    """The JSON body of a refund (SPEC 8): ``{payment_id, amount}``."""
    return {"payment_id": request.payment_id, "amount": amount_text(request.amount_cents)}


def refund_result(status: int, body: Any) -> RefundResult:
    """What a refund's answer means: 200/409 refunded, 400 refused, anything else unknown."""
    refund_id = body.get("refund_id") if isinstance(body, dict) else None
    if status in (200, 409) and isinstance(refund_id, str) and refund_id:
        return RefundResult(RefundOutcome.REFUNDED, refund_id=refund_id)
    if status == 400:
        return RefundResult(RefundOutcome.REFUSED, error=_reason(body))
    return RefundResult(RefundOutcome.UNKNOWN, error=NO_ANSWER)


def refund_lookup_result(status: int, body: Any) -> RefundResult:
    """What a refund look-up's answer means."""
    if status == 404:
        return RefundResult(RefundOutcome.NOT_FOUND)
    if status == 200 and isinstance(body, dict):
        refund_id = body.get("refund_id")
        if body.get("status") == "succeeded" and isinstance(refund_id, str) and refund_id:
            return RefundResult(RefundOutcome.REFUNDED, refund_id=refund_id)
        if body.get("status") == "refused":
            return RefundResult(RefundOutcome.REFUSED, error=_reason(body))
    return RefundResult(RefundOutcome.UNKNOWN, error=NO_ANSWER)


def _reason(body: Any) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    return f"{REFUSED} {error}" if isinstance(error, str) and error else REFUSED
