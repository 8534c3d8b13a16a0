"""Per-site politeness across all workers: one fetch start per site per interval, whoever fetches."""

from __future__ import annotations

import asyncio
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

from crawler.distributed.connection import RedisDown
from crawler.distributed.frontier import Frontier
from crawler.distributed.scheduler import frontier_for


class DomainSlotMiddleware:
    """Downloader middleware: waits for the site's Redis slot (SET NX PX interval) before each fetch.

    The interval is PRESSROOM_DOMAIN_INTERVAL, by default DOWNLOAD_DELAY; 0 switches this off. Scrapy's
    own per-process delay and AutoThrottle still apply on top. While Redis is unreachable, requests go
    ahead under the per-process politeness alone.
    """

    def __init__(self, frontier: Frontier, interval: float) -> None:
        self.frontier = frontier
        self.interval = interval

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        interval = settings.getfloat("PRESSROOM_DOMAIN_INTERVAL", settings.getfloat("DOWNLOAD_DELAY"))
        if interval <= 0 or not settings.get("PRESSROOM_REDIS_URL"):
            raise NotConfigured
        return cls(frontier_for(settings), interval)

    async def process_request(self, request: Request, spider: Any = None) -> None:
        netloc = urlparse_cached(request).netloc
        while True:
            try:
                wait = self.frontier.take_domain_slot(netloc, self.interval)
            except RedisDown:
                return
            if wait <= 0:
                return
            await asyncio.sleep(wait)
