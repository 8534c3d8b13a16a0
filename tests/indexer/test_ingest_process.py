"""The indexing process beside a crawl: everything handed over is stored, even when that process dies."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from crawler.archive.capture_index import CaptureIndex
from crawler.archive.forwarding import ForwardingArchive
from crawler.archive.warc_writer import HttpExchange
from crawler.items import CrawledArticle
from crawler.sources import Source
from indexer.ingest import Ingestor
from indexer.ingest_process import ArchiveTarget, BackgroundIngestor, serve_indexing
from indexer.search_model import SearchRequest, UpsertOutcome
from indexer.sqlite_store import SqliteStore

SOURCE = Source.model_validate(
    {
        "id": "test-press",
        "name_ko": "시험 보도자료",
        "name_en": "Test press releases",
        "kind": "board",
        "start_urls": ["http://127.0.0.1:9/press/"],
        "article_url": r"/press/\d+$",
        "region": "KR-44",
    }
)


def article(number: int) -> CrawledArticle:
    return CrawledArticle(
        url=f"http://127.0.0.1:9/press/{number}",
        source_id=SOURCE.id,
        fetched_at=datetime(2026, 11, 1, tzinfo=UTC),
        title=f"충청남도 스마트팜 지원 사업 {number}호 발표",
        text=f"충청남도는 {number}번째 스마트팜 청년 농업인 지원 사업을 추진한다고 밝혔다.",
    )


def stored_count(path: Path) -> int:
    store = SqliteStore(path)
    try:
        return store.search(SearchRequest(query="", size=0)).total
    finally:
        store.close()


def indexing_child() -> multiprocessing.process.BaseProcess:
    (child,) = [p for p in multiprocessing.active_children() if p.name == "pressroom-indexer"]
    return child


def test_every_article_is_enriched_and_stored_by_the_indexing_process(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = SqliteStore(path)
    ingestor = BackgroundIngestor(store, f"sqlite:///{path}", {SOURCE.id: SOURCE}, batch_size=7)
    child = indexing_child()
    for number in range(60):
        ingestor.add(article(number))
    outcome = ingestor.close()
    store.close()
    assert (outcome.new, outcome.failed, ingestor.spooled) == (60, 0, 0)
    assert child.pid != os.getpid() and not child.is_alive()
    assert stored_count(path) == 60
    found = SqliteStore(path)
    try:
        hit = found.search(SearchRequest(query="스마트팜", size=1)).hits[0].document
        assert hit.region == "KR-44" and "agriculture" in hit.topics  # enriched, not just copied
    finally:
        found.close()


def stored_documents(path: Path) -> dict[str, dict[str, Any]]:
    store = SqliteStore(path)
    try:
        return {document.id: document.to_dict() for document in store.iter_documents()}
    finally:
        store.close()


def ingest_in_background(path: Path, articles: int, batch_size: int) -> tuple[BackgroundIngestor, UpsertOutcome]:
    """Hand `articles` articles to a BackgroundIngestor storing into `path`; it and its total outcome."""
    store = SqliteStore(path)
    ingestor = BackgroundIngestor(store, f"sqlite:///{path}", {SOURCE.id: SOURCE}, batch_size=batch_size)
    for number in range(articles):
        ingestor.add(article(number))
    outcome = ingestor.close()
    store.close()
    return ingestor, outcome


def test_when_the_queue_is_full_the_crawl_process_enriches_and_stores_the_same(tmp_path: Path) -> None:
    # Batches of two fill the queue while the indexing process is still starting (spawn, imports and its
    # tables take ~0.5 s); the first eight go as they are, then the crawl process enriches instead of waiting.
    path = tmp_path / "store.sqlite3"
    ingestor, outcome = ingest_in_background(path, 40, batch_size=2)
    assert (outcome.new, outcome.failed) == (40, 0)
    assert 0 < ingestor.enriched_here < 40  # both processes enriched some
    inline_path = tmp_path / "inline.sqlite3"
    inline_store = SqliteStore(inline_path)
    inline = Ingestor(store=inline_store, sources={SOURCE.id: SOURCE})
    for number in range(40):
        inline.add(article(number))
    inline.close()
    inline_store.close()
    assert stored_documents(path) == stored_documents(inline_path)


def test_batches_that_queue_up_are_stored_together_and_each_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    context = multiprocessing.get_context("spawn")
    jobs, results = context.Queue(), context.Queue()
    for number in range(1, 7):  # queued before the indexing process starts: it is "behind" from the start
        jobs.put((number, [article(number * 10 + n) for n in range(10)]))
    jobs.put(None)
    child = context.Process(
        target=serve_indexing, args=(f"sqlite:///{path}", {SOURCE.id: SOURCE}, None, None, jobs, results)
    )
    child.start()
    acknowledgements: list[tuple[list[int], Any, int]] = []
    while sum(len(numbers) for numbers, _, _ in acknowledgements) < 6:
        acknowledgements.append(results.get(timeout=60))
    child.join(timeout=60)
    assert child.exitcode == 0
    assert sorted(n for numbers, _, _ in acknowledgements for n in numbers) == list(range(1, 7))
    assert len(acknowledgements) < 6  # several batches per store call
    assert sum(outcome.new for _, outcome, _ in acknowledgements) == 60
    assert stored_count(path) == 60


def crawl_one(ingestor: BackgroundIngestor, archive: ForwardingArchive, number: int) -> str:
    """What a crawl hands over for one article page: its capture, the article, the capture's metadata."""
    page = article(number)
    exchange = HttpExchange(
        url=page.url, method="GET", request_headers=[("Accept", "text/html")], status=200, reason="OK",
        response_headers=[("Content-Type", "text/html; charset=utf-8")], body=f"<p>{page.text}</p>".encode(),
    )  # fmt: skip
    capture_id = archive.record(exchange)
    ingestor.add(page)
    archive.describe(page.url, capture_id, {"document_id": f"doc-{number}", "source_id": SOURCE.id})
    return capture_id


