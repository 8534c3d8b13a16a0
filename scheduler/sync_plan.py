"""What to change so the job store matches the sources file: a pure diff of source id -> trigger."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class SyncPlan:
    add: list[str]
    change: list[str]
    remove: list[str]
    keep: list[str]

    def summary(self) -> str:
        return f"{len(self.add)} added, {len(self.change)} changed, {len(self.remove)} removed, {len(self.keep)} kept"


def plan_sync(desired: Mapping[str, str], existing: Mapping[str, str]) -> SyncPlan:
    """Compare triggers by description; a kept job keeps its next run time and its paused state."""
    return SyncPlan(
        add=sorted(set(desired) - set(existing)),
        change=sorted(k for k in set(desired) & set(existing) if desired[k] != existing[k]),
        remove=sorted(set(existing) - set(desired)),
        keep=sorted(k for k in set(desired) & set(existing) if desired[k] == existing[k]),
    )
