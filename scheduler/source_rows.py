"""Read a sources file row by row, so one bad row is reported and skipped instead of stopping the service."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from crawler.sources import Source, SourceError
from scheduler.triggers import ScheduleError, build_trigger


@dataclass(frozen=True)
class ScheduledSource:
    """A valid row with a schedule: what the service makes a job of, and the raw row the crawl is given."""

    source_id: str
    schedule: str
    row: dict[str, Any]


@dataclass
class SchedulableRows:
    """The rows that can be scheduled, and one message per row that cannot (naming file, row and id)."""

    scheduled: list[ScheduledSource] = field(default_factory=list)
    rows: dict[str, dict[str, Any]] = field(default_factory=dict)  # every valid row, scheduled or not
    problems: list[str] = field(default_factory=list)


def read_rows(path: Path) -> list[Any]:
    """The raw rows of a sources file; a file that cannot be read or parsed at all raises SourceError."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SourceError(f"{path}: cannot read sources file ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML ({exc})") from None
    if isinstance(data, dict) and "sources" in data:
        data = data["sources"]
    if not isinstance(data, list):
        raise SourceError(f"{path}: expected a list of sources (or a mapping with a 'sources' list)")
    return data


def schedulable_rows(path: Path) -> SchedulableRows:
    """Validate each row on its own (crawler.sources stops at the first bad row; a service must not)."""
    result = SchedulableRows()
    seen: set[str] = set()
    for index, row in enumerate(read_rows(path), start=1):
        label = f"{path}: row {index}"
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            label += f" (id {row['id']!r})"
        problem = _row_problem(row, seen)
        if problem:
            result.problems.append(f"{label}: {problem}; not scheduled")
            continue
        source_id, schedule = row["id"], row.get("schedule")
        seen.add(source_id)
        result.rows[source_id] = dict(row)
        if schedule is not None:
            result.scheduled.append(ScheduledSource(source_id, str(schedule).strip(), dict(row)))
    return result


def _row_problem(row: Any, seen: set[str]) -> str | None:
    if not isinstance(row, dict):
        return "expected a mapping of fields"
    try:
        source = Source.model_validate(row)
    except ValidationError as exc:
        return "; ".join(
            f"field {'.'.join(str(p) for p in err['loc']) or '?'}: {_message(err)}" for err in exc.errors()
        )
    if source.id in seen:
        return f"field id: duplicate id {source.id!r}"
    if source.schedule is not None:
        try:
            build_trigger(source.schedule)
        except ScheduleError as exc:
            return f"field schedule: {exc}"
    return None


def _message(error: Any) -> str:
    if error["type"] == "missing":
        return "is required"
    if error["type"] == "extra_forbidden":
        return "is not a known field"
    return str(error["msg"]).removeprefix("Value error, ")
