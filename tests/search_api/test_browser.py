"""The web UI in a real headless Chromium: search, tick a facet, page, open a document, export."""

from __future__ import annotations

import csv
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.slow
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a closed network (no background fetches) and a root user in CI.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server_url(crawled_sample) -> Iterator[str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pressroom", "serve", "--port", str(port), "--store", crawled_sample.store_url],
        cwd=REPO_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail(f"pressroom serve did not answer: {server.stderr.read().decode() if server.stderr else ''}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stderr:
            server.stderr.close()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_search_facet_page_document_export(browser, server_url: str, tmp_path: Path) -> None:
    page = browser.new_page(accept_downloads=True)
    page.goto(server_url + "/")
    page.fill("input[name=q]", "스마트시티")
    page.click("button[type=submit]")
    page.wait_for_selector("li.hit")
    assert page.locator("li.hit").count() == 2
    assert page.locator("li.hit mark").first.inner_text() == "스마트시티"

    page.check("fieldset[data-facet=region] input[value=KR-44]")  # submits the form
    page.wait_for_url("**region=KR-44**")
    assert page.locator("li.hit").count() == 1
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search-results.png"), full_page=True)

    page.goto(server_url + "/")  # every document: two pages of twenty
    first_titles = page.locator("li.hit a.title").all_inner_texts()
    page.click("a[rel=next]")
    page.wait_for_url("**cursor=**")
    second_titles = page.locator("li.hit a.title").all_inner_texts()
    assert len(first_titles) == 20 and second_titles and not set(first_titles) & set(second_titles)

    page.click("li.hit a.title >> nth=0")
    page.wait_for_selector("article.document")
    assert page.locator("article.document .text p").count() >= 1

    page.goto(server_url + "/?q=city")
    with page.expect_download() as download:
        page.click("text=CSV")
    saved = tmp_path / "export.csv"
    download.value.save_as(saved)
    shown = int(page.locator("p.total strong").inner_text())
    assert shown > 0
    with saved.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == shown
