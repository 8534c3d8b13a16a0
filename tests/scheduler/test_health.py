"""Coverage health from run history: quiet and failing flags, computed at fixed times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from scheduler.health import Health, HealthPolicy, consecutive_failures, evaluate_health
from scheduler.run_record import CrawlReport, Outcome, Run

NOW = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
HOUR = timedelta(hours=1)


def run(hours_ago: float, outcome: Outcome, new: int = 0, run_id: int = 0) -> Run:
    finished = NOW - timedelta(hours=hours_ago)
    started = None if outcome is Outcome.SKIPPED else finished - timedelta(minutes=1)
    return Run(run_id, "s", "schedule", None, started, finished, outcome, CrawlReport(new=new))


def test_failing_after_k_failed_runs_in_a_row_skipped_runs_do_not_break_the_row() -> None:
    runs = [
        run(0, Outcome.FAILED),
        run(1, Outcome.SKIPPED),
        run(2, Outcome.TIMED_OUT),
        run(3, Outcome.FAILED),
        run(4, Outcome.OK, new=2),
    ]
    assert consecutive_failures(runs) == 3
    health = evaluate_health(runs, HOUR, NOW, HealthPolicy(failing_after=3))
    assert health.health is Health.FAILING and "3 failed runs in a row" in health.reason
    assert evaluate_health(runs, HOUR, NOW, HealthPolicy(failing_after=4)).health is not Health.FAILING


def test_an_ok_run_ends_a_failing_streak() -> None:
    runs = [run(0, Outcome.OK, new=1), run(1, Outcome.FAILED), run(2, Outcome.FAILED), run(3, Outcome.FAILED)]
    assert evaluate_health(runs, HOUR, NOW, HealthPolicy()).health is Health.OK


def test_quiet_after_the_multiple_of_the_usual_interval_without_a_new_document() -> None:
    runs = [run(0, Outcome.OK), run(1, Outcome.OK), run(2, Outcome.OK), run(3.5, Outcome.OK, new=4)]
    health = evaluate_health(runs, HOUR, NOW, HealthPolicy(quiet_multiple=3))
    assert health.health is Health.QUIET and health.last_new_at == NOW - timedelta(hours=3.5)
    assert evaluate_health(runs, HOUR, NOW, HealthPolicy(quiet_multiple=4)).health is Health.OK


def test_a_source_that_never_produced_anything_is_quiet_counting_from_its_first_run() -> None:
    runs = [run(0, Outcome.OK), run(5, Outcome.OK)]
    assert evaluate_health(runs, HOUR, NOW, HealthPolicy()).flags == (Health.QUIET,)


def test_both_flags_can_hold_and_failing_is_the_headline() -> None:
    runs = [run(h, Outcome.FAILED) for h in range(5)]
    health = evaluate_health(runs, HOUR, NOW, HealthPolicy())
    assert health.flags == (Health.FAILING, Health.QUIET) and health.health is Health.FAILING


def test_no_finished_run_is_unknown_and_no_schedule_means_never_quiet() -> None:
    assert evaluate_health([run(0, Outcome.SKIPPED)], HOUR, NOW, HealthPolicy()).health is Health.UNKNOWN
    assert evaluate_health([run(100, Outcome.OK)], None, NOW, HealthPolicy()).health is Health.OK
