"""Elasticsearch index lifecycle on a real server: idempotent setup, migration under load, load errors, history."""

from __future__ import annotations

import argparse
import dataclasses
import threading
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from indexer.document import Document
from indexer.enrich import minhash_signature
from indexer.es_mapping import history_mappings
from indexer.es_store import ElasticsearchStore
from indexer.search_model import SearchRequest
from indexer.store import StoreError, open_store
from indexer.versions import version_of
from tests.es_server import delete_test_indices, es_test_store

pytestmark = pytest.mark.elasticsearch

WORDS = ["인공지능", "드론", "스마트시티", "교육", "항만", "energy", "cloud", "forum", "policy", "budget"]


def generated(count: int) -> list[Document]:
    """`count` distinct releases, each with the word 보도자료 and two topic words."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    return [
        Document(
            id=f"doc-{n:05d}",
            url=f"https://press.example.kr/{n}",
            source=f"source-{n % 7}",
            title=f"보도자료 {n} {WORDS[n % len(WORDS)]}",
            text=f"{WORDS[n % len(WORDS)]} {WORDS[(n * 3) % len(WORDS)]} 관련 보도자료 본문 {n}.",
            fetched_at=start,
            published_at=start + timedelta(hours=n),
            language="ko",
            languages=["ko"],
            region=f"KR-{11 + n % 5}",
            topics=[f"topic-{n % 4}"],
            content_hash=f"h{n}",
        )
        for n in range(count)
    ]


def aliases_of(store: ElasticsearchStore) -> dict[str, set[str]]:
    """The aliases of each of the store's indices (the history index has none)."""
    found = store.client.indices.get_alias(index=f"{store.prefix}-*").body
    return {index: set(entry["aliases"]) for index, entry in found.items()}


def layout(store: ElasticsearchStore, version: int) -> dict[str, set[str]]:
    """Index version `version` behind both aliases, and the history index."""
    return {f"{store.prefix}-v{version}": {store.read_alias, store.write_alias}, f"{store.prefix}-versions": set()}


def test_setup_is_idempotent(es_store: ElasticsearchStore) -> None:
    es_store.ensure_index()
    es_store.ensure_index()
    again = ElasticsearchStore(es_store.url, index_prefix=es_store.prefix)
    again.ensure_index()
    again.close()
    assert aliases_of(es_store) == layout(es_store, 1)
    assert es_store.current_index() == f"{es_store.prefix}-v1"
    mapping = es_store.client.indices.get_mapping(index=es_store.history_index).body
    assert mapping[es_store.history_index]["mappings"] == history_mappings()


def test_concurrent_setups_make_one_index(es_store: ElasticsearchStore) -> None:
    stores = [ElasticsearchStore(es_store.url, index_prefix=es_store.prefix) for _ in range(6)]
    barrier = threading.Barrier(len(stores))
    errors: list[BaseException] = []

    def setup(store: ElasticsearchStore) -> None:
        barrier.wait()
        try:
            store.ensure_index()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=setup, args=(s,)) for s in stores]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for store in stores:
        store.close()
    assert errors == []
    assert aliases_of(es_store) == layout(es_store, 1)


def test_migrate_while_searching(es_store: ElasticsearchStore) -> None:
    documents = generated(600)
    assert es_store.upsert(documents).new == 600
    request = SearchRequest(query="보도자료", regions=("KR-12",), size=5)
    expected = es_store.search(request).total
    stop = threading.Event()
    totals: list[int] = []
    counts: list[int] = []
    failures: list[BaseException] = []

    def search_forever() -> None:
        while not stop.is_set():
            try:
                totals.append(es_store.search(request).total)
                counts.append(es_store.count())
            except BaseException as exc:
                failures.append(exc)

    searcher = threading.Thread(target=search_forever)
    searcher.start()
    try:
        summary = es_store.migrate()
    finally:
        stop.set()
        searcher.join()
    assert failures == []
    assert len(totals) > 10 and set(totals) == {expected}
    assert set(counts) == {600}
    assert (summary.old_index, summary.new_index, summary.documents) == (
        f"{es_store.prefix}-v1",
        f"{es_store.prefix}-v2",
        600,
    )
    assert aliases_of(es_store) == layout(es_store, 2)
    assert {d.id for d in es_store.iter_documents()} == {d.id for d in documents}
    assert es_store.get("doc-00042") == documents[42]
    # The new version takes writes, and a second migration moves on to v3.
    assert es_store.upsert(generated(601)).new == 1
    assert es_store.migrate().documents == 601
    assert es_store.count() == 601


