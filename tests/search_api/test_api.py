"""The HTTP API and web UI over a store crawled from the sample site."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

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
    assert client.get("/", params={"q": "(broken"}).status_code == 400
    assert "OR" in client.get("/help").text
