"""robots.txt fetched once per crawl and site, shared by every worker through Redis."""

from __future__ import annotations

import asyncio
import contextlib

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler

from crawler.distributed.connection import RedisDown
from crawler.distributed.scheduler import frontier_for
from crawler.middlewares.robots_txt import QuietRobotsTxtMiddleware

WAIT_FOR_OTHER_WORKER = 30.0


class SharedRobotsTxtMiddleware(QuietRobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware (fetch errors in one line), but the first worker to need a site's robots.txt
    fetches it and stores the body in Redis; the others parse that body instead of fetching it again."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.frontier = frontier_for(crawler.settings)
        self.crawl_id = crawler.settings["PRESSROOM_CRAWL_ID"]

    async def robot_parser(self, request: Request) -> RobotParser | None:
        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            body = await self._shared_body(netloc)
            if body is not None:
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
                self._stats.inc_value("robotstxt/shared")
        return await super().robot_parser(request)

    async def _shared_body(self, netloc: str) -> bytes | None:
        """The body another worker fetched; None when this worker is to fetch it."""
        waited = 0.0
        try:
            while waited < WAIT_FOR_OTHER_WORKER:
                body = self.frontier.robots_body(self.crawl_id, netloc)
                if body is not None:
                    return body
                if self.frontier.claim_robots(self.crawl_id, netloc):
                    return None
                await asyncio.sleep(0.1)
                waited += 0.1
        except RedisDown:
            pass
        return None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        self._share(netloc, response.body if response.status < 500 else b"")
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        # Scrapy allows everything when robots.txt cannot be fetched; other workers do the same.
        self._share(netloc, b"")
        super()._robots_error(exc, netloc)

    def _share(self, netloc: str, body: bytes) -> None:
        with contextlib.suppress(RedisDown):
            self.frontier.share_robots(self.crawl_id, netloc, body)
