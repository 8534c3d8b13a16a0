"""The whole path through the real CLI: sample site -> crawl -> clean -> enrich -> SQLite -> search."""

from __future__ import annotations

import json

import pytest

from indexer.store import open_store
from tests.conftest import FAST_CRAWL, CrawledSample, run_pressroom

pytestmark = pytest.mark.slow


def search(crawled: CrawledSample, *args: str) -> dict:
    result = run_pressroom("search", *args, "--json", "--size", "50", "--store", crawled.store_url)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def seed_url(crawled: CrawledSample, seed_prefix: str) -> str:
    (article,) = [a for a in crawled.manifest if (a.get("seed") or "").startswith(seed_prefix)]
    return crawled.site.url + article["path"]


def crawlable(crawled: CrawledSample) -> list[dict]:
    return [a for a in crawled.manifest if not a.get("robots_disallowed")]


def test_crawl_stores_every_article_once(crawled_sample):
    assert crawled_sample.first_crawl.returncode == 0, crawled_sample.first_crawl.stderr
    summary = json.loads(crawled_sample.first_crawl.stdout)
    assert summary["new"] == len(crawlable(crawled_sample)) >= 30
    assert summary["failed"] == 0
    listed = search(crawled_sample)
    assert listed["total"] == summary["new"]
    stored = {hit["url"] for hit in listed["hits"]}
    assert stored == {crawled_sample.site.url + a["path"] for a in crawlable(crawled_sample)}


def test_robots_disallowed_page_is_never_fetched(crawled_sample):
    forbidden = [a["path"] for a in crawled_sample.manifest if a.get("robots_disallowed")]
    assert forbidden, "the sample site must have a robots-disallowed article"
    fetched = {path for _, path, _ in crawled_sample.site.access_log}
    assert not fetched & set(forbidden)
    assert json.loads(crawled_sample.first_crawl.stdout)["robots_forbidden"] >= 1


def test_recrawl_updates_in_place_without_duplicates(crawled_sample):
    before = search(crawled_sample)["total"]
    again = run_pressroom(
        "crawl", "--sources", str(crawled_sample.sources), "--store", crawled_sample.store_url, "--json", *FAST_CRAWL
    )
    assert again.returncode == 0, again.stderr
    summary = json.loads(again.stdout)
    assert (summary["new"], summary["updated"], summary["unchanged"]) == (0, 0, before)
    assert search(crawled_sample)["total"] == before


def test_acceptance_searches(crawled_sample):
    smart_city = {hit["url"] for hit in search(crawled_sample, "스마트시티")["hits"]}
    assert {seed_url(crawled_sample, "003"), seed_url(crawled_sample, "004")} <= smart_city

    metaverse = [hit["url"] for hit in search(crawled_sample, "metaverse")["hits"]]
    assert metaverse == [seed_url(crawled_sample, "001")]

    gyeongnam = [hit["url"] for hit in search(crawled_sample, "--region", "KR-48")["hits"]]
    assert gyeongnam == [seed_url(crawled_sample, "000")]


def test_boilerplate_is_gone_and_euc_kr_is_decoded(crawled_sample):
    listed = search(crawled_sample, "--source", "honam-news")
    assert listed["total"] >= 5
    for hit in listed["hits"]:
        assert "\ufffd" not in hit["title"] + hit["snippet"]
    (hit,) = [h for h in listed["hits"] if h["url"] == seed_url(crawled_sample, "002")]
    store = open_store(crawled_sample.store_url)
    try:
        document = store.get(hit["id"])
    finally:
        store.close()
    assert document is not None
    assert "광주광역시는 13일 인공지능 산업생태계 조성 업무협약을 체결한" in document.text
    for boilerplate in ("코스피", "카카오톡 공유", "이 기자의 다른기사 보기", "머니S포토", "ctk3312@mt.co.kr"):
        assert boilerplate not in document.text
    assert document.region == "KR-29"
    assert document.published_at is not None and document.published_at.tzinfo is not None


def test_search_filters_and_errors_through_the_cli(crawled_sample):
    english = search(crawled_sample, "--language", "en")
    assert english["total"] > 0 and all("en" in hit["languages"] for hit in english["hits"])
    dated = search(crawled_sample, "--from", "2020-01-01", "--to", "2020-12-31")
    assert all(hit["published_at"][:4] == "2020" for hit in dated["hits"])
    bad = run_pressroom("search", "--from", "yesterday", "--store", crawled_sample.store_url)
    assert bad.returncode == 2 and "date_from" in bad.stderr and "Traceback" not in bad.stderr
    bad = run_pressroom("search", "(unclosed", "--store", crawled_sample.store_url)
    assert bad.returncode == 2 and "parenthes" in bad.stderr and "Traceback" not in bad.stderr
