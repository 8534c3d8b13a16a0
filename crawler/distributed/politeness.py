"""Per-site politeness across all workers: one request sent per site per interval, whoever sends it."""

from __future__ import annotations

import asyncio
from typing import Any, cast

from scrapy import Request
from scrapy.core.downloader import Downloader
from scrapy.core.downloader.handlers import DownloadHandlers
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from crawler.distributed.connection import RedisDown
from crawler.distributed.frontier import Frontier
from crawler.distributed.scheduler import frontier_for

SLOTTED_SCHEMES = frozenset({"http", "https"})


class DomainSlotDownloader(Downloader):
    """Scrapy's downloader whose requests each wait for the site's Redis slot (SET NX PX interval) just
    before they are handed to the download handler: after Scrapy's own per-crawler delay and slot queue,
    so the shared interval separates the real sends of every crawler of every worker.

    A slot taken earlier (in a downloader middleware) was followed by the per-crawler delay and queue:
    requests of two crawlers reserved an interval apart could leave much closer together.

    The interval is PRESSROOM_DOMAIN_INTERVAL, by default DOWNLOAD_DELAY; 0 switches this off. Scrapy's
    own per-crawler delay, per-site concurrency and AutoThrottle still apply before the slot is taken.
    While Redis is unreachable, requests go ahead under the per-crawler politeness alone.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        interval = settings.getfloat("PRESSROOM_DOMAIN_INTERVAL", settings.getfloat("DOWNLOAD_DELAY"))
        if interval > 0 and settings.get("PRESSROOM_REDIS_URL"):
            wrapped = DomainSlotHandlers(self.handlers, frontier_for(settings), interval)
            self.handlers = cast(DownloadHandlers, wrapped)


class DomainSlotHandlers:
    """Scrapy's DownloadHandlers, each HTTP(S) download started only once this worker holds the site's slot."""

    def __init__(self, handlers: DownloadHandlers, frontier: Frontier, interval: float) -> None:
        self.handlers = handlers
        self.frontier = frontier
        self.interval = interval

    async def download_request_async(self, request: Request) -> Response:
        parsed = urlparse_cached(request)
        if parsed.scheme in SLOTTED_SCHEMES:
            await self.wait_for_slot(parsed.netloc)
        return await self.handlers.download_request_async(request)

    async def wait_for_slot(self, netloc: str) -> None:
        while True:
            try:
                wait = self.frontier.take_domain_slot(netloc, self.interval)
            except RedisDown:
                return
            if wait <= 0:
                return
            await asyncio.sleep(wait)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handlers, name)
