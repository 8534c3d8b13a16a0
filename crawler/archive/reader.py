"""Read WARC files back: every record with its position, skipping damaged ones, and single records by offset.

A WARC written gzip-per-record can be re-entered at any member boundary, so a damaged record costs only
itself: the scan warns, counts it, and resumes at the next gzip member header.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b\x08"
SCAN_CHUNK = 1 << 20
WARC_SUFFIXES = (".warc.gz", ".warc")


@dataclass
class ArchivedRecord:
    """One WARC record: its headers, its HTTP status and headers if any, and (when read) its payload."""

    kind: str
    record_id: str
    url: str
    date: str
    file: str
    offset: int
    length: int
    warc_headers: dict[str, str]
    status: int = 0
    http_headers: list[tuple[str, str]] = field(default_factory=list)
    payload: bytes | None = None  # decoded (de-chunked, Content-Encoding removed)

    def http_header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.http_headers if key.lower() == wanted), None)

    @property
    def content_type(self) -> str:
        return self.http_header("Content-Type") or "application/octet-stream"


@dataclass
class ScanTally:
    """What a scan met: files and records read, and damaged records skipped (with their places)."""

    files: int = 0
    records: int = 0
    bad_records: int = 0
    problems: list[str] = field(default_factory=list)

    def bad(self, where: str, error: Exception) -> None:
        self.bad_records += 1
        message = str(error).splitlines()[0][:120] if str(error) else ""
        self.problems.append(f"{where}: {type(error).__name__}: {message}")
        logger.warning("skipping a damaged WARC record at %s (%s: %s)", where, type(error).__name__, message)


def warc_files(directory: Path) -> list[Path]:
    """The WARC files of a directory (and its subdirectories), in name order: names start with a time."""
    return sorted(p for p in Path(directory).rglob("*") if p.is_file() and p.name.endswith(WARC_SUFFIXES))


def scan_warc(path: Path, tally: ScanTally, *, payload_kinds: frozenset[str] = frozenset()) -> Iterator[ArchivedRecord]:
    """Every readable record of one file, in order; payloads are read for the kinds named."""
    tally.files += 1
    size = path.stat().st_size
    with path.open("rb") as handle:
        position = 0
        while position < size:
            handle.seek(position)
            # Digests are checked as records are read: a cut or altered record fails instead of passing short.
            iterator = ArchiveIterator(handle, check_digests="raise")
            failed_at: int | None = None
            # Where the record being read began: the end of the last good one. warcio's own offset may already
            # be far past the damage (it reads ahead), so resuming from it could skip good records.
            good_until = position
            try:
                for record in iterator:
                    start = iterator.offset
                    archived = _read(record, path.name, start, record.rec_type in payload_kinds)
                    iterator.read_to_end(record)
                    archived.offset, archived.length = iterator.get_record_offset(), iterator.get_record_length()
                    last = archived.offset + archived.length >= size and path.name.endswith(".gz")
                    if last and not _member_complete(path, archived.offset):
                        # A file cut short: warcio reads what is left of the last member without complaint.
                        raise EOFError("the last record is cut short")
                    tally.records += 1
                    good_until = archived.offset + archived.length
                    yield archived
                if iterator.offset < size:
                    # warcio ends quietly on a member cut short (a truncated file): that is damage too.
                    raise EOFError(f"{size - iterator.offset} bytes at the end do not form a whole record")
                position = size
            except Exception as error:  # warcio raises many kinds (zlib, EOF, parse): all mean "damaged here"
                failed_at = good_until
                tally.bad(f"{path.name}@{failed_at}", error)
            if failed_at is not None:
                position = _next_member(handle, failed_at + 1, size)


def read_record_at(path: Path, offset: int) -> ArchivedRecord:
    """The record starting at `offset` of a WARC file, payload included."""
    with path.open("rb") as handle:
        handle.seek(offset)
        record = next(iter(ArchiveIterator(handle)))
        return _read(record, path.name, offset, True)


def _read(record: object, file: str, offset: int, with_payload: bool) -> ArchivedRecord:
    headers = record.rec_headers  # type: ignore[attr-defined]
    http = record.http_headers  # type: ignore[attr-defined]
    archived = ArchivedRecord(
        kind=record.rec_type,  # type: ignore[attr-defined]
        record_id=headers.get_header("WARC-Record-ID") or "",
        url=headers.get_header("WARC-Target-URI") or "",
        date=headers.get_header("WARC-Date") or "",
        file=file,
        offset=offset,
        length=0,
        warc_headers=dict(headers.headers),
        status=int(http.get_statuscode() or 0) if http is not None and http.statusline[:1].isdigit() else 0,
        http_headers=list(http.headers) if http is not None else [],
    )
    if with_payload:
        archived.payload = record.content_stream().read()  # type: ignore[attr-defined]
    return archived


def _member_complete(path: Path, offset: int) -> bool:
    """True when the gzip member at `offset` ends properly (its trailer is there and its CRC matches)."""
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    with path.open("rb") as handle:
        handle.seek(offset)
        try:
            while not decompressor.eof:
                chunk = handle.read(SCAN_CHUNK)
                if not chunk:
                    return False
                decompressor.decompress(chunk)
        except zlib.error:
            return False
    return True


def _next_member(handle: BinaryIO, start: int, size: int) -> int:
    """Offset of the next gzip member header at or after `start`, or `size` when there is none."""
    position = start
    while position < size:
        handle.seek(position)
        chunk = handle.read(SCAN_CHUNK + len(GZIP_MAGIC))
        found = chunk.find(GZIP_MAGIC)
        if found >= 0:
            return position + found
        position += SCAN_CHUNK
    return size
