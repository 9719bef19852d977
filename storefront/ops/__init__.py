"""Operations: health and readiness probes, and the Prometheus metrics page."""

from flask import Blueprint

bp = Blueprint("ops", __name__)

# Answered without a session and without a line in the request log: a load balancer
# asks these every few seconds.
PROBE_PATHS = frozenset({"/healthz", "/readyz"})

from . import routes  # noqa: E402,F401  (registers the views on bp)
