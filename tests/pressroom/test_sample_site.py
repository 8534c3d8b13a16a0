"""The sample press site: served pages, encoding traps, robots, manifest ground truth and sources files."""

from __future__ import annotations

import http.client
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple
from urllib.robotparser import RobotFileParser

import pytest

from crawler.sources import load_sources
from pressroom.sample_site.build import main as build_main
from pressroom.sample_site.server import SampleSiteServer, start_sample_site

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "pressroom" / "sample_site" / "site"
SEEDS = ROOT.parent / "shared" / "seeds"
# Generated text must leave these to the seeds, so topic and region tests have exactly one answer.
FORBIDDEN_IN_GENERATED = re.compile(
    r"스마트시티|메타버스|metaverse|경남|경상남도|gyeongnam|gyeongsangnam"
    r"|창원|김해|진주|양산|거제|통영|사천|밀양|의령|함안|창녕|고성|남해|하동|산청|함양|거창|합천|마산|진해"
    r"|changwon|gimhae|jinju|yangsan|geoje|tongyeong|sacheon|miryang|uiryeong|haman|changnyeong|goseong"
    r"|namhae|hadong|sancheong|hamyang|geochang|hapcheon|masan|jinhae",
    re.IGNORECASE,
)


class Reply(NamedTuple):
    status: int
    content_type: str
    location: str | None
    body: bytes


@pytest.fixture(scope="module")
def site() -> Iterator[SampleSiteServer]:
    with start_sample_site(port=0) as server:
        yield server


@pytest.fixture(scope="module")
def site_manifest() -> dict:
    return json.loads((SITE / "manifest.json").read_text(encoding="utf-8"))


def get(server: SampleSiteServer, path: str) -> Reply:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        return Reply(response.status, response.getheader("Content-Type", ""), response.getheader("Location"), body)
    finally:
        connection.close()


def article(manifest: dict, source: str, **wanted: object) -> dict:
    return next(
        a for a in manifest["articles"] if a["source_id"] == source and all(a.get(k) == v for k, v in wanted.items())
    )


def test_serves_an_article_page_with_its_title(site: SampleSiteServer, site_manifest: dict) -> None:
    seoul_seed = article(site_manifest, "seoul-press", seed="003_67c7c1009b582a96.txt")
    reply = get(site, seoul_seed["path"])
    assert reply.status == 200
    assert reply.content_type == "text/html; charset=utf-8"
    assert seoul_seed["title"] in reply.body.decode("utf-8")
    assert ("GET", seoul_seed["path"], 200) in site.access_log


def test_euc_kr_page_needs_cp949_and_is_not_utf8(site: SampleSiteServer, site_manifest: dict) -> None:
    page = next(a for a in site_manifest["articles"] if "똠" in " ".join(a["paragraphs"]))
    reply = get(site, page["path"])
    assert reply.content_type == "text/html; charset=euc-kr"
    assert "똠얌꿍" in reply.body.decode("cp949")
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("utf-8")
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("euc-kr")  # strict EUC-KR lacks 똠: the trap a naive decoder falls into


def test_undeclared_and_misdeclared_pages(site: SampleSiteServer, site_manifest: dict) -> None:
    undeclared = article(site_manifest, "honam-news", declared_charset=None)
    reply = get(site, undeclared["path"])
    assert reply.content_type == "text/html"
    assert b"charset" not in reply.body.lower()
    assert undeclared["paragraphs"][0] in reply.body.decode("cp949")

    wrong = next(a for a in site_manifest["articles"] if a["encoding"] == "cp949" and a["declared_charset"] == "utf-8")
    reply = get(site, wrong["path"])
    assert b'<meta charset="utf-8">' in reply.body and "charset" not in reply.content_type
    with pytest.raises(UnicodeDecodeError):
        reply.body.decode("utf-8")


def test_robots_disallows_a_linked_path_matching_the_article_pattern(
    site: SampleSiteServer, site_manifest: dict
) -> None:
    robots = RobotFileParser()
    robots.parse(get(site, "/robots.txt").body.decode("utf-8").splitlines())
    source = next(s for s in load_sources(ROOT / "sources" / "sample.yaml") if s.id == "seoul-press")
    private = article(site_manifest, "seoul-press", robots_disallowed=True)
    url = site.url + private["path"]
    assert not robots.can_fetch("PressroomBot", url)
    assert re.search(source.article_url, url)
    start = source.start_urls[0].replace("http://127.0.0.1:8765", site.url)
    assert f'href="{private["path"]}"' in get(site, start.removeprefix(site.url)).body.decode("utf-8")
    assert get(site, private["path"]).status == 200  # there to be fetched by a crawler that ignores robots


def test_manifest_lists_every_article_and_each_answers(site: SampleSiteServer, site_manifest: dict) -> None:
    articles = site_manifest["articles"]
    assert len(articles) >= 30
    assert {a["source_id"] for a in articles} == {s.id for s in load_sources(ROOT / "sources" / "sample.yaml")}
    for entry in articles:
        assert get(site, entry["path"]).status == 200, entry["path"]
        assert entry["paragraphs"] and re.match(
            r"^20(1[89]|2[0-5])-\d\d-\d\d(T\d\d:\d\d:\d\d\+09:00)?$", entry["published"]
        )
    for dead in site_manifest["dead_links"]:
        assert get(site, dead).status == 404


def test_generated_text_leaves_smart_city_and_gyeongnam_to_the_seeds(site_manifest: dict) -> None:
    generated = [a for a in site_manifest["articles"] if not a["seed"]]
    for entry in generated:
        text = " ".join([entry["title"], *entry["paragraphs"], *entry["subtitle"], entry["caption"] or ""])
        assert not FORBIDDEN_IN_GENERATED.search(text), entry["path"]
    assert [a["seed"] for a in site_manifest["articles"] if a["region"] == "KR-48"] == ["000_c845fa445833806d.txt"]


def test_feed_and_sitemap_point_at_the_running_server(site: SampleSiteServer) -> None:
    feed = get(site, "/daejeon/en/rss.xml").body.decode("utf-8")
    assert f"<link>{site.url}/daejeon/en/news/view/" in feed and "<pubDate>" in feed
    sitemap = get(site, "/asiae/sitemap.xml").body.decode("utf-8")
    assert f"<loc>{site.url}/asiae/en/article/" in sitemap and "<lastmod>" in sitemap


def test_named_behaviours(site: SampleSiteServer) -> None:
    assert get(site, "/status/503").status == 503
    loop = get(site, "/redirect-loop")
    assert (loop.status, loop.location) == (302, "/redirect-loop")
    assert get(site, "/slow?seconds=0.05").status == 200
    assert get(site, "/_headers.json").status == 404
    assert ("GET", "/slow?seconds=0.05", 200) in site.access_log


def test_sources_files_load() -> None:
    assert len(load_sources(ROOT / "sources" / "sample.yaml")) == 5
    korea = load_sources(ROOT / "sources" / "korea.yaml")
    assert len({s.region for s in korea}) == 17
    assert {s.municipality for s in korea} >= {"44130", "41110", "48120", "52110"}


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_committed_site_is_what_the_generator_writes(tmp_path: Path) -> None:
    build_main(["--seeds", str(SEEDS), "--out", str(tmp_path / "site")])
    built = {p.relative_to(tmp_path / "site"): p.read_bytes() for p in (tmp_path / "site").rglob("*") if p.is_file()}
    committed = {p.relative_to(SITE): p.read_bytes() for p in SITE.rglob("*") if p.is_file()}
    assert built.keys() == committed.keys()
    assert [path for path in built if built[path] != committed[path]] == []
