"""A worker's document counts reach the crawl's stats in Redis even when Redis was down as they were made, and
count once when Redis applied them but its reply was lost."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.distributed.connection import RedisDown, RedisGate
from crawler.distributed.frontier import CrawlRecord, Frontier
from indexer.sqlite_store import SqliteStore
from pressroom.worker_job import LeasedWriter
from tests.indexer.test_ingest_process import SOURCE, article

pytestmark = [pytest.mark.redis]
CRAWL = "20261201T000000-test"


class DownOnce:
    """Frontier.add_stats failing once, as it does while Redis is unreachable."""

    def __init__(self, frontier: Frontier) -> None:
        self.add_stats, self.failed = frontier.add_stats, 0

    def __call__(self, *args: object) -> None:
        if not self.failed:
            self.failed += 1
            raise RedisDown("redis://127.0.0.1:9/0")
        self.add_stats(*args)  # type: ignore[arg-type]


class ReplyLostOnce:
    """Frontier.add_stats applied by Redis once, its reply then lost, as when the connection drops after it."""

    def __init__(self, frontier: Frontier) -> None:
        self.add_stats, self.lost = frontier.add_stats, 0

    def __call__(self, *args: object) -> bool:
        added = self.add_stats(*args)  # type: ignore[arg-type]
        if not self.lost:
            self.lost += 1
            raise RedisDown("connection lost before the reply")
        return added


def writer_into(redis_url: str, tmp_path: Path) -> tuple[Frontier, SqliteStore, LeasedWriter]:
    frontier = Frontier(RedisGate(redis_url, who="test", report=lambda line: None))
    frontier.register_crawl(CrawlRecord(CRAWL, [SOURCE.model_dump(mode="json", exclude_none=True)]))
    store = SqliteStore(tmp_path / "store.sqlite3")
    return frontier, store, LeasedWriter(store, SOURCE, frontier, CRAWL, None)


def test_counts_whose_reply_was_lost_are_resent_and_counted_once(redis_url, tmp_path: Path, monkeypatch):
    frontier, store, writer = writer_into(redis_url, tmp_path)
    try:
        monkeypatch.setattr(frontier, "add_stats", ReplyLostOnce(frontier))
        for number in range(3):
            writer.add(article(number), lambda: None)
        writer.flush()  # stored and counted in Redis, but the worker cannot know
        assert frontier.stats(CRAWL) == {"documents/new": 3} and writer.pending
        writer.add(article(3), lambda: None)
        writer.flush()  # resent, then the new one
        assert frontier.stats(CRAWL) == {"documents/new": 4} and not writer.pending
    finally:
        store.close()


def test_counts_that_failed_during_an_outage_are_resent_without_new_documents(redis_url, tmp_path: Path, monkeypatch):
    frontier, store, writer = writer_into(redis_url, tmp_path)
    try:
        completed: list[int] = []
        monkeypatch.setattr(frontier, "add_stats", DownOnce(frontier))
        for number in range(3):
            writer.add(article(number), lambda number=number: completed.append(number))
        writer.flush()  # stored, but Redis did not take the counts
        assert frontier.stats(CRAWL) == {}
        # Their leases stay open until the counts are in: the crawl cannot finish without them.
        assert completed == [] and writer.pending
        writer.flush()  # Redis is back; this crawler has no new document
        assert frontier.stats(CRAWL) == {"documents/new": 3}
        assert completed == [0, 1, 2] and not writer.pending
        writer.flush()
        assert frontier.stats(CRAWL) == {"documents/new": 3}  # sent once
    finally:
        store.close()
