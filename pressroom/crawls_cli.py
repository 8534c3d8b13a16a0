"""`pressroom crawls`: the distributed crawls in the Redis frontier, their progress, and cancelling one."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.distributed.frontier import CrawlRecord, Frontier

# Redis, Scrapy and the crawl job are imported when the command runs: every `pressroom` command builds the
# parser this module adds to, and they cost ~0.3 s of startup (a crawl of a small source takes ~1.5 s).

REDIS_HELP = "the shared frontier (env PRESSROOM_REDIS; default redis://127.0.0.1:6379/0)"


def add_parser(commands: argparse._SubParsersAction) -> None:
    crawls = commands.add_parser("crawls", help="distributed crawls: list them with their progress, or cancel one")
    actions = crawls.add_subparsers(dest="crawls_command", metavar="SUBCOMMAND")
    listing = actions.add_parser("list", help="every crawl Redis knows, newest first (the default)")
    cancel = actions.add_parser(
        "cancel", help="stop a running crawl, or one being seeded: its queued requests are dropped"
    )
    cancel.add_argument("crawl_id", metavar="CRAWL_ID")
    for parser in (crawls, listing, cancel):
        parser.add_argument("--redis", metavar="URL", default=argparse.SUPPRESS, help=REDIS_HELP)
        parser.add_argument("--json", action="store_true", default=argparse.SUPPRESS)


def crawls_command(args: argparse.Namespace) -> int:
    from crawler.distributed.connection import RedisDown, RedisGate
    from crawler.distributed.frontier import Frontier
    from pressroom.worker_job import redis_url

    url = redis_url(getattr(args, "redis", None))
    # One try, no waiting: an operator's command says at once that Redis is not there.
    gate = RedisGate(url, who="pressroom crawls", report=lambda line: None)
    frontier = Frontier(gate)
    try:
        if args.crawls_command == "cancel":
            return _cancel(frontier, args.crawl_id)
        return _list(frontier, as_json=getattr(args, "json", False))
    except RedisDown:
        print(f"pressroom crawls: Redis at {url} is unreachable", file=sys.stderr)
        return 1


def _list(frontier: Frontier, *, as_json: bool) -> int:
    rows = [_row(frontier, record) for record in frontier.all_crawls()]
    workers = frontier.live_workers()
    if as_json:
        print(json.dumps({"workers": workers, "crawls": rows}, ensure_ascii=False, indent=2))
        return 0
    print(f"workers alive: {len(workers)}" + (f" ({', '.join(sorted(workers))})" if workers else ""))
    if not rows:
        print("no distributed crawl")
    for row in rows:
        counts = row["summary"]
        sources = ", ".join(row["sources"])
        print(f"{row['crawl_id']}  {row['state']:<9}  started {row['created'] or '?'}  sources: {sources}")
        print(
            f"    queued {row['queued']}, in flight {row['leased']}; pages {counts['pages_fetched']}; documents"
            f" {counts['new']} new, {counts['updated']} updated, {counts['unchanged']} unchanged,"
            f" {counts['failed']} failed"
        )
        if row["store"]:
            print(f"    documents into {row['store']}")
        if row["warning"]:
            print(f"    warning: {row['warning']}")
    return 0


def _row(frontier: Frontier, record: CrawlRecord) -> dict[str, Any]:
    import time

    from pressroom.crawl_job import summary_from_shared_stats
    from pressroom.seed_job import stuck_after, why_stuck

    queued, leased = frontier.progress(record)
    summary = summary_from_shared_stats(frontier.stats(record.crawl_id))
    # A crawl nothing can serve would otherwise only show "queued N", for ever (after a grace for workers' poll).
    age = time.time() - record.created if record.created else float("inf")
    warning = None
    if record.state == "running" and age >= stuck_after(record.settings):
        warning = why_stuck(frontier, record)
    elif record.state == "finished":  # what `crawl --wait` exits 1 for, for crawls nobody waited on
        warning = summary.nothing_fetched()
    elif record.state == "seeding":
        warning = _seeding_warning(frontier, record)
    return {
        "crawl_id": record.crawl_id,
        "state": record.state,
        "created": _when(record.created),
        "finished": _when(record.finished),
        "sources": record.source_ids,
        "queued": queued,
        "leased": leased,
        "store": record.store,
        "warning": warning,
        "summary": summary.to_dict(),
    }


def _seeding_warning(frontier: Frontier, record: CrawlRecord) -> str | None:
    """For a seeding whose seeder stopped renewing its claim: what became of it, and what to do."""
    left = frontier.seeding_claim(record.crawl_id)
    if left is not None and left >= 0:
        return None  # its seeder is at work
    return (
        "its seeder stopped renewing its claim on its sources (it died, or lost Redis): it will never run; the"
        f" next seeding marks it abandoned, or drop it now with `pressroom crawls cancel {record.crawl_id}`"
    )


def _when(epoch: float | None) -> str | None:
    return datetime.fromtimestamp(epoch, UTC).isoformat(timespec="seconds") if epoch else None


def _cancel(frontier: Frontier, crawl_id: str) -> int:
    record = frontier.crawl(crawl_id)
    if record is None:
        print(f"pressroom crawls: no crawl {crawl_id} in Redis", file=sys.stderr)
        return 1
    if record.state not in ("running", "seeding"):
        print(f"pressroom crawls: crawl {crawl_id} is already {record.state}", file=sys.stderr)
        return 1
    frontier.cancel(record)
    if record.state == "seeding":
        print(f"crawl {crawl_id} cancelled while being seeded: its queued requests dropped; it will not run")
    else:
        print(f"crawl {crawl_id} cancelled: queued requests dropped; pages in flight finish and are stored")
    return 0
