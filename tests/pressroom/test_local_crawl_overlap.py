"""One local crawl of a source at a time: `pressroom crawl` refuses a source another local crawl holds, and a
crawl that died holds nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pressroom.crawl_claims import claimed_sources
from tests.conftest import REPO_ROOT, run_pressroom
from tests.crawler.test_crawl_overlap import sources_file

# Claims the sources named after the directory, says so, and holds them (as a running crawl does).
HOLD = """
import sys, time
from pathlib import Path
from pressroom.crawl_claims import claimed_sources
with claimed_sources(sys.argv[2:], Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(120)
"""
NO_RETRY = ("-s", "RETRY_ENABLED=False")  # the sources point at a closed port: fail at once


def hold(claims: Path, *source_ids: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(claims), *source_ids], cwd=REPO_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_local_crawl_of_a_source_another_holds_is_refused_until_that_one_dies(tmp_path: Path) -> None:
    claims = tmp_path / "claims"
    env = {"PRESSROOM_CRAWL_CLAIMS": str(claims)}
    crawl = ["crawl", "--sources", str(sources_file(tmp_path, "alpha", "beta")), *NO_RETRY]
    crawl += ["--store", f"sqlite:///{tmp_path / 'store.sqlite3'}"]
    holder = hold(claims, "beta")
    try:
        refused = run_pressroom(*crawl, env=env)
        assert refused.returncode == 3 and refused.stdout == ""
        (line,) = refused.stderr.strip().splitlines()
        assert line.startswith(
            f"pressroom crawl: refused: beta is already being crawled by a local crawl (process {holder.pid}, since "
        )
        assert line.endswith("Wait for it to end; to crawl these sources twice at once, each page fetched by both,"
                             " pass --allow-overlap")  # fmt: skip
        with claimed_sources(["alpha"], claims):  # the refused crawl let go of the source it had claimed
            pass
        allowed = run_pressroom(*crawl, "--allow-overlap", env=env)
        assert allowed.returncode == 1 and "nothing fetched" in allowed.stderr  # it ran: the port is closed
    finally:
        holder.kill()  # SIGKILL: no cleanup of its own; the system releases its lock
        holder.communicate()
    after = run_pressroom(*crawl, env=env)
    assert after.returncode == 1 and "pressroom crawl: refused" not in after.stderr, after.stderr
