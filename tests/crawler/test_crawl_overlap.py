"""One distributed crawl of a source at a time: `crawl --redis` refuses to seed a source another crawl still
crawls, unless --allow-overlap; finished, cancelled and lost crawls and dead seedings block nothing, and a dead
seeding is abandoned (its queues dropped) without its seeder being able to bring it back."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
import redis

from crawler.distributed.connection import RedisGate
from crawler.distributed.frontier import CrawlEnded, CrawlRecord, Frontier, new_crawl_id
from crawler.distributed.overlap import Overlap, begin_seeding, renew_seeding
from tests.conftest import run_pressroom
from tests.crawler.test_distributed import crawls, finish, start_worker

pytestmark = [pytest.mark.redis, pytest.mark.slow]
CLOSED = "http://127.0.0.1:9"  # nothing listens there: seeded requests that no worker fetches, or that fail at once


def sources_file(directory: Path, *source_ids: str) -> Path:
    rows = [
        {
            "id": source_id,
            "name_ko": source_id,
            "name_en": source_id,
            "kind": "board",
            "start_urls": [f"{CLOSED}/{source_id}/"],
            "article_url": r"/never/\d+",
        }
        for source_id in source_ids
    ]
    path = directory / f"{'-'.join(source_ids)}.yaml"
    path.write_text(json.dumps({"sources": rows}), encoding="utf-8")  # JSON is YAML
    return path


def seed(redis_url: str, directory: Path, *source_ids: str, extra: tuple[str, ...] = ()):
    sources = sources_file(directory, *source_ids)
    return run_pressroom("crawl", "--sources", str(sources), "--redis", redis_url, "--json", *extra)


def seeded_id(result) -> str:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["crawl_id"]


def listed(redis_url: str) -> dict[str, str]:
    return {row["crawl_id"]: row["state"] for row in json.loads(crawls(redis_url, "--json").stdout)["crawls"]}


def test_a_second_crawl_of_a_running_source_is_refused_unless_overlap_is_allowed(redis_url, tmp_path):
    first = seeded_id(seed(redis_url, tmp_path, "alpha", "beta"))
    refused = seed(redis_url, tmp_path, "beta", "gamma")
    assert refused.returncode == 3 and refused.stdout == ""
    (line,) = refused.stderr.strip().splitlines()
    assert line == (
        f"pressroom crawl: refused: beta is already being crawled by crawl {first} (running, 1 request queued or"
        f" in flight). Wait for it to end (pressroom crawls) or cancel it (pressroom crawls cancel {first}); to"
        " crawl these sources twice at once, each page fetched by both, pass --allow-overlap"
    )
    assert listed(redis_url) == {first: "running"}  # nothing of the refused crawl was written
    assert seeded_id(seed(redis_url, tmp_path, "gamma"))  # a source nobody crawls

    allowed = seed(redis_url, tmp_path, "beta", extra=("--allow-overlap",))
    second = seeded_id(allowed)
    assert f"overlap allowed: beta is already being crawled by crawl {first}" in allowed.stderr
    # Now two crawls hold beta: both are named, and both can be cancelled.
    both = seed(redis_url, tmp_path, "beta")
    assert both.returncode == 3
    assert f"pressroom crawls cancel {first}; pressroom crawls cancel {second}" in both.stderr

    assert crawls(redis_url, "cancel", first).returncode == 0
    assert crawls(redis_url, "cancel", second).returncode == 0
    assert seeded_id(seed(redis_url, tmp_path, "alpha", "beta"))  # cancelled crawls block nothing


def test_a_finished_crawl_blocks_nothing(redis_url, tmp_path):
    sources = sources_file(tmp_path, "alpha")
    first = seeded_id(
        run_pressroom("crawl", "--sources", str(sources), "--redis", redis_url, "--json", "-s", "RETRY_ENABLED=False")
    )
    finish([start_worker(redis_url, f"sqlite:///{tmp_path / 'store.sqlite3'}")])  # every request refused: quick
    assert listed(redis_url) == {first: "finished"}
    assert seeded_id(seed(redis_url, tmp_path, "alpha"))


def test_an_ended_crawls_keys_expire_after_its_retention(redis_url, tmp_path):
    """Finished and cancelled crawls leave their record, stats and fingerprints for PRESSROOM_CRAWL_RETENTION
    seconds, then Redis drops them; a running crawl's keys never expire."""
    sources = sources_file(tmp_path, "alpha")
    finished = seeded_id(
        run_pressroom(
            "crawl", "--sources", str(sources), "--redis", redis_url, "--json",
            "-s", "RETRY_ENABLED=False", "-s", "PRESSROOM_CRAWL_RETENTION=3600",
        )
    )  # fmt: skip
    cancelled = seeded_id(seed(redis_url, tmp_path, "beta"))
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.ttl(f"pressroom:crawl:{cancelled}") == -1  # no expiry while it runs
        assert crawls(redis_url, "cancel", cancelled).returncode == 0
        for key in (f"pressroom:crawl:{cancelled}", f"pressroom:crawl:{cancelled}:seen"):
            assert 7 * 24 * 3600 - 10 <= client.ttl(key) <= 7 * 24 * 3600  # the default: a week

        finish([start_worker(redis_url, f"sqlite:///{tmp_path / 'store.sqlite3'}")])
        assert listed(redis_url)[finished] == "finished"
        ended_keys = [f"pressroom:crawl:{finished}", f"pressroom:crawl:{finished}:seen"]
        ended_keys += [f"pressroom:crawl:{finished}:stats", f"pressroom:crawl:{finished}:stats-applied"]
        ended_keys += [f"pressroom:crawl:{finished}:served"]
        assert all(3590 <= client.ttl(key) <= 3600 for key in ended_keys), [client.ttl(key) for key in ended_keys]
    finally:
        client.close()


