"""Documents the store cannot take are kept in the spool, and a later load stores them: nothing is lost."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from indexer.ingest import Ingestor, load_spool
from indexer.sqlite_store import SqliteStore
from tests.indexer.test_store_behaviour import corpus


def test_a_full_store_spools_the_whole_batch_and_a_later_load_stores_it(tmp_path: Path) -> None:
    documents = corpus()
    store = SqliteStore(tmp_path / "store.sqlite3")
    store.upsert(documents[:2])
    # SQLite's own way to make a file full: no page past those it has ("database or disk is full").
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")
    ingestor = Ingestor(store=store, sources={}, spool_dir=tmp_path / "spool")
    for document in documents[2:]:
        ingestor.add_document(document)
    outcome = ingestor.close()
    assert (ingestor.spooled, outcome.failed, outcome.new) == (len(documents) - 2, 0, 0)
    assert store.count() == 2

    store._db.execute("PRAGMA max_page_count = 1073741823")
    loaded = load_spool(store, tmp_path / "spool")
    assert (loaded.new, loaded.failed) == (len(documents) - 2, 0)
    assert store.count() == len(documents)
    assert not list((tmp_path / "spool").iterdir())
    store.close()


def test_load_spool_keeps_the_lines_it_cannot_store_and_stores_the_rest(tmp_path: Path) -> None:
    good, refused = corpus()[:2]
    spool = tmp_path / "spool"
    spool.mkdir()
    refused_line = json.dumps(dataclasses.replace(refused, text=None).to_dict(), ensure_ascii=False)  # type: ignore[arg-type]
    cut_short = json.dumps(good.to_dict(), ensure_ascii=False)[:40]  # a crash in the middle of writing
    lines = [json.dumps(good.to_dict(), ensure_ascii=False), refused_line, cut_short]
    (spool / "spool-1.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = SqliteStore(tmp_path / "store.sqlite3")

    outcome = load_spool(store, spool)
    assert (outcome.new, outcome.failed) == (1, 2)
    assert store.get(good.id) is not None and store.get(refused.id) is None
    assert (spool / "spool-1.jsonl").read_text(encoding="utf-8").splitlines() == [refused_line, cut_short]
    store.close()
