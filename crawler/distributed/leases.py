"""When a leased request is done: its callback's output is exhausted and every item and child request
it produced is durable. `LeaseBook` counts that per lease; `LeaseTrackingMiddleware` feeds it."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.distributed.queue import LEASE_META, PARENT_META

logger = logging.getLogger(__name__)
Lease = tuple[str, int]


@dataclass
class LeaseState:
    pending: int = 0
    output_done: bool = False
    touched: float = field(default_factory=time.monotonic)


class LeaseBook:
    """Per-crawler record of open leases; calls `ack(lease)` once a lease's work is complete."""

    def __init__(self, ack: Callable[[Lease], None]) -> None:
        self._ack = ack
        self._open: dict[Lease, LeaseState] = {}

    def __len__(self) -> int:
        return len(self._open)

    def lease_ids(self) -> list[int]:
        """Ids of the open leases (those this crawler is working on)."""
        return [lease_id for _, lease_id in self._open]

    def opened(self, lease: Lease) -> None:
        self._open[lease] = LeaseState()

    def add_pending(self, lease: Lease) -> None:
        if lease in self._open:
            self._open[lease].pending += 1

    def done_pending(self, lease: Lease) -> None:
        state = self._open.get(lease)
        if state is not None:
            state.pending -= 1
            state.touched = time.monotonic()
            self._settle(lease, state)

    def output_done(self, lease: Lease) -> None:
        state = self._open.get(lease)
        if state is not None:
            state.output_done = True
            state.touched = time.monotonic()
            self._settle(lease, state)

    def superseded(self, lease: Lease) -> None:
        """The request was queued again (retry, redirect); the queueing acknowledges the lease."""
        self._open.pop(lease, None)

    def settle_idle(self, older_than: float = 10.0) -> int:
        """The crawler is idle: leases untouched for `older_than` s can never complete; acknowledge them.

        (A request dropped between spider and scheduler, e.g. by a request_scheduled handler, leaves its
        parent pending forever.) Younger leases may still wait for their documents to be stored.
        """
        now = time.monotonic()
        stuck = [lease for lease, state in self._open.items() if now - state.touched > older_than]
        for lease in stuck:
            logger.warning("acknowledging a lease that cannot complete: %s", lease)
        for lease in stuck:
            del self._open[lease]
            self._ack(lease)
        return len(stuck)

    def _settle(self, lease: Lease, state: LeaseState) -> None:
        if state.output_done and state.pending <= 0:
            del self._open[lease]
            self._ack(lease)


def book_of(crawler: Crawler) -> LeaseBook | None:
    return getattr(crawler.spider, "lease_book", None)


def lease_of(response: Response | None) -> Lease | None:
    if response is None or not isinstance(response, Response):
        return None
    return response.request.meta.get(LEASE_META) if response.request is not None else None


class LeaseTrackingMiddleware:
    """Spider middleware closest to the engine: counts what a leased request's callback yields.

    Each item or request yielded is pending until the worker has stored it (item signals) or the
    scheduler has queued it in Redis; the lease is acknowledged when the output is exhausted and nothing
    is pending. Callbacks are consumed concurrently (CONCURRENT_ITEMS), hence counting, not ordering.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseTrackingMiddleware:
        return cls(crawler)

    def _track(self, lease: Lease, book: LeaseBook, output: Any) -> Any:
        if isinstance(output, Request):
            output.meta[PARENT_META] = lease
            book.add_pending(lease)
        elif output is not None:
            book.add_pending(lease)
        return output

    def process_spider_output(self, response: Response, result: Iterable[Any], spider: Any = None) -> Iterable[Any]:
        lease, book = lease_of(response), book_of(self.crawler)
        if lease is None or book is None:
            yield from result
            return
        try:
            for output in result:
                yield self._track(lease, book, output)
        finally:
            book.output_done(lease)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        lease, book = lease_of(response), book_of(self.crawler)
        if lease is None or book is None:
            async for output in result:
                yield output
            return
        try:
            async for output in result:
                yield self._track(lease, book, output)
        finally:
            book.output_done(lease)
