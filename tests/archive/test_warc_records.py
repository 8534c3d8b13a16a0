"""The archive's pure parts: WARC writing and reading (damaged files too), the capture index, timestamps."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.capture_archive import CaptureArchive
from crawler.archive.capture_index import CaptureIndex
from crawler.archive.reader import ScanTally, read_record_at, scan_warc, warc_files
from crawler.archive.timestamps import BadTimestamp, latest_instant, parse_age, to_warc14
from crawler.archive.warc_writer import NOT_MODIFIED_PROFILE, HttpExchange
from tests.together import run_together


def exchange(url: str, body: bytes, status: int = 200, **headers: str) -> HttpExchange:
    response_headers = [("Content-Type", "text/html; charset=utf-8"), *headers.items()]
    return HttpExchange(url, "GET", [("User-Agent", "test")], status, "OK", response_headers, body)


def test_response_then_revisit_then_not_modified(tmp_path: Path) -> None:
    archive = CaptureArchive.open(tmp_path)
    first = archive.record(exchange("http://a.test/1", b"<p>one</p>", ETag='"v1"'))
    same = archive.record(exchange("http://a.test/1", b"<p>one</p>"))
    not_modified = archive.record(exchange("http://a.test/1", b"", status=304))
    changed = archive.record(exchange("http://a.test/1", b"<p>two</p>"))
    archive.describe("http://a.test/1", changed.record_id, {"document_id": "d1", "source_id": "s"})
    archive.close()

    kinds = [c.record_type for c in (first, same, not_modified, changed)]
    assert kinds == ["response", "revisit", "revisit", "response"]
    assert same.payload_offset == first.offset and not_modified.payload_offset == first.offset
    assert not_modified.etag == '"v1"' and not_modified.status == 200

    (path,) = warc_files(tmp_path)
    with path.open("rb") as handle:
        records = list(ArchiveIterator(handle))
        kinds = [r.rec_type for r in records]
    exchanges = ["response", "request", "revisit", "request", "revisit", "request", "response", "request"]
    assert kinds == ["warcinfo", *exchanges, "metadata"]
    profiles = [r.rec_headers.get_header("WARC-Profile") for r in records if r.rec_type == "revisit"]
    assert profiles[0].endswith("identical-payload-digest") and profiles[1] == NOT_MODIFIED_PROFILE
    assert read_record_at(path, changed.offset).payload == b"<p>two</p>"


def test_index_picks_the_capture_at_or_before_a_time(tmp_path: Path) -> None:
    archive = CaptureArchive.open(tmp_path)
    one = archive.record(exchange("http://a.test/x", b"one"))
    two = archive.record(exchange("http://a.test/x", b"two"))
    index = archive.index
    assert index.at("http://a.test/x") == two
    assert index.at("http://a.test/x", one.time) == one
    assert index.at("http://a.test/x", one.time - timedelta(seconds=1)) is None
    assert index.at("http://a.test/other") is None
    archive.close()


def test_a_damaged_record_costs_only_itself(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    archive = CaptureArchive.open(tmp_path)
    captures = [archive.record(exchange(f"http://a.test/{i}", f"page {i}".encode() * 50)) for i in range(5)]
    archive.close()
    (path,) = warc_files(tmp_path)
    data = bytearray(path.read_bytes())
    middle = captures[2].offset + captures[2].length // 2
    data[middle : middle + 16] = b"\x00garbage-garbage"
    path.write_bytes(bytes(data[:-40]))  # and the last record (a request) cut short

    tally = ScanTally()
    with caplog.at_level(logging.WARNING):
        urls = [r.url for r in scan_warc(path, tally) if r.kind == "response"]
    assert urls == [f"http://a.test/{i}" for i in (0, 1, 3, 4)]
    assert tally.bad_records == 2
    assert "damaged WARC record" in caplog.text


def test_timestamps_and_ages() -> None:
    moment = datetime(2024, 5, 1, 9, 30, 0, 250000, tzinfo=UTC)
    assert to_warc14(moment) == "20240501093000"
    assert latest_instant("20240501093000") >= moment
    assert latest_instant("2024-05-01") == datetime(2024, 5, 1, 23, 59, 59, 999999, tzinfo=UTC)
    # A datetime without a fraction covers its whole second, as a 14-digit timestamp does.
    assert latest_instant("2024-05-01T18:30:00+09:00") == datetime(2024, 5, 1, 9, 30, 0, 999999, tzinfo=UTC)
    assert latest_instant("2024-05-01T09:30:00.25Z") == moment
    # Bounds past what datetime holds are clamped, not an OverflowError.
    assert latest_instant("9999-12-31T23:59:59-05:00") == datetime.max.replace(tzinfo=UTC)
    assert latest_instant("0001-01-01T00:00:00+05:00") == datetime.min.replace(tzinfo=UTC)
    with pytest.raises(BadTimestamp):
        latest_instant("yesterday")
    assert parse_age("1d") == timedelta(days=1) and parse_age("90") == timedelta(seconds=90)
    assert parse_age("0") is None and parse_age(None) is None
    with pytest.raises(ValueError):
        parse_age("soon")


def open_index(directory: str) -> str:
    CaptureIndex(Path(directory)).close()
    return "ok"


def test_processes_opening_one_new_capture_index_together_all_succeed(tmp_path: Path) -> None:
    # Workers started together on one --warc-dir: SQLite answered some of them "database is locked" at once
    # while another switched the new index to WAL, and such a worker never served its crawl.
    failures = []
    for trial in range(8):
        directory = str(tmp_path / f"warc-{trial}")
        failures += [answer for answer in run_together(open_index, [(directory,)] * 8) if answer != "ok"]
    assert failures == []