@pytest.mark.parametrize("value", ["soon", "0", "-5", "nan"])
def test_a_retention_that_is_no_number_of_seconds_is_refused_before_seeding(redis_url, tmp_path, value):
    refused = seed(redis_url, tmp_path, "alpha", extra=("-s", f"PRESSROOM_CRAWL_RETENTION={value}"))
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert f"PRESSROOM_CRAWL_RETENTION={value!r}" in refused.stderr
    assert listed(redis_url) == {}


def test_a_running_crawl_blocks_only_the_sources_it_still_has_work_for(redis_url, tmp_path):
    crawl_id = seeded_id(seed(redis_url, tmp_path, "alpha", "beta"))
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(f"pressroom:crawl:{crawl_id}:alpha:requests")  # alpha's part is done: nothing queued or leased
    finally:
        client.close()
    assert seeded_id(seed(redis_url, tmp_path, "alpha"))
    refused = seed(redis_url, tmp_path, "alpha", "beta")
    assert refused.returncode == 3 and f"beta is already being crawled by crawl {crawl_id}" in refused.stderr


def test_a_lost_crawl_blocks_nothing(redis_url, tmp_path):
    crawl_id = seeded_id(seed(redis_url, tmp_path, "alpha"))
    client = redis.Redis.from_url(redis_url)
    try:
        client.delete(f"pressroom:crawl:{crawl_id}")  # its record vanished (Redis lost it): workers drop it
    finally:
        client.close()
    assert seeded_id(seed(redis_url, tmp_path, "alpha"))


def frontier(redis_url: str) -> Frontier:
    return Frontier(RedisGate(redis_url, report=lambda line: None))


def record_of(*source_ids: str) -> CrawlRecord:
    return CrawlRecord(new_crawl_id(), [{"id": source_id} for source_id in source_ids], created=time.time())


def half_seeded(redis_url: str, *source_ids: str) -> CrawlRecord:
    """A seeding cut short: its record and claim written, one start request of each source queued."""
    record = record_of(*source_ids)
    seeder = frontier(redis_url)
    assert begin_seeding(seeder, record) == []
    for source_id in source_ids:
        assert seeder.push(record.crawl_id, source_id, b"start request", fingerprint=f"{source_id}-start")
    return record


def lapse_claim(redis_url: str, crawl_id: str) -> None:
    """As if its seeder had not renewed its claim for SEEDING_TTL seconds."""
    client = redis.Redis.from_url(redis_url)
    try:
        client.zadd("pressroom:seeding", {crawl_id: 0})
    finally:
        client.close()


def test_a_seeding_blocks_while_its_seeder_lives_and_is_abandoned_after(redis_url, tmp_path):
    seeding = half_seeded(redis_url, "alpha")
    refused = seed(redis_url, tmp_path, "alpha")
    assert refused.returncode == 3
    assert f"alpha is already being crawled by crawl {seeding.crawl_id} (seeding)" in refused.stderr
    assert f"or cancel it (pressroom crawls cancel {seeding.crawl_id})" in refused.stderr
    row = next(row for row in json.loads(crawls(redis_url, "--json").stdout)["crawls"])
    assert (row["state"], row["queued"], row["warning"]) == ("seeding", 1, None)  # its seeder is at work

    lapse_claim(redis_url, seeding.crawl_id)  # the seeder died
    (row,) = json.loads(crawls(redis_url, "--json").stdout)["crawls"]
    assert row["state"] == "seeding" and "stopped renewing its claim" in row["warning"]
    assert f"pressroom crawls cancel {seeding.crawl_id}" in row["warning"]

    second = seeded_id(seed(redis_url, tmp_path, "alpha"))  # the next seeding abandons it
    assert listed(redis_url) == {seeding.crawl_id: "abandoned", second: "running"}
    client = redis.Redis.from_url(redis_url)
    try:
        assert not client.exists(f"pressroom:crawl:{seeding.crawl_id}:alpha:requests")  # its queue dropped
        for key in (f"pressroom:crawl:{seeding.crawl_id}", f"pressroom:crawl:{seeding.crawl_id}:seen"):
            assert 7 * 24 * 3600 - 10 <= client.ttl(key) <= 7 * 24 * 3600  # kept a week, as a cancelled crawl's
    finally:
        client.close()


