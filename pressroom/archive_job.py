"""The archive's jobs: settings that switch it on for a crawl, and `pressroom archive rebuild` (store from WARCs).

A rebuild replays each archived article through the spider's own parse code (extract_article, attachments)
and the indexer's enrichment, in capture order, with no network: the WARC files are the only input.
"""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from twisted.python.failure import Failure

from crawler.archive.capture_index import INDEX_FILE, Capture, CaptureIndex, CaptureIndexError
from crawler.archive.reader import ArchivedRecord, ScanTally, read_record_at, scan_warc, warc_files
from crawler.archive.timestamps import parse_warc_date, to_iso
from crawler.items import CrawledArticle
from crawler.sources import Source, load_sources
from crawler.spiders import SPIDER_FOR_KIND
from indexer.document import document_id
from indexer.ingest import Ingestor
from indexer.search_model import UpsertOutcome
from indexer.store import DocumentStore, StoreError, open_store
from pressroom.cli import CommandFailed

logger = logging.getLogger(__name__)

DEFAULT_WARC_DIR = Path("var/warc")
ARCHIVE_UNCHANGED_STATS = ("pressroom/archive/not_modified", "pressroom/archive/fresh")
# Headers of the wire that no longer describe a payload the reader has already decoded.
DECODED_HEADERS = {b"content-encoding", b"transfer-encoding", b"content-length"}
MAX_REPLAY_STEPS = 50  # requests one archived article may make (its attachments)


@lru_cache(maxsize=8192)
def cached_document_id(url: str) -> str:
    """document_id(url), remembered: a crawl asks for it up to three times per page (when the request is
    scheduled, when it is downloaded, when the article is archived); ~0.03 ms each. Same value, bounded memory."""
    return document_id(url)


def archive_settings(store: DocumentStore, warc_dir: Path | None) -> dict[str, Any]:
    """Scrapy settings that archive a crawl into `warc_dir` and make it incremental against `store`."""
    if warc_dir is None:
        return {}

    # Asked twice for each article link (when it is scheduled and when it is fetched); the answer cannot
    # change in between in a way that matters: the crawl fetches a URL once.
    @lru_cache(maxsize=8192)
    def known_document(url: str) -> bool:
        try:
            return store.contains(cached_document_id(url))
        except StoreError:
            return False  # when in doubt, fetch

    return {
        "PRESSROOM_WARC_DIR": str(warc_dir),
        # A function or its dotted name (scrapy's load_object returns a callable as it is).
        "PRESSROOM_ARCHIVE_DOCUMENT_ID": cached_document_id,
        "PRESSROOM_KNOWN_DOCUMENT": known_document,
    }


def archive_unchanged(crawlers: Sequence[Crawler]) -> int:
    """Stored articles a crawl did not need to read again: 304 Not Modified, or captured too recently."""
    total = 0
    for crawler in crawlers:
        stats = crawler.stats.get_stats() if crawler.stats else {}
        total += sum(int(stats.get(key, 0)) for key in ARCHIVE_UNCHANGED_STATS)
    return total


# -- rebuild ------------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    """What a rebuild read and restored."""

    tally: ScanTally = field(default_factory=ScanTally)
    articles: int = 0
    captures_indexed: int = 0
    outcome: UpsertOutcome = field(default_factory=UpsertOutcome)
    skipped: dict[str, int] = field(default_factory=dict)
    damaged_index_moved_to: Path | None = None

    def skip(self, reason: str) -> None:
        self.skipped[reason] = self.skipped.get(reason, 0) + 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "warc_files": self.tally.files,
            "records": self.tally.records,
            "bad_records": self.tally.bad_records,
            "problems": self.tally.problems[:20],
            "articles": self.articles,
            "captures_indexed": self.captures_indexed,
            "new": self.outcome.new,
            "updated": self.outcome.updated,
            "unchanged": self.outcome.unchanged,
            "failed": self.outcome.failed,
            "skipped": self.skipped,
            "damaged_index_moved_to": str(self.damaged_index_moved_to) if self.damaged_index_moved_to else None,
        }

    def lines(self) -> list[str]:
        data = self.to_dict()
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(self.skipped.items())) or "none"
        lines = (
            [f"the capture index was damaged: moved aside to {self.damaged_index_moved_to}, and recreated"]
            if self.damaged_index_moved_to
            else []
        )
        return [
            *lines,
            f"WARC files: {data['warc_files']}, records read: {data['records']}, "
            f"damaged records skipped: {data['bad_records']}",
            f"articles replayed: {data['articles']}, captures indexed: {data['captures_indexed']}",
            f"documents: {data['new']} new, {data['updated']} updated, {data['unchanged']} unchanged, "
            f"{data['failed']} failed",
            f"articles skipped: {skipped}",
        ]


