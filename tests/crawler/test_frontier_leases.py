"""The frontier's leases on a real Redis: a lease whose reply was lost goes back to the queue."""

from __future__ import annotations

import pytest
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler

from crawler.distributed.connection import RedisDown, RedisGate
from crawler.distributed.frontier import CrawlRecord, Frontier
from crawler.distributed.queue import LEASE_META, PARENT_META
from crawler.distributed.scheduler import FrontierScheduler

pytestmark = [pytest.mark.redis]
CRAWL, SOURCE, WORKER = "20261201T000000-test", "test-press", "worker-1"


class LostReplyOnce:
    """Frontier.lease that runs the lease script once, then reports Redis gone, as a dropped reply does."""

    def __init__(self, frontier: Frontier) -> None:
        self.lease, self.dropped = frontier.lease, 0

    def __call__(self, *args: object) -> object:
        taken = self.lease(*args)  # type: ignore[arg-type]
        if self.dropped == 0 and taken is not None:
            self.dropped += 1
            raise RedisDown("connection lost before the reply")
        return taken


def test_a_request_whose_lease_reply_was_lost_is_served_again(redis_url: str, monkeypatch) -> None:
    frontier = Frontier(RedisGate(redis_url, who="test", report=lambda line: None))
    frontier.register_crawl(CrawlRecord(CRAWL, [{"id": SOURCE}]))
    crawler = get_crawler(Spider, {"REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7"})
    crawler.spider = Spider(name="test")
    scheduler = FrontierScheduler(crawler, frontier, CRAWL, SOURCE, WORKER)
    scheduler.open(crawler.spider)
    for n in range(2):
        assert scheduler.enqueue_request(Request(f"http://127.0.0.1:9/press/{n}"))
    assert scheduler.next_request() is not None  # one taken normally, in flight: it must stay leased
    monkeypatch.setattr(frontier, "lease", LostReplyOnce(frontier))

    assert scheduler.next_request() is None  # the reply was lost: Redis holds that lease for this worker
    # The queue is empty now, yet the crawler must not close as idle before the lost lease is settled.
    assert scheduler.has_pending_requests()
    served = []
    while (request := scheduler.next_request()) is not None:
        served.append(request.url)
    # The lost one comes back, once; the one in flight is not handed out again. Without the repair the lost
    # one stays leased to a live worker and the crawl never finishes.
    assert served == ["http://127.0.0.1:9/press/1"]
    assert frontier.queued(CRAWL, SOURCE) == 0


def test_leases_of_a_cancelled_crawl_are_dropped_not_put_back(redis_url: str) -> None:
    """A worker killed while a crawl is cancelled: its leases must not make the deleted queue again (no crawl
    would serve it, and it would never expire)."""
    frontier = Frontier(RedisGate(redis_url, who="test", report=lambda line: None))
    record = CrawlRecord("20261201T000000-cancel", [{"id": SOURCE}])
    frontier.register_crawl(record)
    for n in range(3):
        assert frontier.push(record.crawl_id, SOURCE, f"request {n}".encode(), fingerprint=str(n))
    taken = [frontier.lease(record.crawl_id, SOURCE, worker) for worker in ("killed", "unsure", "unsure")]
    assert all(taken)
    # While the crawl runs, a lease put back is served again.
    assert frontier.requeue_leases(record.crawl_id, SOURCE, "unsure", keep=[taken[1][1]]) == 1
    assert frontier.queued(record.crawl_id, SOURCE) == 1

    frontier.cancel(record)
    assert frontier.release("killed") == 0
    assert frontier.requeue_leases(record.crawl_id, SOURCE, "unsure", keep=[]) == 0
    client = frontier.gate.client
    assert not client.exists(frontier.keys.queue(record.crawl_id, SOURCE))
    assert client.hlen(taken[0][0]) == client.hlen(taken[1][0]) == 0  # the leases are gone, not kept


def test_only_a_running_crawl_can_finish(redis_url: str) -> None:
    """A cancelled crawl stays cancelled, and a crawl whose record Redis lost is not written back as finished."""
    frontier = Frontier(RedisGate(redis_url, who="test", report=lambda line: None))
    cancelled, lost = CrawlRecord("20261201T000000-ended", [{"id": SOURCE}]), CrawlRecord("20261201T000000-lost", [])
    frontier.register_crawl(cancelled)
    frontier.cancel(cancelled)
    assert not frontier.try_finish(cancelled) and frontier.crawl_state(cancelled.crawl_id) == "cancelled"
    assert not frontier.try_finish(lost) and frontier.crawl_state(lost.crawl_id) is None
    running = CrawlRecord("20261201T000000-done", [{"id": SOURCE}])
    frontier.register_crawl(running)
    assert frontier.try_finish(running) and frontier.crawl_state(running.crawl_id) == "finished"


