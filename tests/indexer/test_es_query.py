"""The Elasticsearch search body for paging, collapse, facets and the histogram (pure: no server)."""

from __future__ import annotations

from typing import Any

from indexer.es_query import histogram_body, read_page, search_body
from indexer.paging import decode_cursor, encode_cursor
from indexer.query import parse_query
from indexer.search_model import HistogramInterval, SearchRequest, SortOrder


def body(request: SearchRequest) -> dict[str, Any]:
    return search_body(request, parse_query(request.query))


def test_a_page_asks_for_one_hit_more_than_it_shows() -> None:
    assert body(SearchRequest(size=20, offset=40))["size"] == 21
    assert body(SearchRequest(size=20, offset=40))["from"] == 40


def test_cursor_is_search_after_and_wins_over_offset() -> None:
    cursor = encode_cursor(SortOrder.NEWEST, [1709390000000, "gj-1"])
    paged = body(SearchRequest(offset=40, cursor=cursor))
    assert paged["search_after"] == [1709390000000, "gj-1"] and "from" not in paged


def test_collapsed_pages_carry_an_offset() -> None:
    # Elasticsearch refuses search_after with collapse on a multi-key sort.
    request = SearchRequest(collapse=True, size=2, cursor=encode_cursor(SortOrder.NEWEST, [4]))
    collapsed = body(request)
    assert collapsed["collapse"]["field"] == "cluster_key" and collapsed["from"] == 4
    assert "search_after" not in collapsed
    hits = [{"_source": {}, "_score": None, "inner_hits": {"cluster": {"hits": {"total": {"value": 2}}}}}] * 3
    rows, cursor = read_page(request, {"hits": {"hits": hits}})
    assert [row.cluster_size for row in rows] == [2, 2]
    assert cursor and decode_cursor(cursor, SortOrder.NEWEST) == [6]


def test_no_facets_means_no_aggregations_and_no_post_filter() -> None:
    plain = body(SearchRequest(query="광주", regions=("KR-29",), facets=False))
    assert "aggs" not in plain and "post_filter" not in plain
    assert {"terms": {"region_path": ["KR-29"]}} in plain["query"]["bool"]["filter"]


def test_counts_over_all_matches_see_the_facet_selection() -> None:
    request = SearchRequest(regions=("KR-29",), collapse=True, histogram=HistogramInterval.WEEK)
    matching = body(request)["aggs"]["matching"]
    assert matching["filter"] == {"bool": {"filter": [{"terms": {"region_path": ["KR-29"]}}]}}
    assert matching["aggs"]["clusters"]["cardinality"]["precision_threshold"] == 40_000
    assert matching["aggs"]["histogram"]["date_histogram"]["calendar_interval"] == "week"
    assert matching["aggs"]["histogram"]["date_histogram"]["min_doc_count"] == 1


def test_auto_histogram_asks_for_the_date_range_first() -> None:
    request = SearchRequest(histogram=HistogramInterval.AUTO)
    assert set(body(request)["aggs"]["matching"]["aggs"]) == {"first", "last"}
    second = histogram_body(request, None, HistogramInterval.MONTH)
    assert second["size"] == 0 and "histogram" in second["aggs"]["matching"]["aggs"]
