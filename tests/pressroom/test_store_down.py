"""A store that does not answer: every command says so in one line, and a crawl keeps what it fetched."""

from __future__ import annotations

import pytest

from tests.conftest import FAST_CRAWL, run_pressroom, sources_for

pytestmark = pytest.mark.slow
DEAD_ELASTICSEARCH = "http://127.0.0.1:9"  # the discard port: nothing listens there


@pytest.mark.parametrize(
    "command",
    [["search", "city"], ["search"], ["index", "migrate"], ["index", "load-spool"]],
)
def test_commands_say_so_in_one_line(command, tmp_path):
    result = run_pressroom(*command, "--store", DEAD_ELASTICSEARCH, cwd=tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "127.0.0.1:9" in lines[0] and "Traceback" not in result.stderr


def test_crawl_spools_documents_and_loads_them_later(sample_site, tmp_path):
    sources = sources_for(sample_site, tmp_path)
    crawl = run_pressroom(
        "crawl", "daejeon-en", "--sources", str(sources), "--store", DEAD_ELASTICSEARCH, "--json", *FAST_CRAWL,
        cwd=tmp_path,
    )  # fmt: skip
    assert crawl.returncode == 1
    assert "Traceback" not in crawl.stderr
    import json

    summary = json.loads(crawl.stdout)
    assert summary["spooled"] == 8 and summary["new"] == 0
    assert list((tmp_path / "var" / "spool").glob("spool-*.jsonl"))

    store = f"sqlite:///{tmp_path / 'later.sqlite3'}"
    load = run_pressroom("index", "load-spool", "--store", store, cwd=tmp_path)
    assert load.returncode == 0, load.stderr
    assert "8 new" in load.stdout
    listed = run_pressroom("search", "--store", store, "--json", cwd=tmp_path)
    assert json.loads(listed.stdout)["total"] == 8
    assert not list((tmp_path / "var" / "spool").glob("spool-*.jsonl"))
