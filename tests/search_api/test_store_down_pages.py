"""A store that does not answer: the API says so in JSON, the web UI in a page (no server needed)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from search_api.app import create_app
from search_api.settings import ApiSettings

DEAD = "http://127.0.0.1:9"  # the discard port: nothing listens there


def test_the_ui_shows_a_page_and_the_api_answers_json_when_the_store_is_down() -> None:
    with TestClient(create_app(ApiSettings(store=DEAD, sources=[]))) as client:
        page = client.get("/", params={"q": "광주"})
        assert page.status_code == 503 and page.headers["content-type"].startswith("text/html")
        assert "127.0.0.1:9" in page.text and "<footer>" in page.text
        answer = client.get("/v1/search", params={"q": "광주"})
        assert answer.status_code == 503 and "127.0.0.1:9" in answer.json()["error"]
