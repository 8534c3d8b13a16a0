"""The archive end to end: real crawls of a copy of the sample site through the CLI (127.0.0.1 only).

One module fixture crawls four times: a full crawl; after one page changed, a conditional re-crawl (304s);
Seoul again with conditional GET off (full fetches of unchanged pages -> revisit records); Seoul again with
the default refetch age (known articles not fetched at all).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from warcio.archiveiterator import ArchiveIterator

from crawler.archive.capture_index import INDEX_FILE
from crawler.archive.reader import warc_files
from indexer.document import document_id
from indexer.store import open_store
from pressroom.sample_site.server import SampleSiteServer, start_sample_site
from search_api.app import create_app
from search_api.settings import ApiSettings
from tests.conftest import FAST_CRAWL, REPO_ROOT, run_pressroom, sources_for

pytestmark = pytest.mark.slow

SITE_ROOT = REPO_ROOT / "pressroom" / "sample_site" / "site"
CHANGED_KEY = "1201"
ADDED = "정정 안내: 방역 대상 시설 수를 다시 집계한 결과를 반영했습니다."


@dataclass
class ArchivedCrawls:
    site: SampleSiteServer
    directory: Path
    sources: Path
    store_url: str
    warc_dir: Path
    manifest: list[dict[str, Any]]
    summaries: list[dict[str, Any]]
    access: list[list[tuple[str, str, int]]]  # the site's access log during each crawl
    snapshots: list[dict[str, str]]  # id -> stored body after each crawl
    changed_url: str
    old_page: bytes
    new_page: bytes

    def url(self, path: str) -> str:
        return self.site.url + path

    def documents(self, store_url: str | None = None) -> dict[str, dict[str, Any]]:
        return {k: json.loads(v) for k, v in snapshot(store_url or self.store_url).items()}


def snapshot(store_url: str) -> dict[str, str]:
    """Every stored document as JSON, by id (through the store interface, whatever its tables)."""
    store = open_store(store_url)
    try:
        return {d.id: json.dumps(d.to_dict(), ensure_ascii=False, sort_keys=True) for d in store.iter_documents()}
    finally:
        store.close()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as reply:
        return reply.read()


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> ArchivedCrawls:
    directory = tmp_path_factory.mktemp("archive")
    root = directory / "site"
    shutil.copytree(SITE_ROOT, root)
    manifest = json.loads((root / "manifest.json").read_text("utf-8"))["articles"]
    with start_sample_site("127.0.0.1", 0, root=root) as site:
        sources = sources_for(site, directory)
        store_url = f"sqlite:///{directory / 'store.sqlite3'}"
        warc_dir = directory / "warc"
        base = ["crawl", "--sources", str(sources), "--store", store_url, "--warc-dir", str(warc_dir), "--json"]
        changed_path = next(a["path"] for a in manifest if a["path"].endswith(f"/{CHANGED_KEY}.html"))
        runs = [
            ([], None),
            (["-s", "PRESSROOM_REFETCH_AFTER=0"], "change"),
            (["seoul-press", "-s", "PRESSROOM_CONDITIONAL_GET=False"], None),
            (["seoul-press"], None),
        ]
        summaries, access, snapshots = [], [], []
        old_page = new_page = b""
        for extra, action in runs:
            if action == "change":
                old_page = fetch(site.url + changed_path)
                page = root / changed_path.lstrip("/")
                paragraph = next(a for a in manifest if a["path"] == changed_path)["paragraphs"][1]
                html = page.read_text("utf-8")
                assert paragraph in html
                page.write_text(html.replace(paragraph, f"{paragraph} {ADDED}"), "utf-8")
                new_page = fetch(site.url + changed_path)
            seen = len(site.access_log.snapshot())
            result = run_pressroom(*base, *extra, *FAST_CRAWL)
            assert result.returncode == 0, result.stderr
            summaries.append(json.loads(result.stdout))
            access.append(site.access_log.snapshot()[seen:])
            snapshots.append(snapshot(store_url))
        return ArchivedCrawls(
            site, directory, sources, store_url, warc_dir, manifest, summaries, access, snapshots,
            site.url + changed_path, old_page, new_page,
        )  # fmt: skip


def seoul_articles(crawls: ArchivedCrawls) -> list[dict[str, Any]]:
    return [a for a in crawls.manifest if a["source_id"] == "seoul-press" and not a["robots_disallowed"]]


def warc_records(crawls: ArchivedCrawls) -> list[Any]:
    records = []
    for path in warc_files(crawls.warc_dir):
        with path.open("rb") as handle:
            for record in ArchiveIterator(handle):
                records.append((record.rec_type, dict(record.rec_headers.headers)))
    return records


def test_incremental_recrawl_uses_conditional_get_and_counts_304s_as_unchanged(crawls: ArchivedCrawls) -> None:
    first, second, _, fresh = crawls.summaries
    total = first["new"]
    assert total == len([a for a in crawls.manifest if not a["robots_disallowed"]])
    assert (second["new"], second["updated"], second["unchanged"]) == (0, 1, total - 1)
    not_modified = [path for _, path, status in crawls.access[1] if status == 304]
    assert len(not_modified) == total - 1
    # List pages are always read in full; only the changed article was sent again.
    assert any((status == 200 and "/list" in path) or "index" in path for _, path, status in crawls.access[1])
    # Default PRESSROOM_REFETCH_AFTER (1d): known Seoul articles are not requested at all.
    seoul = {a["path"] for a in seoul_articles(crawls)}
    assert (fresh["new"], fresh["updated"], fresh["unchanged"]) == (0, 0, len(seoul))
    assert not seoul & {path for _, path, _ in crawls.access[3]}


def test_unchanged_page_writes_a_revisit_and_nothing_to_the_store(crawls: ArchivedCrawls) -> None:
    third = crawls.summaries[2]
    seoul = seoul_articles(crawls)
    assert (third["new"], third["updated"], third["unchanged"]) == (0, 0, len(seoul))
    assert crawls.snapshots[2] == crawls.snapshots[1]  # not one stored byte changed
    revisits = {h["WARC-Target-URI"]: h["WARC-Profile"] for kind, h in warc_records(crawls) if kind == "revisit"}
    for article in seoul:
        assert crawls.url(article["path"]) in revisits
    assert any(p.endswith("/revisit/identical-payload-digest") for p in revisits.values())
    assert any(p.endswith("/revisit/server-not-modified") for p in revisits.values())


def test_warc_files_pass_warcio_and_an_independent_indexer(crawls: ArchivedCrawls) -> None:
    files = [str(p) for p in warc_files(crawls.warc_dir)]
    check = subprocess.run([sys.executable, "-m", "warcio.cli", "check", *files], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "index", *files], capture_output=True, text=True, check=True
    )
    assert crawls.changed_url in index.stdout
    cdxj = subprocess.run(
        [sys.executable, "-m", "cdxj_indexer.main", *files], capture_output=True, text=True, check=True
    )
    lines = [line for line in cdxj.stdout.splitlines() if crawls.changed_url in line]
    assert len(lines) >= 3  # two responses (old, new) and the revisit of the third crawl
    entries = [json.loads(line.split(" ", 2)[2]) for line in lines]
    assert {e.get("mime") for e in entries} >= {"text/html", "warc/revisit"}


def test_changed_page_keeps_both_versions_and_serves_each_capture(crawls: ArchivedCrawls) -> None:
    doc_id = document_id(crawls.changed_url)
    app = create_app(ApiSettings(store=crawls.store_url, sources=[str(crawls.sources)]))
    app.state.warc_dir = crawls.warc_dir
    with TestClient(app) as client:
        history = client.get(f"/v1/documents/{doc_id}/versions").json()
        old, new = history["versions"]
        assert ADDED not in old["text"] and ADDED in new["text"]
        assert any(ADDED in line and line.startswith("+") for line in new["diff"])
        assert [c["kind"] for c in history["captures"]][:2] == ["response", "response"]

        for version, page in ((old, crawls.old_page), (new, crawls.new_page)):
            served = client.get(version["capture"])
            assert served.status_code == 200 and served.content == page
        latest = client.get(f"/v1/documents/{doc_id}/capture")
        assert latest.content == crawls.new_page
        assert latest.headers["content-type"] == "text/html; charset=utf-8"
        csp = latest.headers["content-security-policy"]
        assert csp.startswith("sandbox;") and "default-src 'none'" in csp and "script-src" not in csp
        assert latest.headers["x-content-type-options"] == "nosniff"
        assert client.get(f"/v1/documents/{doc_id}/capture", params={"at": "2001-01-01"}).status_code == 404
        assert client.get(f"/v1/documents/{doc_id}/capture", params={"at": "last week"}).status_code == 400

        hits = client.get("/v1/search", params={"q": "재집계 OR 다시 집계한"}).json()["hits"]
        assert [h["id"] for h in hits] == [doc_id]  # search shows the latest version
        page = client.get(f"/documents/{doc_id}").text
        assert f"/v1/documents/{doc_id}/capture" in page and "Versions" in page and "<ins>" in page


def test_pdf_hwpx_and_hwp_attachments_are_searchable_by_their_own_words(crawls: ArchivedCrawls) -> None:
    article = next(a for a in crawls.manifest if any(x.get("words_only_here") for x in a["attachments"]))
    words = [w for attachment in article["attachments"] for w in attachment.get("words_only_here", [])]
    assert len(words) == 6
    for word in words:
        result = run_pressroom("search", word, "--store", crawls.store_url, "--json")
        hits = json.loads(result.stdout)["hits"]
        assert [h["url"] for h in hits] == [crawls.url(article["path"])], word
        assert hits[0]["snippet"].startswith("[첨부 attachment: ")
    with_files = {a["path"] for a in crawls.manifest if a["attachments"] and not a["robots_disallowed"]}
    result = run_pressroom("search", "--has-attachment", "--size", "100", "--store", crawls.store_url, "--json")
    assert {h["url"] for h in json.loads(result.stdout)["hits"]} == {crawls.url(p) for p in with_files}
    stored = crawls.documents()[document_id(crawls.url(article["path"]))]
    assert [bool(a["text"]) for a in stored["attachments"]] == [True, True, True]


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "url", "title", "text", "published_at", "language", "region", "regions_mentioned", "topics")
    return {key: document[key] for key in (*keys, "attachments", "has_attachment", "source")}


def test_rebuild_from_warcs_restores_the_same_documents(crawls: ArchivedCrawls) -> None:
    store_url = f"sqlite:///{crawls.directory / 'rebuilt.sqlite3'}"
    result = run_pressroom(
        "archive", "rebuild", "--warc-dir", str(crawls.warc_dir), "--store", store_url, "--sources",
        str(crawls.sources), "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["bad_records"] == 0 and report["skipped"] == {}
    original, rebuilt = crawls.documents(), crawls.documents(store_url)
    assert {k: comparable(v) for k, v in rebuilt.items()} == {k: comparable(v) for k, v in original.items()}
    store = open_store(store_url)
    try:
        versions = store.versions(document_id(crawls.changed_url))
    finally:
        store.close()
    assert [ADDED in v.text for v in versions] == [False, True]


def damaged_urls(path: Path, start: int, end: int) -> set[str]:
    """Target URIs of response and metadata records that overlap bytes [start, end) of a WARC file."""
    urls = set()
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        for record in iterator:
            iterator.read_to_end(record)
            offset, length = iterator.get_record_offset(), iterator.get_record_length()
            if offset < end and offset + length > start and record.rec_type in ("response", "metadata"):
                urls.add(record.rec_headers.get_header("WARC-Target-URI"))
    return urls


def test_rebuild_skips_damaged_records_and_restores_every_good_one(crawls: ArchivedCrawls) -> None:
    warc_dir = crawls.directory / "damaged-warc"
    shutil.copytree(crawls.warc_dir, warc_dir)
    # The capture index is derived data: a damaged one is moved aside and rebuilt too.
    for leftover in warc_dir.glob(f"{INDEX_FILE}-*"):
        leftover.unlink()
    (warc_dir / INDEX_FILE).write_bytes(b"\x13\x37 not a database " * 400)
    victim = next(a for a in crawls.manifest if a["source_id"] == "honam-news")
    with sqlite3.connect(crawls.warc_dir / INDEX_FILE) as db:
        file, offset, length = db.execute(
            "SELECT file, offset, length FROM captures WHERE url = ? AND record_type = 'response'",
            (crawls.url(victim["path"]),),
        ).fetchone()
    lost = damaged_urls(warc_dir / file, offset, offset + length)
    with (warc_dir / file).open("r+b") as handle:
        handle.seek(offset + length // 2)
        handle.write(b"\x00this record is damaged\x00")
    other = next(p for p in warc_files(warc_dir) if p.name != file)
    size = other.stat().st_size
    lost |= damaged_urls(other, size - 60, size)
    with other.open("r+b") as handle:
        handle.truncate(size - 60)

    store_url = f"sqlite:///{crawls.directory / 'rebuilt-damaged.sqlite3'}"
    result = run_pressroom(
        "archive", "rebuild", "--warc-dir", str(warc_dir), "--store", store_url, "--sources", str(crawls.sources),
        "--json",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "skipping a damaged WARC record" in result.stderr
    report = json.loads(result.stdout)
    assert report["bad_records"] == 2, report["problems"]
    moved = Path(report["damaged_index_moved_to"])
    assert moved.parent == warc_dir and moved.read_bytes().startswith(b"\x13\x37")
    assert report["captures_indexed"] > 0
    original = {k: comparable(v) for k, v in crawls.documents().items()}
    rebuilt = {k: comparable(v) for k, v in crawls.documents(store_url).items()}
    untouched = {k for k, v in original.items() if v["url"] not in lost}
    assert untouched <= rebuilt.keys()  # every document with no damaged record is restored...
    assert all(rebuilt[k] == original[k] for k in rebuilt)  # ...and each restored one is as it was
    # The victim's only full capture is damaged (its re-crawl was a 304 revisit of it): it is gone.
    assert document_id(crawls.url(victim["path"])) not in rebuilt
