"""`pressroom crawl --redis`: seed a distributed crawl for the workers, and optionally wait for its end."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from crawler.distributed.connection import RedisDown, RedisGate
from crawler.distributed.frontier import CrawlRecord, Frontier, crawl_retention
from crawler.distributed.overlap import CrawlOverlaps
from crawler.distributed.seeding import SeedingStopped, seed_crawl
from crawler.sources import Source
from pressroom.cli import CommandFailed
from pressroom.crawl_job import summary_from_shared_stats
from scheduler.run_record import CRAWL_OVERLAP_EXIT


def seed_and_report(
    sources: list[Source],
    url: str,
    overrides: Mapping[str, Any],
    *,
    wait: bool,
    as_json: bool,
    allow_overlap: bool = False,
) -> int:
    """`pressroom crawl --redis`: seed the crawl (waiting for Redis with backoff), optionally wait for it."""
    try:
        crawl_retention(overrides)  # read by the workers when the crawl ends: refused now, not then
    except ValueError as exc:
        raise CommandFailed(f"setting {exc}") from None
    gate = RedisGate(url, who="pressroom crawl", report=lambda line: print(line, file=sys.stderr, flush=True))
    gate.wait()
    frontier = Frontier(gate)
    try:
        seeded = seed_crawl(frontier, sources, overrides, allow_overlap=allow_overlap)
    except CrawlOverlaps as refused:
        print(f"pressroom crawl: refused: {refused}. {overlap_advice(refused)}", file=sys.stderr, flush=True)
        return CRAWL_OVERLAP_EXIT  # the scheduler records such a run as skipped
    except SeedingStopped as stopped:
        print(f"pressroom crawl: {stopped}", file=sys.stderr, flush=True)
        return 1
    print("\n".join(seeded.lines(url)), file=sys.stderr if as_json else sys.stdout, flush=True)
    if not wait:
        if as_json:
            print(json.dumps({"crawl_id": seeded.crawl_id, "seeded": seeded.requests}))
        return 0
    waited = wait_for_crawl(frontier, seeded.crawl_id, stuck_after(overrides))
    state = waited.state
    if state == "lost":  # what the workers had counted when the record was last seen
        summary = summary_from_shared_stats(waited.stats)
    else:
        summary = summary_from_shared_stats(gate.retry(lambda: frontier.stats(seeded.crawl_id)))
    if as_json:
        print(json.dumps({"crawl_id": seeded.crawl_id, "state": state, **summary.to_dict()}, ensure_ascii=False))
    else:
        last = " (lost: its record vanished from Redis; counts as last seen)" if state == "lost" else ""
        print("\n".join([*summary.lines(), f"crawl {seeded.crawl_id}: {state}{last}"]))
    # The rule of a local crawl (CrawlSummary.nothing_fetched), on the counts the workers summed.
    if state == "finished" and (reason := summary.nothing_fetched()):
        print(f"pressroom crawl: crawl {seeded.crawl_id}: {reason}", file=sys.stderr, flush=True)
        return 1
    return 1 if summary.failed or state != "finished" else 0


def overlap_advice(refused: CrawlOverlaps) -> str:
    """How to proceed when a crawl is refused for overlapping others."""
    it = "it" if len(refused.overlaps) == 1 else "them"
    cancel = "; ".join(f"pressroom crawls cancel {overlap.crawl_id}" for overlap in refused.overlaps)
    return (
        f"Wait for {it} to end (pressroom crawls) or cancel {it} ({cancel}); to crawl these sources twice at"
        " once, each page fetched by both, pass --allow-overlap"
    )


@dataclass
class Waited:
    """How a watched crawl ended, and the workers' summed counters as last read while it ran."""

    state: str
    stats: dict[str, int] = field(default_factory=dict)


# How often `crawl --wait` reads the crawl's state and counters (two small reads).
WAIT_TICK = 0.5


class CrawlStopped(Exception):
    pass


def stuck_after(settings: Mapping[str, Any]) -> float:
    """PRESSROOM_STUCK_AFTER of a crawl's settings (seconds before a crawl nobody serves is reported)."""
    from crawler.settings import DISTRIBUTED_SETTINGS

    return float(settings.get("PRESSROOM_STUCK_AFTER", DISTRIBUTED_SETTINGS["PRESSROOM_STUCK_AFTER"]))


