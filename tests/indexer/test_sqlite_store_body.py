"""The SQLite store writes a body without Document.to_dict's deep copy: it must be the same JSON text."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from indexer.document import Document
from indexer.sqlite_upsert import body_json


def test_body_json_is_the_json_of_to_dict() -> None:
    # Every field set to a non-default value, so a field added later without a JSON form shows up here.
    document = Document(
        id="d1",
        url="https://example.kr/a",
        source="seoul-press",
        title="서울시, 'AI' 정책",
        text="본문 텍스트\n\nSecond paragraph’s text.",
        fetched_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        published_at=datetime(2024, 4, 30, tzinfo=UTC),
        source_name="Seoul",
        source_name_ko="서울특별시",
        language="ko",
        languages=["ko", "en"],
        texts_by_language={"ko": "본문", "en": "text"},
        region="KR-11",
        municipality="11010",
        regions_mentioned=["KR-26"],
        topics=["ai"],
        topic_evidence={"ai": ["인공지능"]},
        byline="김지현",
        attachments=[{"name": "붙임.hwpx", "url": "https://example.kr/f", "text": "첨부", "error": "x"}],
        has_attachment=True,
        content_hash="abc",
        cluster_id="c1",
        minhash=[1, 2**32 - 1],
    )
    assert body_json(document) == json.dumps(document.to_dict(), ensure_ascii=False)
    bare = Document(id="d2", url="u", source="s", title="", text="", fetched_at=datetime(2024, 1, 1, tzinfo=UTC))
    assert body_json(bare) == json.dumps(bare.to_dict(), ensure_ascii=False)
