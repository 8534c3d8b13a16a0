"""`pressroom crawl` exits 1, saying why in one line, when no page could be fetched; partial failures,
unchanged re-crawls and empty sources exit 0. Through the CLI, on 127.0.0.1 only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pressroom.sample_site.server import SampleSiteServer
from tests.conftest import FAST_CRAWL, run_pressroom, sources_for

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


def write_sources(directory: Path, *rows: dict[str, Any], sample: SampleSiteServer | None = None) -> Path:
    """A sources file of these rows, after the rows of sources/sample.yaml when `sample` is given."""
    bundled = yaml.safe_load(sources_for(sample, directory).read_text("utf-8"))["sources"] if sample else []
    path = directory / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": [*bundled, *rows]}, allow_unicode=True), encoding="utf-8")
    return path


def crawl(directory: Path, sources: Path, *args: str):
    store = f"sqlite:///{directory / 'store.sqlite3'}"
    return run_pressroom("crawl", "--sources", str(sources), "--store", store, *FAST_CRAWL, *args, cwd=directory)


def test_a_site_that_is_down_fails_the_crawl_in_one_line_after_the_summary(tmp_path):
    sources = write_sources(tmp_path, board("down", [f"{CLOSED}/press/", f"{CLOSED}/press/?page=2"]))
    result = crawl(tmp_path, sources, *NO_RETRY)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "pages fetched: 0",
        "documents: 0 new, 0 updated, 0 unchanged, 0 failed",
        "errors: connection_refused 2",
    ]
    lines = result.stderr.strip().splitlines()
    assert lines[-1] == "pressroom crawl: nothing fetched: 2 requests failed (connection_refused 2)"
    assert "Traceback" not in result.stderr
    # robots.txt is asked for first: its failure is one warning line, not Scrapy's ERROR with a traceback.
    (robots,) = [line for line in lines if "robots.txt" in line]
    assert "WARNING: robots.txt of 127.0.0.1:9 could not be fetched (" in robots


def test_every_page_answering_500_fails_the_crawl_and_json_still_prints_the_summary(sample_site, tmp_path):
    sources = write_sources(tmp_path, board("broken", [f"{sample_site.url}/status/500"]))
    result = crawl(tmp_path, sources, "--json", "-s", "RETRY_TIMES=1", "-s", "RETRY_BACKOFF_BASE=0")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    # Responses to robots.txt, the page and its retry: "fetched" as HTTP goes, and none the crawl could read.
    assert summary["pages_fetched"] == 3 and summary["pages_ok"] == 0 and summary["errors"] == {"http_500": 1}
    assert result.stderr.strip().splitlines()[-1] == "pressroom crawl: nothing fetched: 1 request failed (http_500 1)"


def test_some_failed_pages_among_fetched_ones_are_not_a_failed_crawl(sample_site, tmp_path):
    sources = write_sources(tmp_path, board("broken", [f"{sample_site.url}/status/500"]), sample=sample_site)
    result = crawl(tmp_path, sources, "daejeon-en", "broken", "--json", *NO_RETRY)
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["new"] == 8 and summary["errors"] == {"http_500": 1}
    assert "nothing fetched" not in result.stderr


def test_a_source_that_answers_with_no_articles_is_not_a_failure(sample_site, tmp_path):
    sources = write_sources(tmp_path, board("empty", [f"{sample_site.url}/"]))
    result = crawl(tmp_path, sources, "--json")
    assert result.returncode == 0, result.stderr[-2000:]
    summary = json.loads(result.stdout)
    assert summary["pages_ok"] >= 1 and summary["new"] == 0 and summary["errors"] == {}


def test_a_recrawl_that_finds_everything_unchanged_is_not_a_failure(sample_site, tmp_path):
    sources = write_sources(tmp_path, sample=sample_site)
    first = crawl(tmp_path, sources, "daejeon-en", "--json")
    assert first.returncode == 0 and json.loads(first.stdout)["new"] == 8, first.stderr[-2000:]
    for refetch_after in ("1d", "0"):  # still fresh (not requested at all), then conditional GETs answered 304
        again = crawl(tmp_path, sources, "daejeon-en", "--json", "-s", f"PRESSROOM_REFETCH_AFTER={refetch_after}")
        assert again.returncode == 0, again.stderr[-2000:]
        summary = json.loads(again.stdout)
        assert summary["new"] == 0 and summary["unchanged"] == 8 and summary["errors"] == {}
