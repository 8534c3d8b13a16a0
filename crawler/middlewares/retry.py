"""RetryMiddleware with exponential backoff: a retried request waits before it is fetched again."""

from __future__ import annotations

import asyncio
import random
import time
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware

NOT_BEFORE = "retry_not_before"


def backoff_delay(retry_times: int, base: float, maximum: float, jitter: float = 0.0) -> float:
    """Seconds to wait before retry number `retry_times` (1, 2, …): base·2^(n-1), capped, plus jitter."""
    if base <= 0:
        return 0.0
    delay = min(maximum, base * 2 ** max(retry_times - 1, 0))
    return delay * (1 + jitter)


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries 5xx/timeouts like Scrapy's, and delays each retry exponentially (RETRY_BACKOFF_BASE/MAX).

    The wait is stored in the request (an absolute time) so it also holds when the retry is picked up by
    another worker of a distributed crawl.
    """

    def __init__(self, settings: Any):
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 1.0)
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        middleware = cls(crawler.settings)
        middleware.crawler = crawler
        return middleware

    async def process_request(self, request: Request, spider: Any = None) -> None:
        wait = request.meta.get(NOT_BEFORE, 0.0) - time.time()
        if wait > 0:
            await asyncio.sleep(wait)

    def _retry(self, request: Request, reason: Any) -> Request | None:
        retry = super()._retry(request, reason)
        if retry is not None:
            # Jitter spreads the retries of many workers hitting one failing site.
            delay = backoff_delay(retry.meta["retry_times"], self.backoff_base, self.backoff_max, random.random() * 0.1)
            retry.meta[NOT_BEFORE] = time.time() + delay
            if self.crawler.stats:
                self.crawler.stats.inc_value("retry/backoff_seconds", int(delay))
        return retry
