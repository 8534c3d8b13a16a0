"""Schedule strings ("every 30m", five-field cron) to APScheduler triggers, and what interval they imply."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from crawler.sources import parse_schedule

SEOUL = ZoneInfo("Asia/Seoul")
# Cron schedules have no single interval; the mean gap over this many upcoming fires stands for it.
CRON_SAMPLE_FIRES = 16


class ScheduleError(ValueError):
    """A schedule string that no trigger can be built from."""


def build_trigger(schedule: str, timezone: tzinfo = SEOUL, start: datetime | None = None) -> BaseTrigger:
    """An IntervalTrigger for "every N[s|m|h|d]", a CronTrigger for five cron fields (in `timezone`).

    `start` anchors an interval (default: one interval from now); tests pass a fixed one.
    """
    try:
        kind, value = parse_schedule(schedule)
    except ValueError as exc:
        raise ScheduleError(str(exc)) from None
    if kind == "interval":
        return IntervalTrigger(seconds=value, timezone=timezone, start_date=start)
    minute, hour, day, month, day_of_week = value
    try:
        # crawler.sources only checks the characters; CronTrigger checks ranges and names ("61", "mon-xyz").
        return CronTrigger(
            minute=minute,
            hour=hour,
            day=day,
            month=month,
            day_of_week=day_of_week,
            timezone=timezone,
            start_date=start,
        )
    except ValueError as exc:
        raise ScheduleError(f"{schedule!r}: {exc}") from None


def next_fire_times(trigger: BaseTrigger, after: datetime, count: int) -> list[datetime]:
    """The next `count` fire times strictly after `after`, computed without running anything."""
    times: list[datetime] = []
    previous: datetime | None = None
    now = after + timedelta(microseconds=1)
    for _ in range(count):
        fire = trigger.get_next_fire_time(previous, now)
        if fire is None:
            break
        times.append(fire)
        previous, now = fire, fire + timedelta(microseconds=1)
    return times


def usual_interval(schedule: str, reference: datetime) -> timedelta:
    """How often a schedule fires: the interval itself, or a cron's mean gap after `reference`."""
    trigger = build_trigger(schedule, reference.tzinfo or SEOUL, start=reference)
    if isinstance(trigger, IntervalTrigger):
        return trigger.interval
    fires = next_fire_times(trigger, reference, CRON_SAMPLE_FIRES)
    if len(fires) < 2:
        return timedelta(days=365)
    return (fires[-1] - fires[0]) / (len(fires) - 1)