@dataclass
class ArchiveCatalogue:
    """Pass one over the WARC files: where every response is, every revisit, every article's metadata."""

    locations: dict[str, tuple[Path, int, int]] = field(default_factory=dict)  # id -> (file, offset, length)
    by_digest: dict[tuple[str, str], str] = field(default_factory=dict)  # (url, digest) -> response id
    captures: dict[str, list[ArchivedRecord]] = field(default_factory=dict)  # url -> responses and revisits
    articles: list[tuple[ArchivedRecord, dict[str, Any]]] = field(default_factory=list)

    def add(self, path: Path, record: ArchivedRecord) -> None:
        if record.kind == "response":
            self.locations[record.record_id] = (path, record.offset, record.length)
            digest = record.warc_headers.get("WARC-Payload-Digest", "")
            self.by_digest[(record.url, digest)] = record.record_id
        if record.kind in ("response", "revisit"):
            self.captures.setdefault(record.url, []).append(record)
        elif record.kind == "metadata" and record.payload:
            try:
                data = json.loads(record.payload)
            except ValueError:
                return
            if isinstance(data, dict) and data.get("source_id"):
                self.articles.append((record, data))

    def payload_record(self, record: ArchivedRecord) -> tuple[Path, int, int] | None:
        """Where the payload of a response or revisit is (a revisit points at the response it repeats)."""
        if record.kind == "response":
            return self.locations.get(record.record_id)
        refers = record.warc_headers.get("WARC-Refers-To-Target-URI", record.url)
        original = self.by_digest.get((refers, record.warc_headers.get("WARC-Payload-Digest", "")))
        return self.locations.get(original) if original else None

    def capture_for(self, url: str, before: str) -> ArchivedRecord | None:
        """The newest capture of a URL made at or before a WARC-Date (attachments of an article)."""
        moment = parse_warc_date(before)
        older = [r for r in self.captures.get(url, []) if parse_warc_date(r.date) <= moment]
        return max(older, key=lambda r: parse_warc_date(r.date)) if older else None


def catalogue_archive(warc_dir: Path, tally: ScanTally) -> ArchiveCatalogue:
    catalogue = ArchiveCatalogue()
    for path in warc_files(warc_dir):
        for record in scan_warc(path, tally, payload_kinds=frozenset({"metadata"})):
            catalogue.add(path, record)
    return catalogue


def reindex_captures(catalogue: ArchiveCatalogue, index: CaptureIndex) -> int:
    """Restore the capture index (the CDX lookup) from the catalogue."""
    count = 0
    for records in catalogue.captures.values():
        for record in sorted(records, key=lambda r: parse_warc_date(r.date)):
            location = catalogue.payload_record(record)
            if location is None or record.status == 0:
                continue
            index.add(
                Capture(
                    record_id=record.record_id,
                    url=record.url,
                    captured_at=to_iso(parse_warc_date(record.date)),
                    record_type=record.kind,
                    status=record.status if record.status != 304 else 200,
                    mime=record.http_header("Content-Type") or "",
                    digest=record.warc_headers.get("WARC-Payload-Digest", ""),
                    etag=record.http_header("ETag"),
                    last_modified=record.http_header("Last-Modified"),
                    file=record.file,
                    offset=record.offset,
                    length=record.length,
                    payload_file=location[0].name,
                    payload_offset=location[1],
                    payload_length=location[2],
                )
            )
            count += 1
    for _, data in catalogue.articles:
        capture_id = data.get("capture_id")
        if capture_id:
            index.link_document(capture_id, data.get("document_id"), data.get("source_id"))
    return count


def open_or_recreate_index(warc_dir: Path) -> tuple[CaptureIndex, Path | None]:
    """The capture index, or a new one when it is damaged: it is derived data, the old file is moved aside."""
    try:
        return CaptureIndex(warc_dir), None
    except CaptureIndexError:
        damaged = warc_dir / INDEX_FILE
        if not damaged.is_file():
            raise
    aside = warc_dir / f"{INDEX_FILE}.damaged-{datetime.now(UTC):%Y%m%dT%H%M%S}"
    for suffix in ("", "-wal", "-shm"):  # the WAL of a damaged file belongs to it, not to the new one
        companion = Path(f"{damaged}{suffix}")
        if companion.exists():
            companion.rename(Path(f"{aside}{suffix}"))
    logger.warning("capture index %s is damaged: moved aside to %s", damaged, aside)
    return CaptureIndex(warc_dir), aside