def test_an_abandoned_seedings_seeder_can_neither_queue_nor_register_it(redis_url, tmp_path):
    """A seeder thought dead (stalled past its claim) comes back after another seeding abandoned its crawl."""
    stalled = half_seeded(redis_url, "alpha", "beta")
    lapse_claim(redis_url, stalled.crawl_id)
    seeded_id(seed(redis_url, tmp_path, "gamma"))  # any seeding abandons lapsed ones
    seeder = frontier(redis_url)
    with pytest.raises(CrawlEnded) as ended:
        renew_seeding(seeder, stalled.crawl_id)
    assert ended.value.state == "abandoned"
    with pytest.raises(CrawlEnded):
        seeder.push(stalled.crawl_id, "beta", b"another start request", fingerprint="beta-other")
    with pytest.raises(CrawlEnded):
        seeder.register_crawl(stalled)
    assert listed(redis_url)[stalled.crawl_id] == "abandoned"
    client = redis.Redis.from_url(redis_url)
    try:
        assert client.keys(f"pressroom:crawl:{stalled.crawl_id}:*:requests") == []  # no queue made again
        assert stalled.crawl_id.encode() not in client.smembers("pressroom:crawls")  # no worker will serve it
    finally:
        client.close()
    assert seeded_id(seed(redis_url, tmp_path, "alpha", "beta"))  # its sources are free


def test_a_seeder_whose_claim_lapsed_unnoticed_takes_it_again_and_registers(redis_url, tmp_path):
    """Redis unreachable past the claim, and no seeding meanwhile: the seeding goes on, nothing lost."""
    stalled = half_seeded(redis_url, "alpha")
    lapse_claim(redis_url, stalled.crawl_id)
    seeder = frontier(redis_url)
    renew_seeding(seeder, stalled.crawl_id)
    assert seeder.seeding_claim(stalled.crawl_id) > 50  # SEEDING_TTL (60 s) from now
    assert seed(redis_url, tmp_path, "alpha").returncode == 3  # it blocks its sources again
    seeder.register_crawl(stalled)
    seeder.register_crawl(stalled)  # a retry after a lost reply changes nothing
    assert listed(redis_url) == {stalled.crawl_id: "running"}


def test_a_crawl_being_seeded_can_be_cancelled(redis_url, tmp_path):
    seeding = half_seeded(redis_url, "alpha")
    cancelled = crawls(redis_url, "cancel", seeding.crawl_id)
    assert cancelled.returncode == 0, cancelled.stderr
    assert cancelled.stdout.strip() == (
        f"crawl {seeding.crawl_id} cancelled while being seeded: its queued requests dropped; it will not run"
    )
    with pytest.raises(CrawlEnded) as ended:
        frontier(redis_url).register_crawl(seeding)
    assert ended.value.state == "cancelled"
    assert listed(redis_url) == {seeding.crawl_id: "cancelled"}
    assert seeded_id(seed(redis_url, tmp_path, "alpha"))  # its claim went with it


def seed_at_once(redis_url: str, records: list[CrawlRecord]) -> list[list[Overlap]]:
    """begin_seeding of each record, from threads of their own let go at the same moment."""
    results: list[list[Overlap]] = [[] for _ in records]
    start = threading.Barrier(len(records))

    def seed_one(n: int) -> None:
        seeder = frontier(redis_url)
        start.wait()
        results[n] = begin_seeding(seeder, records[n])
        seeder.gate.client.close()

    threads = [threading.Thread(target=seed_one, args=(n,)) for n in range(len(records))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_of_two_seeders_racing_for_a_source_exactly_one_wins(redis_url):
    for round_number in range(30):
        source = f"source-{round_number}"
        results = seed_at_once(redis_url, [record_of(source), record_of(source)])
        assert sorted(len(result) for result in results) == [0, 1], (round_number, results)