class PressSpider(Spider):
    name = "press"

    def parse_article(self, response: object) -> None:
        return None

    def on_error(self, failure: object) -> None:
        return None


def scheduler_for(redis_url: str, crawl_id: str, spider: Spider) -> tuple[Frontier, CrawlRecord, FrontierScheduler]:
    """A running crawl of SOURCE in Redis, and this worker's scheduler for it, opened on `spider`."""
    frontier = Frontier(RedisGate(redis_url, who="test", report=lambda line: None))
    record = CrawlRecord(crawl_id, [{"id": SOURCE}])
    frontier.register_crawl(record)
    crawler = get_crawler(type(spider), {"REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7"})
    crawler.spider = spider
    scheduler = FrontierScheduler(crawler, frontier, crawl_id, SOURCE, WORKER)
    scheduler.open(spider)
    return frontier, record, scheduler


def test_requests_come_back_from_redis_with_their_spider_methods(redis_url: str) -> None:
    """Callbacks travel by name and come back bound to the spider; encoding leaves the request as it was; every
    request gets the same bound method object, so Scrapy's per-callback checks stay cached."""
    spider = PressSpider()
    _, _, scheduler = scheduler_for(redis_url, "20261201T000000-methods", spider)
    sent = Request("http://127.0.0.1:9/press/1", callback=spider.parse_article, errback=spider.on_error)
    assert scheduler.enqueue_request(sent)
    assert scheduler.enqueue_request(Request("http://127.0.0.1:9/press/2", callback=spider.parse_article))
    assert (sent.callback, sent.errback) == (spider.parse_article, spider.on_error)  # not left as names

    first, second = scheduler.next_request(), scheduler.next_request()
    assert first is not None and second is not None
    assert first.callback == spider.parse_article and first.errback == spider.on_error
    assert first.callback is second.callback  # one object, not one per request
    assert second.errback is first.errback  # given the spider's on_error, also one object

    # A callback that is no spider method cannot travel by name: refused as Scrapy refuses it.
    with pytest.raises(ValueError, match="not an instance method"):
        scheduler.enqueue_request(Request("http://127.0.0.1:9/press/3", callback=print))


def test_new_requests_reach_redis_in_batches_until_the_crawl_ends(redis_url: str) -> None:
    """A page's new requests reach Redis by the next request asked for, each once however often found; once the
    crawl is cancelled, what waits is dropped and the leases it replaced are acknowledged all the same."""
    frontier, record, scheduler = scheduler_for(redis_url, "20261201T000000-batches", Spider(name="test"))
    # 250 requests, 180 distinct URLs: more than two batches, with repeats across batches.
    for n in range(250):
        assert scheduler.enqueue_request(Request(f"http://127.0.0.1:9/press/{n % 180}"))
    first = scheduler.next_request()
    assert first is not None and scheduler.outbox == []
    assert frontier.queued(record.crawl_id, SOURCE) == 179  # the other is leased: first

    # A retry replaces first's lease, and the page found three more; the crawl is cancelled before they are sent.
    assert scheduler.enqueue_request(first.replace(dont_filter=True))
    for n in range(3):
        assert scheduler.enqueue_request(Request(f"http://127.0.0.1:9/more/{n}"))
    frontier.cancel(record)
    assert scheduler.next_request() is None
    assert scheduler.crawl_gone and scheduler.outbox == []
    lease_key, _ = first.meta[LEASE_META]
    assert frontier.gate.client.hlen(lease_key) == 0  # acknowledged, not left for a reclaim to requeue
    assert not frontier.gate.client.exists(frontier.keys.queue(record.crawl_id, SOURCE))


def test_a_batch_completing_many_pages_is_sent_once(redis_url: str) -> None:
    """40 pages whose only output is one new request each: sending those completes the pages, and every 32
    completions flush the scheduler again, from inside the send. Each request must be queued exactly once."""
    frontier, record, scheduler = scheduler_for(redis_url, "20261201T000000-reentrant", Spider(name="test"))
    for n in range(40):
        assert scheduler.enqueue_request(Request(f"http://127.0.0.1:9/list/{n}"))
    pages = [scheduler.next_request() for _ in range(40)]
    for n, page in enumerate(pages):
        assert page is not None
        lease = page.meta[LEASE_META]
        scheduler.book.add_pending(lease)  # as LeaseTrackingMiddleware counts a yielded request
        scheduler.book.output_done(lease)
        # dont_filter: no fingerprint would hide a second push of the same request.
        assert scheduler.enqueue_request(
            Request(f"http://127.0.0.1:9/press/{n}", dont_filter=True, meta={PARENT_META: lease})
        )

    scheduler.flush()
    assert scheduler.outbox == [] and len(scheduler.book) == 0
    assert frontier.queued(record.crawl_id, SOURCE) == 40
    lease_key, _ = pages[0].meta[LEASE_META]
    assert frontier.gate.client.hlen(lease_key) == 0  # every page acknowledged
