"""`pressroom schedule` as a real process against the sample site: runs, restarts, limits, control."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from pressroom.sample_site.server import SampleSiteServer
from scheduler.run_record import Outcome
from search_api.app import create_app
from search_api.settings import ApiSettings
from tests.scheduler.conftest import (
    ScheduleService,
    assert_never_concurrent,
    board_row,
    sample_row,
    wait_for,
    write_sources,
)

pytestmark = pytest.mark.slow
# Quick flags for the health test: no retry back-off on the 500 board, flags after two runs, checks every second.
HEALTH_FLAGS = (
    "--crawl-setting",
    "RETRY_ENABLED=False",
    "--failing-after",
    "2",
    "--quiet-multiple",
    "1",
    "--coverage-every",
    "1",
)
Service = Callable[..., ScheduleService]


def status_of(service: ScheduleService) -> dict[str, dict]:
    result = service.cli("sources", "status", "--json")
    assert result.returncode == 0, result.stderr
    return {s["source"]: s for s in json.loads(result.stdout)}


def test_scheduled_runs_history_health_bad_row_and_restart(
    sample_site: SampleSiteServer, tmp_path: Path, schedule_service: Service
) -> None:
    sources = write_sources(
        tmp_path / "sources.yaml",
        [
            sample_row(sample_site, "daejeon-en", schedule="every 2s"),
            sample_row(sample_site, "asiae-en", id="bad-row", schedule="every 2 fortnights"),
            board_row(sample_site, "broken-board", "/status/500", "every 2s"),
        ],
    )
    service = schedule_service(sources, *HEALTH_FLAGS)
    # The bad row is refused by name; the other rows still run.
    assert "row 2 (id 'bad-row'): field schedule" in service.log()
    wait_for(
        lambda: len(service.finished("daejeon-en")) >= 2 and len(service.finished("broken-board")) >= 2,
        40,
        "two finished runs of each good row",
    )

    first = service.finished("daejeon-en")[-1]
    assert first.outcome is Outcome.OK and first.report.new > 0 and first.report.pages_fetched > 0
    assert first.scheduled_at is not None and first.started_at and first.finished_at
    broken = service.finished("broken-board")
    assert all(r.outcome is Outcome.FAILED and r.report.errors.get("http_500") for r in broken), [
        (r.outcome, r.report, r.exit_code, r.log_tail[-500:]) for r in broken
    ]
    assert "bad-row" not in {r.source_id for r in service.runs()}
    runs_json = json.loads(service.cli("runs", "--json", "--limit", "100").stdout)
    assert {r["source"] for r in runs_json} == {"daejeon-en", "broken-board"}
    assert json.loads(service.cli("runs", "--failed", "--json").stdout)[0]["outcome"] == "failed"

    # Later runs find nothing new, so with --quiet-multiple 1 the feed turns quiet; the 500s make failing.
    status = wait_for(
        lambda: (s := status_of(service))["daejeon-en"]["health"] == "quiet" and s, 20, "daejeon-en to be flagged quiet"
    )
    assert status["broken-board"]["health"] == "failing" and "failing" in status["broken-board"]["flags"]
    wait_for(lambda: "source broken-board is failing" in service.log(), 10, "a warning in the log")

    # SIGKILL, then restart on the same job store: jobs and history are kept.
    service.kill()
    before = len(service.runs())
    jobs = json.loads(service.cli("jobs", "list", "--json").stdout)
    assert jobs["scheduler"]["running"] is False and {j["source"] for j in jobs["jobs"]} == {
        "daejeon-en",
        "broken-board",
    }
    restarted = schedule_service(sources, *HEALTH_FLAGS)
    assert "0 added, 0 changed, 0 removed, 2 kept" in restarted.log()
    wait_for(lambda: len(restarted.runs()) > before + 1, 20, "runs after the restart")
    assert not [r for r in restarted.runs() if r.outcome is Outcome.RUNNING and r.id <= before]
    assert_never_concurrent(restarted.runs())
    assert restarted.stop() == 0


def test_a_run_over_its_time_limit_is_timed_out_and_overlapping_triggers_skip(
    sample_site: SampleSiteServer, tmp_path: Path, schedule_service: Service
) -> None:
    # /slow answers after 5 s; the limit is 1.5 s and the interval 1 s, so triggers overlap runs.
    sources = write_sources(
        tmp_path / "sources.yaml", [board_row(sample_site, "slow-board", "/slow?seconds=5", "every 1s")]
    )
    service = schedule_service(sources, "--time-limit", "1.5", "--shutdown-grace", "1")
    timed_out = wait_for(lambda: service.finished("slow-board", Outcome.TIMED_OUT), 30, "a timed-out run")
    assert "time limit of 1.5 s" in timed_out[0].log_tail
    refused = service.cli("jobs", "run", "slow-board")
    if refused.returncode:  # a run was going: run-now refuses rather than start a second one
        assert "already going" in refused.stderr
    wait_for(
        lambda: [r for r in service.runs("slow-board") if r.outcome is Outcome.SKIPPED],
        20,
        "a trigger skipped because a run was still going",
    )
    assert_never_concurrent(service.runs())
    assert service.stop() == 0


def test_operators_pause_resume_and_run_now_a_running_service(
    sample_site: SampleSiteServer, tmp_path: Path, schedule_service: Service
) -> None:
    sources = write_sources(tmp_path / "sources.yaml", [sample_row(sample_site, "daejeon-en", schedule="every 1h")])
    service = schedule_service(sources)

    # One scheduler per job store.
    second = service.cli("schedule", "--sources", str(sources), "--store", service.store)
    assert second.returncode == 3 and "another scheduler is running on this job store" in second.stderr

    listed = json.loads(service.cli("jobs", "list", "--json").stdout)
    assert listed["scheduler"]["running"] and listed["jobs"][0]["paused"] is False

    ran = service.cli("jobs", "run", "daejeon-en")
    assert ran.returncode == 0 and "run queued" in ran.stdout
    manual = wait_for(
        lambda: [r for r in service.finished("daejeon-en") if r.trigger == "manual"], 20, "the manual run to finish"
    )
    assert manual[0].outcome is Outcome.OK

    paused = service.cli("jobs", "pause", "daejeon-en")
    assert paused.returncode == 0 and "paused" in paused.stdout
    job = wait_for(lambda: json.loads(service.cli("jobs", "list", "--json").stdout)["jobs"][0], 10, "jobs")
    assert job["paused"] is True and job["next_run_at"] is None
    resumed = service.cli("jobs", "resume", "daejeon-en")
    assert resumed.returncode == 0 and "next run" in resumed.stdout
    assert json.loads(service.cli("jobs", "list", "--json").stdout)["jobs"][0]["paused"] is False
    unknown = service.cli("jobs", "pause", "no-such-source")
    assert unknown.returncode == 1 and "not a scheduled source" in unknown.stderr

    # The admin API drives the same service, with the key only.
    settings = ApiSettings(store=service.store, sources=[], jobstore=service.jobstore, admin_key=SecretStr("k3y"))
    with TestClient(create_app(settings)) as api:
        assert api.post("/v1/admin/jobs/daejeon-en/pause").status_code == 401
        answer = api.post("/v1/admin/jobs/daejeon-en/pause", headers={"X-Admin-Key": "k3y"})
        assert answer.status_code == 200 and answer.json()["message"] == "daejeon-en paused"

    # An edit that cannot be read (not UTF-8) is refused at SIGHUP; the service and its jobs stay.
    good = sources.read_bytes()
    sources.write_bytes(good.replace(b"name_ko: ", b"name_ko: \xb4\xeb", 1))
    service.signal(signal.SIGHUP)
    wait_for(lambda: "reload refused" in service.log(), 10, "the unreadable edit to be refused")
    assert "not UTF-8" in service.log() and service.process and service.process.poll() is None

    # SIGHUP picks up an edited sources file.
    write_sources(
        sources,
        [
            sample_row(sample_site, "daejeon-en", schedule="every 1h"),
            sample_row(sample_site, "asiae-en", schedule="0 6 * * *"),
        ],
    )
    service.signal(signal.SIGHUP)
    jobs = wait_for(
        lambda: len(j := json.loads(service.cli("jobs", "list", "--json").stdout)["jobs"]) == 2 and j,
        10,
        "the new job after SIGHUP",
    )
    assert {j["source"]: j["paused"] for j in jobs} == {"asiae-en": False, "daejeon-en": True}  # pause kept

    assert service.stop() == 0
    stopped = service.cli("jobs", "run", "daejeon-en")
    assert stopped.returncode == 1 and "no scheduler is running" in stopped.stderr


def test_a_clean_stop_records_runs_due_during_the_grace_as_skipped_without_errors(
    sample_site: SampleSiteServer, tmp_path: Path, schedule_service: Service
) -> None:
    sources = write_sources(
        tmp_path / "sources.yaml", [board_row(sample_site, "slow-board", "/slow?seconds=8", "every 1s")]
    )
    service = schedule_service(sources, "--shutdown-grace", "2.5")
    wait_for(lambda: [r for r in service.runs() if r.outcome is Outcome.RUNNING], 20, "a run to start")
    assert service.stop() == 0
    log = service.log()
    assert "Traceback" not in log and "cannot schedule new futures" not in log, log
    runs = service.runs("slow-board")
    assert [r.outcome for r in runs if r.outcome not in (Outcome.SKIPPED,)] == [Outcome.STOPPED]
    assert [r for r in runs if r.outcome is Outcome.SKIPPED and "shutting down" in r.log_tail], [
        (r.outcome, r.log_tail) for r in runs
    ]


def test_the_coverage_check_runs_while_every_crawl_slot_is_busy(
    sample_site: SampleSiteServer, tmp_path: Path, schedule_service: Service
) -> None:
    sources = write_sources(
        tmp_path / "sources.yaml", [board_row(sample_site, "slow-board", "/slow?seconds=6", "every 1s")]
    )
    service = schedule_service(sources, "--max-concurrent", "1", "--coverage-every", "1", "--shutdown-grace", "0")
    wait_for(lambda: [r for r in service.runs() if r.outcome is Outcome.RUNNING], 20, "the only slot to be taken")
    wait_for(lambda: len(service.runs("slow-board")) > 3, 20, "triggers skipped while the run is going")
    assert not [line for line in service.log().splitlines() if "coverage check" in line and "skipped" in line]
    assert service.stop() == 0
