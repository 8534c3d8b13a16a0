"""Crawl statistics summed over every worker in Redis (the counts the crawl summary reports)."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Mapping
from typing import Any

from scrapy.crawler import Crawler
from scrapy.statscollectors import MemoryStatsCollector

from crawler.distributed.connection import RedisDown
from crawler.distributed.frontier import CrawlGone, Frontier
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


class CountsSender:
    """Adds counts to a crawl's summed stats in Redis exactly once, though Redis may be down or a reply lost.

    Counts given to `add` wait in memory; `send` turns them into a numbered batch and sends it, and resends a
    batch until Redis acknowledges it, always before any later one. A batch whose reply was lost is then
    resent under its number, and Redis, which applied it, does not add it twice (Frontier.add_stats).
    """

    def __init__(self, frontier: Frontier, crawl_id: str) -> None:
        self.frontier, self.crawl_id = frontier, crawl_id
        self.sender = secrets.token_hex(8)  # this process's, for this crawl: numbers are counted per sender
        self.unsent: Counter[str] = Counter()
        self.batch: tuple[int, dict[str, int]] | None = None  # numbered, sent, not acknowledged
        self.sent = 0

    def add(self, counts: Mapping[str, int]) -> None:
        self.unsent.update(counts)

    def send(self) -> bool:
        """Send what waits; False while Redis is unreachable (it is sent next time). Counts for a crawl Redis
        lost are dropped: they have nowhere to go."""
        while self.batch is not None or self.unsent:
            if self.batch is None:
                self.sent += 1
                self.batch, self.unsent = (self.sent, {k: v for k, v in self.unsent.items() if v}), Counter()
            number, counts = self.batch
            try:
                if counts:
                    self.frontier.add_stats(self.crawl_id, counts, (self.sender, number))
            except RedisDown:
                return False
            except CrawlGone:
                self.unsent = Counter()
            self.batch = None
        return True


class FrontierStatsCollector(MemoryStatsCollector):
    """Scrapy's in-memory stats, with the summary's counters also added to `pressroom:crawl:ID:stats`.

    Increments are buffered and sent by `flush()` (the worker calls it every poll and at close), so a
    page costs no extra round trip; a worker killed with SIGKILL loses at most one poll of counts.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.shared = CountsSender(frontier_for(crawler.settings), crawler.settings["PRESSROOM_CRAWL_ID"])

    def inc_value(self, key: str, count: int = 1, start: int = 0, spider: Any = None) -> None:
        super().inc_value(key, count, start)
        if key.startswith(SHARED_PREFIXES):
            self.shared.unsent[key] += count

    def flush(self) -> None:
        self.shared.send()

    def close_spider(self, spider: Any = None, reason: str | None = None) -> None:
        self.flush()
        super().close_spider(reason=reason)
