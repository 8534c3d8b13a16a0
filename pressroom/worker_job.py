"""Run one worker of distributed crawls: every running crawl's sources, fed by the shared frontier."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import secrets
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.utils.reactor import install_reactor

from crawler.distributed.connection import REDIS_ERRORS, RedisDown, RedisGate, shared_gate
from crawler.distributed.frontier import CrawlRecord, Frontier
from crawler.distributed.leases import lease_of
from crawler.distributed.spiders import CrawlState, frontier_spider
from crawler.distributed.stats import CountsSender
from crawler.gc_tuning import tuned_gc
from crawler.items import CrawledArticle
from crawler.settings import DEFAULT_SETTINGS, DISTRIBUTED_SETTINGS
from crawler.sources import Source, parse_sources
from crawler.spiders import SPIDER_FOR_KIND
from indexer.ingest import Ingestor
from indexer.store import DocumentStore, StoreError, StoreUnavailable

logger = logging.getLogger(__name__)
FLUSH_EVERY = 50
MAX_UNFLUSHED = 4 * FLUSH_EVERY  # pages held for a busy SQLite writer lock before waiting on it
# Once a worker's part of a crawl is idle, it looks whether the crawl is over now, then again after this many
# seconds, twice as long each time, up to the poll interval (Worker._idle).
FIRST_IDLE_RECHECK = 0.05


def new_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}-{secrets.token_hex(2)}"


@dataclass
class WorkerOptions:
    redis_url: str
    worker_id: str = field(default_factory=new_worker_id)
    only_sources: Mapping[str, Source] | None = None  # --sources: serve only these rows
    overrides: Mapping[str, Any] = field(default_factory=dict)
    exit_when_idle: bool = False
    store_lock: Path | None = None  # SQLite: serialise writers of several processes on one file
    store_shown: str = ""  # the --store URL, without its password: named in the crawl for other workers
    warc_dir: Path | None = None  # the archive of this worker's captures (none: not archived)


@contextmanager
def file_lock(path: Path | None, *, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on `path` (nothing to lock when None); yields False if busy and not `wait`."""
    if path is None:
        yield True
        return
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class LeasedWriter:
    """Stores a crawler's documents in batches; a page's lease completes only once its document is stored
    and the crawl's document counts (`documents/new`…) that include it have reached Redis.

    A counts update that fails (Redis unreachable) is kept and resent at the next flush, with or without
    new documents; until it is acknowledged the pages' leases stay open, so the crawl cannot finish (and
    `--wait` cannot print its summary) without those counts.
    """

    def __init__(self, store: DocumentStore, source: Source, frontier: Frontier, crawl_id: str, lock: Path | None):
        self.ingestor = Ingestor(store=store, sources={source.id: source}, batch_size=1_000_000)
        self.frontier, self.crawl_id, self.lock = frontier, crawl_id, lock
        self.waiting: list[Callable[[], None]] = []  # pages whose documents are not stored yet
        self.stored: list[Callable[[], None]] = []  # stored, their counts not yet acknowledged by Redis
        self.reported = {"new": 0, "updated": 0, "unchanged": 0, "failed": 0}  # handed to `counts`
        self.counts = CountsSender(frontier, crawl_id)

    @property
    def pending(self) -> bool:
        """Pages held here: not stored yet, or stored with counts Redis has not acknowledged."""
        return bool(self.waiting or self.stored)

    def add(self, article: CrawledArticle, done: Callable[[], None]) -> None:
        self.ingestor.add(article)
        self.waiting.append(done)
        if len(self.waiting) >= FLUSH_EVERY:
            # While another worker writes the shared SQLite file, keep crawling instead of blocking the
            # reactor on its lock; wait for it only once the batch has grown to MAX_UNFLUSHED.
            self.flush(wait=len(self.waiting) >= MAX_UNFLUSHED)

    def flush(self, *, wait: bool = True) -> None:
        """Store the batch, send the counts not yet acknowledged, then complete the pages' leases.

        Without `wait`, the batch is stored only if the store is free now (the counts are sent anyway).
        """
        if self.waiting:
            with file_lock(self.lock, wait=wait) as locked:
                if locked:
                    self.ingestor.flush()
                    self.stored += self.waiting
                    self.waiting = []
        if not self.send_counts():
            return
        done, self.stored = self.stored, []
        for callback in done:
            callback()

    def send_counts(self) -> bool:
        """Add to the crawl's stats what the store did since the last update; False if Redis has not taken all.

        A crawl Redis lost has nothing to count into (the documents are stored all the same).
        """
        outcome = self.ingestor.outcome
        now = {"new": outcome.new, "updated": outcome.updated, "unchanged": outcome.unchanged, "failed": outcome.failed}
        self.counts.add({f"documents/{k}": now[k] - self.reported[k] for k in now})
        self.reported = now
        return self.counts.send()


