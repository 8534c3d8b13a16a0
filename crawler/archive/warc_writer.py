"""Append WARC records (a gzip member each) to files rotated by size; report where each went."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from crawler.archive.gzip_members import GzipMemberCompressor
from crawler.archive.warc_format import (
    EMPTY_DIGEST,
    HTTP_REQUEST_TYPE,
    HTTP_RESPONSE_TYPE,
    IDENTICAL_PAYLOAD_PROFILE,
    Headers,
    block_headers,
    http_head,
    naming_headers,
    new_record_id,
    now_warc_date,
    record_bytes,
    sha1_digest,
    warcinfo_record,
)

NOT_MODIFIED_PROFILE = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
# Headers that describe the transfer, not the payload: the archive stores the de-chunked body.
TRANSFER_HEADERS = {"transfer-encoding"}
# ISA-L's highest level (gzip_members.py): ~24 us a bench page against zlib level 4's ~80-95 us (and warcio's
# fixed zlib 9 cost 25% more than zlib 6), for files ~1% larger than zlib 4's. Its levels 1-2 save little more.
GZIP_LEVEL = 3


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
        return cls(new_record_id(), now_warc_date())

    def headers(self) -> dict[str, str]:
        return {"WARC-Record-ID": self.record_id, "WARC-Date": self.date}


def payload_digest(body: bytes) -> str:
    """WARC-Payload-Digest of a body, as warcio and Heritrix write it: sha1 in base32."""
    return sha1_digest(body)


@dataclass
class RotatingWarcWriter:
    """Writes to `<prefix>-<time>-<pid>-<n>.warc.gz` in `directory`, starting a new file past `max_bytes`.

    Each record is one gzip member, handed to the OS before its WrittenRecord is returned, so a record
    reported as written survives a crash of the writing process. With `hold`, records wait in memory until
    `flush()` instead (one write per batch; see CaptureArchive.open's `batched`).
    """

    directory: Path
    max_bytes: int = 1_000_000_000
    prefix: str = "pressroom"
    software: str = "Pressroom"
    hold: bool = False
    _handle: BinaryIO | None = field(default=None, init=False, repr=False)
    # Held records of the open file, and files already full whose records are still held.
    _held: list[bytes] = field(default_factory=list, init=False, repr=False)
    _full: list[tuple[BinaryIO, list[bytes]]] = field(default_factory=list, init=False, repr=False)
    _compressor: GzipMemberCompressor = field(default_factory=lambda: GzipMemberCompressor(GZIP_LEVEL), init=False)
    _name: str = field(default="", init=False)
    _serial: int = field(default=0, init=False)
    _position: int = field(default=0, init=False)

    def write_exchange(
        self, exchange: HttpExchange, name: RecordName | None = None, digest: str | None = None
    ) -> WrittenRecord:
        """A response record and, concurrent to it, the request record (`name`: its id and date, else new).

        `digest`: the body's payload digest when the caller has it already.
        """
        self._open()  # first, as warcio did: a new file's warcinfo record is named before this one
        http = _response_head(exchange)
        digest = digest or payload_digest(exchange.body)
        headers = naming_headers("response", exchange.url, list(name.headers().items()) if name else [])
        headers.append(("WARC-Payload-Digest", digest))
        written = self._write(block_headers(headers, HTTP_RESPONSE_TYPE, http, exchange.body), http, exchange.body)
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
        assert digest, "a revisit needs the digest of the payload it repeats"
        self._open()
        http = _response_head(exchange)
        headers = naming_headers("revisit", exchange.url, list(name.headers().items()) if name else [])
        headers += [
            ("WARC-Profile", NOT_MODIFIED_PROFILE if not_modified else IDENTICAL_PAYLOAD_PROFILE),
            ("WARC-Refers-To-Target-URI", refers_to_uri),
            ("WARC-Refers-To-Date", refers_to_date),
            ("WARC-Payload-Digest", digest),
        ]
        written = self._write(block_headers(headers, HTTP_RESPONSE_TYPE, http), http)
        self._write_request(exchange, written.record_id)
        return written

    def write_metadata(self, url: str, concurrent_to: str | None, data: dict[str, Any]) -> WrittenRecord:
        """A metadata record (JSON) about an earlier record, e.g. the document a capture became."""
        self._open()
        body = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        headers = naming_headers("metadata", url, [("WARC-Concurrent-To", concurrent_to)] if concurrent_to else [])
        headers.append(("WARC-Payload-Digest", payload_digest(body)))
        return self._write(block_headers(headers, "application/json", body), body)

    def flush(self) -> None:
        """Hand every held record to the OS (nothing is held without `hold`)."""
        for handle, records in self._full:
            handle.write(b"".join(records))
            handle.close()
        self._full.clear()
        if self._held and self._handle is not None:
            self._handle.write(b"".join(self._held))
            self._handle.flush()
        self._held.clear()

    def close(self) -> None:
        self.flush()
        if self._handle is not None:
            self._handle.close()
        self._handle = None

    # -- files ----------------------------------------------------------------------------------

    def _open(self) -> BinaryIO:
        if self._handle is not None:
            return self._handle
        self.directory.mkdir(parents=True, exist_ok=True)
        self._serial += 1
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
        self._name = f"{self.prefix}-{stamp}-{os.getpid()}-{self._serial:05d}.warc.gz"
        self._handle = (self.directory / self._name).open("xb")
        self._position = 0
        info = {"software": self.software, "format": "WARC File Format 1.1", "isPartOf": self.prefix}
        headers, block = warcinfo_record(self._name, info)
        self._append(record_bytes(headers, block))
        return self._handle

    def _append(self, record: bytes) -> tuple[int, int]:
        """Write one record as a gzip member and flush it to the OS (or hold it); its offset and length."""
        assert self._handle is not None
        member = self._compressor.member(record)
        if self.hold:
            self._held.append(member)
        else:
            self._handle.write(member)
            self._handle.flush()
        offset = self._position
        self._position += len(member)
        return offset, len(member)

    def _write(self, headers: Headers, *block: bytes) -> WrittenRecord:
        offset, length = self._append(record_bytes(headers, *block))
        named = dict(headers)
        written = WrittenRecord(
            record_id=named["WARC-Record-ID"],
            date=named["WARC-Date"],
            file=self._name,
            offset=offset,
            length=length,
            digest=named.get("WARC-Payload-Digest", ""),
        )
        if self._position >= self.max_bytes:
            self._rotate()  # only between records, so a response and its request may straddle files
        return written

    def _rotate(self) -> None:
        if self._held and self._handle is not None:
            self._full.append((self._handle, self._held))  # closed once its records are written, at flush
            self._handle, self._held = None, []
        else:
            self.close()

    def _write_request(self, exchange: HttpExchange, concurrent_to: str) -> None:
        self._open()  # the response may have filled the file
        parts = urlsplit(exchange.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = list(exchange.request_headers)
        if not any(name.lower() == "host" for name, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        # warcio's request line split: the method, then the rest (target and protocol) as the "status line".
        method, rest = f"{exchange.method} {target} {exchange.protocol}".split(" ", 1)
        http = http_head(method, rest, headers)
        warc = naming_headers("request", exchange.url, [("WARC-Concurrent-To", concurrent_to)])
        warc.append(("WARC-Payload-Digest", EMPTY_DIGEST))
        self._write(block_headers(warc, HTTP_REQUEST_TYPE, http), http)


def _response_head(exchange: HttpExchange) -> bytes:
    headers = [(k, v) for k, v in exchange.response_headers if k.lower() not in TRANSFER_HEADERS]
    return http_head(exchange.protocol, f"{exchange.status} {exchange.reason}".strip(), headers)
