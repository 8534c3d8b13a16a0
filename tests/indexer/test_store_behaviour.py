"""One behaviour suite for both stores: SQLite and a real Elasticsearch must answer alike on one corpus."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest

from indexer.document import Document
from indexer.enrich import minhash_signature
from indexer.es_store import ElasticsearchStore
from indexer.export import iter_matches
from indexer.paging import InvalidCursor, encode_cursor
from indexer.query import QuerySyntaxError
from indexer.related import similar_documents
from indexer.search_model import HistogramBucket, HistogramInterval, SearchRequest, SearchResult, SortOrder
from indexer.sqlite_store import SqliteStore
from indexer.store import DocumentStore, shown_url
from indexer.versions import Version, version_of
from tests.es_server import es_test_store

BACKENDS = ["sqlite", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]
FETCHED = datetime(2024, 4, 1, 9, 0, tzinfo=UTC)
# One release and its re-issue with a contact line added: near-duplicates the stores cluster together.
DRILL = (
    "행정안전부는 전국 동시 재난 대응 안전 훈련을 실시한다고 밝혔다. 이번 훈련에는 지방자치단체와 소방 기관이"
    " 함께 참여하며 지진과 태풍 상황을 가정해 주민 대피 절차를 점검한다."
)
DRILL_AGAIN = DRILL + " 문의 044-205-0000."


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
        _doc(
            "dup-1",
            "재난 대응 안전 훈련 실시",
            DRILL,
            datetime(2024, 3, 20, 1, 0, tzinfo=UTC),
            source="mois",
            topics=["safety"],
            minhash=minhash_signature(DRILL),
        ),
        _doc(
            "dup-2",
            "재난 대응 안전 훈련 실시",
            DRILL_AGAIN,
            datetime(2024, 3, 21, 1, 0, tzinfo=UTC),
            source="mois",
            topics=["safety"],
            minhash=minhash_signature(DRILL_AGAIN),
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
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocumentStore]:
    """An empty store of each backend."""
    yield from open_backend(request.param, tmp_path_factory, request)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocumentStore]:
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

    # Fetched again, some by another URL of the same id (a tracking parameter): nothing changed.
    refetched = [
        dataclasses.replace(d, fetched_at=datetime(2024, 5, 1, tzinfo=UTC), url=f"{d.url}?utm_source=feed")
        for d in corpus()
    ]
    again = store.upsert(refetched)
    assert (again.new, again.updated, again.unchanged) == (0, 0, len(ALL_IDS))
    assert store.get("gj-1").url == "https://press.example.kr/gj-1"  # type: ignore[union-attr]

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


def history(store: DocumentStore, document_id: str) -> list[Version]:
    assert isinstance(store, SqliteStore | ElasticsearchStore)
    return store.versions(document_id)


def test_history_records_changes_not_recrawls(store: DocumentStore) -> None:
    a = corpus()[0]
    a_again = dataclasses.replace(a, fetched_at=datetime(2024, 4, 8, tzinfo=UTC))
    b = dataclasses.replace(
        a, text=a.text + " 정정.", content_hash="hash-gj-1-b", fetched_at=datetime(2024, 4, 15, tzinfo=UTC)
    )
    for document in (a, a_again, b):
        store.upsert([dataclasses.replace(document)])
    found = history(store, a.id)
    assert found == [version_of(a), version_of(b)]
    assert [v.captured_at for v in found] == [FETCHED, datetime(2024, 4, 15, tzinfo=UTC)]
    assert history(store, "no-such-id") == []


def test_history_of_two_copies_in_one_load(store: DocumentStore) -> None:
    original = corpus()[0]
    edited = dataclasses.replace(original, text=original.text + " 수정.", content_hash="other")
    store.upsert([dataclasses.replace(original), dataclasses.replace(edited)])
    # Same capture time: the order they were recorded in.
    assert history(store, original.id) == [version_of(original), version_of(edited)]
    store.upsert([dataclasses.replace(original, fetched_at=datetime(2024, 5, 1, tzinfo=UTC))])
    assert [v.content_hash for v in history(store, original.id)] == ["hash-gj-1", "other", "hash-gj-1"]


def test_an_older_capture_never_replaces_newer_content(store: DocumentStore) -> None:
    older = corpus()[0]  # captured on FETCHED, 1 April
    newer = dataclasses.replace(
        older, text=older.text + " 정정.", content_hash="hash-gj-1-b", fetched_at=datetime(2024, 4, 15, tzinfo=UTC)
    )
    store.upsert([dataclasses.replace(newer)])
    late = store.upsert([dataclasses.replace(older)])  # e.g. a spool written while the store was down
    assert (late.new, late.updated, late.unchanged, late.failed) == (0, 0, 1, 0)
    stored = store.get(older.id)
    assert stored is not None and (stored.text, stored.fetched_at) == (newer.text, newer.fetched_at)
    assert ids(store, "정정") == {older.id}
    # The older content joins the history at its own time, before the newer one; once, however often it comes.
    assert history(store, older.id) == [version_of(older), version_of(newer)]
    again = store.upsert([dataclasses.replace(older), dataclasses.replace(older)])
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert history(store, older.id) == [version_of(older), version_of(newer)]
    stored = store.get(older.id)
    assert stored is not None and stored.content_hash == newer.content_hash


def test_get_round_trips_the_document(store: DocumentStore) -> None:
    documents = corpus()
    store.upsert(documents)
    for document in corpus():
        stored = store.get(document.id)
        assert stored is not None
        assert dataclasses.replace(stored, cluster_id=None) == document
        # Each document is its own cluster but the re-issued release, which joins the first one's.
        assert stored.cluster_id == ("dup-1" if document.id == "dup-2" else document.id)
    assert store.get("no-such-id") is None


def test_iter_documents_and_count(loaded: DocumentStore) -> None:
    assert loaded.count() == len(ALL_IDS)
    assert {d.id for d in loaded.iter_documents()} == ALL_IDS
    assert all(loaded.contains(document_id) for document_id in ALL_IDS)
    assert not loaded.contains("no-such-id")


def test_cluster_members(loaded: DocumentStore) -> None:
    assert loaded.cluster_members("gj-1") == ["gj-1"]  # type: ignore[attr-defined]
    assert loaded.cluster_members("dup-1") == ["dup-1", "dup-2"]  # type: ignore[attr-defined]
    assert loaded.cluster_members("nobody") == []  # type: ignore[attr-defined]


# -- ordering ------------------------------------------------------------------------------------

NEWEST = ["dup-2", "dup-1", "bs-1", "en-1", "gj-3", "gj-1", "bi-1", "gj-2", "en-3", "sl-1", "en-2", "bi-2"]


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


def test_groups_at_the_deepest_allowed_nesting_are_answered(loaded: DocumentStore) -> None:
    # Alternating OR and NOT, ten parentheses deep: the shape whose compiled FTS5 expression nests deepest.
    query = "(인공지능 OR -(cloud " * 5 + "항만" + ")" * 10
    ai, cloud, expected = ids(loaded, "인공지능"), ids(loaded, "cloud"), ids(loaded, "항만")
    for _ in range(5):
        expected = ai | (ALL_IDS - (cloud & expected))
    assert ids(loaded, query) == expected


@pytest.mark.parametrize("query", ["!!!", "(인공지능", "인공지능)", "-!!", "*", "(a " * 11 + ")" * 11])
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
    ("스마트\u200b시티", {"gj-2"}),  # pasted with an invisible character inside
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
    # A single syllable matches the words it starts, also at the end of a word (counters: 42곳 in 42곳에).
    ("항", {"bs-1"}),
    ("북", {"gj-3"}),
    ("AI산", {"gj-1"}),
    # A prefix finds whole words through their stems (metaverse is indexed as metavers, cities as citi).
    ("metaverse*", {"en-2"}),
    ("cities*", {"en-1"}),
    ("metaver*", {"en-2"}),
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
    assert ids(loaded, date_from=march_second, date_to=march_second) == {
        "gj-1",
        "gj-3",
    }  # 00:30 and 23:59:59 Seoul time
    assert ids(loaded, date_to=date(2024, 3, 1)) == {"gj-2", "sl-1", "en-2", "en-3", "bi-1"}
    assert ids(loaded, date_from=date(2024, 3, 3)) == {"bs-1", "en-1", "dup-1", "dup-2"}
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


# -- cursors, collapse, histogram, export -----------------------------------------------------------

PAGED = [
    SearchRequest(sort=SortOrder.NEWEST),
    SearchRequest(sort=SortOrder.OLDEST),
    SearchRequest(sort=SortOrder.RELEVANCE),  # every score equal: the date and id decide
    SearchRequest(query="인공지능 OR 훈련 OR cloud OR 광주"),
    SearchRequest(query="시", regions=("KR-11", "KR-29"), sort=SortOrder.OLDEST),
    SearchRequest(collapse=True),
    SearchRequest(query="훈련 OR 인공지능", collapse=True),
]


def walk(store: DocumentStore, request: SearchRequest) -> tuple[list[SearchResult], list[str]]:
    """Every page of a search through its cursors, and the ids in the order they came."""
    pages = [store.search(request)]
    while pages[-1].next_cursor:
        assert len(pages) <= 20, "cursors go round in circles"
        pages.append(store.search(dataclasses.replace(request, cursor=pages[-1].next_cursor)))
    return pages, [hit.document.id for page in pages for hit in page.hits]


@pytest.mark.parametrize("request_", PAGED, ids=repr)
def test_cursor_paging_visits_every_hit_once(loaded: DocumentStore, request_: SearchRequest) -> None:
    whole = loaded.search(dataclasses.replace(request_, size=100))
    pages, visited = walk(loaded, dataclasses.replace(request_, size=3))
    assert len(visited) == len(set(visited)) == whole.total
    assert set(visited) == set(ordered(whole))
    assert all(len(page.hits) == 3 for page in pages[:-1]) and pages[-1].next_cursor is None
    if request_.effective_sort() is not SortOrder.RELEVANCE or not request_.query:
        assert visited == ordered(whole)


def test_no_cursor_when_the_page_holds_the_rest(loaded: DocumentStore) -> None:
    assert loaded.search(SearchRequest(size=len(ALL_IDS))).next_cursor is None
    assert loaded.search(SearchRequest(size=len(ALL_IDS) - 1)).next_cursor is not None
    assert loaded.search(SearchRequest(query="대구광역시")).next_cursor is None


def test_cursor_wins_over_offset(loaded: DocumentStore) -> None:
    first = loaded.search(SearchRequest(size=3))
    assert first.next_cursor
    after = loaded.search(SearchRequest(size=3, cursor=first.next_cursor))
    assert ordered(after) == NEWEST[3:6]
    assert ordered(loaded.search(SearchRequest(size=3, offset=5, cursor=first.next_cursor))) == NEWEST[3:6]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "e30",  # {}
        encode_cursor(SortOrder.NEWEST, []),
        encode_cursor(SortOrder.NEWEST, ["2024", 5]),
        # Tampered keys of the right number: neither store can compare a document's keys with these.
        encode_cursor(SortOrder.NEWEST, [{"a": 1}, [1], "x"]),
        encode_cursor(SortOrder.NEWEST, [0, 10**30, "x"]),
        encode_cursor(SortOrder.NEWEST, [10**30, "x"]),
    ],
)
def test_bad_cursor_raises(loaded: DocumentStore, cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        loaded.search(SearchRequest(sort=SortOrder.NEWEST, cursor=cursor))


@pytest.mark.parametrize(("issued", "used"), [("newest", "oldest"), ("oldest", "relevance"), ("relevance", "newest")])
def test_cursor_of_another_sort_raises(loaded: DocumentStore, issued: str, used: str) -> None:
    cursor = loaded.search(SearchRequest(sort=SortOrder(issued), size=2)).next_cursor
    assert cursor
    with pytest.raises(InvalidCursor, match="another sort order"):
        loaded.search(SearchRequest(sort=SortOrder(used), cursor=cursor))


def test_collapse_shows_one_hit_per_cluster(loaded: DocumentStore) -> None:
    collapsed = loaded.search(SearchRequest(collapse=True, size=100))
    assert collapsed.total == len(ALL_IDS) - 1 == len(collapsed.hits)
    sizes = {hit.document.id: hit.cluster_size for hit in collapsed.hits}
    assert sizes.pop("dup-2") == 2 and "dup-1" not in sizes  # the newest member stands for its cluster
    assert set(sizes.values()) == {1}
    # Facet counts and the histogram count clusters too: a value's count is the total of filtering on it.
    sources = {f.key: f.count for f in collapsed.facets["source"]}
    assert sources["mois"] == 1
    for source, count in sources.items():
        assert loaded.search(SearchRequest(collapse=True, sources=(source,))).total == count
    months = loaded.search(SearchRequest(collapse=True, histogram=HistogramInterval.MONTH)).histogram
    documents = loaded.search(SearchRequest(histogram=HistogramInterval.MONTH)).histogram
    assert sum(b.count for b in months) == sum(b.count for b in documents) - 1  # dup-1 and dup-2 share a month
    drill = loaded.search(SearchRequest(query="훈련", collapse=True, sort=SortOrder.OLDEST))
    assert (drill.total, [(h.document.id, h.cluster_size) for h in drill.hits]) == (1, [("dup-1", 2)])
    assert loaded.search(SearchRequest(query="훈련")).total == 2


def test_collapse_counts_only_matching_members(loaded: DocumentStore) -> None:
    only_one = loaded.search(SearchRequest(query="044", collapse=True))
    assert [(h.document.id, h.cluster_size) for h in only_one.hits] == [("dup-2", 1)]
    filtered = loaded.search(SearchRequest(collapse=True, sources=("mois", "seoul")))
    assert filtered.total == 2
    assert {f.key: f.count for f in filtered.facets["source"]}["gwangju"] == 3  # multi-select still


MONTHS = [
    HistogramBucket(date(2023, 12, 1), 1),
    HistogramBucket(date(2024, 1, 1), 1),
    HistogramBucket(date(2024, 2, 1), 3),
    HistogramBucket(date(2024, 3, 1), 6),
]


def test_histogram_buckets(loaded: DocumentStore) -> None:
    def histogram(interval: HistogramInterval, **filters: object) -> list[tuple[str, int]]:
        result = loaded.search(SearchRequest(histogram=interval, size=1, **filters))  # type: ignore[arg-type]
        return [(b.start.isoformat(), b.count) for b in result.histogram]

    assert loaded.search(SearchRequest(histogram=HistogramInterval.MONTH)).histogram == MONTHS  # undated not counted
    assert histogram(HistogramInterval.YEAR) == [("2023-01-01", 1), ("2024-01-01", 10)]
    # Weeks start on Monday; days are Korea's (gj-1 is 1 March in UTC, 2 March in Seoul).
    assert histogram(HistogramInterval.WEEK, regions=("KR-29",)) == [("2024-02-05", 1), ("2024-02-26", 2)]
    assert histogram(HistogramInterval.DAY, regions=("KR-29",)) == [("2024-02-10", 1), ("2024-03-02", 2)]
    assert histogram(HistogramInterval.DAY, query="대구광역시") == []


def test_histogram_auto_picks_from_the_matching_dates(loaded: DocumentStore) -> None:
    everything = loaded.search(SearchRequest(histogram=HistogramInterval.AUTO))
    assert everything.histogram_interval is HistogramInterval.WEEK  # 2023-12-20 … 2024-03-21
    assert sum(b.count for b in everything.histogram) == len(ALL_IDS) - 1
    march = loaded.search(SearchRequest(histogram=HistogramInterval.AUTO, date_from=date(2024, 3, 1)))
    assert march.histogram_interval is HistogramInterval.DAY
    nothing = loaded.search(SearchRequest(query="대구광역시", histogram=HistogramInterval.AUTO))
    assert (nothing.histogram_interval, nothing.histogram) == (HistogramInterval.MONTH, [])
    assert loaded.search(SearchRequest()).histogram_interval is None


def test_facets_can_be_skipped(loaded: DocumentStore) -> None:
    result = loaded.search(SearchRequest(query="인공지능", regions=("KR-29",), facets=False))
    assert result.facets == {}
    assert result.total == 2 == len(result.hits)


@pytest.mark.parametrize("request_", [*PAGED, SearchRequest(query="-인공지능", topics=("ai", "safety"))], ids=repr)
def test_iter_matches_yields_every_match_once(loaded: DocumentStore, request_: SearchRequest) -> None:
    total = loaded.search(dataclasses.replace(request_, collapse=False)).total
    exported = [d.id for d in iter_matches(loaded, request_)]
    assert len(exported) == len(set(exported)) == total


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
    SearchRequest(collapse=True, histogram=HistogramInterval.AUTO),
    SearchRequest(query="훈련 OR 광주", collapse=True, topics=("safety", "ai"), histogram=HistogramInterval.DAY),
    *(SearchRequest(histogram=interval, languages=("ko",)) for interval in HistogramInterval),
    *(SearchRequest(query="-cloud", histogram=interval, sort=SortOrder.OLDEST) for interval in HistogramInterval),
    SearchRequest(query="시", facets=False, histogram=HistogramInterval.AUTO, date_to=date(2024, 3, 2)),
]


@pytest.mark.elasticsearch
@pytest.mark.parametrize("request_", COMPARED, ids=repr)
def test_backends_agree_exactly(both: tuple[DocumentStore, DocumentStore], request_: SearchRequest) -> None:
    sqlite, es = both
    expected, found = sqlite.search(request_), es.search(request_)
    assert found.total == expected.total
    assert found.facets == expected.facets
    assert (found.histogram_interval, found.histogram) == (expected.histogram_interval, expected.histogram)
    assert {h.document.id: (h.snippet, h.cluster_size) for h in found.hits} == {
        h.document.id: (h.snippet, h.cluster_size) for h in expected.hits
    }
    if request_.effective_sort() is not SortOrder.RELEVANCE:
        assert ordered(found) == ordered(expected)


@pytest.mark.elasticsearch
@pytest.mark.parametrize("request_", COMPARED, ids=repr)
def test_backends_page_and_export_alike(both: tuple[DocumentStore, DocumentStore], request_: SearchRequest) -> None:
    sqlite, es = both
    small = dataclasses.replace(request_, size=3)
    (_, expected), (_, found) = walk(sqlite, small), walk(es, small)
    if request_.effective_sort() is SortOrder.RELEVANCE and request_.query:
        assert sorted(found) == sorted(expected)  # scores differ (bm25 in FTS5, Lucene's BM25)
    else:
        assert found == expected
    assert sorted(d.id for d in iter_matches(es, request_)) == sorted(d.id for d in iter_matches(sqlite, request_))


@pytest.fixture
def empty_pair(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[DocumentStore, DocumentStore]]:
    """An empty SQLite store and an empty Elasticsearch one (for tests that write)."""
    opened = [open_backend(name, tmp_path_factory, request) for name in ("sqlite", "elasticsearch")]
    sqlite, es = (next(stores) for stores in opened)
    yield sqlite, es
    for rest in opened:
        next(rest, None)


EDITED = {d.id for d in corpus()[:4]}


@pytest.mark.elasticsearch
def test_backends_keep_the_same_history(empty_pair: tuple[DocumentStore, DocumentStore]) -> None:
    def edited(document: Document, edit: int, day: int, hour: int = 0) -> Document:
        title, moment = f"{document.title} ({edit})", datetime(2024, 6, day, hour, tzinfo=UTC)
        return dataclasses.replace(document, title=title, content_hash=f"{document.id}-{edit}", fetched_at=moment)

    # Captures out of time order, as a spool loaded late or re-indexed WARC files bring them.
    loads = [
        corpus(),  # 1 April
        [edited(d, 1, 2) for d in corpus() if d.id in EDITED],
        corpus()[:2],  # back to the first content, captured earlier than the edit: nothing new
        [edited(d, 2, 1) for d in corpus()[:1]] * 2,  # a version between the two, missed until now
        [edited(d, 1, 1, hour=12) for d in corpus()[:1]],  # edit 1 seen earlier than recorded: not moved
    ]
    sqlite, es = empty_pair
    for position, load in enumerate(loads):
        outcomes = [store.upsert([dataclasses.replace(d) for d in load]) for store in empty_pair]
        assert outcomes[0] == outcomes[1]
        if position >= 2:  # older than what the stores hold: never replaces it
            assert (outcomes[0].new, outcomes[0].updated, outcomes[0].unchanged) == (0, 0, len(load))
    for document in corpus():
        assert history(es, document.id) == history(sqlite, document.id)
        found, expected = es.get(document.id), sqlite.get(document.id)
        assert found is not None and expected is not None
        assert dataclasses.replace(found, cluster_id=None) == dataclasses.replace(expected, cluster_id=None)
    # Each content once, dated when it was first recorded; the stores hold the newest capture's content.
    gj_1 = history(es, "gj-1")
    june = [datetime(2024, 6, day, tzinfo=UTC) for day in (1, 2)]
    assert [(v.content_hash, v.captured_at) for v in gj_1] == [
        ("hash-gj-1", FETCHED),
        ("gj-1-2", june[0]),
        ("gj-1-1", june[1]),
    ]
    assert [v.content_hash for v in history(es, "gj-2")] == ["hash-gj-2", "gj-2-1"]
    for store in empty_pair:
        current = {d.id: d.content_hash for d in store.iter_documents()}
        assert current == {d.id: f"{d.id}-1" if d.id in EDITED else d.content_hash for d in corpus()}


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


def test_an_elasticsearch_store_is_one_store_by_any_url_and_another_by_its_prefix(es_url: str) -> None:
    with es_test_store(es_url) as store:
        by_url = ElasticsearchStore(f"{es_url.rstrip('/')}/?index={store.prefix}")
        other = ElasticsearchStore(es_url, index_prefix=f"{store.prefix}-other")
        try:
            assert by_url.identity() == store.identity()
            assert other.identity() != store.identity()
            assert other.identity().rsplit(":", 1)[0] == store.identity().rsplit(":", 1)[0]  # one cluster
        finally:
            by_url.close()
            other.close()


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://elastic:s3cr:et@es1:9200,http://elastic:x@es2:9200?index=a", "http://elastic:***@es1:9200,http://elastic:***@es2:9200?index=a"),
        ("https://es1:9200", "https://es1:9200"),
        ("sqlite:///var/pressroom.sqlite3", "sqlite:///var/pressroom.sqlite3"),
    ],
)  # fmt: skip
def test_store_urls_are_shown_without_their_password(url: str, shown: str) -> None:
    assert shown_url(url) == shown


def test_similar_releases_share_a_subject_not_just_a_title_word(store: DocumentStore) -> None:
    ai = ["인공지능", "빅데이터"]
    store.upsert(
        [
            _doc("ai-1", "광주AI산업, 차별화된 실행전략 필요", "인공지능 빅데이터 포럼을 열었다.", None,
                 topics=["ai"], topic_evidence={"ai": ai}, source="gwangju"),
            _doc("ai-2", "인공지능 집적단지 2단계 착수", "빅데이터 센터와 인공지능 기업을 유치한다.", None,
                 topics=["ai"], topic_evidence={"ai": ai}, source="gwangju"),
            _doc("fest", "세계음식문화주간, 관광객 유치 필요", "축제에 관광객 10만 명이 찾았다.", None,
                 topics=["tourism"], topic_evidence={"tourism": ["관광객", "축제"]}, source="mokpo"),
        ]
    )  # fmt: skip
    document = store.get("ai-1")
    assert document is not None
    assert [hit.document.id for hit in similar_documents(store, document)] == ["ai-2"]
