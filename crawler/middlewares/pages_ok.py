"""Counts the pages a crawl could use: responses handed to a spider callback (2xx, or a status it handles)."""

from __future__ import annotations

from typing import Self

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

# Scrapy's downloader/response_count counts every response, a 500 and each retry of it too, so it cannot
# tell a site that answered from one that only failed. `pressroom crawl` exits 1 when this stays 0 while
# requests failed (pressroom/crawl_job.py, CrawlSummary.nothing_fetched).
PAGES_OK_STAT = "pressroom/pages_ok"


class PagesOkMiddleware:
    """Spider middleware, after HttpErrorMiddleware (50): counts each response that reaches a callback."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_spider_input(self, response: Response, spider: Spider | None = None) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(PAGES_OK_STAT)