def test_refused_items_are_counted_not_lost_silently(es_store: ElasticsearchStore) -> None:
    es_store.upsert(generated(2))
    index = es_store.current_index()
    es_store.client.indices.put_settings(index=index, settings={"index.blocks.write": True})
    try:
        outcome = es_store.upsert(generated(5))
    finally:
        es_store.client.indices.put_settings(index=index, settings={"index.blocks.write": False})
    assert (outcome.new, outcome.unchanged, outcome.failed) == (0, 2, 3)
    assert len(outcome.errors) == 3
    assert all(e.startswith("https://press.example.kr/") and "cluster_block" in e for e in outcome.errors)
    assert es_store.versions("doc-00004") == []  # a document refused adds no version
    retried = es_store.upsert(generated(5))
    assert (retried.new, retried.unchanged, retried.failed) == (3, 2, 0)
    assert es_store.versions("doc-00004") == [version_of(generated(5)[4])]


def test_migration_leaves_the_history_in_place(es_store: ElasticsearchStore) -> None:
    first = generated(3)
    changed = [dataclasses.replace(d, text=d.text + " 정정.", content_hash=d.content_hash + "b") for d in first[:1]]
    es_store.upsert(first)
    es_store.upsert(changed)
    before = {d.id: es_store.versions(d.id) for d in first}
    es_store.migrate()
    assert {d.id: es_store.versions(d.id) for d in first} == before
    assert before["doc-00000"] == [version_of(first[0]), version_of(changed[0])]


def test_reads_of_a_prefix_with_no_archive_answer_empty_and_create_nothing(es_url: str) -> None:
    prefix = f"pressroom-test-missing-{uuid.uuid4().hex[:8]}"
    store = ElasticsearchStore(es_url, index_prefix=prefix)  # as a mistyped ?index= would name it
    try:
        result = store.search(SearchRequest(query="광주"))
        assert (result.total, result.hits, store.count(), store.get("x"), store.versions("x")) == (0, [], 0, None, [])
        assert store.client.indices.get(index=f"{prefix}*").body == {}
        store.upsert(generated(1))  # a write sets the archive up
        assert store.count() == 1
    finally:
        store.close()
        delete_test_indices(es_url, prefix)


def test_history_starts_on_an_index_set_up_before_it(es_url: str) -> None:
    documents = generated(2)
    with es_test_store(es_url) as store:
        store.upsert(documents)
        store.client.indices.delete(index=store.history_index)  # as on a cluster set up before the history
        again = ElasticsearchStore(es_url, index_prefix=store.prefix)
        try:
            assert again.versions("doc-00000") == []
            edited = dataclasses.replace(documents[0], title="정정", content_hash="edited")
            assert again.upsert([edited]).updated == 1
            # The stored content is recorded first, as the SQLite store does for a document older than its history.
            assert again.versions("doc-00000") == [version_of(documents[0]), version_of(edited)]
        finally:
            again.close()


