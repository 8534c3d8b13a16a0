"""Coverage health of a source from its run history: pure, so the service, CLI, API and page agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from scheduler.run_record import FINISHED_OUTCOMES, Outcome, Run


class Health(StrEnum):
    OK = "ok"
    QUIET = "quiet"
    FAILING = "failing"
    UNKNOWN = "unknown"  # never run yet: nothing to judge
    PAUSED = "paused"  # paused by an operator: not flagged, not warned about, until resumed


@dataclass(frozen=True)
class HealthPolicy:
    """When to flag: `quiet` after quiet_multiple x the usual interval without a new document,
    `failing` after failing_after failed (or timed out) runs in a row."""

    quiet_multiple: float = 3.0
    failing_after: int = 3

    def __post_init__(self) -> None:
        if self.quiet_multiple <= 0 or self.failing_after < 1:
            raise ValueError("quiet_multiple must be positive and failing_after at least 1")


@dataclass(frozen=True)
class SourceHealth:
    health: Health
    flags: tuple[Health, ...]
    reason: str
    consecutive_failures: int
    last_new_at: datetime | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "health": self.health.value,
            "flags": [f.value for f in self.flags],
            "reason": self.reason,
            "consecutive_failures": self.consecutive_failures,
            "last_new_at": self.last_new_at.isoformat() if self.last_new_at else None,
        }


def consecutive_failures(runs: Sequence[Run]) -> int:
    """Failed or timed-out runs since the last ok one (runs newest first; skipped runs, and runs the scheduler
    stopped itself, do not count)."""
    count = 0
    for run in runs:
        if run.outcome is Outcome.OK:
            break
        if run.outcome in (Outcome.FAILED, Outcome.TIMED_OUT):
            count += 1
    return count


def evaluate_health(
    runs: Sequence[Run], interval: timedelta | None, now: datetime, policy: HealthPolicy
) -> SourceHealth:
    """Flags for one source; `runs` newest first, `interval` the schedule's usual gap (None: unscheduled)."""
    finished = [r for r in runs if r.outcome in FINISHED_OUTCOMES and r.finished_at is not None]
    failures = consecutive_failures(finished)
    last_new = next((r.finished_at for r in finished if r.report.new > 0), None)
    if not finished:
        return SourceHealth(Health.UNKNOWN, (), "no finished run yet", 0, None)
    flags: list[Health] = []
    reasons: list[str] = []
    if failures >= policy.failing_after:
        flags.append(Health.FAILING)
        reasons.append(f"{failures} failed runs in a row")
    # Without any new document ever, quietness counts from the first run we know of.
    quiet_since = last_new or min(r.started_at or r.finished_at for r in finished if r.finished_at)
    if interval is not None and quiet_since is not None:
        limit = interval * policy.quiet_multiple
        if now - quiet_since > limit:
            flags.append(Health.QUIET)
            reasons.append(f"no new document for {_duration(now - quiet_since)} (limit {_duration(limit)})")
    health = flags[0] if flags else Health.OK
    return SourceHealth(health, tuple(flags), "; ".join(reasons) or "ok", failures, last_new)


def _duration(span: timedelta) -> str:
    seconds = int(span.total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size * 2:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def paused(health: SourceHealth) -> SourceHealth:
    """The health of a paused source: no flags (nobody should be warned), the reason kept for the page."""
    reason = f"paused; when resumed: {health.reason}" if health.flags else "paused"
    return SourceHealth(Health.PAUSED, (), reason, health.consecutive_failures, health.last_new_at)
