"""Crawl statistics summed over every worker in Redis (the counts the crawl summary reports)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import MemoryStatsCollector

from crawler.distributed.connection import RedisDown
from crawler.distributed.frontier import CrawlGone
from crawler.distributed.scheduler import frontier_for

# The stats the summary is made of; everything else stays per process.
SHARED_PREFIXES = (
    "pressroom/errors/",
    "downloader/exception_type_count/",
    "spider_exceptions/",
    "downloader/response_count",
    "pressroom/pages_ok",  # responses that reached a callback: "nothing fetched" is judged on it
    "robotstxt/forbidden",
    # Stored articles not read again (304 Not Modified, or captured within PRESSROOM_REFETCH_AFTER): the
    # summary counts them as unchanged, as a local crawl does (pressroom.archive_job.ARCHIVE_UNCHANGED_STATS).
    "pressroom/archive/not_modified",
    "pressroom/archive/fresh",
)


class FrontierStatsCollector(MemoryStatsCollector):
    """Scrapy's in-memory stats, with the summary's counters also added to `pressroom:crawl:ID:stats`.

    Increments are buffered and sent by `flush()` (the worker calls it every poll and at close), so a
    page costs no extra round trip; a worker killed with SIGKILL loses at most one poll of counts.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.frontier = frontier_for(crawler.settings)
        self.crawl_id = crawler.settings["PRESSROOM_CRAWL_ID"]
        self.unsent: Counter[str] = Counter()

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Any = None) -> None:
        super().inc_value(key, count, start)
        if key.startswith(SHARED_PREFIXES):
            self.unsent[key] += count

    def flush(self) -> None:
        if not self.unsent:
            return
        try:
            self.frontier.add_stats(self.crawl_id, self.unsent)
        except RedisDown:
            return
        except CrawlGone:
            pass  # Redis lost the crawl: its counters have nowhere to go (the worker stops serving it)
        self.unsent = Counter()

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        self.flush()
        super().close_spider(reason=reason)
