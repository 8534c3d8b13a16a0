"""The HTTP API and web UI over a store crawled from the sample site."""

from __future__ import annotations

from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from indexer.document import SEOUL
from search_api.app import create_app
from search_api.settings import ApiSettings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(crawled_sample):
    settings = ApiSettings(store=crawled_sample.store_url, sources=[str(crawled_sample.sources)])
    with TestClient(create_app(settings)) as client:
        yield client


def test_search_shape_and_highlights(client):
    body = client.get("/v1/search", params={"q": "광주광역시"}).json()
    assert body["total"] >= 1
    hit = body["hits"][0]
    assert {"id", "url", "title", "snippet", "published_at", "language", "region", "topics", "source"} <= hit.keys()
    assert "<mark>광주광역시</mark>" in hit["snippet"]
    assert set(body["facets"]) == {"region", "language", "topic", "source"}
    region = {f["key"]: f for f in body["facets"]["region"]}
    assert region["KR-29"]["count"] >= 1 and region["KR-29"]["label"] == "Gwangju"


def test_empty_query_lists_everything_newest_first(client):
    body = client.get("/v1/search", params={"size": 100}).json()
    dates = [h["published_at"] for h in body["hits"] if h["published_at"]]
    assert body["total"] == len(body["hits"]) >= 30
    assert dates == sorted(dates, reverse=True)


def test_facet_counts_add_up_and_filters_narrow(client):
    everything = client.get("/v1/search").json()
    assert sum(f["count"] for f in everything["facets"]["source"]) == everything["total"]
    seoul = client.get("/v1/search", params={"region": "KR-11"}).json()
    assert 0 < seoul["total"] < everything["total"]
    assert all(h["region"] == "KR-11" for h in seoul["hits"])
    # Multi-select: the region facet still counts the other regions while KR-11 is selected.
    assert len(seoul["facets"]["region"]) > 1
    both = client.get("/v1/search", params=[("region", "KR-11"), ("region", "KR-44")]).json()
    assert both["total"] > seoul["total"]


