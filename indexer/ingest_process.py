"""Enrich and store crawled articles in a process of its own, so indexing runs beside the crawl, not inside it.

A crawl's reactor thread fetches and cleans; archiving, enrichment and storing cost as much CPU per page
again and would otherwise stall the downloads. `BackgroundIngestor` has the Ingestor's interface (add,
flush, outcome, spooled): articles go in batches over a bounded queue to one indexing process, which
opens its own store from the store URL and acknowledges each batch once it is stored. The bounded queue is
the back-pressure: when indexing falls behind, `add` waits instead of buffering without limit.

With a WARC directory, the crawl's captures travel in the same batches, in order with the articles
(crawler/archive/forwarding.py), and the indexing process writes the archive too.

Nothing is lost when the indexing process dies: every batch is kept until it is acknowledged, and the
unacknowledged ones are ingested (and archived) in this process, as they were before, when the child is gone.

When the queue is full, `add` would wait for the indexing process: the crawl process enriches the batch
itself meanwhile (build_document, pure) and the indexing process only stores those documents. Only then:
the crawl process sets a local crawl's pace, and its first enrichment builds the tables enrichment reads
(~0.15 s). Enriching whenever two batches waited spent that, and ~0.6 ms an article, on lags the indexing
process makes up by itself.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import queue
import signal
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.archive.capture_archive import DEFAULT_MAX_BYTES, CaptureArchive
from crawler.archive.forwarding import ArchiveEntry, CaptureEntry, ForwardingArchive, write_entry
from crawler.gc_tuning import tuned_gc
from crawler.items import CrawledArticle
from crawler.sources import Source
from indexer.document import Document
from indexer.enrich import warm_up
from indexer.ingest import Ingestor, build_document
from indexer.search_model import UpsertOutcome
from indexer.store import DocumentStore, open_store

logger = logging.getLogger(__name__)

BATCH_SIZE = 50  # articles per message: large enough to amortise pickling, small enough to keep memory flat
BATCH_BYTES = 4 * 1024 * 1024  # ...or this much archived payload (attachments can be 20 MiB each)
QUEUED_BATCHES = 8  # batches in flight before `add` waits for the indexing process
# The indexing process stores up to this many articles in one call when batches are queued (serve_indexing).
STORE_BATCH = 200
POLL_SECONDS = 1.0

Entry = CrawledArticle | Document | ArchiveEntry  # a Document: an article the crawl process enriched


@dataclass(frozen=True)
class ArchiveTarget:
    """Where the indexing process writes forwarded captures: PRESSROOM_WARC_DIR and its rotation size."""

    directory: Path
    max_bytes: int = DEFAULT_MAX_BYTES

    def open(self, *, batched: bool = False) -> CaptureArchive:
        return CaptureArchive.open(self.directory, self.max_bytes, batched=batched)


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
        archive: ArchiveTarget | None = None,
    ) -> None:
        self.store, self.sources, self.spool_dir, self.batch_size = store, dict(sources), spool_dir, batch_size
        self.archive = archive
        self.outcome = UpsertOutcome()
        self.spooled = 0
        self.enriched_here = 0  # articles this process enriched instead of waiting for room in the queue
        self._pending: list[Entry] = []
        self._pending_articles = 0
        self._pending_bytes = 0
        self._unacknowledged: dict[int, list[Entry]] = {}
        self._sent = 0
        self._inline: Ingestor | None = None
        self._inline_archive: CaptureArchive | None = None
        # spawn, not fork: the parent holds a store connection, threads and (later) a reactor.
        context = multiprocessing.get_context("spawn")
        try:
            self._jobs: Any = context.Queue(maxsize=QUEUED_BATCHES)
            self._results: Any = context.Queue()
            self._process = context.Process(
                target=serve_indexing,
                args=(store_url, self.sources, spool_dir, archive, self._jobs, self._results),
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
        self._pending_articles += 1
        if self._pending_articles >= self.batch_size:
            self.flush()

    def archiver(self) -> ForwardingArchive:
        """What the crawl's WarcArchiveExtension hands its captures to (PRESSROOM_ARCHIVE_FORWARD)."""
        if self.archive is None:
            raise ValueError("this BackgroundIngestor was given no archive to write")
        return ForwardingArchive(self._add_archive_entry)

    def _add_archive_entry(self, entry: ArchiveEntry) -> None:
        if self._inline is not None:
            write_entry(self._archive_here(), entry)
            return
        self._pending.append(entry)
        if isinstance(entry, CaptureEntry):
            self._pending_bytes += len(entry.exchange.body)
            if self._pending_bytes >= BATCH_BYTES:
                self.flush()

    def flush(self) -> None:
        """Hand the pending entries to the indexing process (or store them here once it is gone)."""
        if self._inline is not None:
            self._inline.flush()
            return
        batch, self._pending = self._pending, []
        self._pending_articles = self._pending_bytes = 0
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
        if self._inline_archive is not None:
            self._inline_archive.close()
            self._inline_archive = None
        return self.outcome

    def _put(self, job: tuple[int, list[Entry]] | None) -> None:
        if job is not None and self._inline is None and self._jobs.full():
            self._enrich_here(job[1])  # instead of waiting for room
        while self._inline is None:
            try:
                self._jobs.put(job, timeout=POLL_SECONDS)
                return
            except queue.Full:
                self._collect(block=False)
                if not self._process.is_alive():
                    self._take_over(f"the indexing process exited with code {self._process.exitcode}")

    def _enrich_here(self, batch: list[Entry]) -> None:
        """Replace the batch's articles with their documents (in place: the batch is also the unacknowledged copy)."""
        for position, entry in enumerate(batch):
            if isinstance(entry, CrawledArticle):
                try:
                    batch[position] = build_document(entry, self.sources[entry.source_id])
                except Exception:  # left as it is: the indexing process fails and reports it as before
                    continue
                self.enriched_here += 1

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
            numbers, outcome, spooled = message
            for number in numbers:
                self._unacknowledged.pop(number, None)
            self.outcome.add(outcome)
            self.spooled += spooled

    def _take_over(self, reason: str) -> None:
        """Ingest every unacknowledged batch in this process and keep ingesting here from now on."""
        if self._inline is not None:
            return
        left = [entry for _, batch in sorted(self._unacknowledged.items()) for entry in batch]
        articles = sum(isinstance(entry, CrawledArticle | Document) for entry in left)
        logger.error("%s; storing its %d unacknowledged articles in the crawl process", reason, articles)
        self._unacknowledged.clear()
        if getattr(self, "_jobs", None) is not None:
            # What is still in the queue's pipe has no reader left: exiting must not wait to send it (the queue's
            # feeder thread would block on the full pipe forever). All of it is stored below, from `left`.
            self._jobs.cancel_join_thread()
        self._inline = Ingestor(store=self.store, sources=self.sources, spool_dir=self.spool_dir)
        for entry in [*left, *self._pending]:
            if isinstance(entry, CrawledArticle):
                self._inline.add(entry)
            elif isinstance(entry, Document):
                self._inline.add_document(entry)
            else:
                write_entry(self._archive_here(), entry, unless_indexed=True)
        self._pending = []

    def _archive_here(self) -> CaptureArchive:
        if self._inline_archive is None:
            assert self.archive is not None  # entries come only through archiver(), which requires it
            self._inline_archive = self.archive.open()
        return self._inline_archive


