"""Enrich and store crawled articles in a process of its own, so indexing runs beside the crawl, not inside it.

A crawl's reactor thread fetches, archives and cleans; enrichment and storing cost several times as much
CPU per page and would otherwise stall the downloads. `BackgroundIngestor` has the Ingestor's interface
(add, flush, outcome, spooled): articles go in batches over a bounded queue to one indexing process, which
opens its own store from the store URL and acknowledges each batch once it is stored. The bounded queue is
the back-pressure: when indexing falls behind, `add` waits instead of buffering without limit.

Nothing is lost when the indexing process dies: every batch is kept until it is acknowledged, and the
unacknowledged ones are ingested in this process (as the Ingestor always did) when the child is gone.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import signal
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from crawler.items import CrawledArticle
from crawler.sources import Source
from indexer.ingest import Ingestor
from indexer.search_model import UpsertOutcome
from indexer.store import DocumentStore, open_store

logger = logging.getLogger(__name__)

BATCH_SIZE = 50  # articles per message: large enough to amortise pickling, small enough to keep memory flat
QUEUED_BATCHES = 8  # batches in flight before `add` waits for the indexing process
POLL_SECONDS = 1.0


class BackgroundIngestor:
    """Ingests in a child process; falls back to ingesting here if the child dies. Call `close()` at the end."""

    def __init__(
        self,
        store: DocumentStore,
        store_url: str,
        sources: Mapping[str, Source],
        spool_dir: Path | None = None,
        *,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self.store, self.sources, self.spool_dir, self.batch_size = store, dict(sources), spool_dir, batch_size
        self.outcome = UpsertOutcome()
        self.spooled = 0
        self._pending: list[CrawledArticle] = []
        self._unacknowledged: dict[int, list[CrawledArticle]] = {}
        self._sent = 0
        self._inline: Ingestor | None = None
        # spawn, not fork: the parent holds a store connection, threads and (later) a reactor.
        context = multiprocessing.get_context("spawn")
        try:
            self._jobs: Any = context.Queue(maxsize=QUEUED_BATCHES)
            self._results: Any = context.Queue()
            self._process = context.Process(
                target=serve_indexing,
                args=(store_url, self.sources, spool_dir, self._jobs, self._results),
                name="pressroom-indexer",
                daemon=True,
            )
            self._process.start()
        except OSError as exc:  # no process or semaphore to be had (limits, /dev/shm): index here instead
            self._take_over(f"cannot start the indexing process ({exc})")

    def add(self, article: CrawledArticle) -> None:
        if self._inline is not None:
            self._inline.add(article)
            return
        self._pending.append(article)
        if len(self._pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand the pending articles to the indexing process (or store them here once it is gone)."""
        if self._inline is not None:
            self._inline.flush()
            return
        batch, self._pending = self._pending, []
        if batch:
            self._sent += 1
            self._unacknowledged[self._sent] = batch
            self._put((self._sent, batch))
        self._collect(block=False)

    def close(self) -> UpsertOutcome:
        """Store everything still pending, stop the indexing process, and return the total outcome."""
        self.flush()
        if self._inline is None:
            self._put(None)
            # Wait for acknowledgements, not for the process: once every batch is acknowledged it only has to
            # close its store, and polling the results queue for its exit would idle up to POLL_SECONDS.
            while self._unacknowledged:
                if not self._collect(block=True) and not self._process.is_alive():
                    self._collect(block=False)  # what it sent just before exiting
                    break
            self._process.join(timeout=60)  # closing its store; a daemon, it is killed if still running at exit
            if self._unacknowledged:
                self._take_over("the indexing process stopped before storing every batch")
        if self._inline is not None:
            self._inline.flush()
            self.outcome.add(self._inline.outcome)
            self.spooled += self._inline.spooled
            self._inline.outcome = UpsertOutcome()
            self._inline.spooled = 0
        return self.outcome

    def _put(self, job: tuple[int, list[CrawledArticle]] | None) -> None:
        while self._inline is None:
            try:
                self._jobs.put(job, timeout=POLL_SECONDS)
                return
            except queue.Full:
                self._collect(block=False)
                if not self._process.is_alive():
                    self._take_over(f"the indexing process exited with code {self._process.exitcode}")

    def _collect(self, *, block: bool) -> bool:
        """Take acknowledgements from the indexing process; False when none came."""
        got = False
        while True:
            try:
                message = self._results.get(timeout=POLL_SECONDS) if block and not got else self._results.get_nowait()
            except queue.Empty:
                return got
            except (EOFError, OSError):
                return got
            got = True
            number, outcome, spooled = message
            self._unacknowledged.pop(number, None)
            self.outcome.add(outcome)
            self.spooled += spooled

    def _take_over(self, reason: str) -> None:
        """Ingest every unacknowledged batch in this process and keep ingesting here from now on."""
        if self._inline is not None:
            return
        left = [article for _, batch in sorted(self._unacknowledged.items()) for article in batch]
        logger.error("%s; storing its %d unacknowledged articles in the crawl process", reason, len(left))
        self._unacknowledged.clear()
        self._inline = Ingestor(store=self.store, sources=self.sources, spool_dir=self.spool_dir)
        for article in [*left, *self._pending]:
            self._inline.add(article)
        self._pending = []


def serve_indexing(
    store_url: str, sources: Mapping[str, Source], spool_dir: Path | None, jobs: Any, results: Any
) -> None:
    """The indexing process: ingest each batch, acknowledge it once stored, stop at None."""
    # Ctrl-C, and a scheduler's SIGTERM, reach the whole process group; the crawl process shuts down
    # gracefully and stops this one by sending None once everything is handed over.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    # As in the CLI: the Elasticsearch client logs each retry with a traceback; StoreUnavailable says it once.
    logging.getLogger("elastic_transport").setLevel(logging.CRITICAL)
    store = open_store(store_url)
    ingestor = Ingestor(store=store, sources=sources, spool_dir=spool_dir)
    try:
        while (job := _next_job(jobs)) is not None:
            number, articles = job
            for article in articles:
                try:
                    ingestor.add(article)
                except Exception as exc:  # one unreadable article must not stop the others
                    logger.exception("cannot enrich %s", article.url)
                    ingestor.outcome.failed += 1
                    ingestor.outcome.errors.append(f"{article.url}: {type(exc).__name__}: {exc}")
            ingestor.flush()
            results.put((number, ingestor.outcome, ingestor.spooled))
            ingestor.outcome, ingestor.spooled = UpsertOutcome(), 0
    finally:
        store.close()


def _next_job(jobs: Any) -> tuple[int, list[CrawledArticle]] | None:
    """The next batch; None at the end, or when the crawl process is gone (killed: no None will come)."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            job: tuple[int, list[CrawledArticle]] | None = jobs.get(timeout=POLL_SECONDS)
            return job
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                logger.error("the crawl process is gone; the indexing process stops")
                return None