def test_document_has_every_field(client):
    hit = client.get("/v1/search", params={"q": "metaverse"}).json()["hits"][0]
    doc = client.get(f"/v1/documents/{hit['id']}").json()
    assert doc["id"] == hit["id"] and len(doc["text"]) > 1000
    for field in (
        "url",
        "source",
        "title",
        "text",
        "published_at",
        "fetched_at",
        "language",
        "languages",
        "region",
        "regions_mentioned",
        "topics",
        "content_hash",
    ):
        assert field in doc
    assert "minhash" not in doc
    assert client.get("/v1/documents/nope").status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "(드론"}, "parenthes"),
        ({"q": "!!!"}, "no searchable words"),
        ({"date_from": "2024-13-01"}, "date_from"),
        ({"date_from": "2024-05-01", "date_to": "2024-01-01"}, "after"),
        ({"region": "KR-99"}, "unknown code"),
        ({"size": 0}, "size"),
        ({"size": 1000}, "size"),
        ({"sort": "random"}, "sort"),
        ({"language": "korean"}, "language"),
    ],
)
def test_bad_input_is_a_400_with_a_message(client, params, message):
    response = client.get("/v1/search", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_health(client):
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["documents"] >= 30


def test_web_ui_pages(client):
    page = client.get("/", params={"q": "스마트시티"})
    assert page.status_code == 200 and "<mark>스마트시티</mark>" in page.text
    assert 'type="checkbox" name="region"' in page.text
    hit = client.get("/v1/search", params={"q": "스마트시티"}).json()["hits"][0]
    doc_page = client.get(f"/documents/{hit['id']}")
    assert doc_page.status_code == 200 and hit["url"] in doc_page.text
    # Dated as Korean readers date it, not as an ISO timestamp.
    day = datetime.fromisoformat(hit["published_at"]).astimezone(SEOUL).date().isoformat()
    assert f">{day}" in doc_page.text and f">{hit['published_at']}<" not in doc_page.text
    assert client.get("/", params={"q": "(broken"}).status_code == 400
    # Pages say which hits they show; the next page continues the count.
    first = client.get("/").text
    assert "· 1–20" in first and "&amp;start=20" in first
    following = first.split('rel="next" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "· 21–" in client.get(following).text
    assert "OR" in client.get("/help").text


def test_web_ui_keeps_every_filter_it_applies_visible_and_in_its_links(client):
    checked_seoul = 'name="region" value="KR-11" checked'
    # Filtered on, matched by nothing: the box stays, checked, so the next submission keeps the filter.
    page = client.get("/", params={"q": "metaverse", "region": "KR-11"})
    assert "<strong>0</strong>" in page.text and checked_seoul in page.text
    # Written as the user typed it, checked as the search read it.
    assert checked_seoul in client.get("/", params={"region": "kr-11"}).text
    with_files = client.get("/", params={"has_attachment": "true"})
    total = client.get("/v1/search", params={"has_attachment": "true"}).json()["total"]
    assert f"<strong>{total}</strong>" in with_files.text
    assert 'value="true" selected' in with_files.text
    assert "/v1/export?has_attachment=true&amp;format=csv" in with_files.text
    # The select's "any" submits an empty value: no filter, not an error.
    assert client.get("/", params={"has_attachment": ""}).status_code == 200
    assert client.get("/v1/search", params={"has_attachment": "maybe"}).status_code == 400


def test_head_answers_as_get_without_a_body_and_errors_have_one_shape(client):
    for path in ("/healthz", "/", "/v1/search.atom"):
        head, get = client.head(path), client.get(path)
        assert (head.status_code, head.content) == (200, b"")
        assert head.headers["content-type"] == get.headers["content-type"]
    assert client.get("/no/such/page").json() == {"error": "Not Found"}
    # The UI answers a parameter it cannot take with a page; the API with JSON.
    too_long = {"q": "스마트시티 " * 200}
    page = client.get("/", params=too_long)
    assert page.status_code == 400 and page.headers["content-type"].startswith("text/html") and "q: " in page.text
    assert "error" in client.get("/v1/search", params=too_long).json()
    assert client.post("/v1/search").json() == {"error": "Method Not Allowed"}


def test_cursor_paging_visits_every_hit_once(client):
    everything = client.get("/v1/search", params={"size": 100}).json()
    seen, cursor = [], None
    while True:
        params = {"size": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get("/v1/search", params=params).json()
        seen += [h["id"] for h in page["hits"]]
        cursor = page["next"]
        if not cursor:
            break
    assert seen == [h["id"] for h in everything["hits"]]
    assert client.get("/v1/search", params={"cursor": "not-a-cursor"}).status_code == 400
    relevance_cursor = client.get("/v1/search", params={"q": "city", "size": 1}).json()["next"]
    wrong_sort = client.get("/v1/search", params={"q": "city", "sort": "oldest", "cursor": relevance_cursor})
    assert wrong_sort.status_code == 400


def test_histogram_counts_every_dated_match(client):
    body = client.get("/v1/search", params={"interval": "year"}).json()
    buckets = body["histogram"]["buckets"]
    assert body["histogram"]["interval"] == "year"
    assert all(b["start"].endswith("-01-01") for b in buckets)
    dated = sum(1 for h in client.get("/v1/search", params={"size": 100}).json()["hits"] if h["published_at"])
    assert sum(b["count"] for b in buckets) == dated
    weeks = client.get("/v1/search", params={"interval": "week"}).json()["histogram"]["buckets"]
    from datetime import date

    assert all(date.fromisoformat(b["start"]).weekday() == 0 for b in weeks)
    assert client.get("/v1/search", params={"interval": "decade"}).status_code == 400


@pytest.mark.parametrize("params", [{}, {"q": "city"}, {"region": "KR-11"}, {"q": "광주", "language": "ko"}])
def test_export_yields_exactly_the_matching_documents(client, params):
    import csv
    import io
    import json

    total = client.get("/v1/search", params=params).json()["total"]
    as_csv = client.get("/v1/export", params={**params, "format": "csv"})
    assert as_csv.status_code == 200 and as_csv.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(as_csv.text.lstrip("\ufeff"))))
    assert len(rows) == total
    as_jsonl = client.get("/v1/export", params={**params, "format": "jsonl"})
    records = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert len(records) == total == int(as_jsonl.headers["X-Total-Count"])
    assert {r["id"] for r in records} == {r["id"] for r in rows}
    if records:
        assert {"id", "published_at", "source", "source_name", "title", "region", "region_label",
                "regions_mentioned", "language", "topics", "url", "text"} == set(records[0])  # fmt: skip


def test_export_over_the_cap_answers_413_with_the_count(client, monkeypatch):
    from search_api.routes import export

    monkeypatch.setattr(export, "EXPORT_MAX_DOCUMENTS", 3)
    response = client.get("/v1/export", params={"format": "csv"})
    assert response.status_code == 413 and response.json()["total"] > 3


def test_head_on_export_answers_the_headers_of_a_get_without_building_the_export(client, monkeypatch):
    from search_api.routes import export

    def without_header_timestamp(headers):
        # The file name carries the second the export was made: compare all but that stamp.
        return {**headers, "content-disposition": headers["content-disposition"].rsplit(".", 1)[-1]}

    gets = {fmt: client.get("/v1/export", params={"format": fmt, "q": "city"}) for fmt in ("csv", "jsonl")}
    built: list[str] = []
    monkeypatch.setattr(export, "iter_matches", lambda *args: built.append("export") or iter(()))
    for fmt, get in gets.items():
        head = client.head("/v1/export", params={"format": fmt, "q": "city"})
        assert (head.status_code, head.content) == (200, b"")
        assert without_header_timestamp(head.headers) == without_header_timestamp(get.headers)
        assert head.headers["content-disposition"].startswith('attachment; filename="pressroom-export-')
        assert int(head.headers["X-Total-Count"]) > 0 and "content-length" not in head.headers
    assert built == []  # no page of documents was read for a HEAD
    # Errors are the GET's: a bad query is the same 400 JSON, and an export over the cap the same 413.
    bad_get, bad_head = (call("/v1/export", params={"q": "(드론"}) for call in (client.get, client.head))
    assert bad_get.status_code == bad_head.status_code == 400 and bad_head.content == b""
    assert bad_head.headers == bad_get.headers and bad_get.json()["error"]
    monkeypatch.setattr(export, "EXPORT_MAX_DOCUMENTS", 3)
    over = client.head("/v1/export", params={"format": "csv"})
    assert over.status_code == 413 and over.headers["content-type"] == "application/json"


def test_atom_feed_of_a_search(client):
    from xml.etree import ElementTree as ET

    response = client.get("/v1/search.atom", params={"q": "스마트시티", "region": "KR-44"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert titles and all("스마트시티" in t for t in titles)
    assert "region KR-44" in feed.findtext("a:title", namespaces=ns)


def test_document_lists_similar_documents(client):
    hit = client.get("/v1/search", params={"q": "스마트시티"}).json()["hits"][0]
    doc = client.get(f"/v1/documents/{hit['id']}").json()
    assert doc["cluster"] == [] and doc["similar"]
    assert all(s["id"] != hit["id"] for s in doc["similar"])
