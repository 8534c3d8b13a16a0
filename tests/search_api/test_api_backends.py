"""The HTTP API over both stores: one small corpus, loaded through each store, answers alike."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from indexer import export as export_module
from indexer.sqlite_store import SqliteStore
from search_api.app import create_app
from search_api.settings import ApiSettings
from tests.es_server import es_test_store
from tests.indexer.test_store_behaviour import corpus

pytestmark = pytest.mark.elasticsearch
ATOM = {"a": "http://www.w3.org/2005/Atom"}

SEARCHES: list[dict[str, Any]] = [
    {},
    {"q": "인공지능"},
    {"q": "인공지능 OR cloud", "region": "KR-29"},
    {"region": ["KR-11", "KR-29"], "topic": "ai"},
    {"language": "en", "sort": "oldest", "interval": "month"},
    {"q": "-cloud", "date_from": "2024-02-01", "date_to": "2024-03-10", "interval": "day"},
    {"collapse": "true", "interval": "week"},
    {"q": "훈련 OR 광주", "collapse": "true", "source": ["mois", "gwangju"]},
]


@pytest.fixture(scope="module")
def clients(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[dict[str, TestClient]]:
    """An API client per backend, each over a store loaded with the behaviour suite's corpus."""
    path = tmp_path_factory.mktemp("api") / "store.sqlite3"
    sqlite = SqliteStore(path)
    sqlite.upsert(corpus())
    sqlite.close()
    es_url = request.getfixturevalue("es_url")
    with es_test_store(es_url) as es:
        es.upsert(corpus())
        sqlite_app = create_app(ApiSettings(store=f"sqlite:///{path}", sources=[]))
        es_app = create_app(ApiSettings(store=es_url, sources=[]))
        with TestClient(sqlite_app) as sqlite_client, TestClient(es_app) as es_client:
            # The app opened the store its URL names with the production index prefix; this test's
            # indices have a prefix of their own, so other test sessions on the same node are untouched.
            es_app.state.store.close()
            es_app.state.store = es
            yield {"sqlite": sqlite_client, "elasticsearch": es_client}


def search(client: TestClient, params: dict[str, Any]) -> dict[str, Any]:
    response = client.get("/v1/search", params={"size": 100, **params})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.mark.parametrize("params", SEARCHES, ids=repr)
def test_search_counts_agree_across_backends(clients: dict[str, TestClient], params: dict[str, Any]) -> None:
    expected, found = (search(clients[name], params) for name in ("sqlite", "elasticsearch"))
    assert found["total"] == expected["total"] > 0
    assert found["facets"] == expected["facets"]
    assert found["histogram"] == expected["histogram"]
    assert {h["id"]: h["cluster_size"] for h in found["hits"]} == {h["id"]: h["cluster_size"] for h in expected["hits"]}


@pytest.mark.parametrize("backend", ["sqlite", "elasticsearch"])
@pytest.mark.parametrize("params", SEARCHES, ids=repr)
def test_export_rows_equal_the_total(
    clients: dict[str, TestClient], backend: str, params: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = clients[backend]
    monkeypatch.setattr(export_module, "EXPORT_PAGE", 2)  # many pages, so every cursor is followed
    exported = {k: v for k, v in params.items() if k not in ("collapse", "interval")}  # export has neither
    total = search(client, exported)["total"]
    as_csv = client.get("/v1/export", params={**exported, "format": "csv"})
    assert as_csv.status_code == 200 and as_csv.text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(as_csv.text.lstrip("\ufeff"))))
    as_jsonl = client.get("/v1/export", params={**exported, "format": "jsonl"})
    records = [json.loads(line) for line in as_jsonl.text.splitlines()]
    assert len(rows) == len(records) == total == int(as_jsonl.headers["X-Total-Count"])
    assert len({r["id"] for r in rows}) == total and {r["id"] for r in records} == {r["id"] for r in rows}


@pytest.mark.parametrize("params", [{}, {"q": "인공지능", "region": "KR-29"}, {"q": "대구광역시"}], ids=repr)
def test_atom_feed_on_both_backends(clients: dict[str, TestClient], params: dict[str, Any]) -> None:
    entries = {}
    for name, client in clients.items():
        response = client.get("/v1/search.atom", params=params)
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        entries[name] = [e.findtext("a:id", namespaces=ATOM) for e in feed.findall("a:entry", ATOM)]
    assert entries["elasticsearch"] == entries["sqlite"]  # newest first on both
    assert len(entries["sqlite"]) == search(clients["sqlite"], params)["total"]
