"""Bad input to operator commands: one line naming the problem, a non-zero exit, never a traceback."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
import yaml

from pressroom.cli import main
from tests.conftest import SAMPLE_SOURCES


def one_line_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status = main(list(argv))
    err = capsys.readouterr().err.strip()
    assert status != 0, err
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_a_sources_file_that_is_not_utf8_is_named(tmp_path: Path, capsys):
    path = tmp_path / "sources.yaml"
    path.write_bytes("sources:\n  - id: 대전\n".encode("euc-kr"))
    assert "not UTF-8" in one_line_error(capsys, "sources", "list", "--sources", str(path))
    assert "not UTF-8" in one_line_error(capsys, "crawl", "--sources", str(path))
    assert "not UTF-8" in one_line_error(capsys, "schedule", "--sources", str(path))


@pytest.mark.parametrize("schedule", ["every 999999999d", "every 99999999999999999999s", "61 * * * *", "0 0 31 2 *"])
def test_sources_list_refuses_a_schedule_the_scheduler_cannot_run(tmp_path: Path, capsys, schedule: str):
    path = tmp_path / "sources.yaml"
    row = {
        "id": "late",
        "name_ko": "late",
        "name_en": "late",
        "kind": "rss",
        "start_urls": ["http://127.0.0.1:1/feed.xml"],
        "article_url": "/a/",
        "schedule": schedule,
    }
    path.write_text(yaml.safe_dump({"sources": [row]}), encoding="utf-8")
    error = one_line_error(capsys, "sources", "list", "--sources", str(path))
    assert "row 1 (id 'late')" in error and "field schedule" in error


@pytest.mark.parametrize("bad", ["garbage", "ftp://x", "redis://127.0.0.1:notaport/0"])
@pytest.mark.parametrize(
    "argv",
    [["crawl", "--sources", str(SAMPLE_SOURCES), "--redis"], ["crawls", "--redis"], ["worker", "--redis"],
     ["schedule", "--sources", str(SAMPLE_SOURCES), "--redis"]],
)  # fmt: skip
def test_a_malformed_redis_url_is_refused_at_the_start(capsys, argv: list[str], bad: str):
    assert repr(bad) in one_line_error(capsys, *argv, bad)


@pytest.mark.parametrize("url", ["http://", "http://[::1", "http://127.0.0.1:99999", "ftp://x"])
@pytest.mark.parametrize("command", [["search", "x"], ["serve"], ["index", "migrate"]])
def test_a_store_url_that_names_no_store_is_one_line(capsys, command: list[str], url: str):
    assert repr(url) in one_line_error(capsys, *command, "--store", url)


def test_search_of_a_sqlite_store_that_does_not_exist_says_so_and_creates_nothing(capsys, tmp_path: Path):
    missing = tmp_path / "typo.sqlite3"
    assert "no store at" in one_line_error(capsys, "search", "x", "--store", f"sqlite:///{missing}")
    assert not missing.exists()


def test_a_taken_port_is_one_line(capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert f"127.0.0.1:{port}" in one_line_error(capsys, "sample-site", "--port", str(port))


@pytest.mark.parametrize(
    "argv",
    [["serve", "--port", "99999"], ["sample-site", "--port", "70000"], ["schedule", "--misfire-grace", "0"],
     ["schedule", "--misfire-grace", "-5"], ["schedule", "--time-limit", "nan"], ["schedule", "--shutdown-grace", "-1"],
     ["schedule", "--max-concurrent", "0"], ["runs", "--limit", "0"], ["jobs", "run", "x", "--wait", "-1"]],
)  # fmt: skip
def test_numbers_out_of_range_are_refused_by_the_parser(capsys, argv: list[str]):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and f"argument {argv[-2]}: " in err
