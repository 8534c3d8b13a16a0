"""The SQLite store leaves out of a body's JSON what it can rebuild; every read must give the document back whole."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from indexer.document import Document
from indexer.enrich import enrich_article
from indexer.search_model import SearchRequest
from indexer.sqlite_store import SqliteStore

ARTICLES = {
    "ko": (
        "충청남도, 청년 일자리 예산 확보",
        "충청남도는 청년 일자리 창출을 위한 예산을 확보했다.\n\n도는 내년에 사업을 시작한다.",
    ),
    "en": ("Busan hosts a marine festival", "The city of Busan announced a marine festival.\n\nIt opens in July."),
    "both": (
        "세종시 스마트시티 / Sejong smart city",
        "세종특별자치시는 스마트시티 사업을 추진한다고 밝혔다. 시민 참여가 늘었다.\n\n"
        "Sejong City said it will expand its smart city programme with residents taking part. The city will"
        " open new data services for citizens next year, and invites companies to join the pilot projects.",
    ),
    "untitled": ("", "전라남도는 농업 지원 예산을 늘렸다고 발표했다."),
    "digits": ("2024", "12345 678"),  # no letters: no language, no texts
}


def enriched(key: str) -> Document:
    title, text = ARTICLES[key]
    found = enrich_article(title, text)
    return Document(
        id=key,
        url=f"https://press.example.kr/{key}",
        source="sample",
        title=title,
        text=text,
        fetched_at=datetime(2024, 5, 1, 9, 30, tzinfo=UTC),
        published_at=datetime(2024, 4, 30, tzinfo=UTC),
        language=found.language,
        languages=found.languages,
        texts_by_language=found.texts_by_language,
        region="KR-44",
        topics=["economy"],
        topic_evidence={"economy": ["예산"]},
        attachments=[{"name": "붙임.hwpx", "url": "https://press.example.kr/f", "text": "첨부"}],
        has_attachment=True,
        content_hash=f"hash-{key}",
        minhash=found.minhash,
    )


def unclustered(document: Document) -> Document:
    return dataclasses.replace(document, cluster_id=None)  # the store assigns clusters


def test_every_read_gives_back_the_document_stored(tmp_path: Path) -> None:
    documents = [enriched(key) for key in ARTICLES]
    documents.append(dataclasses.replace(documents[0], id="no-signature", url="https://press.example.kr/n", minhash=[]))
    store = SqliteStore(tmp_path / "store.sqlite3")
    try:
        store.upsert(documents)
        expected = {document.id: unclustered(document) for document in documents}
        got = {document.id: document for document in store.iter_documents()}
        assert got.keys() == expected.keys()
        for document_id, document in expected.items():
            stored = store.get(document_id)
            assert stored is not None and unclustered(stored) == document
            assert unclustered(got[document_id]) == document
        hits = store.search(SearchRequest(query="", size=50)).hits
        assert {hit.document.id: unclustered(hit.document) for hit in hits} == expected
        # Storing the same documents again finds each unchanged: what is read back compares equal.
        assert store.upsert([enriched(key) for key in ARTICLES]).unchanged == len(ARTICLES)
    finally:
        store.close()


def test_one_language_bodies_leave_out_what_the_row_rebuilds(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "store.sqlite3")
    try:
        store.upsert([enriched(key) for key in ARTICLES])
    finally:
        store.close()
    with sqlite3.connect(tmp_path / "store.sqlite3") as db:
        bodies = {
            document_id: json.loads(body)
            for document_id, body in db.execute(
                "SELECT d.id, b.body FROM documents d JOIN document_bodies b ON b.rowid = d.rowid"
            )
        }
        versions = [body for (body,) in db.execute("SELECT body FROM document_versions WHERE doc_id = 'ko'")]
    assert enriched("ko").languages == ["ko"] and sorted(enriched("both").languages) == ["en", "ko"]
    for one_language in ("ko", "en", "untitled"):
        assert "texts_by_language" not in bodies[one_language] and "minhash" not in bodies[one_language]
    assert bodies["both"]["texts_by_language"] == enriched("both").texts_by_language
    assert bodies["digits"]["texts_by_language"] == {}
    assert "청년 일자리" in versions[0]  # UTF-8, not \\u escapes: half the bytes for Korean text
