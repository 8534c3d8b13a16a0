"""The SQLite store decides a batch together: it must store exactly what loading one document at a time stores."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.analysis import analyze, analyze_to_string
from indexer.document import Document, same_content
from indexer.enrich import lsh_band_keys, minhash_signature
from indexer.search_model import SearchRequest
from indexer.sqlite_candidates import band_numbers
from indexer.sqlite_store import SqliteStore
from tests.together import run_together

FETCHED = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
SENTENCES = [
    "행정안전부는 전국 동시 재난 대응 안전 훈련을 실시한다고 밝혔다.",
    "이번 훈련에는 지방자치단체와 소방 기관이 함께 참여한다.",
    "지진과 태풍 상황을 가정해 주민 대피 절차를 점검한다.",
    "충청남도는 청년 일자리 창출을 위한 예산을 확보했다.",
    "스마트시티 사업과 탄소 중립 에너지 전환을 추진한다.",
    "The ministry announced a nationwide safety drill with local governments.",
]


def release(key: str, sentences: list[int], *, day: int = 0, **fields: object) -> Document:
    text = " ".join(SENTENCES[i] for i in sentences)
    return Document(
        id=key,
        url=f"https://press.example.kr/{key}",
        source="mois",
        title=f"보도자료 {key}",
        text=text,
        fetched_at=FETCHED + timedelta(days=day),
        language="ko",
        languages=["ko"],
        texts_by_language={"ko": text},
        topics=["safety"],
        content_hash=f"hash-{key}-{sentences}",
        minhash=minhash_signature(text),
        **fields,  # type: ignore[arg-type]
    )


def loads() -> list[list[Document]]:
    """New documents, near-duplicates, one id twice in a load, a changed one, an older capture."""
    return [
        [release("a", [0, 1, 2]), release("b", [3, 4]), release("a2", [0, 1, 2, 5]), release("c", [5])],
        [
            release("b", [3, 4], day=1),  # unchanged
            release("d", [0, 1]),
            release("d", [0, 1, 2], day=1),  # the same id again in this load
            release("a", [0, 1, 2, 3], day=2),  # changed
            release("a2", [0, 1], day=-1),  # an older capture of other content
            release("e", [0, 1, 2, 3]),
        ],
        [release("f", [3, 4, 5]), release("b", [0, 1, 2], day=3), release("g", [3, 4])],
    ]


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, but the file's own identity (each file has another)."""
    with sqlite3.connect(path) as db:
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        tables.remove("store_identity")
        return {t: db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in tables}


def test_a_batch_stores_what_one_document_at_a_time_stores(tmp_path: Path) -> None:
    together, alone = SqliteStore(tmp_path / "together.sqlite3"), SqliteStore(tmp_path / "alone.sqlite3")
    outcomes = []
    for load in loads():
        batch = together.upsert([dataclasses.replace(d) for d in load])
        single = [alone.upsert([dataclasses.replace(d)]) for d in load]
        outcomes.append(
            (
                (batch.new, batch.updated, batch.unchanged, batch.failed),
                tuple(sum(getattr(o, name) for o in single) for name in ("new", "updated", "unchanged", "failed")),
            )
        )
    together.close()
    alone.close()
    assert all(batch == single for batch, single in outcomes)
    assert outcomes[1][0] == (2, 2, 2, 0)
    rows, other = table_rows(tmp_path / "together.sqlite3"), table_rows(tmp_path / "alone.sqlite3")
    # Every row, rowids included; FTS5's segments follow transaction boundaries, so its terms are compared
    # through searches instead.
    assert [t for t in rows if rows[t] != other[t]] == ["documents_fts_data", "documents_fts_idx"]
    for word in ("훈련", "청년 일자리", "ministry", "보도자료"):
        request = SearchRequest(query=word, size=50)
        assert ordered(SqliteStore(tmp_path / "together.sqlite3"), request) == ordered(
            SqliteStore(tmp_path / "alone.sqlite3"), request
        )
    clusters = {r[1]: r[6] for r in rows["documents"]}
    assert clusters == {"a": "a", "b": "b", "a2": "a", "c": "c", "d": "a", "e": "a", "f": "c", "g": "g"}
    # Each document has the band rows of the signature it holds now: the rewritten ones' former rows are gone.
    store = SqliteStore(tmp_path / "together.sqlite3")
    try:
        expected = set()
        for rowid, document_id, *_ in rows["documents"]:
            document = store.get(document_id)
            assert document is not None
            expected |= {(band, rowid) for band in band_numbers(lsh_band_keys(document.minhash))}
    finally:
        store.close()
    assert set(rows["lsh_band_docs"]) == expected and len(rows["lsh_band_docs"]) == len(expected)