def serve_indexing(
    store_url: str,
    sources: Mapping[str, Source],
    spool_dir: Path | None,
    archive_target: ArchiveTarget | None,
    jobs: Any,
    results: Any,
) -> None:
    """The indexing process: archive and ingest each batch, acknowledge it once stored, stop at None."""
    # Ctrl-C, and a scheduler's SIGTERM, reach the whole process group; the crawl process shuts down
    # gracefully and stops this one by sending None once everything is handed over.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    # As in the CLI: the Elasticsearch client logs each retry with a traceback; StoreUnavailable says it once.
    logging.getLogger("elastic_transport").setLevel(logging.CRITICAL)
    store = open_store(store_url)
    # Batched: records and index rows are held until the archive's flush, just before each acknowledgement.
    archive = archive_target.open(batched=True) if archive_target else None
    ingestor = Ingestor(store=store, sources=sources, spool_dir=spool_dir)
    warm_up()  # while the crawl starts: its first batch would otherwise wait ~0.15 s for the tables
    try:
        with tuned_gc():  # as in the crawl process (crawler/gc_tuning.py)
            _serve_batches(jobs, results, ingestor, archive)
    finally:
        store.close()
        if archive is not None:
            archive.close()
        # The process ends here, and the crawl process waits for it (close): spare it the collection of the
        # whole heap at exit (pressroom.cli.run says why).
        gc.freeze()


