"""Append WARC records (gzip per record, via warcio) to files rotated by size; report where each went."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.timeutils import datetime_to_iso_date
from warcio.warcwriter import WARCWriter

WARC_VERSION = "1.1"  # microsecond WARC-Dates: two captures in one second still sort apart
NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# Headers that describe the transfer, not the payload: warcio stores the de-chunked body.
TRANSFER_HEADERS = {"transfer-encoding"}
# zlib's default level: warcio's fixed 9 cost up to 25% more CPU per page for no smaller files on HTML.
GZIP_LEVEL = 6


@dataclass(frozen=True)
class HttpExchange:
    """A request and the response it got, as plain data (the Scrapy adapter builds these)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.response_headers if key.lower() == wanted), None)


@dataclass(frozen=True)
class WrittenRecord:
    """Where one record went and what it said."""

    record_id: str
    date: str  # the WARC-Date header
    file: str  # name within the WARC directory
    offset: int
    length: int
    digest: str = ""


@dataclass(frozen=True)
class RecordName:
    """The WARC-Record-ID and WARC-Date a record will carry, fixed when the response arrives.

    A crawl that hands its captures to another process to write names them first: the id goes into the
    request's meta at once, and the date is the moment of capture, not of writing.
    """

    record_id: str
    date: str

    @classmethod
    def now(cls) -> RecordName:
        return cls(StatusAndHeadersParser.make_warc_id(), to_warc_date(datetime.now(UTC)))

    def headers(self) -> dict[str, str]:
        return {"WARC-Record-ID": self.record_id, "WARC-Date": self.date}


def to_warc_date(moment: datetime) -> str:
    """A WARC/1.1 WARC-Date (UTC, microseconds), as warcio writes it."""
    return datetime_to_iso_date(moment.astimezone(UTC).replace(tzinfo=None), use_micros=True)


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest of a body, as warcio and Heritrix write it: sha1 in base32."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


class GzipMemberPerRecord:
    """What warcio writes one record to: each record (warcio flushes after each) becomes one gzip member.

    The record is gathered and compressed in one call, then handed to the OS before `flush` returns, so a
    record reported as written survives a crash of the crawler process, as with warcio's own gzip mode.
    """

    def __init__(self, handle: BinaryIO, level: int = GZIP_LEVEL) -> None:
        self.handle = handle
        self.level = level
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        if self._parts:
            self.handle.write(zlib.compress(b"".join(self._parts), self.level, wbits=zlib.MAX_WBITS | 16))
            self._parts.clear()
        self.handle.flush()


@dataclass
class RotatingWarcWriter:
    """Writes to `<prefix>-<time>-<pid>-<n>.warc.gz` in `directory`, starting a new file past `max_bytes`."""

    directory: Path
    max_bytes: int = 1_000_000_000
    prefix: str = "pressroom"
    software: str = "Pressroom"
    _handle: BinaryIO | None = field(default=None, init=False, repr=False)
    _writer: WARCWriter | None = field(default=None, init=False, repr=False)
    _name: str = field(default="", init=False)
    _serial: int = field(default=0, init=False)

    def write_exchange(self, exchange: HttpExchange, name: RecordName | None = None) -> WrittenRecord:
        """A response record and, concurrent to it, the request record (`name`: its id and date, else new)."""
        writer = self._open()
        response = writer.create_warc_record(
            exchange.url,
            "response",
            payload=io.BytesIO(exchange.body),
            length=len(exchange.body),
            http_headers=_response_headers(exchange),
            warc_headers_dict=name.headers() if name else None,
        )
        written = self._write(response)
        self._write_request(exchange, written.record_id)
        return written

    def write_revisit(
        self,
        exchange: HttpExchange,
        digest: str,
        refers_to_uri: str,
        refers_to_date: str,
        *,
        not_modified: bool,
        name: RecordName | None = None,
    ) -> WrittenRecord:
        """A revisit record (headers only): identical payload, or the server answered 304 Not Modified."""
        writer = self._open()
        record = writer.create_revisit_record(
            exchange.url,
            digest,
            refers_to_uri,
            refers_to_date,
            http_headers=_response_headers(exchange),
            warc_headers_dict=name.headers() if name else None,
        )
        if not_modified:
            record.rec_headers.replace_header("WARC-Profile", NOT_MODIFIED_PROFILE)
        written = self._write(record)
        self._write_request(exchange, written.record_id)
        return written

    def write_metadata(self, url: str, concurrent_to: str | None, data: dict[str, Any]) -> WrittenRecord:
        """A metadata record (JSON) about an earlier record, e.g. the document a capture became."""
        writer = self._open()
        headers = {"WARC-Concurrent-To": concurrent_to} if concurrent_to else {}
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        record = writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type="application/json",
            warc_headers_dict=headers,
        )
        return self._write(record)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
        self._handle, self._writer = None, None

    # -- files ----------------------------------------------------------------------------------

    def _open(self) -> WARCWriter:
        if self._writer is not None:
            return self._writer
        self.directory.mkdir(parents=True, exist_ok=True)
        self._serial += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        self._name = f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
        self._handle = (self.directory / self._name).open("xb")
        # gzip=False: GzipMemberPerRecord does the per-record gzip members warcio's gzip=True would.
        self._writer = WARCWriter(GzipMemberPerRecord(self._handle), gzip=False, warc_version=WARC_VERSION)
        info = {"software": self.software, "format": "WARC File Format 1.1", "isPartOf": self.prefix}
        self._writer.write_record(self._writer.create_warcinfo_record(self._name, info))
        return self._writer

    def _write(self, record: Any) -> WrittenRecord:
        assert self._writer is not None and self._handle is not None
        offset = self._handle.tell()
        self._writer.write_record(record)  # ends with a flush: one gzip member, in the OS's hands
        end = self._handle.tell()
        written = WrittenRecord(
            record_id=record.rec_headers.get_header("WARC-Record-ID"),
            date=record.rec_headers.get_header("WARC-Date"),
            file=self._name,
            offset=offset,
            length=end - offset,
            digest=record.rec_headers.get_header("WARC-Payload-Digest") or "",
        )
        if end >= self.max_bytes:
            self.close()  # rotate only between records, so a response and its request may straddle files
        return written

    def _write_request(self, exchange: HttpExchange, concurrent_to: str) -> None:
        writer = self._open()
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = list(exchange.request_headers)
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        http = StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol}", headers, is_http_request=True)
        record = writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=http,
            warc_headers_dict={"WARC-Concurrent-To": concurrent_to},
        )
        self._write(record)


def _response_headers(exchange: HttpExchange) -> StatusAndHeaders:
    headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in TRANSFER_HEADERS]
    return StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers, protocol=exchange.protocol)
