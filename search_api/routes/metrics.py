"""GET /metrics in Prometheus text format: search traffic measured here, crawl figures read from run history.

Crawls run in the scheduler's processes, so their counters are derived at scrape time from the run history
the scheduler persists, instead of living in a process that Prometheus cannot reach. Every app gets its own
registry (nothing global), so tests can build as many apps as they like.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from indexer.store import StoreError
from scheduler.database import DatabaseUnavailable
from scheduler.history import RunHistory
from scheduler.run_record import Outcome
from search_api.routes.admin import operations_engine

SEARCH_PATH = "/v1/search"
# Searches answer in milliseconds on SQLite and tens of milliseconds on a busy cluster.
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

router = APIRouter(include_in_schema=False)


class CrawlHistoryCollector(Collector):
    """Runs by outcome, documents indexed, pages fetched and fetch errors, summed over run history."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def collect(self) -> Iterator[Metric]:
        runs = CounterMetricFamily("pressroom_crawl_runs", "Crawl runs by outcome", labels=["outcome"])
        documents = CounterMetricFamily(
            "pressroom_documents_indexed",
            "Documents stored by crawls (new or changed)",
            labels=["source", "change"],
        )
        pages = CounterMetricFamily("pressroom_pages_fetched", "Pages fetched by crawls", labels=["source"])
        errors = CounterMetricFamily("pressroom_fetch_errors", "Crawl errors by kind", labels=["kind"])
        try:
            engine = operations_engine(self.app)
        except DatabaseUnavailable:
            engine = None  # the search figures are still worth a scrape; the API's log says why
        if engine is not None:
            try:
                history = RunHistory(engine)
                counts = history.outcome_counts()
                for outcome in Outcome:
                    if outcome is not Outcome.RUNNING:
                        runs.add_metric([outcome.value], counts.get(outcome.value, 0))
                for source, totals in history.totals_by_source().items():
                    documents.add_metric([source, "new"], totals["new"])
                    documents.add_metric([source, "updated"], totals["updated"])
                    pages.add_metric([source], totals["pages_fetched"])
                for kind, count in sorted(history.error_totals().items()):
                    errors.add_metric([kind], count)
            except SQLAlchemyError:
                pass  # a scrape must not fail because the scheduler's database is briefly unavailable
        yield from (runs, documents, pages, errors)
        stored = GaugeMetricFamily("pressroom_documents", "Documents in the store")
        try:
            stored.add_metric([], self.app.state.store.count())
        except (StoreError, AttributeError):
            return
        yield stored


class SearchTimingMiddleware:
    """Counts and times /v1/search requests; plain ASGI, so streamed answers elsewhere pass untouched."""

    def __init__(self, app: ASGIApp, requests: Counter, latency: Histogram) -> None:
        self.app = app
        self.requests = requests
        self.latency = latency

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != SEARCH_PATH:
            await self.app(scope, receive, send)
            return
        status = 500  # if the app raises before answering

        async def send_noting_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            self.latency.observe(time.perf_counter() - started)
            self.requests.labels(status=str(status)).inc()


def install_metrics(app: FastAPI) -> None:
    """A registry for this app, the /metrics route and the middleware timing /v1/search."""
    registry = CollectorRegistry()
    requests = Counter("pressroom_search_requests", "Search API requests by HTTP status", ["status"], registry=registry)
    latency = Histogram(
        "pressroom_search_latency_seconds",
        "Search API response time",
        buckets=LATENCY_BUCKETS,
        registry=registry,
    )
    registry.register(CrawlHistoryCollector(app))
    app.state.metrics_registry = registry

    app.add_middleware(SearchTimingMiddleware, requests=requests, latency=latency)
    app.include_router(router)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics_registry), media_type=CONTENT_TYPE_LATEST)
