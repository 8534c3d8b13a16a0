"""Archiving in another process: the crawl names each capture and hands it over; a CaptureArchive writes it.

Writing WARC records (gzip, digests, the capture index) costs a crawl process ~0.4 ms a page, as much as a
third of what Scrapy itself spends. A local crawl already has an indexing process beside it
(indexer/ingest_process.py), which takes these entries in order with the articles and writes them there.
The crawl keeps what it needs at once: the capture's record id (the article's capture_id) and its time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from crawler.archive.capture_archive import CaptureArchive
from crawler.archive.warc_writer import HttpExchange, RecordName


@dataclass(frozen=True)
class CaptureEntry:
    """A downloaded exchange to archive under the name it got on arrival."""

    exchange: HttpExchange
    name: RecordName


@dataclass(frozen=True)
class MetadataEntry:
    """A metadata record about a capture (CaptureArchive.describe)."""

    url: str
    capture_id: str | None
    data: dict[str, Any]


ArchiveEntry = CaptureEntry | MetadataEntry


class ForwardingArchive:
    """The archive interface WarcArchiveExtension uses, handing entries to `send` instead of writing them.

    It is given to Scrapy in a setting (PRESSROOM_ARCHIVE_FORWARD), and Scrapy deep-copies settings: the
    copy is this same object, as every crawler of the process must hand over to the one writer.
    """

    def __init__(self, send: Callable[[ArchiveEntry], None]) -> None:
        self.send = send

    def record(self, exchange: HttpExchange) -> str:
        """Name the capture, hand it over, and return its record id."""
        name = RecordName.now()
        self.send(CaptureEntry(exchange, name))
        return name.record_id

    def describe(self, url: str, capture_id: str | None, data: dict[str, Any]) -> None:
        self.send(MetadataEntry(url, capture_id, data))

    def close(self) -> None:
        """Nothing to close here: the process that writes closes its archive."""

    def __deepcopy__(self, memo: dict[int, Any]) -> ForwardingArchive:
        return self


def write_entry(archive: CaptureArchive, entry: ArchiveEntry, *, unless_indexed: bool = False) -> None:
    """Write one handed-over entry, as the crawl would have written it itself.

    `unless_indexed`: skip a capture the index already holds (the process that died may have written it
    before it could say so); a record id must not appear twice. A metadata record written twice is only a
    repeat of the same facts.
    """
    if isinstance(entry, CaptureEntry):
        if unless_indexed and archive.index.by_record_id(entry.name.record_id) is not None:
            return
        archive.record(entry.exchange, entry.name)
    else:
        archive.describe(entry.url, entry.capture_id, entry.data)
