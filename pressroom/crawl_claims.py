"""One local crawl of a source at a time on a machine: `pressroom crawl` claims its sources before it fetches.

Two crawls of one source (a scheduled run and a manual one, say) would each fetch the whole site, at twice the
pace its politeness settings allow. A local crawl therefore holds an exclusive lock on a file per source in the
claims directory (PRESSROOM_CRAWL_CLAIMS, default var/crawling, beside the default store) while it runs; a crawl
that finds one of its sources held is refused, as `crawl --redis` refuses a distributed one (overlap.py). The
operating system releases the locks of a crawl that dies, however it dies, so a killed crawl blocks nothing.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

DEFAULT_CLAIMS_DIR = Path("var/crawling")


@dataclass(frozen=True)
class Holder:
    """The local crawl holding a source, as it wrote itself into the claim file."""

    source_id: str
    pid: int | None
    since: float | None

    def describe(self) -> str:
        since = f", since {datetime.fromtimestamp(self.since, UTC):%Y-%m-%d %H:%M:%S} UTC" if self.since else ""
        process = f"process {self.pid}" if self.pid else "another process"
        return f"{self.source_id} is already being crawled by a local crawl ({process}{since})"


class LocalCrawlOverlaps(Exception):
    """Other local crawls hold some of a crawl's sources."""

    def __init__(self, holders: list[Holder]) -> None:
        super().__init__("; ".join(holder.describe() for holder in holders))
        self.holders = holders


def claims_directory() -> Path:
    """PRESSROOM_CRAWL_CLAIMS, else var/crawling (relative, as the default store and archive are)."""
    return Path(os.environ.get("PRESSROOM_CRAWL_CLAIMS") or DEFAULT_CLAIMS_DIR)


@contextlib.contextmanager
def claimed_sources(source_ids: Sequence[str], directory: Path | None = None) -> Iterator[None]:
    """Hold every source's claim for the block; LocalCrawlOverlaps, holding none, if another crawl holds any."""
    directory = directory or claims_directory()
    directory.mkdir(parents=True, exist_ok=True)
    held: list[IO[str]] = []
    busy: list[Holder] = []
    try:
        for source_id in dict.fromkeys(source_ids):
            handle = (directory / f"{source_id}.lock").open("a+", encoding="utf-8")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                busy.append(_holder(source_id, handle))
                handle.close()
                continue
            held.append(handle)
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"pid": os.getpid(), "since": time.time()}))
            handle.flush()
        if busy:
            raise LocalCrawlOverlaps(busy)
        yield
    finally:
        for claim in held:  # closing releases the lock; the file stays (truncating it would race a new holder)
            claim.close()


def _holder(source_id: str, handle: IO[str]) -> Holder:
    handle.seek(0)
    try:
        written = json.loads(handle.read() or "{}")
    except ValueError:  # the holder is writing it at this moment
        written = {}
    pid, since = written.get("pid"), written.get("since")
    return Holder(
        source_id,
        pid if isinstance(pid, int) else None,
        since if isinstance(since, int | float) else None,
    )
