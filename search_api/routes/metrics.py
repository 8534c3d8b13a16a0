"""GET /metrics in Prometheus text format: search traffic measured here, crawl figures read from run history.

Crawls run in the scheduler's processes, so their counters are derived at scrape time from the run history
the scheduler persists, instead of living in a process that Prometheus cannot reach. Every app gets its own
registry (nothing global), so tests can build as many apps as they like.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator

from fastapi import APIRouter, FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from indexer.store import StoreError
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
        engine = operations_engine(self.app)
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


def install_metrics(app: FastAPI) -> None:
    """A registry for this app, the /metrics route and a middleware timing /v1/search."""
    registry = CollectorRegistry()
    requests = Counter(
        "pressroom_search_requests", "Search API requests by HTTP status", ["status"], registry=registry
    )
    latency = Histogram(
        "pressroom_search_latency_seconds",
        "Search API response time",
        buckets=LATENCY_BUCKETS,
        registry=registry,
    )
    registry.register(CrawlHistoryCollector(app))
    app.state.metrics_registry = registry

    @app.middleware("http")
    async def time_searches(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        if request.url.path != SEARCH_PATH:
            return await call_next(request)
        started = time.perf_counter()
        response = await call_next(request)
        latency.observe(time.perf_counter() - started)
        requests.labels(status=str(response.status_code)).inc()
        return response

    app.include_router(router)


@router.get("/metrics")
def metrics(request: Request) -> Response:
    return Response(generate_latest(request.app.state.metrics_registry), media_type=CONTENT_TYPE_LATEST)