@dataclass
class RunningCrawler:
    crawler: Crawler
    writer: LeasedWriter
    state: CrawlState
    record: CrawlRecord
    responses_when_idle: int = -1  # responses it had received when it last went idle

    def is_idle(self) -> bool:
        """Nothing received since it last went idle, and nothing held unstored (whose leases are open)."""
        return self.responses_when_idle == _responses(self.crawler) and not self.writer.pending


class Heartbeat(threading.Thread):
    """Heartbeats from a thread of its own, so a busy reactor (startup, a slow store) is not taken for dead."""

    def __init__(self, frontier: Frontier, worker_id: str, timeout: float) -> None:
        super().__init__(name="pressroom-heartbeat", daemon=True)
        self.frontier, self.worker_id, self.timeout = frontier, worker_id, timeout
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(self.timeout / 4):
            with contextlib.suppress(*REDIS_ERRORS):
                self.frontier.heartbeat_direct(self.worker_id, self.timeout)


class Worker:
    """Polls the crawl registry, runs one Scrapy crawler per (crawl, source), heartbeats, reclaims."""

    def __init__(self, options: WorkerOptions, store: DocumentStore, frontier: Frontier, process: CrawlerProcess):
        self.options, self.store, self.frontier, self.process = options, store, frontier, process
        self.running: dict[tuple[str, str], RunningCrawler] = {}
        self.settings = process.settings
        self.poll = self.settings.getfloat("PRESSROOM_WORKER_POLL")
        self.lease_timeout = self.settings.getfloat("PRESSROOM_LEASE_TIMEOUT")
        self.stopping = False
        self.served: set[str] = set()
        self.lost: set[str] = set()  # crawls whose record Redis lost while this worker served them
        self.announced: set[tuple[str, str]] = set()  # (crawl, source) recorded in the crawl's served set
        self.heartbeat = Heartbeat(frontier, options.worker_id, self.lease_timeout)
        self.rechecks: dict[str, Any] = {}  # crawl id -> the next look at it (a Twisted DelayedCall)
        self.store_identity: str | None = None  # read from the store when it first answers
        self.store_unreachable = False  # said that the store does not answer
        self.writes_here: dict[str, bool] = {}  # crawl id -> its documents go into this worker's store

    def tick(self) -> None:
        if self.stopping:
            return
        try:
            self._tick()
        except Exception:
            # A LoopingCall stops at its first exception; the worker must keep serving.
            logger.exception("worker tick failed")

    def _tick(self) -> None:
        for running in list(self.running.values()):
            self._flush(running, wait=False)
        try:
            self.frontier.heartbeat(self.options.worker_id, self.lease_timeout)
            if self.heartbeat.ident is None:
                self.heartbeat.start()
            for worker, moved in self.frontier.reclaim_dead_workers().items():
                if moved:
                    logger.warning("worker %s stopped heartbeating: %d requests re-queued", worker, moved)
            crawls = self.frontier.active_crawls()
        except RedisDown:
            return
        active = {record.crawl_id for record in crawls}
        try:
            self._stop_lost_crawls({crawl_id for crawl_id, _ in self.running} - active)
        except RedisDown:
            return
        for (crawl_id, _), running in self.running.items():
            running.state.finished = crawl_id not in active
        for record in crawls:
            try:
                if not self._writes_here(record):
                    continue
            except RedisDown:
                return
            for source in self._sources(record):
                if (record.crawl_id, source.id) not in self.running:
                    self._start(record, source)
            try:
                self._announce(record.crawl_id)
                finished = self.frontier.try_finish(record)
            except RedisDown:
                return
            if finished:  # close its spiders now (nudged below) rather than at the next poll
                for (crawl_id, _), running in self.running.items():
                    running.state.finished = running.state.finished or crawl_id == record.crawl_id
        for running in self.running.values():
            _nudge(running.crawler)
        if self.options.exit_when_idle and not crawls and not self.running:
            self.shutdown("no crawl left")

    def _writes_here(self, record: CrawlRecord) -> bool:
        """Whether the crawl's documents go into this worker's store; the first worker to serve a crawl names
        its store. A worker whose --store is another (another SQLite file, another cluster) would split the crawl's
        documents between stores: it does not serve that crawl, and says so once."""
        if record.crawl_id in self.writes_here:
            return self.writes_here[record.crawl_id]
        if self.store_identity is None:
            try:
                self.store_identity = self.store.identity()
            except StoreUnavailable as exc:  # unreachable for now: no crawl is served until it answers
                if not self.store_unreachable:  # once, not at every poll for every crawl
                    logger.warning("cannot read the store's identity (%s); serving no crawl until it answers", exc)
                    self.store_unreachable = True
                return False
            except StoreError as exc:  # refused (an Elasticsearch user without cluster:monitor/state, say)
                logger.warning(
                    "cannot read the store's identity (%s): serving crawls without checking that their other workers"
                    " write into this store",
                    exc,
                )
                self.store_identity = ""
        if not self.store_identity:
            self.writes_here[record.crawl_id] = True
            return True
        claimed = self.frontier.claim_store(record.crawl_id, self.store_identity, self.options.store_shown)
        if claimed is None:
            return False  # gone: _stop_lost_crawls says so
        identity, shown = claimed
        here = self.writes_here[record.crawl_id] = identity == self.store_identity
        if not here:
            logger.error(
                "crawl %s stores its documents into %s, and this worker's --store (%s) is another store: not serving"
                " it (start this worker with --store %s to help it)",
                record.crawl_id, shown or identity, self.options.store_shown, shown or "that store",
            )  # fmt: skip
        return here

    def _stop_lost_crawls(self, crawl_ids: set[str]) -> None:
        """Stop serving crawls whose record Redis no longer has (it restarted empty): say so once, and drop
        what this worker would still send for them, which would recreate their keys with no crawl record."""
        for crawl_id in sorted(crawl_ids - self.lost):
            if self.frontier.crawl_state(crawl_id) is None:  # else finished or cancelled: closes as usual
                self._lost(crawl_id)

    def _lost(self, crawl_id: str) -> None:
        if crawl_id not in self.lost:
            self.lost.add(crawl_id)
            logger.error("crawl %s is no longer in Redis (Redis lost its data?); stopping it", crawl_id)
        for running in self._crawlers_of(crawl_id):
            running.state.finished = True
            scheduler = getattr(running.crawler.spider, "frontier_scheduler", None)
            if scheduler is not None:
                scheduler.forget_crawl()

    def _announce(self, crawl_id: str) -> None:
        """Say in Redis which sources of the crawl this worker serves: `crawl --wait` and `pressroom crawls`
        warn about queued requests of a source no live worker serves (not in any worker's --sources)."""
        new = [key for key in self.running if key[0] == crawl_id and key not in self.announced]
        if new:
            self.frontier.announce_served(crawl_id, self.options.worker_id, [source_id for _, source_id in new])
            self.announced.update(new)

    def _sources(self, record: CrawlRecord) -> list[Source]:
        rows = parse_sources(record.sources, f"crawl {record.crawl_id}")
        if self.options.only_sources is None:
            return rows
        return [self.options.only_sources[s.id] for s in rows if s.id in self.options.only_sources]

    def _start(self, record: CrawlRecord, source: Source) -> None:
        settings = self.settings.copy()
        settings.setdict(record.settings, priority="spider")
        settings.setdict(dict(self.options.overrides), priority="cmdline")
        settings.setdict(
            {
                "PRESSROOM_CRAWL_ID": record.crawl_id,
                "PRESSROOM_SOURCE_ID": source.id,
                "PRESSROOM_WORKER_ID": self.options.worker_id,
            },
            priority="cmdline",
        )
        crawler = Crawler(frontier_spider(SPIDER_FOR_KIND[source.kind]), settings)  # type: ignore[arg-type]
        writer = LeasedWriter(self.store, source, self.frontier, record.crawl_id, self.options.store_lock)
        running = RunningCrawler(crawler, writer, CrawlState(), record)
        key = (record.crawl_id, source.id)
        # Connected before the spider exists, so this runs before its own spider_idle handler (keep_open).
        crawler.signals.connect(lambda **_: self._idle(key), signal=signals.spider_idle, weak=False)
        crawler.signals.connect(_ingest(writer), signal=signals.item_scraped, weak=False)
        crawler.signals.connect(_item_gone, signal=signals.item_dropped)
        crawler.signals.connect(_item_gone, signal=signals.item_error)
        crawler.signals.connect(lambda **_: self._closed(key), signal=signals.spider_closed, weak=False)
        self.running[key] = running
        self.served.add(record.crawl_id)
        started = self.process.crawl(crawler, source=source, crawl_state=running.state)
        started.addErrback(self._failed, key, running)
        logger.info("serving crawl %s, source %s", record.crawl_id, source.id)

    def _idle(self, key: tuple[str, str]) -> None:
        """A crawler has nothing to do: store what it holds; if it was the last of its crawl here, look now.

        Without this, the end of a crawl waited for polls: the last pages' leases completed at one, the crawl
        finished at the next, and the other workers learned of it at theirs. Now a worker whose part of a
        crawl has gone idle tries to finish the crawl at once, so the worker that stores the last pages
        finishes it and closes its spiders (keep_open, which runs after this, lets them close). While its
        part stays idle it looks again (`_look`); the others see the end within a fraction of a second.
        Looks are per crawl, not per crawler: a crawl of hundreds of sources costs one look at a time.
        """
        running = self.running.get(key)
        if running is None or running.state.finished or self.stopping:
            return
        self._flush(running, wait=False)
        if running.writer.waiting:  # another worker holds the SQLite file: try again soon, not at the poll
            from twisted.internet import reactor

            reactor.callLater(FIRST_IDLE_RECHECK, _nudge, running.crawler)  # type: ignore[attr-defined,arg-type]
            return
        worked = running.responses_when_idle != _responses(running.crawler)
        running.responses_when_idle = _responses(running.crawler)
        crawlers = self._crawlers_of(key[0])
        # Idle again without work since (a look's own nudge): the look already under way goes on.
        if worked and all(other.is_idle() for other in crawlers):
            self._look(key[0], FIRST_IDLE_RECHECK)

    def _look(self, crawl_id: str, delay: float) -> None:
        """Finish the crawl if it is over; else, while this worker's part stays idle, look again after `delay`.

        Each look also nudges the crawl's crawlers to take requests other workers have queued meanwhile.
        """
        if (pending := self.rechecks.pop(crawl_id, None)) is not None and pending.active():
            pending.cancel()
        crawlers = self._crawlers_of(crawl_id)
        if not crawlers or self.stopping or not all(running.is_idle() for running in crawlers):
            return
        try:
            over = self.frontier.try_finish(crawlers[0].record)
            state = None if over else self.frontier.crawl_state(crawl_id)
        except RedisDown:
            return  # the poll looks again
        if not over and state is None:
            self._lost(crawl_id)
            over = True
        over = over or state != "running"
        for running in crawlers:
            running.state.finished = running.state.finished or over
            _nudge(running.crawler)
        if not over:
            from twisted.internet import reactor

            later = min(delay * 2, self.poll)
            self.rechecks[crawl_id] = reactor.callLater(delay, self._look, crawl_id, later)  # type: ignore[attr-defined,arg-type]

    def _crawlers_of(self, crawl_id: str) -> list[RunningCrawler]:
        return [running for (crawl, _), running in self.running.items() if crawl == crawl_id]

    def _failed(self, failure: Any, key: tuple[str, str], running: RunningCrawler) -> None:
        """A crawler that could not start (or died) is dropped; the next poll starts another if still needed.

        Kept, it would stand in `running` for good: the worker neither served that crawl nor ever exited.
        """
        logger.error("crawl %s, source %s failed: %s", key[0], key[1], failure.getErrorMessage())
        if self.running.get(key) is running:
            self._closed(key)

    def _flush(self, running: RunningCrawler, *, wait: bool = True) -> None:
        running.writer.flush(wait=wait)
        spider = running.crawler.spider
        scheduler = getattr(spider, "frontier_scheduler", None)
        if scheduler is not None:
            scheduler.flush()
        flush_stats = getattr(running.crawler.stats, "flush", None)
        if flush_stats is not None:
            flush_stats()

    def _closed(self, key: tuple[str, str]) -> None:
        running = self.running.pop(key, None)
        if running is not None:
            self._flush(running)
        if self.options.exit_when_idle and not self.running:
            from twisted.internet import reactor

            # Exit now if no crawl is left, not at the next poll.
            reactor.callLater(0, self.tick)  # type: ignore[attr-defined,arg-type]

    def shutdown(self, reason: str) -> None:
        """Stop every crawler gracefully (in-flight pages finish), return unfinished leases, stop."""
        if self.stopping:
            return
        self.stopping = True
        self.heartbeat.stopped.set()
        logger.warning("worker %s stopping: %s", self.options.worker_id, reason)
        from twisted.internet import reactor

        def release(_: Any) -> None:
            for running in list(self.running.values()):
                self._flush(running)
            try:
                moved = self.frontier.release(self.options.worker_id)
                if moved:
                    logger.warning("returned %d unfinished requests to the frontier", moved)
            except RedisDown:
                logger.warning("Redis unreachable: leases left for other workers to reclaim")
            reactor.stop()  # type: ignore[attr-defined,misc]

        self.process.stop().addBoth(release)


