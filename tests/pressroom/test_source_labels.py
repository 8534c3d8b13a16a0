"""Search results name sources from the files PRESSROOM_SOURCES lists, in the CLI as in the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from indexer.sqlite_store import SqliteStore
from pressroom.cli import main
from tests.indexer.test_store_behaviour import _doc


def test_search_names_sources_from_the_files_pressroom_sources_lists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = SqliteStore(tmp_path / "store.sqlite3")
    store.upsert([_doc("own-1", "우리 보도자료", "우리 기관의 보도자료 본문입니다.", None, source="own-press")])
    store.close()
    row = {
        "id": "own-press", "name_ko": "우리 기관 보도자료", "name_en": "Our agency's releases", "kind": "board",
        "start_urls": ["http://127.0.0.1:9/list.html"], "article_url": r"^https?://[^/]+/view/\d+\.html$",
    }  # fmt: skip
    sources = tmp_path / "own.yaml"
    sources.write_text(yaml.safe_dump({"sources": [row]}, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("PRESSROOM_SOURCES", json.dumps([str(sources)]))

    assert main(["search", "--store", f"sqlite:///{tmp_path / 'store.sqlite3'}", "--json"]) == 0
    facet = json.loads(capsys.readouterr().out)["facets"]["source"]
    assert [(f["key"], f["label"]) for f in facet] == [("own-press", "Our agency's releases")]
