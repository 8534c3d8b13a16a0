"""Run a crawl of some sources into a store with Scrapy, and summarise what happened."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from twisted.python.failure import Failure

from crawler.gc_tuning import tuned_gc
from crawler.items import CrawledArticle
from crawler.middlewares.pages_ok import PAGES_OK_STAT
from crawler.settings import DEFAULT_SETTINGS
from crawler.sources import Source
from crawler.spiders import SPIDER_FOR_KIND
from indexer.ingest import Ingestor
from indexer.ingest_process import ArchiveTarget, BackgroundIngestor
from indexer.store import DocumentStore
from pressroom.cli import CommandFailed

# A failed request is counted once, by kind, by the spider's errback (crawler/middlewares/errors.py). Scrapy's
# own downloader/exception_type_count counts every attempt (retries too) and every IgnoreRequest (an article
# still fresh in the archive), so it is not read. A callback that raised counts once as spider_error.
ERROR_STAT_PREFIX = "pressroom/errors/"
SPIDER_ERRORS_STAT = "spider_exceptions/count"


@dataclass
class CrawlSummary:
    """What a crawl did, for the operator: pages, documents by outcome, errors by kind."""

    pages_fetched: int = 0  # responses of any status, retries included
    pages_ok: int = 0  # responses a spider could read (they reached a callback)
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0
    spooled: int = 0
    robots_forbidden: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    def to_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "errors": dict(self.errors)}

    def error_counts(self) -> str:
        """Errors by kind as the summary prints them: "connection_refused 12, http_500 3", or "none"."""
        return ", ".join(f"{kind} {count}" for kind, count in sorted(self.errors.items())) or "none"

    def nothing_fetched(self) -> str | None:
        """Why the crawl failed as a whole when no page could be fetched at all, else None.

        Requests failed and not one page answered usably, nor was any stored article found unchanged (304 or
        still fresh). A crawl where some pages failed and others were read, a re-crawl where everything was
        unchanged, a source whose pages answered with no article in them, and one whose every request robots.txt
        refused are not failures (docs/operations.md).
        """
        failed = sum(self.errors.values())
        if not failed or self.pages_ok or self.new or self.updated or self.unchanged:
            return None
        return f"nothing fetched: {failed} request{'' if failed == 1 else 's'} failed ({self.error_counts()})"

    def lines(self) -> list[str]:
        errors = self.error_counts()
        lines = [
            f"pages fetched: {self.pages_fetched}",
            f"documents: {self.new} new, {self.updated} updated, {self.unchanged} unchanged, {self.failed} failed",
            f"errors: {errors}",
        ]
        if self.robots_forbidden:
            lines.append(f"skipped by robots.txt: {self.robots_forbidden}")
        if self.spooled:
            lines.append(f"spooled for a later load (store unavailable): {self.spooled}")
        return lines


class ProgressLine:
    """A single self-rewriting status line on a terminal; silent when output is not a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.enabled = stream.isatty()
        self.pages = 0
        self.articles = 0

    def on_response(self, **_: Any) -> None:
        self.pages += 1
        self._draw()

    def on_item(self, **_: Any) -> None:
        self.articles += 1
        self._draw()

    def _draw(self) -> None:
        if self.enabled:
            self.stream.write(f"\rcrawling: {self.pages} pages fetched, {self.articles} articles")
            self.stream.flush()

    def finish(self) -> None:
        if self.enabled and (self.pages or self.articles):
            self.stream.write("\n")


def scrapy_settings(overrides: Mapping[str, Any]) -> Settings:
    settings = Settings()
    settings.setdict(DEFAULT_SETTINGS, priority="project")
    for name, value in overrides.items():
        try:
            settings.set(name, value, priority="cmdline")
        except ValueError as exc:  # a dict setting (ITEM_PIPELINES…) given text that is not JSON
            raise CrawlStartError(f"setting {name}={value!r}: {exc}") from None
    return settings