def ordered(store: SqliteStore, request: SearchRequest) -> list[tuple[str, float]]:
    try:
        return [(hit.document.id, hit.score) for hit in store.search(request).hits]
    finally:
        store.close()


def test_a_failing_document_fails_alone_and_leaves_nothing_half_written(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "store.sqlite3")
    broken = dataclasses.replace(release("broken", [2]), title=None)  # analysed after its row is written
    outcome = store.upsert([release("a", [0, 1, 2]), broken, release("b", [3, 4])])
    assert (outcome.new, outcome.failed) == (2, 1)
    assert outcome.errors[0].startswith("https://press.example.kr/broken: ")
    assert store.get("a") is not None and store.get("b") is not None
    # Its row was written before its title failed analysis; kept, it would read as stored and unchanged.
    assert store.get("broken") is None
    found = store.search(SearchRequest(query="보도자료"))
    assert {hit.document.id for hit in found.hits} == {"a", "b"}
    store.close()


def test_clusters_see_what_another_connection_wrote(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    first, second = SqliteStore(path), SqliteStore(path)
    original = release("a", [0, 1, 2])
    first.upsert([dataclasses.replace(original)])
    # The other connection rewrites "a": one band of its signature left, the rest unlike the text above.
    rewritten = dataclasses.replace(
        original, content_hash="other", fetched_at=FETCHED + timedelta(days=1), minhash=original.minhash[:4] + [7] * 124
    )
    second.upsert([rewritten])
    copy = dataclasses.replace(original, id="copy", url="https://press.example.kr/copy", content_hash="copy")
    first.upsert([copy])  # still a candidate by that band, but no longer similar
    stored = first.get("copy")
    assert stored is not None and stored.cluster_id == "copy"
    first.close()
    second.close()


# Hangul, jamo, CJK, kana, Latin with accents and apostrophes, digits, punctuation, and the whitespace and
# compatibility characters NFKC changes (no-break and ideographic spaces, full-width letters, ligatures).
ANALYSED_CHARACTERS = "가나힣한국 ㄱㅏ\u1100\u1161漢字かなカナabcXYZé'’_-.,09\u00a0\u3000\t\n\u0308Ａ①ﬁ\u2028\x1c"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ANALYSED_CHARACTERS, max_size=40))
def test_the_analysed_string_is_the_terms_joined(text: str) -> None:
    # Stores hold analyze_to_string's output: piece by piece it must equal the whole text's terms.
    assert analyze_to_string(text) == " ".join(analyze(text))
    assert analyze_to_string(text) == " ".join(analyze(text))  # a second time, from the pieces remembered


def test_same_content_compares_what_to_dict_gives() -> None:
    stored = release("a", [0, 1])
    assert same_content(stored, dataclasses.replace(stored, fetched_at=FETCHED + timedelta(days=1), cluster_id="x"))
    # Another URL of the same id: only tracking parameters or the query's order differ.
    assert same_content(stored, dataclasses.replace(stored, url=stored.url + "?utm_source=feed"))
    assert not same_content(stored, dataclasses.replace(stored, topics=["health"]))
    # The same instant in another time zone is another publication time to to_dict (its ISO text differs).
    published = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    seoul = published.astimezone(ZoneInfo("Asia/Seoul"))
    dated = dataclasses.replace(stored, published_at=published)
    assert not same_content(dated, dataclasses.replace(stored, published_at=seoul))
    # A tuple where JSON gives back a list: to_dict keeps each as it is, so they differ there as well.
    assert same_content(dated, dataclasses.replace(dated, languages=["ko"]))
    assert not same_content(dated, dataclasses.replace(dated, languages=("ko",)))  # type: ignore[arg-type]


def load_releases(path: str, prefix: str) -> tuple[int, int, list[str]]:
    store = SqliteStore(Path(path))
    new = failed = 0
    errors: list[str] = []
    for start in range(0, 300, 20):
        outcome = store.upsert([release(f"{prefix}-{n}", [n % 6, (n + 2) % 6]) for n in range(start, start + 20)])
        new, failed, errors = new + outcome.new, failed + outcome.failed, errors + outcome.errors
    store.close()
    return new, failed, errors[:3]


def test_processes_loading_one_store_together_lose_nothing(tmp_path: Path) -> None:
    # Two crawls into one store, each with its indexing process: a load that read before another process
    # committed was refused "database is locked" at its first write, and its documents counted as failed.
    path = str(tmp_path / "store.sqlite3")
    SqliteStore(Path(path)).close()
    answers = run_together(load_releases, [(path, prefix) for prefix in "abc"])
    assert answers == [(300, 0, [])] * 3
    store = SqliteStore(Path(path))
    try:
        assert store.count() == 900
    finally:
        store.close()
