"""Seed a distributed crawl: queue each source's start requests in Redis, then register the crawl."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from scrapy import Request
from scrapy.utils.request import fingerprint
from scrapy_redis import picklecompat

from crawler.distributed.frontier import CrawlEnded, CrawlGone, CrawlRecord, Frontier, new_crawl_id
from crawler.distributed.overlap import SEEDING_TTL, CrawlOverlaps, Overlap, begin_seeding, renew_seeding
from crawler.sources import Source
from crawler.spiders import SPIDER_FOR_KIND


@dataclass
class SeededCrawl:
    crawl_id: str
    requests: dict[str, list[str]]  # source id -> start URLs queued
    overlaps: list[Overlap] = field(default_factory=list)  # crawls of the same sources it was allowed beside

    def lines(self, redis_url: str) -> list[str]:
        total = sum(len(urls) for urls in self.requests.values())
        lines = [f"seeded crawl {self.crawl_id} on {redis_url}: {total} start requests, {len(self.requests)} sources"]
        lines += [f"  {source_id}: {', '.join(urls)}" for source_id, urls in self.requests.items()]
        lines += [f"  overlap allowed: {overlap.describe()}" for overlap in self.overlaps]
        return lines


class SeedingStopped(Exception):
    """The crawl ended while it was being seeded, so it will never run: cancelled, abandoned or lost."""

    REASONS: ClassVar[dict[str, str]] = {
        "cancelled": "it was cancelled (pressroom crawls cancel)",
        "abandoned": (
            f"its claim on its sources lapsed (not renewed for {SEEDING_TTL:.0f} s, e.g. while Redis was unreachable)"
            " and another seeding abandoned it"
        ),
    }

    def __init__(self, crawl_id: str, state: str | None) -> None:
        reason = self.REASONS.get(state or "", f"it is {state}" if state else "its record vanished from Redis")
        super().__init__(f"crawl {crawl_id} stopped while it was being seeded: {reason}; nothing of it will be crawled")
        self.crawl_id, self.state = crawl_id, state


async def _collect(spider: Any) -> list[Request]:
    return [request async for request in spider.start() if isinstance(request, Request)]


def start_requests(source: Source) -> tuple[Any, list[Request]]:
    """The spider for a source row and the requests its start() yields (no crawler needed)."""
    spider = SPIDER_FOR_KIND[source.kind](source=source)
    return spider, asyncio.run(_collect(spider))


def seed_crawl(
    frontier: Frontier, sources: Sequence[Source], settings: Mapping[str, Any], *, allow_overlap: bool = False
) -> SeededCrawl:
    """Queue the start requests of every source under a new crawl id, then make the crawl visible.

    CrawlOverlaps, with nothing written, when another crawl still crawls one of the sources (overlap.py),
    unless `allow_overlap`. Every step is safe to repeat (a request is queued once per fingerprint; re-adding
    one without a fingerprint to the sorted set changes nothing), so while Redis is unreachable each step is
    retried with the gate's backoff: one line says Redis is unreachable, one that it answers again. The
    crawl's record is written first (state `seeding`), so a seeding that dies half-way is still listed by
    `pressroom crawls`; its claim on its sources lapses SEEDING_TTL seconds after it died, and the next seeding
    abandons it. SeedingStopped when the crawl is cancelled or abandoned (or vanishes) before it is registered.
    """
    crawl_id = new_crawl_id()
    rows = [s.model_dump(mode="json", exclude_none=True) for s in sources]
    record = CrawlRecord(crawl_id, rows, dict(settings), created=time.time())
    overlaps = frontier.gate.retry(lambda: begin_seeding(frontier, record, allow_overlap=allow_overlap))
    if overlaps and not allow_overlap:
        raise CrawlOverlaps(overlaps)
    try:
        seeded = _queue_start_requests(frontier, crawl_id, sources)
        frontier.gate.retry(lambda: frontier.register_crawl(record))
    except CrawlGone as gone:
        state = gone.state if isinstance(gone, CrawlEnded) else None
        if isinstance(gone, CrawlEnded) and state is None:  # refused a request: say what ended it
            state = frontier.gate.retry(lambda: frontier.crawl_state(crawl_id))
        raise SeedingStopped(crawl_id, state) from None
    return SeededCrawl(crawl_id, seeded, overlaps)


def _queue_start_requests(frontier: Frontier, crawl_id: str, sources: Sequence[Source]) -> dict[str, list[str]]:
    """Queue every source's start requests, renewing the seeding's claim as it goes; the URLs queued by source."""
    seeded: dict[str, list[str]] = {}
    renewed = time.monotonic()
    for source in sources:
        if time.monotonic() - renewed > SEEDING_TTL / 4:
            frontier.gate.retry(lambda: renew_seeding(frontier, crawl_id))
            renewed = time.monotonic()
        spider, requests = start_requests(source)
        seeded[source.id] = []
        pushed: set[str] = set()
        for request in requests:
            data = picklecompat.dumps(request.to_dict(spider=spider))
            key = fingerprint(request).hex()
            queued, retried = _push_retrying(frontier, crawl_id, source.id, data, -request.priority, key)
            # A try whose reply was lost (Redis stopping) may have queued it: the retry then finds it seen.
            if queued or (retried and key not in pushed):
                seeded[source.id].append(request.url)
            pushed.add(key)
    return seeded


def _push_retrying(
    frontier: Frontier, crawl_id: str, source_id: str, data: bytes, score: float, key: str
) -> tuple[bool, bool]:
    """Queue one start request, retrying while Redis is unreachable: (queued by the last try, retried)."""
    tries = 0

    def push() -> bool:
        nonlocal tries
        tries += 1
        return frontier.push(crawl_id, source_id, data, score=score, fingerprint=key)

    return frontier.gate.retry(push), tries > 1
