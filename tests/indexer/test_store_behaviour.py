"""One behaviour suite for both stores: SQLite and a real Elasticsearch must answer alike on one corpus."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from indexer.document import Document
from indexer.es_store import ElasticsearchStore
from indexer.query import QuerySyntaxError
from indexer.search_model import SearchRequest, SearchResult, SortOrder
from indexer.sqlite_store import SqliteStore
from indexer.store import DocumentStore
from tests.es_server import es_test_store

BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
FETCHED = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)


def _doc(key: str, title: str, text: str, published: datetime | None, **fields: object) -> Document:
    languages = fields.pop("languages", ["ko"])
    assert isinstance(languages, list)
    return Document(
        id=key,
        url=f"https://press.example.kr/{key}",
        title=title,
        text=text,
        fetched_at=FETCHED,
        published_at=published,
        language=languages[0],
        languages=languages,
        texts_by_language={lang: text for lang in languages},
        content_hash=f"hash-{key}",
        **fields,  # type: ignore[arg-type]
    )


def corpus() -> list[Document]:
    """Korean, English and bilingual releases across regions, topics, sources and Seoul calendar days."""
    return [
        _doc(
            "gj-1",
            "광주광역시는 인공지능산업 육성에 나선다",
            "광주광역시가 인공지능 집적단지를 조성한다. 광주광역시의 AI산업 예산은 늘었다.",
            datetime(2024, 3, 1, 15, 30, tzinfo=UTC),  # 2024-03-02 00:30 in Seoul
            source="gwangju",
            region="KR-29",
            municipality="29170",
            topics=["ai"],
        ),
        _doc(
            "gj-2",
            "스마트시티 실증 사업",
            "광주광역시에서 드론 배송 실증을 시작했다. 시민 안전을 위한 무인기 운영.",
            datetime(2024, 2, 10, 1, 0, tzinfo=UTC),
            source="gwangju",
            region="KR-29",
            topics=["smart-city"],
        ),
        _doc(
            "gj-3",
            "광주 북구 인공지능 교육",
            "북구는 주민 대상 인공지능 교육을 운영한다. 인공지능산업 일자리.",
            datetime(2024, 3, 2, 14, 59, 59, tzinfo=UTC),  # 2024-03-02 23:59:59 in Seoul
            source="gwangju",
            region="KR-29",
            municipality="29170",
            topics=["ai", "education"],
        ),
        _doc(
            "sl-1",
            "서울시 인공지능 교육 확대",
            "서울특별시는 인공지능 교육을 확대한다. 광주와 협력한다.",
            datetime(2024, 1, 5, 0, 0, tzinfo=UTC),
            source="seoul",
            region="KR-11",
            topics=["ai", "education"],
        ),
        _doc(
            "bs-1",
            "부산항 물동량 증가",
            "부산광역시는 항만 물동량이 늘었다고 밝혔다.",
            datetime(2024, 3, 10, 2, 0, tzinfo=UTC),
            source="busan",
            region="KR-26",
            municipality="26110",
            topics=["port"],
        ),
        _doc(
            "en-1",
            "Smart cities plan announced",
            "The ministry announced that cities will receive funding. Each city runs pilots.",
            datetime(2024, 3, 5, 3, 0, tzinfo=UTC),
            source="motie",
            languages=["en"],
            topics=["smart-city"],
        ),
        _doc(
            "en-2",
            "AI forum on the Metaverse",
            "The metaverse forum discussed artificial intelligence. Officials are studying regulation.",
            datetime(2023, 12, 20, 5, 0, tzinfo=UTC),
            source="motie",
            languages=["en"],
            topics=["ai"],
        ),
        _doc(
            "en-3",
            "Running the program",
            "The minister ran the program and runners were running.",
            datetime(2024, 2, 1, 0, 0, tzinfo=UTC),
            source="mofa",
            languages=["en"],
            topics=["energy"],
        ),
        _doc(
            "bi-1",
            "AI 포럼 개최 AI Forum held",
            "인공지능 포럼을 개최했다. The forum was held in Seoul with cloud companies such as 구글 google.",
            datetime(2024, 2, 28, 6, 0, tzinfo=UTC),
            source="msit",
            region="KR-11",
            languages=["ko", "en"],
            topics=["ai", "cloud"],
        ),
        _doc(
            "bi-2",
            "클라우드 전환 Cloud migration",
            "Cloud migration of government systems. 클라우드 전환을 지원한다.",
            None,
            source="msit",
            languages=["ko", "en"],
            topics=["cloud"],
        ),
    ]


ALL_IDS = {d.id for d in corpus()}


def open_backend(
    name: str, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[DocumentStore]:
    if name == "sqlite":
        store = SqliteStore(tmp_path_factory.mktemp("sqlite") / "store.sqlite3")
        yield store
        store.close()
    else:
        with es_test_store(request.getfixturevalue("es_url")) as es:
            yield es


@pytest.fixture(params=BACKENDS)
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DocumentStore]:
    """An empty store of each backend."""
    yield from open_backend(request.param, tmp_path_factory, request)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[DocumentStore]:
    """A store of each backend holding the corpus (read-only tests share it)."""
    for opened in open_backend(request.param, tmp_path_factory, request):
        opened.upsert(corpus())
        yield opened


@pytest.fixture(scope="module")
def both(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[DocumentStore, DocumentStore]]:
    """The corpus in SQLite and in Elasticsearch, to compare answers exactly."""
    sqlite_stores = open_backend("sqlite", tmp_path_factory, request)
    es_stores = open_backend("elasticsearch", tmp_path_factory, request)
    sqlite, es = next(sqlite_stores), next(es_stores)
    sqlite.upsert(corpus())
    es.upsert(corpus())
    yield sqlite, es
    for rest in (sqlite_stores, es_stores):
        next(rest, None)


def ids(store: DocumentStore, query: str = "", **filters: object) -> set[str]:
    result = store.search(SearchRequest(query=query, size=100, **filters))  # type: ignore[arg-type]
    assert result.total == len(result.hits)
    return {hit.document.id for hit in result.hits}


def ordered(result: SearchResult) -> list[str]:
    return [hit.document.id for hit in result.hits]


# -- writing -------------------------------------------------------------------------------------


def test_upsert_counts_new_updated_unchanged(store: DocumentStore) -> None:
    first = store.upsert(corpus())
    assert (first.new, first.updated, first.unchanged, first.failed) == (len(ALL_IDS), 0, 0, 0)

    refetched = [dataclasses.replace(d, fetched_at=datetime(2024, 5, 1, tzinfo=UTC)) for d in corpus()]
    again = store.upsert(refetched)
    assert (again.new, again.updated, again.unchanged) == (0, 0, len(ALL_IDS))

    changed = corpus()
    changed[0].text += " 추가 문장."
    changed[0].content_hash = "hash-gj-1-v2"
    third = store.upsert([*changed, _doc("new-1", "새 보도자료", "새 문서", None, source="seoul")])
    assert (third.new, third.updated, third.unchanged, third.failed) == (1, 1, len(ALL_IDS) - 1, 0)
    assert store.count() == len(ALL_IDS) + 1
    stored = store.get("gj-1")
    assert stored is not None and stored.text.endswith("추가 문장.")
    assert ids(store, "추가") == {"gj-1"}


def test_same_id_twice_in_one_load(store: DocumentStore) -> None:
    original = corpus()[0]
    edited = dataclasses.replace(original, text=original.text + " 수정.", content_hash="other")
    outcome = store.upsert([original, edited])
    assert (outcome.new, outcome.updated) == (1, 1)
    assert store.count() == 1
    stored = store.get(original.id)
    assert stored is not None and stored.text == edited.text


def test_get_round_trips_the_document(store: DocumentStore) -> None:
    documents = corpus()
    store.upsert(documents)
    for document in corpus():
        stored = store.get(document.id)
        assert stored is not None
        assert dataclasses.replace(stored, cluster_id=None) == document
        assert stored.cluster_id == document.id  # no MinHash: each document is its own cluster
    assert store.get("no-such-id") is None


def test_iter_documents_and_count(loaded: DocumentStore) -> None:
    assert loaded.count() == len(ALL_IDS)
    assert {d.id for d in loaded.iter_documents()} == ALL_IDS


def test_cluster_members(loaded: DocumentStore) -> None:
    assert loaded.cluster_members("gj-1") == ["gj-1"]  # type: ignore[attr-defined]
    assert loaded.cluster_members("nobody") == []  # type: ignore[attr-defined]


# -- ordering ------------------------------------------------------------------------------------

NEWEST = ["bs-1", "en-1", "gj-3", "gj-1", "bi-1", "gj-2", "en-3", "sl-1", "en-2", "bi-2"]


def test_newest_and_oldest_order_with_undated_last(loaded: DocumentStore) -> None:
    newest = loaded.search(SearchRequest(size=100))
    assert newest.total == len(ALL_IDS)
    assert ordered(newest) == NEWEST
    oldest = loaded.search(SearchRequest(sort=SortOrder.OLDEST, size=100))
    assert ordered(oldest) == [*reversed(NEWEST[:-1]), "bi-2"]


def test_paging(loaded: DocumentStore) -> None:
    page = loaded.search(SearchRequest(size=3, offset=3))
    assert page.total == len(ALL_IDS)
    assert ordered(page) == NEWEST[3:6]


def test_title_matches_rank_first(loaded: DocumentStore) -> None:
    result = loaded.search(SearchRequest(query="인공지능", size=100))
    assert set(ordered(result)[:3]) == {"gj-1", "gj-3", "sl-1"}
    assert ordered(result)[-1] == "bi-1"


# -- the query language --------------------------------------------------------------------------

QUERIES = [
    ('"smart cities"', {"en-1"}),
    ('"cities smart"', set()),
    ('"인공지능 교육"', {"gj-3", "sl-1"}),
    ("드론 OR 무인기", {"gj-2"}),
    ("물동량 OR metaverse", {"bs-1", "en-2"}),
    ("인공지능 -교육", {"gj-1", "bi-1"}),
    ("cloud -google", {"bi-2"}),
    ("title:인공지능", {"gj-1", "gj-3", "sl-1"}),
    ('title:"AI forum"', {"en-2", "bi-1"}),
    ("metaver*", {"en-2"}),
    ("meta*", {"en-2"}),
    ("runner*", {"en-3"}),
    ("(드론 OR 클라우드) 전환", {"bi-2"}),
    ("(광주 OR 부산) -인공지능", {"gj-2", "bs-1"}),
    ("-인공지능", ALL_IDS - {"gj-1", "gj-3", "sl-1", "bi-1"}),
    ("-인공지능 -cloud", ALL_IDS - {"gj-1", "gj-3", "sl-1", "bi-1", "bi-2"}),
    ("title:cloud OR 항만", {"bi-2", "bs-1"}),
]


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_language(loaded: DocumentStore, query: str, expected: set[str]) -> None:
    assert ids(loaded, query) == expected


@pytest.mark.parametrize("query", ["!!!", "(인공지능", "인공지능)", "-!!"])
def test_unreadable_queries_raise(loaded: DocumentStore, query: str) -> None:
    with pytest.raises(QuerySyntaxError):
        loaded.search(SearchRequest(query=query))


# -- Korean and English matching -----------------------------------------------------------------

MATCHING = [
    # A noun finds itself with particles attached.
    ("광주광역시", {"gj-1", "gj-2"}),
    ("광주광역시는", {"gj-1"}),
    ("광주광역시가", {"gj-1"}),
    ("광주광역시의", {"gj-1"}),
    ("광주광역시에서", {"gj-2"}),
    ("광주", {"gj-1", "gj-2", "gj-3", "sl-1"}),
    # ... and inside compounds.
    ("인공지능", {"gj-1", "gj-3", "sl-1", "bi-1"}),
    ("인공지능산업", {"gj-1", "gj-3"}),
    ("물동량", {"bs-1"}),
    ("클라우드", {"bi-2"}),
    ("스마트시티", {"gj-2"}),
    # English: case and inflection.
    ("cities", {"en-1"}),
    ("city", {"en-1"}),
    ("CITY", {"en-1"}),
    ("Cloud", {"bi-1", "bi-2"}),
    ("announce", {"en-1"}),
    ("run", {"en-1", "en-3"}),
    ("running", {"en-1", "en-3"}),
    ("study", {"en-2"}),
    ("forums", {"en-2", "bi-1"}),
    ("GOOGLE", {"bi-1"}),
    # A single syllable matches the words it starts.
    ("항", {"bs-1"}),
    ("북", {"gj-3"}),
    # Mixed script, and both scripts in one query.
    ("AI산업", {"gj-1"}),
    ("ai산업", {"gj-1"}),
    ("인공지능 forum", {"bi-1"}),
    ("전환 migration", {"bi-2"}),
    # Nothing found is an answer too.
    ("대구광역시", set()),
    ("cityscape", set()),
]


@pytest.mark.parametrize(("query", "expected"), MATCHING)
def test_korean_and_english_matching(loaded: DocumentStore, query: str, expected: set[str]) -> None:
    assert ids(loaded, query) == expected


def test_snippets_show_the_original_text(loaded: DocumentStore) -> None:
    hit = loaded.search(SearchRequest(query="광주광역시")).hits
    snippet = {h.document.id: h.snippet for h in hit}["gj-2"]
    assert snippet.startswith("<mark>광주광역시</mark>에서 드론")


# -- filters -------------------------------------------------------------------------------------


def test_date_filters_are_inclusive_seoul_days(loaded: DocumentStore) -> None:
    march_second = date(2024, 3, 2)
    assert ids(loaded, date_from=march_second, date_to=march_second) == {"gj-1", "gj-3"}  # 00:30 and 23:59:59 Seoul time
    assert ids(loaded, date_to=date(2024, 3, 1)) == {"gj-2", "sl-1", "en-2", "en-3", "bi-1"}
    assert ids(loaded, date_from=date(2024, 3, 3)) == {"bs-1", "en-1"}
    assert ids(loaded, "인공지능", date_from=date(2024, 3, 2)) == {"gj-1", "gj-3"}


def test_region_filter_matches_province_and_municipality(loaded: DocumentStore) -> None:
    assert ids(loaded, regions=("KR-29",)) == {"gj-1", "gj-2", "gj-3"}
    assert ids(loaded, regions=("29170",)) == {"gj-1", "gj-3"}
    assert ids(loaded, regions=("29170", "KR-26")) == {"gj-1", "gj-3", "bs-1"}


def test_facet_filters_combine(loaded: DocumentStore) -> None:
    assert ids(loaded, languages=("en",)) == {"en-1", "en-2", "en-3", "bi-1", "bi-2"}
    assert ids(loaded, languages=("en",), topics=("ai",)) == {"en-2", "bi-1"}
    assert ids(loaded, "인공지능", sources=("gwangju", "msit")) == {"gj-1", "gj-3", "bi-1"}


def test_facets_are_multi_select(loaded: DocumentStore) -> None:
    result = loaded.search(SearchRequest(regions=("KR-29",)))
    regions = {f.key: f.count for f in result.facets["region"]}
    # The region facet ignores its own selection, so other regions stay selectable ...
    assert regions == {"KR-29": 3, "29170": 2, "KR-11": 2, "KR-26": 1, "26110": 1}
    # ... while every other facet counts only the selected region's documents.
    assert {f.key: f.count for f in result.facets["topic"]} == {"ai": 2, "smart-city": 1, "education": 1}
    assert [(f.key, f.count) for f in result.facets["source"]] == [("gwangju", 3)]


# -- both backends at once -----------------------------------------------------------------------

COMPARED = [
    SearchRequest(),
    SearchRequest(query="인공지능"),
    SearchRequest(query="인공지능", regions=("KR-29",)),
    SearchRequest(query="cloud OR 광주", languages=("en",), topics=("cloud", "ai")),
    SearchRequest(regions=("KR-11", "29170"), topics=("ai",), sources=("seoul", "gwangju", "msit")),
    SearchRequest(query="-인공지능", date_from=date(2024, 2, 1), date_to=date(2024, 3, 5)),
    SearchRequest(query="시", sort=SortOrder.OLDEST),
    SearchRequest(query="AI", languages=("ko",)),
]


@pytest.mark.elasticsearch
@pytest.mark.parametrize("request_", COMPARED, ids=lambda r: repr(r.query or "(all)"))
def test_backends_agree_exactly(both: tuple[DocumentStore, DocumentStore], request_: SearchRequest) -> None:
    sqlite, es = both
    expected, found = sqlite.search(request_), es.search(request_)
    assert found.total == expected.total
    assert found.facets == expected.facets
    assert {h.document.id: h.snippet for h in found.hits} == {h.document.id: h.snippet for h in expected.hits}
    if request_.effective_sort() is not SortOrder.RELEVANCE:
        assert ordered(found) == ordered(expected)


@pytest.mark.elasticsearch
@pytest.mark.parametrize(("query", "expected"), QUERIES + MATCHING)
def test_backends_match_the_same_documents(
    both: tuple[DocumentStore, DocumentStore], query: str, expected: set[str]
) -> None:
    sqlite, es = both
    assert ids(es, query) == ids(sqlite, query)


def test_es_store_is_a_document_store() -> None:
    store: DocumentStore = ElasticsearchStore("http://127.0.0.1:9")  # satisfies the protocol, no I/O
    store.close()
