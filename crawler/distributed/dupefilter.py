"""scrapy-redis's dupefilter keyed per crawl and fingerprinting with Scrapy's own request fingerprinter."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter


class FrontierDupeFilter(RFPDupeFilter):
    """Fingerprints shared by all workers of a crawl (`pressroom:crawl:ID:seen`).

    scrapy-redis 0.9.1 hashes its own JSON of method/URL/body; we use the crawler's fingerprinter so a
    fingerprint means the same thing as in a local crawl. The check-and-queue itself runs in one Lua
    script (Frontier.push), so a worker dying between the two cannot lose a URL.
    """

    def __init__(self, server: object, key: str, crawler: Crawler, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.crawler = crawler

    def request_fingerprint(self, request: Request) -> str:
        assert self.crawler.request_fingerprinter is not None
        return self.crawler.request_fingerprinter.fingerprint(request).hex()
