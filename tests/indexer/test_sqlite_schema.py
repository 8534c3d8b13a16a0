"""Stores written by an older Pressroom open, upgrade once, and keep clustering near-duplicates."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from indexer.document import Document
from indexer.enrich import lsh_band_keys, minhash_signature
from indexer.sqlite_candidates import band_numbers
from indexer.sqlite_store import SqliteStore
from tests.together import run_together

DRILL = (
    "행정안전부는 전국 동시 재난 대응 안전 훈련을 실시한다고 밝혔다. 이번 훈련에는 지방자치단체와 소방 기관이"
    " 함께 참여하며 지진과 태풍 상황을 가정해 주민 대피 절차를 점검한다."
)


def release(key: str, text: str) -> Document:
    return Document(
        id=key,
        url=f"https://press.example.kr/{key}",
        source="mois",
        title="재난 대응 안전 훈련 실시",
        text=text,
        fetched_at=datetime(2024, 4, 1, tzinfo=UTC),
        language="ko",
        languages=["ko"],
        content_hash=f"hash-{key}",
        minhash=minhash_signature(text),
    )


def test_a_version_2_store_upgrades_and_still_clusters_its_old_documents(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    store = SqliteStore(path)
    store.upsert([release("first", DRILL)])
    store.close()
    # What Pressroom's schema 2 left on disk: signatures only inside the body JSON, which held every field, and
    # band keys as text in a rowid table indexed by key and by doc (until schema 3).
    with sqlite3.connect(path) as db:
        db.execute("ALTER TABLE document_bodies DROP COLUMN minhash")
        db.execute("UPDATE document_bodies SET body = ?", (json.dumps(release("first", DRILL).to_dict()),))
        db.execute("DROP TABLE lsh_band_docs")
        db.execute("CREATE TABLE lsh_bands (band TEXT NOT NULL, doc INTEGER NOT NULL)")
        db.execute("CREATE INDEX lsh_bands_band ON lsh_bands (band)")
        db.execute("CREATE INDEX lsh_bands_doc ON lsh_bands (doc)")
        keys = lsh_band_keys(minhash_signature(DRILL))
        db.executemany("INSERT INTO lsh_bands (band, doc) VALUES (?, 1)", [(key,) for key in [*keys, "junk"]])
        db.execute("PRAGMA user_version = 2")

    upgraded = SqliteStore(path)
    try:
        assert upgraded.identity().startswith("sqlite:")  # schema 5 gives an old file its identity
        upgraded.upsert([release("again", DRILL + " 문의 044-205-0000.")])
        again = upgraded.get("again")
        assert again is not None and again.cluster_id == "first"  # matched against the JSON signature
        upgraded.upsert([release("third", DRILL + " 담당 재난안전실.")])
        third = upgraded.get("third")
        assert third is not None and third.cluster_id == "first"
    finally:
        upgraded.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 5
        blobs = dict(db.execute("SELECT d.id, b.minhash FROM documents d JOIN document_bodies b USING (rowid)"))
        tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        first_rows = db.execute("SELECT band FROM lsh_band_docs WHERE doc = 1 ORDER BY band").fetchall()
    assert blobs["first"] is None and len(blobs["again"]) == len(blobs["third"]) == 4 * 128
    # The text keys moved as numbers (the row that was no key was dropped), and the old table went.
    assert "lsh_bands" not in tables
    assert [band for (band,) in first_rows] == sorted(band_numbers(lsh_band_keys(minhash_signature(DRILL))))


def open_store(path: str) -> str:
    store = SqliteStore(Path(path))
    try:
        return store.identity()
    finally:
        store.close()


def test_processes_opening_one_new_store_together_all_succeed(tmp_path: Path) -> None:
    # A crawl, its indexing process and other crawls may create a store at the same moment: SQLite then
    # answers some of them "database is locked" at once instead of waiting.
    identities = []
    for trial in range(8):
        path = str(tmp_path / f"store-{trial}.sqlite3")
        identities.append(set(run_together(open_store, [(path,)] * 8)))
    # Each file got one identity, whoever created it, and no two files the same.
    assert all(len(found) == 1 and next(iter(found)).startswith("sqlite:") for found in identities), identities
    assert len(set.union(*identities)) == 8
    # Another path to the same file is the same store.
    (tmp_path / "again").mkdir()
    assert open_store(str(tmp_path / "again" / ".." / "store-0.sqlite3")) in identities[0]