def _serve_batches(jobs: Any, results: Any, ingestor: Ingestor, archive: CaptureArchive | None) -> None:
    """Archive and ingest each batch until None; store and acknowledge as `STORE_BATCH` says."""
    stored_after: list[int] = []  # batches handled since the last store call, acknowledged by the next one
    articles = 0
    while (job := _next_job(jobs)) is not None:
        number, entries = job
        for entry in entries:
            if isinstance(entry, CrawledArticle | Document):
                _ingest(ingestor, entry)
                articles += 1
            elif archive is not None:
                _archive(archive, entry)
        stored_after.append(number)
        # Store (and acknowledge) when nothing else is waiting, or once STORE_BATCH articles are held:
        # when indexing falls behind the crawl, its commits grow and get fewer (each one rewrites the
        # pages of the near-duplicate index it touches), and when it keeps up, nothing waits.
        if articles >= STORE_BATCH or jobs.empty():
            _store_and_acknowledge(ingestor, archive, results, stored_after)
            stored_after, articles = [], 0
    if stored_after:  # the end came while batches were held
        _store_and_acknowledge(ingestor, archive, results, stored_after)


def _store_and_acknowledge(
    ingestor: Ingestor, archive: CaptureArchive | None, results: Any, numbers: list[int]
) -> None:
    """Store what the batches `numbers` brought, make their archive entries durable, and say so to the crawl."""
    ingestor.flush()
    if archive is not None:
        archive.flush()
    results.put((numbers, ingestor.outcome, ingestor.spooled))
    ingestor.outcome, ingestor.spooled = UpsertOutcome(), 0


def _ingest(ingestor: Ingestor, article: CrawledArticle | Document) -> None:
    try:
        if isinstance(article, Document):
            ingestor.add_document(article)
        else:
            ingestor.add(article)
    except Exception as exc:  # one unreadable article must not stop the others
        logger.exception("cannot enrich %s", article.url)
        ingestor.outcome.failed += 1
        ingestor.outcome.errors.append(f"{article.url}: {type(exc).__name__}: {exc}")


def _archive(archive: CaptureArchive, entry: ArchiveEntry) -> None:
    try:
        write_entry(archive, entry)
    except Exception:  # as in the crawl process, where Scrapy logs a failing signal handler and goes on
        url = entry.exchange.url if isinstance(entry, CaptureEntry) else entry.url
        logger.exception("cannot archive %s", url)


def _next_job(jobs: Any) -> tuple[int, list[Entry]] | None:
    """The next batch; None at the end, or when the crawl process is gone (killed: no None will come)."""
    parent = multiprocessing.parent_process()
    while True:
        try:
            job: tuple[int, list[Entry]] | None = jobs.get(timeout=POLL_SECONDS)
            return job
        except queue.Empty:
            if parent is not None and not parent.is_alive():
                logger.error("the crawl process is gone; the indexing process stops")
                return None
