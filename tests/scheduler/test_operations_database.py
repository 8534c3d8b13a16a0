"""The lease that keeps one scheduler per job store, run history, and the command queue."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, update

from scheduler.control import Action, NoSchedulerRunning, submit_command
from scheduler.database import lease_table, now_utc, open_database
from scheduler.health import Health, HealthPolicy
from scheduler.history import RunHistory
from scheduler.lease import LeaseHeld, SchedulerLease, read_holder
from scheduler.run_record import CrawlReport, Outcome


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = open_database(f"sqlite:///{tmp_path / 'var' / 'jobs.sqlite3'}")
    yield engine
    engine.dispose()


def test_a_second_scheduler_is_refused_while_the_first_is_alive(engine: Engine) -> None:
    first = SchedulerLease(engine)
    first.acquire()
    with pytest.raises(LeaseHeld, match=r"another scheduler is running on this job store \(pid \d+"):
        SchedulerLease(engine).acquire()
    assert first.renew()
    first.release()
    SchedulerLease(engine).acquire()  # released: free again


def test_a_stale_heartbeat_frees_the_lease_and_the_old_holder_learns_it_lost(engine: Engine) -> None:
    first = SchedulerLease(engine, ttl=timedelta(seconds=30))
    first.acquire()
    with engine.begin() as connection:
        connection.execute(update(lease_table).values(heartbeat_at=now_utc() - timedelta(minutes=5)))
    second = SchedulerLease(engine)
    second.acquire()
    assert not first.renew()
    assert second.renew()


def test_a_holder_whose_process_is_gone_does_not_block_a_restart(engine: Engine) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    first = SchedulerLease(engine)
    first.pid = int(dead.stdout)  # as if the scheduler had been killed with SIGKILL a moment ago
    first.acquire()
    holder = read_holder(engine)
    assert holder is not None and not holder.is_live(now_utc())
    SchedulerLease(engine).acquire()


def test_history_records_runs_and_filters_failures(engine: Engine) -> None:
    history = RunHistory(engine)
    ok = history.start_run("a", "schedule", now_utc())
    history.finish_run(ok, Outcome.OK, CrawlReport(10, 3, 1, 2, 0, {"http_404": 1}), 0, "")
    failed = history.start_run("a", "manual", None)
    history.finish_run(failed, Outcome.TIMED_OUT, None, -15, "stopped after the time limit")
    history.record_skipped("b", "schedule", now_utc(), "a run of this source is still going")
    assert [r.outcome for r in history.runs()] == [Outcome.SKIPPED, Outcome.TIMED_OUT, Outcome.OK]
    assert [r.id for r in history.runs(failed_only=True)] == [failed]
    assert history.runs("a")[1].report.errors == {"http_404": 1}
    assert history.outcome_counts() == {"ok": 1, "timed_out": 1, "skipped": 1}
    assert history.error_totals() == {"http_404": 1}
    assert history.totals_by_source()["a"] == {"new": 3, "updated": 1, "pages_fetched": 10}


def test_commands_need_a_running_scheduler(engine: Engine) -> None:
    with pytest.raises(NoSchedulerRunning, match="no scheduler is running"):
        submit_command(engine, "a", Action.PAUSE, wait_seconds=0.1)


def test_runs_the_scheduler_ended_itself_do_not_make_a_source_failing(engine: Engine) -> None:
    from scheduler.orphans import end_orphaned_runs
    from scheduler.status import source_statuses

    history = RunHistory(engine)
    failed = history.start_run("a", "schedule", now_utc())
    history.finish_run(failed, Outcome.FAILED, None, 1, "")
    for _ in range(3):  # a scheduler killed during each of three runs, then restarted
        history.start_run("a", "schedule", now_utc())
        end_orphaned_runs(history)
    assert [r.outcome for r in history.runs("a")] == [Outcome.STOPPED] * 3 + [Outcome.FAILED]
    (status,) = source_statuses(engine, HealthPolicy(failing_after=2))
    assert status.health.consecutive_failures == 1 and status.health.health is not Health.FAILING


def test_a_paused_source_is_shown_paused_and_not_warned_about(engine: Engine, caplog) -> None:
    from scheduler.control import JobView, publish_jobs
    from scheduler.status import source_statuses, warn_about_flags

    history = RunHistory(engine)
    for _ in range(3):
        history.finish_run(history.start_run("a", "schedule", now_utc()), Outcome.FAILED, None, 1, "")
    publish_jobs(engine, [JobView("a", "every 1h", None, True, None)])
    flagged: dict[str, tuple[str, ...]] = {}
    (status,) = source_statuses(engine, HealthPolicy(failing_after=3))
    warn_about_flags([status], flagged)
    assert status.health.health is Health.PAUSED and "3 failed runs in a row" in status.health.reason
    assert not caplog.records
    publish_jobs(engine, [JobView("a", "every 1h", now_utc(), False, None)])  # resumed: warned again
    warn_about_flags(source_statuses(engine, HealthPolicy(failing_after=3)), flagged)
    assert "source a is failing" in caplog.text


def test_run_directories_of_a_killed_scheduler_are_removed_at_start_and_no_others(tmp_path: Path) -> None:
    import os
    import time

    from scheduler.orphans import RUN_DIRECTORY_PREFIX, remove_stale_run_directories

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    old = time.time() - 3600

    def run_directory(owner: int | str, age: float = old) -> Path:
        directory = tmp_path / f"{RUN_DIRECTORY_PREFIX}{owner}-x{len(list(tmp_path.iterdir()))}"
        directory.mkdir()
        (directory / "source.yaml").write_text("sources: []\n")
        os.utime(directory, (age, age))
        return directory

    stale, legacy = run_directory(int(dead.stdout)), run_directory("k2j_3v")
    ours, young = run_directory(os.getpid()), run_directory(int(dead.stdout), time.time())
    used = run_directory(int(dead.stdout))  # a crawl child of the killed scheduler still reads its row
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)", str(used / "source.yaml")])
    try:
        deadline = time.monotonic() + 10  # until the child has exec'd and its command line names the file
        while time.monotonic() < deadline and str(used) not in Path(f"/proc/{child.pid}/cmdline").read_text():
            time.sleep(0.01)
        assert sorted(remove_stale_run_directories(tmp_path)) == sorted([stale, legacy])
    finally:
        child.kill()
        child.wait()
    assert not stale.exists() and not legacy.exists()
    assert ours.exists() and young.exists() and used.exists()