def _ingest(writer: LeasedWriter) -> Callable[..., None]:
    def ingest(item: Any, response: Any = None, spider: Any = None, **_: Any) -> None:
        book, lease = getattr(spider, "lease_book", None), lease_of(response)
        done = (lambda: book.done_pending(lease)) if book is not None and lease is not None else (lambda: None)
        if isinstance(item, CrawledArticle):
            writer.add(item, done)
        else:
            done()

    return ingest


def _item_gone(item: Any = None, response: Any = None, spider: Any = None, **_: Any) -> None:
    book, lease = getattr(spider, "lease_book", None), lease_of(response)
    if book is not None and lease is not None:
        book.done_pending(lease)


def _responses(crawler: Crawler) -> int:
    return int(crawler.stats.get_value("response_received_count", 0)) if crawler.stats is not None else 0


def _nudge(crawler: Crawler) -> None:
    """Ask an idle engine to look at its queue now rather than at its next 5 s heartbeat.

    Other workers fill this worker's queues; Scrapy has no public call for "new requests may be there".
    """
    slot = getattr(crawler.engine, "_slot", None) if crawler.engine else None
    nextcall = getattr(slot, "nextcall", None)
    if nextcall is not None:
        nextcall.schedule()


def worker_settings(overrides: Mapping[str, Any], redis_url: str) -> Settings:
    settings = Settings()
    settings.setdict(DEFAULT_SETTINGS, priority="project")
    settings.setdict(DISTRIBUTED_SETTINGS, priority="project")
    settings.setdict({"PRESSROOM_REDIS_URL": redis_url}, priority="cmdline")
    settings.setdict(dict(overrides), priority="cmdline")
    return settings


