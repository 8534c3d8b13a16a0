"""The one Elasticsearch mapping covers every field our code sends (it is `dynamic: false`, so nothing else would)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from indexer.document import Document
from indexer.es_mapping import (
    document_source,
    history_mappings,
    index_mappings,
    version_source,
)
from indexer.versions import version_of

FULL = Document(
    id="a1", url="https://x.go.kr/1", source="seoul-press", title="서울시 AI", text="본문 text",
    fetched_at=datetime(2024, 1, 2, tzinfo=UTC), published_at=datetime(2024, 1, 1, tzinfo=UTC),
    language="ko", languages=["ko", "en"], texts_by_language={"ko": "본문", "en": "text", "ja": "テキスト"},
    region="KR-11", municipality="11110", regions_mentioned=["KR-11", "11110"], topics=["ai"],
    topic_evidence={"ai": ["AI"]}, attachments=[{"name": "a.pdf", "url": "https://x.go.kr/a.pdf", "text": "첨부"}],
    has_attachment=True, content_hash="h", cluster_id="c1", minhash=[1, 2, 3],
)  # fmt: skip
BARE = Document(id="b2", url="https://x.go.kr/2", source="s", title="", text="", fetched_at=FULL.fetched_at)


@pytest.mark.parametrize("document", [FULL, BARE], ids=["every field set", "nothing optional set"])
def test_document_source_sends_only_mapped_fields(document):
    mapping = index_mappings(installed=set())
    assert mapping["dynamic"] == "false"
    assert set(document_source(document)) <= set(mapping["properties"])


def test_version_source_sends_only_mapped_fields():
    mapping = history_mappings()
    assert mapping["dynamic"] == "false"
    assert set(version_source(FULL.id, 0, version_of(FULL))) <= set(mapping["properties"])
