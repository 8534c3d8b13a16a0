"""One distributed crawl of a source at a time: a new crawl is refused while another still crawls its sources.

Two crawls of one source would each fetch the whole site, the workers serving both. A crawl blocks a source
while it is `running` with requests of that source queued or in flight, or while it is being seeded (a
`seeding` record whose seeder renewed its claim in the last SEEDING_TTL seconds). A finished, cancelled or
lost crawl blocks nothing, nor does a seeding whose process died, nor a running crawl that is done with the
source (nothing of it queued or in flight: it will not fetch that site again).

A seeding whose claim lapsed is abandoned by the next seeding: its state becomes `abandoned`, its partly
seeded queues are deleted and its record expires like a cancelled crawl's. Its seeder, should it be alive
after all (stalled past the claim, say while Redis was unreachable), is fenced out: the frontier refuses its
further requests and its registration (CrawlEnded), so the crawl never runs half-seeded beside the new one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis

from crawler.distributed.frontier import CrawlRecord, Frontier, record_fields

# How long a seeding blocks others without renewing its claim; seed_crawl renews it every quarter of this.
SEEDING_TTL = 60.0


@dataclass(frozen=True)
class Overlap:
    """Another crawl still crawling some of a new crawl's sources."""

    crawl_id: str
    state: str  # "running" or "seeding"
    source_ids: tuple[str, ...]
    pending: int  # requests of those sources queued or in flight (0 while seeding: not counted yet)

    def describe(self) -> str:
        count = len(self.source_ids)
        names = ", ".join(self.source_ids[:5]) + (f" and {count - 5} more" if count > 5 else "")
        verb = "is" if count == 1 else "are"
        pending = f"{self.pending} request{'' if self.pending == 1 else 's'} queued or in flight"
        doing = f"running, {pending}" if self.state == "running" else "seeding"
        return f"{names} {verb} already being crawled by crawl {self.crawl_id} ({doing})"


class CrawlOverlaps(Exception):
    """A new distributed crawl refused: other crawls still crawl some of its sources."""

    def __init__(self, overlaps: list[Overlap]) -> None:
        super().__init__("; ".join(overlap.describe() for overlap in overlaps))
        self.overlaps = overlaps


def begin_seeding(frontier: Frontier, record: CrawlRecord, *, allow_overlap: bool = False) -> list[Overlap]:
    """Write the crawl's record in state `seeding` and claim its sources, unless other crawls still crawl some
    of them: then nothing is written and they are returned (all of them, even with `allow_overlap`).

    Atomic against another seeder (WATCH on the registry of running crawls and on the seeding claims), and safe
    to repeat: a try whose reply was lost finds its own claim, which is not an overlap. Seedings whose claim
    lapsed are abandoned in the same transaction.
    """
    keys = frontier.keys

    def begin(client: Any) -> list[Overlap]:
        with client.pipeline() as pipe:
            while True:
                try:
                    pipe.watch(keys.crawls, keys.seeding)  # reads run at once until multi()
                    now = redis_now_ms(pipe)
                    overlaps = find_overlaps(frontier, pipe, record, now)
                    if overlaps and not allow_overlap:
                        pipe.unwatch()
                        return overlaps
                    lapsed = lapsed_seedings(frontier, pipe, now)
                    pipe.multi()
                    for dead in lapsed:
                        frontier.end_crawl(pipe, dead, "abandoned")
                    pipe.hset(keys.crawl(record.crawl_id), mapping=record_fields(record, "seeding"))
                    pipe.zremrangebyscore(keys.seeding, "-inf", now)  # claims of seedings that died
                    pipe.zadd(keys.seeding, {record.crawl_id: now + int(SEEDING_TTL * 1000)})
                    pipe.execute()
                    return overlaps
                except redis.WatchError:  # another seeder, or a crawl starting or ending: look again
                    continue

    return frontier.gate.call(begin)


def renew_seeding(frontier: Frontier, crawl_id: str) -> None:
    """Keep a long seeding's claim on its sources (it lapses SEEDING_TTL seconds after the last renewal).

    A claim that lapsed is taken again while nobody abandoned the crawl; CrawlEnded once somebody did.
    """
    frontier.renew_seeding(crawl_id, SEEDING_TTL)


def lapsed_seedings(frontier: Frontier, pipe: Any, now_ms: int) -> list[CrawlRecord]:
    """Crawls still being seeded whose claim lapsed by `now_ms` (their records watched on `pipe`)."""
    ids = [text(i) for i in pipe.zrangebyscore(frontier.keys.seeding, "-inf", now_ms)]
    if ids:
        pipe.watch(*(frontier.keys.crawl(crawl_id) for crawl_id in ids))  # a seeder registering meanwhile: retry
    records = (frontier.crawl(crawl_id) for crawl_id in ids)
    return [record for record in records if record is not None and record.state == "seeding"]


def find_overlaps(frontier: Frontier, client: Any, record: CrawlRecord, now_ms: int) -> list[Overlap]:
    """The other crawls that still crawl any of `record`'s sources: running ones with work left for them,
    and live seedings."""
    wanted = set(record.source_ids)
    keys = frontier.keys
    running = sorted(text(i) for i in client.smembers(keys.crawls))
    seeding = sorted(text(i) for i in client.zrangebyscore(keys.seeding, now_ms, "+inf"))
    overlaps = []
    for crawl_id in dict.fromkeys([*running, *seeding]):
        other = frontier.crawl(crawl_id) if crawl_id != record.crawl_id else None
        shared = [sid for sid in other.source_ids if sid in wanted] if other else []
        if not other or not shared or other.state not in ("running", "seeding"):
            continue
        if other.state == "seeding":
            overlaps.append(Overlap(crawl_id, "seeding", tuple(shared), 0))
            continue
        pending = {sid: pending_requests(frontier, client, crawl_id, sid) for sid in shared}
        if busy := tuple(sid for sid, count in pending.items() if count):
            overlaps.append(Overlap(crawl_id, "running", busy, sum(pending.values())))
    return overlaps


def pending_requests(frontier: Frontier, client: Any, crawl_id: str, source_id: str) -> int:
    """Requests of one source of a crawl that are queued or leased to a worker."""
    queue = frontier.keys.queue(crawl_id, source_id)
    lease_keys = map(text, client.smembers(frontier.keys.crawl_lease_keys(crawl_id)))
    leases = [key for key in lease_keys if key.startswith(f"{queue}:leases:")]
    return int(client.zcard(queue)) + sum(int(client.hlen(key)) for key in leases)


def redis_now_ms(client: Any) -> int:
    """Redis's clock in milliseconds (claims are compared on it, so seeders' clocks may differ)."""
    seconds, micros = client.time()
    return int(seconds) * 1000 + int(micros) // 1000


def text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