def rebuild_store(
    warc_dir: Path, store: DocumentStore, sources: Mapping[str, Source], *, reindex: bool = True
) -> RebuildReport:
    """Rebuild every archived article into `store` (and the capture index), oldest capture first."""
    report = RebuildReport()
    catalogue = catalogue_archive(warc_dir, report.tally)
    if reindex:
        index, report.damaged_index_moved_to = open_or_recreate_index(warc_dir)
        try:
            report.captures_indexed = reindex_captures(catalogue, index)
        finally:
            index.close()
    ingestor = Ingestor(store=store, sources=dict(sources))
    for metadata, data in sorted(catalogue.articles, key=lambda pair: pair[1].get("fetched_at") or ""):
        source = sources.get(data["source_id"]) or _recorded_source(data)
        if source is None:
            report.skip("unknown_source")
            continue
        ingestor.sources = {**ingestor.sources, source.id: source}
        item = replay_article(catalogue, metadata, data, source, report)
        if item is not None:
            report.articles += 1
            ingestor.add(item)
    ingestor.flush()
    report.outcome = ingestor.outcome
    return report


def replay_article(
    catalogue: ArchiveCatalogue, metadata: ArchivedRecord, data: dict[str, Any], source: Source, report: RebuildReport
) -> CrawledArticle | None:
    """Run the spider's parse code on the archived page (and its archived attachments)."""
    capture = next(
        (r for r in catalogue.captures.get(data.get("url", ""), []) if r.record_id == data.get("capture_id")), None
    )
    location = catalogue.payload_record(capture) if capture else None
    if capture is None or location is None:
        report.skip("page_not_in_archive")
        return None
    spider = SPIDER_FOR_KIND[source.kind](source, crawler=None)
    meta: dict[str, Any] = {"pressroom_capture_id": capture.record_id}
    if data.get("published_at"):
        meta["feed_published_at"] = datetime.fromisoformat(data["published_at"])
    request = Request(capture.url, meta=meta)
    pending: list[Any] = list(spider.parse_article(_response(read_record_at(*location[:2]), capture, request)))
    for _ in range(MAX_REPLAY_STEPS):
        if not pending:
            break
        output = pending.pop(0)
        if isinstance(output, CrawledArticle):
            return replace(output, fetched_at=datetime.fromisoformat(data["fetched_at"]), capture_id=capture.record_id)
        if isinstance(output, Request):
            pending.extend(_replay_request(catalogue, output, metadata.date))
    report.skip("not_an_article_on_replay")
    return None


def _replay_request(catalogue: ArchiveCatalogue, request: Request, before: str) -> Iterator[Any]:
    """Answer a request the spider made (an attachment) from the archive, or fail it like a dead link."""
    capture = catalogue.capture_for(request.url, before)
    location = catalogue.payload_record(capture) if capture else None
    if capture is None or location is None:
        failure = Failure(IgnoreRequest(f"not in the archive: {request.url}"))
        failure.request = request  # type: ignore[attr-defined]
        yield from request.errback(failure) or ()  # type: ignore[misc]
        return
    yield from request.callback(_response(read_record_at(*location[:2]), capture, request)) or ()  # type: ignore[misc]


def _response(payload: ArchivedRecord, capture: ArchivedRecord, request: Request) -> Response:
    headers = Headers()
    for name, value in payload.http_headers:
        if name.lower().encode("latin-1") not in DECODED_HEADERS:
            headers.appendlist(name, value)
    body = payload.payload or b""
    cls = responsetypes.from_args(headers=headers, url=capture.url, body=body)
    return cls(url=capture.url, status=payload.status or 200, headers=headers, body=body, request=request)


def _recorded_source(data: dict[str, Any]) -> Source | None:
    row = data.get("source")
    if not isinstance(row, dict):
        return None
    try:
        return Source.model_validate(row)
    except ValueError:
        return None


# -- command ------------------------------------------------------------------------------------


def archive_command(args: argparse.Namespace, store_url: str, sources_paths: Sequence[Path]) -> int:
    """`pressroom archive rebuild`: the store (and capture index) from the WARC files alone."""
    warc_dir = Path(args.warc_dir)
    if not warc_dir.is_dir():
        print(f"pressroom archive: no WARC directory at {warc_dir}", flush=True)
        return 2
    sources: dict[str, Source] = {}
    for path in sources_paths:
        if path.exists():
            sources.update({s.id: s for s in load_sources(path)})
    store = open_store(store_url)
    try:
        report = rebuild_store(warc_dir, store, sources)
    except CaptureIndexError as exc:  # not a damaged file (a directory in its place, no permission)
        raise CommandFailed(str(exc)) from None
    finally:
        store.close()
    if getattr(args, "json", False):
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print("\n".join(report.lines()))
    return 1 if report.outcome.failed else 0
