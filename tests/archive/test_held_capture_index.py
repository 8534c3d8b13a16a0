"""HeldCaptureIndex answers as CaptureIndex does, and commits only at flush (after the archive's records)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from crawler.archive.capture_index import Capture, CaptureIndex
from crawler.archive.held_capture_index import HeldCaptureIndex


def capture(rng: random.Random, record_id: str) -> Capture:
    # Few URLs, times and ids, so that ties, replaced rows and links to committed rows all happen.
    return Capture(
        record_id=record_id,
        url=f"http://a.test/{rng.randrange(4)}",
        captured_at=f"2024-05-01T09:30:0{rng.randrange(4)}.000000Z",
        record_type=rng.choice(["response", "revisit"]),
        status=rng.choice([200, 200, 200, 304, 404]),
        mime="text/html",
        digest=f"sha1:{rng.randrange(3)}",
        etag=rng.choice([None, '"v1"']),
        last_modified=None,
        file="a.warc.gz",
        offset=rng.randrange(10_000),
        length=100,
        payload_file="a.warc.gz",
        payload_offset=0,
        payload_length=100,
    )


@pytest.mark.parametrize("seed", range(12))
def test_held_index_answers_as_the_committing_one(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    plain = CaptureIndex(tmp_path / "plain")
    held = HeldCaptureIndex(tmp_path / "held")
    ids = [f"<urn:uuid:{n}>" for n in range(12)]
    for _ in range(400):
        action = rng.random()
        if action < 0.45:
            row = capture(rng, rng.choice(ids))
            plain.add(row)
            held.add(row)
        elif action < 0.75:
            link = (rng.choice(ids), rng.choice([None, "doc-1", "doc-2"]), rng.choice([None, "source"]))
            plain.link_document(*link)
            held.link_document(*link)
        elif action < 0.8:
            held.flush()
        url = f"http://a.test/{rng.randrange(4)}"
        assert held.latest(url) == plain.latest(url)
    assert [held.by_record_id(i) for i in ids] == [plain.by_record_id(i) for i in ids]
    urls = [f"http://a.test/{n}" for n in range(4)]
    assert [held.history(url) for url in urls] == [plain.history(url) for url in urls]
    assert held.count() == plain.count()
    plain.close()
    held.close()


def test_rows_are_committed_at_flush_after_the_records(tmp_path: Path) -> None:
    written: list[int] = []
    held = HeldCaptureIndex(tmp_path, before_commit=lambda: written.append(reader.count()))
    reader = CaptureIndex(tmp_path)  # another connection, as another process would have
    held.add(capture(random.Random(1), "<urn:uuid:1>"))
    assert reader.count() == 0
    held.flush()
    assert written == [0] and reader.count() == 1  # the records were written before the row was committed
    held.close()
    reader.close()
