"""The archive a crawl writes to: WARC records plus the capture index, and when a capture is a revisit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.archive.capture_index import Capture, CaptureIndex
from crawler.archive.held_capture_index import HeldCaptureIndex
from crawler.archive.timestamps import parse_warc_date, to_iso
from crawler.archive.warc_writer import (
    HttpExchange,
    RecordName,
    RotatingWarcWriter,
    WrittenRecord,
    payload_digest,
)

DEFAULT_MAX_BYTES = 100 * 1024 * 1024


@dataclass
class CaptureArchive:
    """Records exchanges: a full response when the payload is new, a revisit when it repeats the last one."""

    writer: RotatingWarcWriter
    index: CaptureIndex

    @classmethod
    def open(cls, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES, *, batched: bool = False) -> CaptureArchive:
        """`batched`: hold WARC records and index rows until `flush()` (or `close()`), which writes the records
        and then commits the rows at once - for a writer that acknowledges batches, such as the indexing
        process. Otherwise every record is written and every row committed as it comes.
        """
        directory = Path(directory)
        if not batched:
            return cls(RotatingWarcWriter(directory, max_bytes=max_bytes), CaptureIndex(directory))
        writer = RotatingWarcWriter(directory, max_bytes=max_bytes, hold=True)
        return cls(writer, HeldCaptureIndex(directory, before_commit=writer.flush))

    def record(self, exchange: HttpExchange, name: RecordName | None = None) -> Capture:
        """Write one exchange and index it; 304s and unchanged payloads become revisit records.

        `name`: the record id and date the capture was given when it arrived (new ones otherwise).
        """
        previous = self.index.latest(exchange.url)
        if exchange.status == 304 and previous is not None:
            written = self.writer.write_revisit(
                exchange, previous.digest, previous.url, _warc_date(previous), not_modified=True, name=name
            )
            return self._index(exchange, written, "revisit", previous.digest, previous, status=previous.status)
        digest = payload_digest(exchange.body)
        if previous is not None and previous.digest == digest and exchange.status == previous.status:
            written = self.writer.write_revisit(
                exchange, digest, previous.url, _warc_date(previous), not_modified=False, name=name
            )
            return self._index(exchange, written, "revisit", digest, previous, status=exchange.status)
        written = self.writer.write_exchange(exchange, name, digest)
        return self._index(exchange, written, "response", digest, None, status=exchange.status)

    def describe(self, url: str, capture_id: str | None, data: dict[str, Any]) -> WrittenRecord:
        """A metadata record about a capture (document id, source id…), and the same link in the index."""
        written = self.writer.write_metadata(url, capture_id, data)
        if capture_id:
            self.index.link_document(capture_id, data.get("document_id"), data.get("source_id"))
        return written

    def flush(self) -> None:
        """Make everything recorded so far durable: WARC records first, then the index rows pointing at them."""
        if isinstance(self.index, HeldCaptureIndex):
            self.index.flush()  # runs the writer's flush before it commits
        else:
            self.writer.flush()

    def close(self) -> None:
        self.flush()
        self.writer.close()
        self.index.close()

    def _index(
        self,
        exchange: HttpExchange,
        written: WrittenRecord,
        kind: str,
        digest: str,
        repeats: Capture | None,
        *,
        status: int,
    ) -> Capture:
        # A 304 keeps the validators of the capture it confirms unless the server sent fresh ones.
        etag = exchange.header("ETag") or (repeats.etag if repeats else None)
        modified = exchange.header("Last-Modified") or (repeats.last_modified if repeats else None)
        capture = Capture(
            record_id=written.record_id,
            url=exchange.url,
            captured_at=to_iso(parse_warc_date(written.date)),
            record_type=kind,
            status=status,
            mime=(repeats.mime if repeats and exchange.status == 304 else exchange.header("Content-Type")) or "",
            digest=digest,
            etag=etag,
            last_modified=modified,
            file=written.file,
            offset=written.offset,
            length=written.length,
            payload_file=repeats.payload_file if repeats else written.file,
            payload_offset=repeats.payload_offset if repeats else written.offset,
            payload_length=repeats.payload_length if repeats else written.length,
        )
        self.index.add(capture)
        return capture


def _warc_date(capture: Capture) -> str:
    return capture.time.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
