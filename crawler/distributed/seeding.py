"""Seed a distributed crawl: queue each source's start requests in Redis, then register the crawl."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scrapy import Request
from scrapy.utils.request import fingerprint
from scrapy_redis import picklecompat

from crawler.distributed.frontier import CrawlRecord, Frontier, new_crawl_id
from crawler.sources import Source
from crawler.spiders import SPIDER_FOR_KIND


@dataclass
class SeededCrawl:
    crawl_id: str
    requests: dict[str, list[str]]  # source id -> start URLs queued

    def lines(self, redis_url: str) -> list[str]:
        total = sum(len(urls) for urls in self.requests.values())
        lines = [f"seeded crawl {self.crawl_id} on {redis_url}: {total} start requests, {len(self.requests)} sources"]
        lines += [f"  {source_id}: {', '.join(urls)}" for source_id, urls in self.requests.items()]
        return lines


async def _collect(spider: Any) -> list[Request]:
    return [request async for request in spider.start() if isinstance(request, Request)]


def start_requests(source: Source) -> tuple[Any, list[Request]]:
    """The spider for a source row and the requests its start() yields (no crawler needed)."""
    spider = SPIDER_FOR_KIND[source.kind](source=source)
    return spider, asyncio.run(_collect(spider))


def seed_crawl(frontier: Frontier, sources: Sequence[Source], settings: Mapping[str, Any]) -> SeededCrawl:
    """Queue the start requests of every source under a new crawl id, then make the crawl visible."""
    crawl_id = new_crawl_id()
    seeded: dict[str, list[str]] = {}
    for source in sources:
        spider, requests = start_requests(source)
        seeded[source.id] = []
        for request in requests:
            data = picklecompat.dumps(request.to_dict(spider=spider))
            if frontier.push(
                crawl_id, source.id, data, score=-request.priority, fingerprint=fingerprint(request).hex()
            ):
                seeded[source.id].append(request.url)
    record = CrawlRecord(crawl_id, [s.model_dump(mode="json", exclude_none=True) for s in sources], dict(settings))
    frontier.register_crawl(record)
    return SeededCrawl(crawl_id, seeded)
