"""Schedule strings to triggers: next fire times computed from fixed datetimes, never by waiting."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from scheduler.triggers import SEOUL, ScheduleError, build_trigger, next_fire_times, usual_interval

START = datetime(2024, 3, 1, 9, 0, tzinfo=SEOUL)  # a Friday


def test_an_interval_fires_every_interval_from_its_start() -> None:
    trigger = build_trigger("every 2s", start=START)
    assert isinstance(trigger, IntervalTrigger)
    fires = next_fire_times(trigger, START, 3)
    assert fires == [START + timedelta(seconds=s) for s in (2, 4, 6)]


@pytest.mark.parametrize(("schedule", "seconds"), [("every 30m", 1800), ("every 6h", 21600), ("every 1d", 86400)])
def test_interval_units(schedule: str, seconds: int) -> None:
    fires = next_fire_times(build_trigger(schedule, start=START), START, 2)
    assert (fires[1] - fires[0]).total_seconds() == seconds


def test_a_cron_expression_fires_in_korea_time() -> None:
    trigger = build_trigger("30 */3 * * *")
    assert isinstance(trigger, CronTrigger)
    fires = next_fire_times(trigger, START, 3)
    assert [f.strftime("%H:%M") for f in fires] == ["09:30", "12:30", "15:30"]
    assert all(f.utcoffset() == timedelta(hours=9) for f in fires)


def test_a_weekday_cron_skips_the_weekend() -> None:
    fires = next_fire_times(build_trigger("0 9 * * mon-fri"), START, 2)  # Friday 09:00 itself excluded
    assert [f.strftime("%a %H:%M") for f in fires] == ["Mon 09:00", "Tue 09:00"]


@pytest.mark.parametrize(
    "schedule", ["every 2 fortnights", "every 0s", "0 9 * *", "61 * * * *", "0 25 * * *", "* * * * xyz"]
)
def test_a_schedule_no_trigger_can_come_from_is_refused(schedule: str) -> None:
    with pytest.raises(ScheduleError):
        build_trigger(schedule)


def test_usual_interval_of_an_interval_and_of_a_cron() -> None:
    assert usual_interval("every 6h", START) == timedelta(hours=6)
    assert usual_interval("30 */3 * * *", START) == timedelta(hours=3)
    # Weekdays only: five fires a week, so the mean gap is longer than a day.
    assert timedelta(days=1) < usual_interval("0 9 * * mon-fri", START) < timedelta(days=2)