def warc_record_ids(directory: Path, record_types: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted(directory.glob("*.warc.gz")):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type in record_types:
                    found.append(record.rec_headers.get_header("WARC-Record-ID"))
    return found


def wait_for_captures(directory: Path, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (directory / "captures.sqlite3").exists():
            index = CaptureIndex(directory)
            try:
                if index.count() >= count:
                    return
            finally:
                index.close()
        time.sleep(0.005)
    raise AssertionError(f"the indexing process archived fewer than {count} captures in {timeout} s")


def test_articles_and_captures_survive_the_indexing_process_being_killed(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = SqliteStore(path)
    target = ArchiveTarget(tmp_path / "warc")
    ingestor = BackgroundIngestor(store, f"sqlite:///{path}", {SOURCE.id: SOURCE}, batch_size=5, archive=target)
    archive = ingestor.archiver()
    captures = [crawl_one(ingestor, archive, number) for number in range(40)]
    ingestor.flush()
    # Killed once it has archived something: most likely within a batch it has not acknowledged, whose
    # captures the crawl process then writes again unless it looks first.
    wait_for_captures(tmp_path / "warc", 3)
    os.kill(indexing_child().pid or 0, signal.SIGKILL)
    time.sleep(0.2)
    captures += [crawl_one(ingestor, archive, number) for number in range(40, 80)]
    outcome = ingestor.close()
    store.close()
    # Batches the child stored before it died count once; the rest were stored by the crawl process.
    assert outcome.failed == 0 and outcome.new + outcome.unchanged == 80
    assert stored_count(path) == 80
    # Every capture archived once, under the id the crawl gave it, and linked to its document.
    assert sorted(warc_record_ids(tmp_path / "warc", ("response", "revisit"))) == sorted(captures)
    index = CaptureIndex(tmp_path / "warc")
    try:
        linked = [index.by_record_id(capture_id) for capture_id in captures]
        assert all(c is not None and c.document_id for c in linked)
    finally:
        index.close()


ORPHAN_PARENT = """
import multiprocessing, sys, time
from indexer.ingest import Ingestor
from indexer.ingest_process import ArchiveTarget, BackgroundIngestor, serve_indexing
from indexer.sqlite_store import SqliteStore
from tests.indexer.test_ingest_process import SOURCE

path = sys.argv[1]
ingestor = BackgroundIngestor(SqliteStore(__import__("pathlib").Path(path)), "sqlite:///" + path, {SOURCE.id: SOURCE})
(child,) = [p for p in multiprocessing.active_children() if p.name == "pressroom-indexer"]
print(child.pid, flush=True)
time.sleep(120)
"""


def process_gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0]
    except (OSError, IndexError):
        return True
    return state in ("Z", "X")  # exited (a zombie waits for init to reap it)


def test_the_indexing_process_stops_when_the_crawl_process_is_killed(tmp_path: Path) -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN_PARENT, str(tmp_path / "store.sqlite3")],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert parent.stdout is not None
    child = int(parent.stdout.readline())
    assert not process_gone(child)
    parent.kill()
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 15
    while not process_gone(child) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert process_gone(child), "the indexing process outlived the crawl process"


def test_when_no_indexing_process_can_start_the_crawl_process_indexes(tmp_path: Path, monkeypatch) -> None:
    def refuse(self: object) -> None:
        raise OSError(24, "Too many open files")

    monkeypatch.setattr(multiprocessing.context.SpawnProcess, "start", refuse)
    path = tmp_path / "store.sqlite3"
    _, outcome = ingest_in_background(path, 12, batch_size=5)
    assert (outcome.new, outcome.failed) == (12, 0)
    assert stored_count(path) == 12
