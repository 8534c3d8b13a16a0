"""Our WARC records are the ones warcio's WARCWriter writes, header for header; each is a gzip member alone."""

from __future__ import annotations

import io
import json
import re
import zlib
from pathlib import Path
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import BufferWARCWriter

from crawler.archive.gzip_members import GzipMemberCompressor
from crawler.archive.reader import warc_files
from crawler.archive.warc_writer import GZIP_LEVEL, NOT_MODIFIED_PROFILE, HttpExchange, RecordName, RotatingWarcWriter

NAME = RecordName("<urn:uuid:8d6c8c14-7e0b-4b1a-9d51-4a3a1f0f3c11>", "2024-05-01T09:30:00Z")  # no fraction
EXCHANGES = [
    HttpExchange(
        "http://a.test/press/1?id=2&q=%ED%95%9C",
        "GET",
        [("User-Agent", "test"), ("Accept", "*/*")],
        200,
        "OK",
        [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked"), ("ETag", '"v1"')],
        "<p>보도자료</p>".encode(),
    ),
    # Non-ASCII header values (a UTF-8 file name read as latin-1), a Host already given, an empty reason.
    HttpExchange(
        "https://b.test/files/a.hwpx",
        "POST",
        [("Host", "b.test:8443"), ("Referer", "https://b.test/")],
        299,
        "",
        [("Content-Disposition", 'attachment; filename="ë³´ë\x8f\x84.hwpx"'), ("X-Note", "café")],
        bytes(range(256)) * 3,
        "HTTP/1.0",
    ),
    HttpExchange("http://a.test/empty", "GET", [], 204, "No Content", [], b""),
]


def warcio_records(exchange: HttpExchange, metadata: dict[str, Any]) -> bytes:
    """A response, its request, a revisit of each kind and a metadata record, as warcio's builder writes them."""
    writer = BufferWARCWriter(gzip=False, warc_version="1.1")
    headers = [(k, v) for k, v in exchange.response_headers if k.lower() != "transfer-encoding"]
    http = StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers, protocol=exchange.protocol)
    body = io.BytesIO(exchange.body)
    response = writer.create_warc_record(
        exchange.url, "response", payload=body, length=len(exchange.body), http_headers=http
    )
    writer.write_record(response)
    host = exchange.url.split("/")[2]
    target = exchange.url.split(host, 1)[1]
    request_headers = list(exchange.request_headers)
    if not any(name.lower() == "host" for name, _ in request_headers):
        request_headers.insert(0, ("Host", host))
    request = StatusAndHeaders(f"{exchange.method} {target} {exchange.protocol}", request_headers, is_http_request=True)
    response_id = response.rec_headers.get_header("WARC-Record-ID")
    writer.write_record(
        writer.create_warc_record(
            exchange.url,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=request,
            warc_headers_dict={"WARC-Concurrent-To": response_id},
        )
    )
    for not_modified in (False, True):
        http = StatusAndHeaders(f"{exchange.status} {exchange.reason}".strip(), headers, protocol=exchange.protocol)
        revisit = writer.create_revisit_record(
            exchange.url, "sha1:ABC", exchange.url, "2024-05-01T09:00:00.000000Z", http_headers=http,
            warc_headers_dict=NAME.headers(),
        )  # fmt: skip
        if not_modified:
            revisit.rec_headers.replace_header("WARC-Profile", NOT_MODIFIED_PROFILE)
        writer.write_record(revisit)
    data = _json(metadata)
    writer.write_record(
        writer.create_warc_record(
            exchange.url,
            "metadata",
            payload=io.BytesIO(data),
            length=len(data),
            warc_content_type="application/json",
            warc_headers_dict={"WARC-Concurrent-To": response_id},
        )
    )
    contents: bytes = writer.get_contents()
    writer.out.close()
    return contents


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")


def ours(tmp_path: Path, exchange: HttpExchange, metadata: dict[str, Any]) -> bytes:
    writer = RotatingWarcWriter(tmp_path)
    response = writer.write_exchange(exchange)
    for not_modified in (False, True):
        writer.write_revisit(
            exchange, "sha1:ABC", exchange.url, "2024-05-01T09:00:00.000000Z", not_modified=not_modified, name=NAME
        )
    writer.write_metadata(exchange.url, response.record_id, metadata)
    writer.close()
    (path,) = warc_files(tmp_path)
    records = []
    data = path.read_bytes()
    while data:  # member by member: each decompresses on its own
        raw = zlib.decompressobj(zlib.MAX_WBITS | 16)
        records.append(raw.decompress(data))
        assert raw.eof
        data = raw.unused_data
    # warcinfo, response, request, revisit, request, revisit, request, metadata: warcio's builder wrote no
    # warcinfo and no requests for the revisits.
    return b"".join(records[i] for i in (1, 2, 3, 5, 7))


def normal(records: bytes) -> bytes:
    """Record ids numbered by first appearance, and the WARC-Dates taken at writing (not NAME's) made equal."""
    ids: dict[bytes, bytes] = {}
    records = re.sub(rb"<urn:uuid:[0-9a-f-]+>", lambda m: ids.setdefault(m.group(), b"<id-%d>" % len(ids)), records)
    given = b"WARC-Date: " + NAME.date.encode()
    return re.sub(rb"WARC-Date: [^\r]+", lambda m: m.group() if m.group() == given else b"WARC-Date: now", records)


def test_records_are_the_ones_warcio_writes(tmp_path: Path) -> None:
    metadata = {"document_id": "d1", "source_id": "s", "note": '한국어 \u00e9 "quoted"', "n": [1, None]}
    for number, exchange in enumerate(EXCHANGES):
        expected = warcio_records(exchange, metadata)
        assert normal(ours(tmp_path / str(number), exchange, metadata)) == normal(expected)


def test_every_member_reads_alone_and_the_file_as_a_whole(tmp_path: Path) -> None:
    compressor = GzipMemberCompressor(GZIP_LEVEL)
    records = [b"", b"a", "한국어".encode() * 5000, bytes(range(256)) * 40]
    members = [compressor.member(record) for record in records]
    assert [zlib.decompress(member, zlib.MAX_WBITS | 16) for member in members] == records
    writer = RotatingWarcWriter(tmp_path, max_bytes=2000)  # rotates after nearly every record
    for exchange in EXCHANGES * 3:
        writer.write_exchange(exchange)
    writer.close()
    for path in warc_files(tmp_path):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle, check_digests="raise"):
                record.content_stream().read()
