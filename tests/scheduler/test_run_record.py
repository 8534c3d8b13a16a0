"""How a finished crawl process is judged and what history keeps of it."""

from __future__ import annotations

import json

import pytest

from scheduler.run_record import CrawlReport, Outcome, classify_run, log_tail, parse_crawl_output

SUMMARY = {
    "pages_fetched": 10,
    "new": 8,
    "updated": 1,
    "unchanged": 0,
    "failed": 0,
    "spooled": 0,
    "robots_forbidden": 0,
    "errors": {"http_404": 1},
}


def test_the_crawl_json_is_read_from_stdout() -> None:
    report = parse_crawl_output("progress noise\n" + json.dumps(SUMMARY, indent=2))
    assert report == CrawlReport(10, 8, 1, 0, 0, {"http_404": 1})
    assert parse_crawl_output("Traceback ...") is None


@pytest.mark.parametrize(
    ("exit_code", "report", "timed_out", "outcome"),
    [
        (None, None, True, Outcome.TIMED_OUT),
        (1, CrawlReport(new=3), False, Outcome.FAILED),
        (0, None, False, Outcome.FAILED),
        (0, CrawlReport(pages_fetched=4, errors={"http_500": 1}), False, Outcome.FAILED),  # every request failed
        (0, CrawlReport(pages_fetched=9, unchanged=5, errors={"http_404": 1}), False, Outcome.OK),
        (0, CrawlReport(pages_fetched=1), False, Outcome.OK),  # an empty board is not a failure
        (0, CrawlReport(pages_fetched=2, unchanged=8, errors={"http_500": 1}), False, Outcome.OK),  # a re-crawl
        (1, CrawlReport(errors={"connection_refused": 2}), False, Outcome.FAILED),  # nothing fetched: exit 1
        (3, None, False, Outcome.SKIPPED),  # refused: another distributed crawl still crawls the source
    ],
)
def test_classify_run(exit_code: int | None, report: CrawlReport | None, timed_out: bool, outcome: Outcome) -> None:
    assert classify_run(exit_code, report, timed_out) is outcome


def test_the_log_tail_keeps_the_last_lines_within_a_size() -> None:
    text = "\n".join(f"line {i}" for i in range(100))
    assert log_tail(text, lines=3) == "line 97\nline 98\nline 99"
    assert len(log_tail("x" * 10_000)) == 4000