def run_worker(options: WorkerOptions, store: DocumentStore, gate: RedisGate) -> int:
    """Serve crawls until stopped (SIGTERM/SIGINT: graceful; twice: at once) or, with exit_when_idle,
    until no crawl is running. Blocks; once per process (Twisted's reactor)."""
    gate.wait()
    frontier = Frontier(gate)
    from pressroom.archive_job import archive_settings

    # Captures are archived as a local crawl's are; -s overrides still win.
    settings = worker_settings({**archive_settings(store, options.warc_dir), **options.overrides}, options.redis_url)
    # Crawlers are built here, not by CrawlerProcess.create_crawler, so the reactor is ours to install.
    install_reactor(settings["TWISTED_REACTOR"])
    process = CrawlerProcess(settings)
    worker = Worker(options, store, frontier, process)
    from twisted.internet import reactor, task

    def on_signal(signum: int, _: Any) -> None:
        if worker.stopping:
            os._exit(128 + signum)  # second signal: leave at once, leases are reclaimed by others
        reactor.callFromThread(worker.shutdown, signal.Signals(signum).name)  # type: ignore[attr-defined]

    loop = task.LoopingCall(worker.tick)
    reactor.callWhenRunning(lambda: loop.start(worker.poll, now=True))  # type: ignore[attr-defined]
    reactor.callWhenRunning(lambda: [signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)])  # type: ignore[attr-defined]
    print(f"pressroom worker {options.worker_id}: serving crawls from {options.redis_url}", file=sys.stderr, flush=True)
    with tuned_gc():  # crawler/gc_tuning.py
        process.start(stop_after_crawl=False, install_signal_handlers=False)
    print(
        f"pressroom worker {options.worker_id}: stopped; served crawls: {', '.join(sorted(worker.served)) or 'none'}",
        file=sys.stderr,
        flush=True,
    )
    return 0


