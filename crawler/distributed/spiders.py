"""Spiders of a distributed crawl: the same per-kind spiders, fed by the frontier instead of start()."""

from __future__ import annotations

from collections.abc import AsyncIterator
from functools import cache
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from twisted.python.failure import Failure

from crawler.distributed.leases import LeaseBook
from crawler.distributed.queue import LEASE_META
from crawler.spiders import ArticleSpider


class CrawlState:
    """Shared between a worker and its spiders: set `finished` when the crawl is complete everywhere."""

    def __init__(self) -> None:
        self.finished = False


class FrontierSpiderMixin:
    """Start requests come from the frontier (seeded once by `pressroom crawl --redis`); the spider
    stays open while its crawl runs, even when its queue is empty for now."""

    crawl_state: CrawlState
    lease_book: LeaseBook | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Any:
        spider = super().from_crawler(crawler, *args, **kwargs)  # type: ignore[misc]
        crawler.signals.connect(spider.keep_open, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        return
        yield  # an async generator that yields nothing

    def keep_open(self) -> None:
        # Idle means nothing of ours is in flight: a lease still open here can never complete.
        if self.lease_book is not None:
            self.lease_book.settle_idle()
        if not self.crawl_state.finished:
            raise DontCloseSpider

    def on_error(self, failure: Failure) -> None:
        super().on_error(failure)  # type: ignore[misc]
        request = getattr(failure, "request", None)
        lease = request.meta.get(LEASE_META) if request is not None else None
        if lease is not None and self.lease_book is not None:
            self.lease_book.output_done(lease)


@cache
def frontier_spider(spider_class: type[ArticleSpider]) -> type[ArticleSpider]:
    """The frontier-fed variant of one of our spider classes (same callbacks, so requests decode)."""
    return type(f"Frontier{spider_class.__name__}", (FrontierSpiderMixin, spider_class), {})
