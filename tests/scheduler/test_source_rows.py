"""The service reads sources row by row: a bad row is named and skipped, the others are scheduled."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crawler.sources import SourceError
from scheduler.source_rows import schedulable_rows


def row(source_id: str, schedule: str | None = "every 6h", **extra: object) -> dict[str, object]:
    data: dict[str, object] = {
        "id": source_id,
        "name_ko": source_id,
        "name_en": source_id,
        "kind": "rss",
        "start_urls": ["http://127.0.0.1:1/feed.xml"],
        "article_url": r"/\d+",
        **extra,
    }
    if schedule is not None:
        data["schedule"] = schedule
    return data


def write(tmp_path: Path, rows: list[object]) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"sources": rows}), encoding="utf-8")
    return path


def test_an_invalid_schedule_is_named_by_row_and_id_and_the_others_are_kept(tmp_path: Path) -> None:
    path = write(tmp_path, [row("good-one"), row("bad-one", "every 2 fortnights"), row("good-two", "0 9 * * *")])
    result = schedulable_rows(path)
    assert [s.source_id for s in result.scheduled] == ["good-one", "good-two"]
    assert len(result.problems) == 1
    assert "row 2 (id 'bad-one')" in result.problems[0] and "field schedule" in result.problems[0]


def test_a_cron_out_of_range_is_refused_even_though_its_characters_are_fine(tmp_path: Path) -> None:
    result = schedulable_rows(write(tmp_path, [row("late", "61 * * * *")]))
    assert not result.scheduled and "row 1 (id 'late')" in result.problems[0]


def test_other_row_errors_and_duplicates_are_named_too(tmp_path: Path) -> None:
    path = write(tmp_path, [row("dup"), row("dup"), row("x", kind="ftp"), "not a mapping", row("no-schedule", None)])
    result = schedulable_rows(path)
    assert [s.source_id for s in result.scheduled] == ["dup"]
    assert set(result.rows) == {"dup", "no-schedule"}  # runnable now, though not scheduled
    assert [p.split(":")[1].strip() for p in result.problems] == ["row 2 (id 'dup')", "row 3 (id 'x')", "row 4"]


def test_an_unreadable_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot read"):
        schedulable_rows(tmp_path / "missing.yaml")
