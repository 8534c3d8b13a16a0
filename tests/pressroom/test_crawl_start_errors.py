"""A crawl that cannot start says why in one line and exits non-zero; it never reports an empty success."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SAMPLE_SOURCES, run_pressroom


def crawl(tmp_path: Path, *args: str):
    return run_pressroom(
        "crawl",
        "daejeon-en",
        "--sources",
        str(SAMPLE_SOURCES),
        "--store",
        f"sqlite:///{tmp_path / 's.db'}",
        *args,
        cwd=tmp_path,
    )


@pytest.mark.parametrize(
    "setting",
    [
        "DOWNLOAD_DELAY=abc",
        "CONCURRENT_REQUESTS=abc",
        "DOWNLOAD_TIMEOUT=abc",
        "PRESSROOM_BACKGROUND_INDEXING=maybe",
        "ITEM_PIPELINES=junk",
    ],
)
def test_a_setting_scrapy_cannot_read_fails_the_crawl(tmp_path, setting):
    result = crawl(tmp_path, "-s", setting)
    assert result.returncode != 0
    assert "pages fetched" not in result.stdout
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("pressroom crawl: ") and setting.split("=")[1] in line


def test_an_unusable_archive_fails_the_crawl(tmp_path):
    (tmp_path / "a-file").write_text("not a directory")
    result = crawl(tmp_path, "--warc-dir", str(tmp_path / "a-file"))
    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == [
        f"pressroom crawl: cannot use {tmp_path / 'a-file'} as the WARC directory (File exists)"
    ]
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "captures.sqlite3").write_bytes(b"\x13\x37" * 4096)
    result = crawl(tmp_path, "--warc-dir", str(tmp_path / "warc"))
    assert result.returncode != 0
    (line,) = result.stderr.strip().splitlines()
    assert "captures.sqlite3 is damaged" in line and "archive rebuild" in line
