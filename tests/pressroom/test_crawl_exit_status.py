"""`pressroom crawl` of a site that is down says so in lines, never a traceback. Through the CLI, on
127.0.0.1 only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import FAST_CRAWL, run_pressroom

pytestmark = pytest.mark.slow
CLOSED = "http://127.0.0.1:9"  # the discard port: nothing listens there
NO_RETRY = ["-s", "RETRY_ENABLED=False"]


def board(source_id: str, start_urls: list[str], article_url: str = r"/never/\d+") -> dict[str, Any]:
    return {
        "id": source_id,
        "name_ko": source_id,
        "name_en": source_id,
        "kind": "board",
        "start_urls": start_urls,
        "article_url": article_url,
    }


def write_sources(directory: Path, *rows: dict[str, Any]) -> Path:
    path = directory / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": list(rows)}, allow_unicode=True), encoding="utf-8")
    return path


def crawl(directory: Path, sources: Path, *args: str):
    store = f"sqlite:///{directory / 'store.sqlite3'}"
    return run_pressroom("crawl", "--sources", str(sources), "--store", store, *FAST_CRAWL, *args, cwd=directory)


def test_a_site_that_is_down_is_reported_without_a_traceback(tmp_path):
    sources = write_sources(tmp_path, board("down", [f"{CLOSED}/press/", f"{CLOSED}/press/?page=2"]))
    result = crawl(tmp_path, sources, *NO_RETRY)
    assert "errors: connection_refused 2" in result.stdout
    assert "Traceback" not in result.stderr
    # robots.txt is asked for first: its failure is one warning line, not Scrapy's ERROR with a traceback.
    (robots,) = [line for line in result.stderr.splitlines() if "robots.txt" in line]
    assert "WARNING: robots.txt of 127.0.0.1:9 could not be fetched (" in robots
