"""How the shop is served. gunicorn reads this file from the folder it starts in.

Threaded workers: a request that waits on the payment provider (up to its time-out and
retries) holds one thread, not a whole process, so other customers' pages answer as usual
while a few checkouts wait. Each setting can be changed from the environment; command-line
options win over this file.

    .venv/bin/gunicorn                      # the shop on 127.0.0.1:5000
    GUNICORN_BIND=0.0.0.0:8000 WEB_CONCURRENCY=4 .venv/bin/gunicorn
"""

import os
import shutil
import sys
import tempfile

wsgi_app = "wsgi:app"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:5000").split(",")
# Processes: about one per core. Threads: how many requests each may have waiting at once.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# Longer than the slowest payment (PAYMENT_TIMEOUT_SECONDS x tries, plus back-off).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# The shop logs each request itself (request id, user, status, milliseconds).
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Requests a worker serves before it is replaced: bounds any slow growth of memory.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = 2000
# Request lines of any length are read, so that the shop's own check (MAX_URL_LENGTH)
# answers a too-long address: in the API's JSON shape under /api/, not gunicorn's bare HTML.
limit_request_line = 0

# Metrics (/metrics): each worker writes its measurements to files in this directory and
# the page adds up every worker's. A directory given in the environment is emptied at start.
if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    _metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]
    shutil.rmtree(_metrics_dir, ignore_errors=True)
    os.makedirs(_metrics_dir, exist_ok=True)
    _made_metrics_dir = False
else:
    _metrics_dir = tempfile.mkdtemp(prefix="storefront-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = _metrics_dir
    _made_metrics_dir = True


def on_starting(server):
    """Stop at once, with the reason, when the settings cannot work (SECRET_KEY and others)."""
    from storefront import ROOT
    from storefront.startup import preflight

    problem = preflight(str(ROOT / "instance"))
    if problem:
        sys.exit(f"Storefront cannot start: {problem}")


def when_ready(server):
    """The first screen: where the shop answers and how to log in to the demo."""
    for address in bind:
        server.log.info("Storefront is serving on http://%s/", address)
    server.log.info(
        "Demo logins (made by seed-demo): demo / demo-pass-123 (customer), "
        "admin / admin-pass-123 (admin). Health: /healthz, /readyz; metrics: /metrics."
    )


def child_exit(server, worker):
    """A worker that ended stops counting as live in the metrics it leaves behind."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    """Remove the metrics directory this file made."""
    if _made_metrics_dir:
        shutil.rmtree(_metrics_dir, ignore_errors=True)
