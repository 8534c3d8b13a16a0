"""WARC/1.1 records as bytes, header for header as warcio's WARCWriter writes them, without its builder.

warcio's RecordBuilder costs more than the record's own digests: header objects searched name by name,
payloads streamed through BytesIO in 16 KiB reads, every digest recomputed. A record is a simple thing:

    WARC/1.1 CRLF, "Name: value" CRLF per header, CRLF, the block, CRLF CRLF

so these functions write it directly, with the headers in warcio's order and with warcio's values: the
archive reads exactly as before (tests/archive/test_warc_format.py compares the two writers). warcio still
reads everything, and still encodes the rare HTTP header block that is not plain ASCII.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime

from warcio.statusandheaders import StatusAndHeaders

WARC_VERSION = "1.1"  # microsecond WARC-Dates: two captures in one second still sort apart
WARC_FIRST_LINE = f"WARC/{WARC_VERSION}\r\n"
RECORD_END = b"\r\n\r\n"
IDENTICAL_PAYLOAD_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
HTTP_RESPONSE_TYPE = "application/http; msgtype=response"
HTTP_REQUEST_TYPE = "application/http; msgtype=request"
WARC_FIELDS_TYPE = "application/warc-fields"

Headers = list[tuple[str, str]]

BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Base32 two letters (10 bits) at a time: a sha1 is 160 bits, 16 lookups. base64.b32encode, a Python loop
# over 5-byte groups, took twice as long, and a page has five digests.
BASE32_PAIRS = [BASE32[n >> 5] + BASE32[n & 31] for n in range(1024)]
SHA1_SHIFTS = tuple(range(150, -1, -10))


def sha1_digest(*parts: bytes) -> str:
    """A WARC digest (as warcio and Heritrix write it): sha1 of the parts together, in base32."""
    sha1 = hashlib.sha1(parts[0])
    for part in parts[1:]:
        sha1.update(part)
    value = int.from_bytes(sha1.digest(), "big")
    return "sha1:" + "".join([BASE32_PAIRS[(value >> shift) & 1023] for shift in SHA1_SHIFTS])


EMPTY_DIGEST = sha1_digest(b"")


def new_record_id() -> str:
    """A fresh WARC-Record-ID, as warcio makes them."""
    return f"<urn:uuid:{uuid.uuid4()}>"


def warc_date(moment: datetime) -> str:
    """A WARC/1.1 WARC-Date (UTC, microseconds - none shown when zero, as warcio writes it)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def now_warc_date() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat() + "Z"


def naming_headers(record_type: str, uri: str, given: Headers) -> Headers:
    """The headers warcio starts a record with: `given` first, then type, id, target and date as needed.

    `given` may hold WARC-Record-ID and WARC-Date (a capture named on arrival) and WARC-Concurrent-To.
    """
    headers = [*given, ("WARC-Type", record_type)]
    names = {name for name, _ in given}
    if "WARC-Record-ID" not in names:
        headers.append(("WARC-Record-ID", new_record_id()))
    if uri:
        headers.append(("WARC-Target-URI", uri))
    if "WARC-Date" not in names:
        headers.append(("WARC-Date", now_warc_date()))
    return headers


def http_head(protocol: str, statusline: str, headers: Headers) -> bytes:
    """An HTTP status (or request) line and headers, ending in the empty line: warcio's headers_buff."""
    # StatusAndHeaders.to_str: the protocol, a space only between two non-empty parts, CRLF unless empty.
    first = f"{protocol} {statusline}" if protocol and statusline else protocol or statusline
    lines = [first + "\r\n"] if first else []
    try:
        lines += [name + ": " + value + "\r\n" for name, value in headers]
        return "".join(lines).encode("ascii") + b"\r\n"
    except (UnicodeEncodeError, TypeError):
        # Non-ASCII values (latin-1 bytes of a UTF-8 file name...), or bytes: warcio %-encodes and decodes.
        return StatusAndHeaders(statusline, list(headers), protocol=protocol).to_ascii_bytes()


def record_bytes(headers: Headers, *block: bytes) -> bytes:
    """A whole record: WARC headers (UTF-8, as warcio encodes them), the block's parts, the closing CRLFs."""
    head = WARC_FIRST_LINE + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    return b"".join((head.encode("utf-8"), *block, RECORD_END))


def block_headers(headers: Headers, content_type: str, *block: bytes) -> Headers:
    """`headers` followed by what warcio appends last: the block's digest, Content-Type, Content-Length."""
    return [
        *headers,
        ("WARC-Block-Digest", sha1_digest(*block)),
        ("Content-Type", content_type),
        ("Content-Length", str(sum(len(part) for part in block))),
    ]


def warcinfo_record(filename: str, info: dict[str, str]) -> tuple[Headers, bytes]:
    """A warcinfo record's headers and block (fields with empty values left out, as warcio does)."""
    headers: Headers = [("WARC-Type", "warcinfo"), ("WARC-Record-ID", new_record_id())]
    if filename:
        headers.append(("WARC-Filename", filename))
    headers.append(("WARC-Date", now_warc_date()))
    block = "".join(f"{name}: {value}\r\n" for name, value in info.items() if value).encode("utf-8")
    return block_headers(headers, WARC_FIELDS_TYPE, block), block
