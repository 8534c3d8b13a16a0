"""The source registry: one YAML row per press-release board, feed or sitemap (see docs/sources.md)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

REGION_CODE = re.compile(r"^KR-\d{2}$")
MUNICIPALITY_CODE = re.compile(r"^\d{5}$")
SOURCE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
INTERVAL = re.compile(r"^every\s+(\d+)\s*(s|m|h|d)$")
CRON_FIELD = re.compile(r"^[\d*/,\-A-Za-z?]+$")
MAX_INTERVAL_SECONDS = 366 * 86400  # a longer one overflows the scheduler's datetimes, and means "never"
SEOUL = "Asia/Seoul"  # schedules are Korea time (scheduler.triggers builds them in the same zone)


class SourceError(ValueError):
    """A sources file that cannot be used; the message names the file, the row and the field."""


class SourceKind(StrEnum):
    BOARD = "board"
    RSS = "rss"
    SITEMAP = "sitemap"


class Publisher(StrEnum):
    GOVERNMENT = "government"
    NEWS = "news"


class Selectors(BaseModel):
    """CSS selectors that override the generic extractor for one source."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    body: str | None = None
    date: str | None = None
    next_page: str | None = None


class Source(BaseModel):
    """One row of a sources file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name_ko: str
    name_en: str
    kind: SourceKind
    start_urls: list[str] = Field(min_length=1)
    article_url: str
    region: str | None = None
    municipality: str | None = None
    publisher: Publisher = Publisher.GOVERNMENT
    follow_url: str | None = None
    selectors: Selectors = Field(default_factory=Selectors)
    encoding: str | None = None
    schedule: str | None = None
    language: str | None = None
    notes: str | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not SOURCE_ID.match(value):
            raise ValueError("must be lowercase letters, digits and '-', 2 to 63 characters")
        return value

    @field_validator("region")
    @classmethod
    def _check_region(cls, value: str | None) -> str | None:
        if value is not None and not REGION_CODE.match(value):
            raise ValueError("must be an ISO 3166-2:KR code such as KR-11")
        return value

    @field_validator("municipality")
    @classmethod
    def _check_municipality(cls, value: str | None) -> str | None:
        if value is not None and not MUNICIPALITY_CODE.match(str(value)):
            raise ValueError("must be a 5-digit administrative code such as 44130")
        return value

    @field_validator("start_urls")
    @classmethod
    def _check_urls(cls, value: list[str]) -> list[str]:
        for url in value:
            if not re.match(r"^https?://", url):
                raise ValueError(f"{url!r} is not an http(s) URL")
        return value

    @field_validator("article_url", "follow_url")
    @classmethod
    def _check_regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"is not a valid regular expression: {exc}") from exc
        return value

    @field_validator("encoding")
    @classmethod
    def _check_encoding(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                "".encode(value)
            except LookupError as exc:
                raise ValueError(f"unknown encoding {value!r}") from exc
        return value

    @field_validator("schedule")
    @classmethod
    def _check_schedule(cls, value: str | None) -> str | None:
        if value is not None:
            parse_schedule(value)
        return value

    def name(self, language: str = "en") -> str:
        return self.name_ko if language == "ko" else self.name_en


def parse_schedule(text: str) -> tuple[str, Any]:
    """Read a schedule string: ``every 30m`` (s/m/h/d) or a five-field cron expression.

    Returns ``("interval", seconds)`` or ``("cron", [minute, hour, day, month, day_of_week])``.
    """
    text = text.strip()
    match = INTERVAL.match(text)
    if match:
        amount, unit = int(match.group(1)), match.group(2)
        if amount <= 0:
            raise ValueError("an interval must be positive")
        seconds = amount * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit]
        if seconds > MAX_INTERVAL_SECONDS:
            raise ValueError(f"{text!r}: an interval can be at most {MAX_INTERVAL_SECONDS // 86400}d")
        return "interval", seconds
    fields = text.split()
    if len(fields) != 5 or not all(CRON_FIELD.match(f) for f in fields):
        raise ValueError(f"{text!r} is neither 'every N[s|m|h|d]' nor a five-field cron expression")
    _check_cron(text, fields)
    return "cron", fields


def _check_cron(text: str, fields: list[str]) -> None:
    """Refuse what the scheduler's CronTrigger would refuse (ranges, names) or never fire ('0 0 31 2 *')."""
    # Imported here: only a row with a cron schedule needs APScheduler, and crawls seldom read one.
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from apscheduler.triggers.cron import CronTrigger

    minute, hour, day, month, day_of_week = fields
    try:
        trigger = CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=day_of_week, timezone=SEOUL)
    except ValueError as exc:
        raise ValueError(f"{text!r}: {exc}") from None
    if trigger.get_next_fire_time(None, datetime.now(ZoneInfo(SEOUL))) is None:
        raise ValueError(f"{text!r} never fires")


def parse_sources(rows: Any, origin: str = "<sources>") -> list[Source]:
    """Validate already-loaded YAML; raise SourceError naming the row and field at fault."""
    if isinstance(rows, dict) and "sources" in rows:
        rows = rows["sources"]
    if not isinstance(rows, list):
        raise SourceError(f"{origin}: expected a list of sources (or a mapping with a 'sources' list)")
    sources: list[Source] = []
    seen: set[str] = set()
    for index, row in enumerate(rows, start=1):
        label = f"{origin}: row {index}"
        if isinstance(row, dict) and isinstance(row.get("id"), str):
            label += f" (id {row['id']!r})"
        if not isinstance(row, dict):
            raise SourceError(f"{label}: expected a mapping of fields")
        try:
            source = Source.model_validate(row)
        except ValidationError as exc:
            problems = "; ".join(
                f"field {'.'.join(str(p) for p in err['loc']) or '?'}: {_describe(err)}" for err in exc.errors()
            )
            raise SourceError(f"{label}: {problems}") from None
        if source.id in seen:
            raise SourceError(f"{label}: field id: duplicate id {source.id!r}")
        seen.add(source.id)
        sources.append(source)
    return sources


def _describe(error: Any) -> str:
    if error["type"] == "missing":
        return "is required"
    if error["type"] == "extra_forbidden":
        return "is not a known field"
    return str(error["msg"]).removeprefix("Value error, ")


def load_sources(path: str | Path) -> list[Source]:
    """Load and validate a sources YAML file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read sources file ({exc.strerror or exc})") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: not UTF-8 text (byte {exc.start}: {exc.reason})") from None
    try:
        rows = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise SourceError(f"{path}: not valid YAML ({exc})") from None
    return parse_sources(rows, str(path))


def select_sources(sources: Sequence[Source], ids: Sequence[str]) -> list[Source]:
    """The sources named by id, in the order given; all of them when no id is given."""
    if not ids:
        return list(sources)
    by_id = {s.id: s for s in sources}
    unknown = [i for i in ids if i not in by_id]
    if unknown:
        raise SourceError(f"unknown source id(s): {', '.join(unknown)}; known: {', '.join(by_id)}")
    return [by_id[i] for i in ids]
