"""The admin API's key, its read endpoints, the operators' page and /metrics (in-process app)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from scheduler.control import JobView, publish_jobs
from scheduler.database import now_utc, open_database
from scheduler.history import RunHistory
from scheduler.run_record import CrawlReport, Outcome
from search_api.app import create_app
from search_api.settings import ApiSettings
from tests.conftest import SAMPLE_SOURCES, run_pressroom

KEY = "correct-horse-battery-staple"
AUTH = {"X-Admin-Key": KEY}


@pytest.fixture
def jobstore(tmp_path: Path) -> str:
    """A job store with a healthy source and one whose last three runs failed."""
    url = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    engine = open_database(url)
    history = RunHistory(engine)
    run = history.start_run("good-feed", "schedule", now_utc())
    history.finish_run(run, Outcome.OK, CrawlReport(5, 5, 0, 0), 0, "")
    for _ in range(3):
        run = history.start_run("broken-board", "schedule", now_utc())
        history.finish_run(run, Outcome.FAILED, CrawlReport(4, errors={"http_500": 1}), 0, "http 500")
    publish_jobs(
        engine,
        [
            JobView("good-feed", "every 6h", now_utc(), False, None),
            JobView("broken-board", "every 6h", None, True, None),
        ],
    )
    engine.dispose()
    return url


def client(tmp_path: Path, jobstore: str, key: str | None) -> TestClient:
    settings = ApiSettings(
        store=f"sqlite:///{tmp_path / 'store.sqlite3'}",
        sources=[],
        jobstore=jobstore,
        admin_key=SecretStr(key) if key is not None else None,
    )
    return TestClient(create_app(settings))


@pytest.fixture
def api(tmp_path: Path, jobstore: str) -> Iterator[TestClient]:
    with client(tmp_path, jobstore, KEY) as test_client:
        yield test_client


@pytest.mark.parametrize("key", [None, ""])
def test_without_a_configured_key_the_admin_api_is_off(tmp_path: Path, jobstore: str, key: str | None) -> None:
    with client(tmp_path, jobstore, key) as off:
        answer = off.get("/v1/admin/jobs", headers=AUTH)
    assert answer.status_code == 404 and "PRESSROOM_ADMIN_KEY" in answer.json()["error"]


@pytest.mark.parametrize("headers", [{}, {"X-Admin-Key": "wrong"}, {"X-Admin-Key": KEY + "x"}])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/admin/jobs"),
        ("GET", "/v1/admin/runs"),
        ("GET", "/v1/admin/sources/status"),
        ("POST", "/v1/admin/jobs/good-feed/pause"),
    ],
)
def test_requests_without_the_right_key_are_refused(
    api: TestClient, headers: dict[str, str], method: str, path: str
) -> None:
    answer = api.request(method, path, headers=headers)
    assert answer.status_code == 401
    assert answer.json() == {"error": "missing or wrong X-Admin-Key header"}


def test_the_key_is_never_exposed(api: TestClient) -> None:
    bodies = [
        api.get(path, headers=AUTH).text
        for path in (
            "/v1/admin/jobs",
            "/v1/admin/runs",
            "/v1/admin/sources/status",
            "/openapi.json",
            "/operators",
            "/metrics",
        )
    ]
    bodies.append(api.get("/v1/admin/jobs", headers={"X-Admin-Key": "wrong"}).text)
    assert not any(KEY in body for body in bodies)
    assert KEY not in repr(api.app.state.admin_settings)  # type: ignore[attr-defined]


def test_jobs_runs_and_source_status(api: TestClient) -> None:
    jobs = api.get("/v1/admin/jobs", headers=AUTH).json()
    assert jobs["scheduler"]["running"] is False
    assert {j["source"]: j["paused"] for j in jobs["jobs"]} == {"broken-board": True, "good-feed": False}
    runs = api.get("/v1/admin/runs", params={"source": "broken-board", "failed": "true"}, headers=AUTH).json()
    assert len(runs) == 3 and runs[0]["errors"] == {"http_500": 1}
    status = {s["source"]: s for s in api.get("/v1/admin/sources/status", headers=AUTH).json()}
    # Paused by an operator: shown paused (with what it would be), not flagged failing.
    assert status["broken-board"]["health"] == "paused" and status["broken-board"]["consecutive_failures"] == 3
    assert status["broken-board"]["flags"] == [] and "3 failed runs" in status["broken-board"]["reason"]
    assert status["good-feed"]["health"] == "ok" and status["good-feed"]["last_run"]["new"] == 5


def test_control_without_a_running_scheduler_says_so(api: TestClient) -> None:
    answer = api.post("/v1/admin/jobs/good-feed/run", headers=AUTH)
    assert answer.status_code == 503 and "no scheduler is running" in answer.json()["error"]


def test_the_operators_page_lists_sources_with_health(api: TestClient) -> None:
    page = api.get("/operators")
    assert page.status_code == 200
    assert "broken-board" in page.text and "failing" in page.text and "3 failed runs in a row" in page.text
    assert "paused" in page.text and "No scheduler is running" in page.text


def test_metrics_count_searches_and_crawl_runs(api: TestClient) -> None:
    api.get("/v1/search", params={"q": "seoul"})
    api.get("/v1/search", params={"q": "("})  # a syntax error: 400
    text = api.get("/metrics").text
    assert 'pressroom_search_requests_total{status="200"} 1.0' in text
    assert 'pressroom_search_requests_total{status="400"} 1.0' in text
    assert "pressroom_search_latency_seconds_count 2.0" in text
    assert 'pressroom_crawl_runs_total{outcome="failed"} 3.0' in text
    assert 'pressroom_documents_indexed_total{change="new",source="good-feed"} 5.0' in text
    assert 'pressroom_fetch_errors_total{kind="http_500"} 3.0' in text
    assert "pressroom_documents 0.0" in text


def test_without_any_scheduler_database_pages_still_answer(tmp_path: Path) -> None:
    with client(tmp_path, f"sqlite:///{tmp_path / 'none' / 'jobs.sqlite3'}", KEY) as fresh:
        assert "No scheduler has run" in fresh.get("/operators").text
        assert fresh.get("/metrics").status_code == 200
        assert fresh.get("/v1/admin/runs", headers=AUTH).status_code == 503
    assert not (tmp_path / "none").exists()  # reading never creates the scheduler's database


def test_the_admin_api_with_the_key_matches_its_schema_under_fuzzing(api: TestClient) -> None:
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import response_schema_conformance, status_code_conformance

    schema = schemathesis.openapi.from_asgi("/openapi.json", api.app)
    operations = [r.ok() for r in schema.get_all_operations() if r.ok().path.startswith("/v1/admin")]
    assert len(operations) == 6
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: schemathesis.Case) -> None:
            case.headers = {**(case.headers or {}), "X-Admin-Key": KEY}
            response = case.call()
            # 503 is a documented answer here (no scheduler running), so only a crash counts as a server error.
            assert response.status_code != 500, response.text
            case.validate_response(response, checks=[status_code_conformance, response_schema_conformance])

        call()


@pytest.mark.parametrize("bad", ["ftp://x", "garbage", "postgresql+psycopg://u@127.0.0.1:18999/x", "corrupt"])
def test_a_bad_jobstore_degrades_the_pages_instead_of_failing_them(tmp_path: Path, bad: str) -> None:
    if bad == "corrupt":
        (tmp_path / "jobs.sqlite3").write_bytes(b"\x13\x37 not a database " * 400)
        bad = f"sqlite:///{tmp_path / 'jobs.sqlite3'}"
    with client(tmp_path, bad, KEY) as broken:
        metrics = broken.get("/metrics")
        assert metrics.status_code == 200 and "pressroom_search_requests" in metrics.text
        page = broken.get("/operators")
        assert page.status_code == 200 and "cannot be read" in page.text
        answer = broken.get("/v1/admin/runs", headers=AUTH)
        assert answer.status_code == 503 and "cannot open the scheduler's database" in answer.json()["error"]


@pytest.mark.parametrize("bad", ["ftp://x", "garbage", "sqlite:////proc/nope/j.db", "postgresql://u@127.0.0.1/x"])
def test_a_bad_jobstore_is_one_line_in_every_operator_command(tmp_path: Path, capsys, bad: str) -> None:
    from pressroom.cli import main

    for argv in (["runs"], ["jobs", "list"], ["sources", "status"]):
        assert main([*argv, "--jobstore", bad]) == 1
        err = capsys.readouterr().err.strip()
        assert len(err.splitlines()) == 1 and "cannot open the scheduler's database" in err, err
    # The service sets up logging and signals: run it as the command it is.
    service = run_pressroom("schedule", "--sources", str(SAMPLE_SOURCES), "--jobstore", bad, cwd=tmp_path)
    assert service.returncode == 1
    (line,) = service.stderr.strip().splitlines()
    assert line.startswith("pressroom schedule: cannot open the scheduler's database")