def why_stuck(frontier: Frontier, record: CrawlRecord) -> str | None:
    """Why nothing can progress in a running crawl: no live worker, or queued requests of sources that no
    live worker serves (none has them in its --sources); None when it can."""
    live, stuck = frontier.unserved(record)
    if not live:
        return "no live worker (start `pressroom worker --redis URL`)"
    if not stuck:
        return None
    names = ", ".join(stuck[:5]) + (f" and {len(stuck) - 5} more" if len(stuck) > 5 else "")
    return (
        f"requests of {names} are queued but no live worker serves {'it' if len(stuck) == 1 else 'them'}"
        " (not in any worker's --sources?)"
    )


def wait_for_crawl(frontier: Frontier, crawl_id: str, stuck_for: float = 10.0) -> Waited:
    """Wait until the workers finish the crawl; its final state (and its counters as last seen).

    The state is `lost` when the crawl's record vanishes from Redis (Redis restarted without its data):
    the frontier is gone with it, so the crawl can never finish; that is said on stderr, with the counts
    last read. SIGTERM/SIGINT while waiting cancel the crawl: that is how the scheduler's time limit stops
    a distributed crawl, so no worker goes on with a crawl nobody watches. A crawl that nothing can serve
    for `stuck_for` seconds (why_stuck) is reported on stderr, once per reason, and waited for still.
    """

    def stop(signum: int, _: Any) -> None:
        raise CrawlStopped(signal.Signals(signum).name)

    waited = Waited("running")
    stuck = StuckReport(crawl_id, stuck_for)
    # why_stuck reads every source's queue (a round trip for each in one pipeline): ~1,000 operations a second
    # for a 500-source crawl when asked every tick. Four looks within `stuck_for` still report it in time.
    look_every, last_look = max(WAIT_TICK, stuck_for / 4), float("-inf")
    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                record = frontier.crawl(crawl_id)
                if record is None:
                    _say_lost(crawl_id, waited.stats)
                    waited.state = "lost"
                    return waited
                if record.state != "running":
                    waited.state = record.state
                    return waited
                waited.stats = frontier.stats(crawl_id) or waited.stats
                if time.monotonic() - last_look >= look_every:
                    last_look = time.monotonic()
                    stuck.look(why_stuck(frontier, record))
            except RedisDown:
                pass
            time.sleep(WAIT_TICK)
    except CrawlStopped as stopped:
        for sig, handler in previous.items():  # a second signal now stops this process at once
            signal.signal(sig, handler)
        try:
            record = frontier.crawl(crawl_id)
            if record is not None and record.state == "running":
                frontier.cancel(record)
            print(f"crawl {crawl_id} cancelled ({stopped}): queued requests dropped", file=sys.stderr, flush=True)
        except RedisDown as exc:
            print(f"crawl {crawl_id} not cancelled: {exc}", file=sys.stderr, flush=True)
        waited.state = "cancelled"
        return waited
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


class StuckReport:
    """Says on stderr why a watched crawl cannot progress, once it has been so for `after` seconds."""

    def __init__(self, crawl_id: str, after: float) -> None:
        self.crawl_id, self.after = crawl_id, after
        self.since: float | None = None
        self.said: str | None = None

    def look(self, reason: str | None) -> None:
        now = time.monotonic()
        if reason is None:
            if self.said is not None:
                print(f"crawl {self.crawl_id}: workers serve it again", file=sys.stderr, flush=True)
            self.since = self.said = None
            return
        self.since = now if self.since is None else self.since
        if now - self.since >= self.after and reason != self.said:
            print(
                f"crawl {self.crawl_id}: stuck for {now - self.since:.0f} s: {reason}; still waiting",
                file=sys.stderr,
                flush=True,
            )
            self.said = reason


def _say_lost(crawl_id: str, stats: Mapping[str, int]) -> None:
    pages = int(stats.get("downloader/response_count", 0))
    print(
        f"crawl {crawl_id}: its record vanished from Redis (data lost: Redis restarted without persistence,"
        f" or the crawl was deleted); its queue went with it, so it cannot finish. Last seen: {pages} pages"
        " fetched; documents stored so far stay in the store",
        file=sys.stderr,
        flush=True,
    )
