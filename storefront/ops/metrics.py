"""Prometheus metrics: request latency measured in each process, the shop's figures counted
from the database when the page is read.

Under gunicorn every worker writes its measurements to ``PROMETHEUS_MULTIPROC_DIR``
(``gunicorn.conf.py`` sets it) and the page adds up all the workers' files, whichever
worker answers. Without that directory (``flask run``, the tests) the process's own
registry is read.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Iterator

from flask import Flask, Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from ..services.figures import read_figures
from . import PROBE_PATHS

REQUEST_SECONDS = Histogram(
    "storefront_request_duration_seconds",
    "Time to answer a request, by endpoint, method and status.",
    ["endpoint", "method", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)


class ShopFigures(Collector):
    """The figures kept in the database, read at each scrape."""

    def collect(self) -> Iterator[Metric]:
        figures = read_figures()
        yield _counter("storefront_orders_placed", "Orders placed.", figures.orders_placed)
        yield _counter("storefront_orders_paid", "Orders paid.", figures.orders_paid)
        yield _by_label(
            "storefront_payment_attempts",
            "Payment attempts, by outcome.",
            "outcome",
            figures.payment_attempts.items(),
        )
        yield _by_label(
            "storefront_refunds",
            "Refunds asked of the payment provider, by outcome.",
            "outcome",
            figures.refunds.items(),
        )
        yield _by_label(
            "storefront_warehouse_events",
            "Warehouse events taken in, by outcome (applied, superseded, ...).",
            "outcome",
            figures.warehouse_events.items(),
        )
        yield _counter(
            "storefront_warehouse_events_set_aside",
            "Warehouse events set aside for an admin.",
            figures.warehouse_set_aside,
        )
        carts = GaugeMetricFamily("storefront_active_carts", "Carts holding stock right now.")
        carts.add_metric([], figures.active_carts)
        yield carts


def _counter(name: str, documentation: str, value: int) -> CounterMetricFamily:
    return CounterMetricFamily(name, documentation, value=value)


def _by_label(
    name: str, documentation: str, label: str, values: Iterable[tuple[str, int]]
) -> CounterMetricFamily:
    family = CounterMetricFamily(name, documentation, labels=[label])
    for value, count in sorted(values):
        family.add_metric([value], count)
    return family


def register(app: Flask) -> None:
    """Time every request but the probes and the metrics page itself."""

    @app.before_request
    def start_clock() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def observe(response: Response) -> Response:
        started = g.pop("metrics_started", None)
        if started is None or request.path in PROBE_PATHS or request.path == "/metrics":
            return response
        endpoint = request.url_rule.endpoint if request.url_rule else "unmatched"
        REQUEST_SECONDS.labels(endpoint, request.method, str(response.status_code)).observe(
            time.perf_counter() - started
        )
        return response


def exposition() -> Response:
    """The metrics page in Prometheus's text format."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        output = generate_latest(registry)
    else:
        output = generate_latest(REGISTRY)
    output += generate_latest(_figures_registry())
    return Response(output, content_type=CONTENT_TYPE_LATEST)


def _figures_registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ShopFigures())
    return registry