def redis_url(given: str | None) -> str:
    """--redis, else PRESSROOM_REDIS, else a local Redis; UsageError when it is not a Redis URL."""
    from pressroom.cli import checked_redis_url

    if given:
        return checked_redis_url(given)
    if os.environ.get("PRESSROOM_REDIS"):
        return checked_redis_url(os.environ["PRESSROOM_REDIS"], "PRESSROOM_REDIS")
    return "redis://127.0.0.1:6379/0"


def start_worker(
    url: str,
    store_url: str,
    only: Mapping[str, Source] | None,
    overrides: Mapping[str, Any],
    exit_when_idle: bool,
    warc_dir: Path | None = None,
) -> int:
    """The `pressroom worker` command: open the store, wait for Redis, serve crawls."""
    from indexer.store import open_store, shown_url, sqlite_path

    lock = None
    if store_url.startswith("sqlite:"):
        path = sqlite_path(store_url)
        path.parent.mkdir(parents=True, exist_ok=True)
        lock = path.with_name(path.name + ".write-lock")
    store = open_store(store_url)
    gate = shared_gate(url, who="pressroom worker")
    options = WorkerOptions(
        url,
        only_sources=only,
        overrides=overrides,
        exit_when_idle=exit_when_idle,
        store_lock=lock,
        store_shown=shown_url(store_url),
        warc_dir=warc_dir,
    )
    try:
        return run_worker(options, store, gate)
    finally:
        store.close()
