"""A crawl run as history keeps it, and how a finished crawl process is judged: pure data and functions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    RUNNING = "running"
    OK = "ok"
    FAILED = "failed"
    TIMED_OUT = "timed_out"
    SKIPPED = "skipped"
    STOPPED = "stopped"  # ended by the scheduler itself (shutting down, or a restart after it was killed)


FINISHED_OUTCOMES = (Outcome.OK, Outcome.FAILED, Outcome.TIMED_OUT, Outcome.STOPPED)
# `pressroom crawl --redis` refused to seed: another distributed crawl still crawls the source (a manual one,
# or one a killed scheduler left running). Not the source's fault: the run is skipped (pressroom/seed_job.py).
CRAWL_OVERLAP_EXIT = 3
SUMMARY_COUNTS = ("pages_fetched", "new", "updated", "unchanged", "failed")


@dataclass(frozen=True)
class CrawlReport:
    """What `pressroom crawl --json` printed, as history keeps it (all zero when it printed none)."""

    pages_fetched: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed_documents: int = 0
    errors: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> CrawlReport:
        counts = {key: int(summary.get(key) or 0) for key in SUMMARY_COUNTS}
        errors = {str(k): int(v) for k, v in (summary.get("errors") or {}).items()}
        return cls(
            counts["pages_fetched"],
            counts["new"],
            counts["updated"],
            counts["unchanged"],
            counts["failed"],
            errors,
        )

    @property
    def documents_seen(self) -> int:
        return self.new + self.updated + self.unchanged


@dataclass(frozen=True)
class Run:
    """One row of run history."""

    id: int
    source_id: str
    trigger: str
    scheduled_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    outcome: Outcome
    report: CrawlReport
    exit_code: int | None = None
    log_tail: str = ""

    def to_dict(self) -> dict[str, Any]:
        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "id": self.id,
            "source": self.source_id,
            "trigger": self.trigger,
            "scheduled_at": iso(self.scheduled_at),
            "started_at": iso(self.started_at),
            "finished_at": iso(self.finished_at),
            "outcome": self.outcome.value,
            "pages_fetched": self.report.pages_fetched,
            "new": self.report.new,
            "updated": self.report.updated,
            "unchanged": self.report.unchanged,
            "failed_documents": self.report.failed_documents,
            "errors": dict(self.report.errors),
            "exit_code": self.exit_code,
            "log_tail": self.log_tail,
        }


def parse_crawl_output(stdout: str) -> CrawlReport | None:
    """The summary `pressroom crawl --json` prints on stdout, or None when there is none to read."""
    text = stdout.strip()
    start = text.find("{")
    if start < 0:
        return None
    try:
        data = json.loads(text[start:])
    except json.JSONDecodeError:
        return None
    return CrawlReport.from_summary(data) if isinstance(data, dict) else None


def classify_run(exit_code: int | None, report: CrawlReport | None, timed_out: bool) -> Outcome:
    """ok, failed, timed_out or skipped (refused for overlapping another crawl) for a finished crawl process.

    A crawl that could fetch nothing at all (every request failed: a site down, a board answering 500) exits 1,
    so it is failed like any crawl that exits non-zero. A run that reports errors and saw no document at all
    counts as failed too, though its crawl exits 0 (it read a list page, then every article failed): for a
    source's health, a run that yields nothing but errors is what an operator needs to be told about.
    An unchanged re-crawl (304 or still fresh: `unchanged`) and an empty board with no errors are ok.
    """
    if timed_out:
        return Outcome.TIMED_OUT
    if exit_code == CRAWL_OVERLAP_EXIT:
        return Outcome.SKIPPED
    if exit_code != 0 or report is None:
        return Outcome.FAILED
    if report.errors and report.documents_seen == 0:
        return Outcome.FAILED
    return Outcome.OK


def log_tail(text: str, lines: int = 30, limit: int = 4000) -> str:
    """The last lines of a process's output, capped in size for the history table."""
    tail = "\n".join(text.rstrip().splitlines()[-lines:])
    return tail[-limit:]
