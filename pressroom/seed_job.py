"""`pressroom crawl --redis`: seed a distributed crawl for the workers, and optionally wait for its end."""

from __future__ import annotations

import json
import signal
import sys
import time
from collections.abc import Mapping
from typing import Any

from crawler.distributed.connection import RedisDown, RedisGate
from crawler.distributed.frontier import Frontier
from crawler.distributed.seeding import seed_crawl
from crawler.sources import Source
from pressroom.crawl_job import summary_from_shared_stats


def seed_and_report(sources: list[Source], url: str, overrides: Mapping[str, Any], *, wait: bool, as_json: bool) -> int:
    """`pressroom crawl --redis`: seed the crawl (waiting for Redis with backoff), optionally wait for it."""
    gate = RedisGate(url, who="pressroom crawl", report=lambda line: print(line, file=sys.stderr, flush=True))
    gate.wait()
    frontier = Frontier(gate)
    seeded = seed_crawl(frontier, sources, overrides)
    print("\n".join(seeded.lines(url)), file=sys.stderr if as_json else sys.stdout, flush=True)
    if not wait:
        if as_json:
            print(json.dumps({"crawl_id": seeded.crawl_id, "seeded": seeded.requests}))
        return 0
    state = wait_for_crawl(frontier, seeded.crawl_id)
    summary = summary_from_shared_stats(gate.retry(lambda: frontier.stats(seeded.crawl_id)))
    if as_json:
        print(json.dumps({"crawl_id": seeded.crawl_id, "state": state, **summary.to_dict()}, ensure_ascii=False))
    else:
        print("\n".join([*summary.lines(), f"crawl {seeded.crawl_id}: {state}"]))
    return 1 if summary.failed or state != "finished" else 0


class CrawlStopped(Exception):
    pass


def wait_for_crawl(frontier: Frontier, crawl_id: str) -> str:
    """Wait until the workers finish the crawl; its final state.

    SIGTERM/SIGINT while waiting cancel the crawl: that is how the scheduler's time limit stops a
    distributed crawl, so no worker goes on with a crawl nobody watches.
    """

    def stop(signum: int, _: Any) -> None:
        raise CrawlStopped(signal.Signals(signum).name)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        while True:
            try:
                record = frontier.crawl(crawl_id)
                if record is None or record.state != "running":
                    return record.state if record else "forgotten"
            except RedisDown:
                pass
            time.sleep(0.5)
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
        return "cancelled"
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
