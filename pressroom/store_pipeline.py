"""Scrapy item pipeline that hands crawled articles to the indexer's Ingestor."""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.items import CrawledArticle
from indexer.ingest import Ingestor


class StorePipeline:
    """Enriches and stores each CrawledArticle; off unless the crawl job set PRESSROOM_INGESTOR."""

    def __init__(self, ingestor: Ingestor) -> None:
        self.ingestor = ingestor

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        ingestor = crawler.settings.get("PRESSROOM_INGESTOR")
        if ingestor is None:
            raise NotConfigured("PRESSROOM_INGESTOR is not set")
        return cls(ingestor)

    def process_item(self, item: Any, spider: Any = None) -> Any:
        if isinstance(item, CrawledArticle):
            self.ingestor.add(item)
        return item

    def close_spider(self, spider: Any = None) -> None:
        self.ingestor.flush()