def run_crawl(
    sources: Sequence[Source],
    store: DocumentStore,
    *,
    overrides: Mapping[str, Any] | None = None,
    spool_dir: Path | None = None,
    progress: TextIO = sys.stderr,
    warc_dir: Path | None = None,
    store_url: str | None = None,
) -> CrawlSummary:
    """Crawl the sources in this process (blocks until done; once per process: Twisted's reactor).

    With `store_url` (and PRESSROOM_BACKGROUND_INDEXING on, the default), articles are enriched and stored
    by an indexing process beside the crawl (indexer/ingest_process.py); otherwise here, between callbacks.
    """
    from pressroom.archive_job import archive_settings, archive_unchanged

    # The archive (WARC + incremental re-crawls) when warc_dir is given; -s overrides still win.
    settings = scrapy_settings({**archive_settings(store, warc_dir), **(overrides or {})})
    check_archive(settings)
    by_id = {s.id: s for s in sources}
    ingestor: Ingestor | BackgroundIngestor
    if store_url and _setting(settings, "PRESSROOM_BACKGROUND_INDEXING", settings.getbool):
        warc = settings.get("PRESSROOM_WARC_DIR")
        archive = ArchiveTarget(Path(warc), settings.getint("PRESSROOM_WARC_MAX_BYTES")) if warc else None
        ingestor = BackgroundIngestor(store, store_url, by_id, spool_dir, archive=archive)
        if archive:  # the indexing process writes the archive too; the crawl only names each capture
            settings.set("PRESSROOM_ARCHIVE_FORWARD", ingestor.archiver())
    else:
        ingestor = Ingestor(store=store, sources=by_id, spool_dir=spool_dir)
    process = CrawlerProcess(settings)
    line = ProgressLine(progress)
    crawlers: list[Crawler] = []
    not_started: list[str] = []
    for source in sources:
        crawler = process.create_crawler(SPIDER_FOR_KIND[source.kind])
        if line.enabled:  # two fewer receivers per page when nothing is drawn (output not a terminal)
            crawler.signals.connect(line.on_response, signal=signals.response_received)
            crawler.signals.connect(line.on_item, signal=signals.item_scraped)
        # The indexer is attached by signal, not as an item pipeline: crawler/ stays free of indexer
        # imports, and Scrapy deep-copies settings, which an open store cannot survive.
        # weak=False: the dispatcher would otherwise drop this closure as soon as it is connected.
        crawler.signals.connect(_ingest_item(ingestor), signal=signals.item_scraped, weak=False)
        crawler.signals.connect(ingestor.flush, signal=signals.spider_closed)
        crawlers.append(crawler)
        # A crawler that cannot start (a bad -s value, a broken component) fails this Deferred, and
        # Scrapy says nothing: without this the crawl would report "0 pages, errors: none".
        process.crawl(crawler, source=source).addErrback(_note_failure, source.id, not_started)
    with tuned_gc():  # crawler/gc_tuning.py: ~6% of the crawl process's CPU went to the cyclic GC
        process.start()
    line.finish()
    ingestor.close()
    if not_started:
        raise CrawlStartError("; ".join(not_started))
    summary = summarise(crawlers, ingestor)
    summary.unchanged += archive_unchanged(crawlers)  # stored articles not re-read: 304 or still fresh
    return summary


class CrawlStartError(CommandFailed):
    """A crawl that could not start: a setting Scrapy cannot read, an unusable archive directory."""


def _setting(settings: Settings, name: str, read: Callable[[str], Any]) -> Any:
    try:
        return read(name)
    except (TypeError, ValueError) as exc:
        raise CrawlStartError(f"setting {name}={settings.get(name)!r}: {exc}") from None


def check_archive(settings: Settings) -> None:
    """Refuse an archive directory that cannot be used before anything starts (it would fail in a child)."""
    from crawler.archive.capture_index import CaptureIndex, CaptureIndexError

    warc = settings.get("PRESSROOM_WARC_DIR")
    if not warc:
        return
    _setting(settings, "PRESSROOM_WARC_MAX_BYTES", settings.getint)
    try:
        CaptureIndex(Path(warc)).close()
    except CaptureIndexError as exc:
        raise CrawlStartError(str(exc)) from None


def _note_failure(failure: Failure, source_id: str, not_started: list[str]) -> None:
    error = failure.value
    reason = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    not_started.append(f"the crawl of {source_id} could not start ({reason}); check the -s settings")


def _ingest_item(ingestor: Ingestor | BackgroundIngestor) -> Any:
    def ingest(item: Any, **_: Any) -> None:
        if isinstance(item, CrawledArticle):
            ingestor.add(item)

    return ingest


def summarise(crawlers: Sequence[Crawler], ingestor: Ingestor | BackgroundIngestor) -> CrawlSummary:
    summary = CrawlSummary(
        new=ingestor.outcome.new,
        updated=ingestor.outcome.updated,
        unchanged=ingestor.outcome.unchanged,
        failed=ingestor.outcome.failed,
        spooled=ingestor.spooled,
    )
    for crawler in crawlers:
        add_scrapy_stats(summary, crawler.stats.get_stats() if crawler.stats else {})
    if ingestor.outcome.failed:
        summary.errors["store"] += ingestor.outcome.failed
    return summary


def add_scrapy_stats(summary: CrawlSummary, stats: Mapping[str, Any]) -> None:
    """Pages, robots refusals and errors by kind from one crawler's (or a distributed crawl's) stats."""
    summary.pages_fetched += int(stats.get("downloader/response_count", 0))
    summary.pages_ok += int(stats.get(PAGES_OK_STAT, 0))
    summary.robots_forbidden += int(stats.get("robotstxt/forbidden", 0))
    for key, value in stats.items():
        if key.startswith(ERROR_STAT_PREFIX):
            summary.errors[key.removeprefix(ERROR_STAT_PREFIX)] += int(value)
    if stats.get(SPIDER_ERRORS_STAT):
        summary.errors["spider_error"] += int(stats[SPIDER_ERRORS_STAT])


def summary_from_shared_stats(stats: Mapping[str, int]) -> CrawlSummary:
    """The summary of a distributed crawl from the counters its workers summed in Redis."""
    from pressroom.archive_job import ARCHIVE_UNCHANGED_STATS

    # Unchanged: documents stored again unchanged, and stored articles not read again (304 or still fresh),
    # as a local crawl counts them (archive_unchanged).
    not_reread = sum(int(stats.get(key, 0)) for key in ARCHIVE_UNCHANGED_STATS)
    summary = CrawlSummary(
        new=stats.get("documents/new", 0),
        updated=stats.get("documents/updated", 0),
        unchanged=stats.get("documents/unchanged", 0) + not_reread,
        failed=stats.get("documents/failed", 0),
    )
    add_scrapy_stats(summary, stats)
    if summary.failed:
        summary.errors["store"] += summary.failed
    return summary