def test_near_duplicates_cluster_across_chunks(es_url: str) -> None:
    base = (
        "광주광역시는 인공지능 집적단지 2단계 사업을 시작한다고 밝혔다. 예산은 3천억 원 규모이며 기업 유치를 추진한다."
    )
    texts = [
        base,
        base + " 문의 062-000-0000.",
        "부산항 물동량이 전년보다 늘었다고 부산광역시가 밝혔다.",
        base + " 끝.",
    ]
    documents = [
        Document(
            id=f"dup-{n}",
            url=f"https://press.example.kr/dup/{n}",
            source="gwangju",
            title="인공지능 집적단지",
            text=text,
            fetched_at=datetime(2024, 1, 1, tzinfo=UTC),
            minhash=minhash_signature(text),
            content_hash=f"dup{n}",
        )
        for n, text in enumerate(texts)
    ]
    # Chunks of two: dup-1 clusters with a pending document, dup-3 with a searchable one.
    with es_test_store(es_url, chunk_size=2) as store:
        store.upsert(documents)
        clusters = {d: store.get(d).cluster_id for d in ("dup-0", "dup-1", "dup-2", "dup-3")}  # type: ignore[union-attr]
        assert clusters == {"dup-0": "dup-0", "dup-1": "dup-0", "dup-2": "dup-2", "dup-3": "dup-0"}
        assert store.cluster_members("dup-0") == ["dup-0", "dup-1", "dup-3"]


def test_migrate_command_prints_one_summary_line(
    es_store: ElasticsearchStore, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pressroom import commands

    es_store.upsert(generated(3))
    monkeypatch.setattr(commands, "open_store", lambda url: ElasticsearchStore(url, index_prefix=es_store.prefix))
    assert commands.index(argparse.Namespace(index_command="migrate", store=es_store.url)) == 0
    assert capsys.readouterr().out == (
        f"migrated 3 documents from {es_store.prefix}-v1 to {es_store.prefix}-v2; aliases swapped\n"
    )


def test_two_archives_share_a_cluster_under_their_store_urls(es_url: str) -> None:
    """`?index=NAME` in the store URL: each archive its own indices, on the same cluster."""
    names = [f"pressroom-test-{uuid.uuid4().hex[:10]}" for _ in range(2)]
    stores = [open_store(f"{es_url}?index={name}") for name in names]
    try:
        city, province = stores
        city.upsert(generated(3))
        province.upsert(generated(5)[3:])
        assert (city.count(), province.count()) == (3, 2)
        assert city.get("doc-00004") is None and province.get("doc-00004") is not None
    finally:
        for store, name in zip(stores, names, strict=True):
            store.close()
            delete_test_indices(es_url, name)


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("http://127.0.0.1:9200?index=Press Room", "not a usable index name"),
        ("http://127.0.0.1:9200?index=", "not a usable index name"),
        ("http://127.0.0.1:9200?shards=3", "unknown option 'shards'"),
    ],
)
def test_a_bad_store_url_option_is_refused_before_any_request(url: str, says: str) -> None:
    with pytest.raises(StoreError, match=says):
        open_store(url)


def test_an_article_of_two_million_characters_is_stored(es_store: ElasticsearchStore) -> None:
    """Whole, such a text made a request past the indexing-pressure limit of a small node: refused after 30 s
    of retries, and counted failed. Bounded (indexer.ingest.MAX_ARTICLE_CHARS), it is stored."""
    from crawler.items import CrawledArticle
    from crawler.sources import Source
    from indexer.ingest import MAX_ARTICLE_CHARS, build_document

    source = Source.model_validate(
        {"id": "big", "name_ko": "큰", "name_en": "Big", "kind": "board", "start_urls": ["http://127.0.0.1:9/"],
         "article_url": r"/\d+$"}
    )  # fmt: skip
    paragraph = "경남도는 도내 산업단지 10곳을 재생에너지 100% 사용 산업단지로 전환한다고 밝혔다. " * 3
    text = "\n\n".join([paragraph.strip()] * (2_000_000 // len(paragraph)))
    article = CrawledArticle(url="http://127.0.0.1:9/1", source_id="big", fetched_at=datetime.now(UTC),
                             title="산업단지 전환", text=text)  # fmt: skip
    document = build_document(article, source)
    outcome = es_store.upsert([document])
    assert (outcome.new, outcome.failed) == (1, 0), outcome.errors
    stored = es_store.get(document.id)
    assert stored is not None and 0 < len(stored.text) <= MAX_ARTICLE_CHARS
