"""scrapy-redis's Scheduler bound to one (crawl, source) queue of the shared frontier, with leases."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis import picklecompat
from scrapy_redis.scheduler import Scheduler

from crawler.distributed.connection import RedisDown, shared_gate
from crawler.distributed.dupefilter import FrontierDupeFilter
from crawler.distributed.frontier import Frontier, Push
from crawler.distributed.keys import FrontierKeys
from crawler.distributed.leases import Lease, LeaseBook
from crawler.distributed.queue import LEASE_META, PARENT_META, LeasedPriorityQueue

logger = logging.getLogger(__name__)


# New requests sent to Redis in one round trip at most. A sitemap or a listing page yields hundreds; one
# round trip each cost a worker ~0.16 ms of waiting (0.1 ms of CPU) a request, blocking its reactor, against
# ~0.02 ms in batches of 100 (5,000 pushes: 0.79 s against 0.09 s).
PUSH_BATCH = 100


@dataclass
class Outgoing:
    """A request on its way into Redis (kept in memory until sent, and while Redis is unreachable)."""

    push: Push  # what is sent: the encoded request, its score and fingerprint, the lease it replaces
    parent: Lease | None  # the lease of the page that found it, which completes once it is in Redis


def frontier_for(settings: Any) -> Frontier:
    url = settings.get("PRESSROOM_REDIS_URL")
    if not url:
        raise ValueError("PRESSROOM_REDIS_URL is required by the distributed scheduler")
    return Frontier(shared_gate(url), FrontierKeys(settings.get("PRESSROOM_REDIS_PREFIX", "pressroom")))


def prefetch_limit(settings: Any) -> int:
    """Requests a crawler may hold in its downloader: its per-site concurrency and PRESSROOM_FRONTIER_PREFETCH
    more (1: the next one is ready when a download ends), at most CONCURRENT_REQUESTS (0: no limit)."""
    per_site = settings.getint("CONCURRENT_REQUESTS_PER_IP") or settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
    limit = max(1, per_site) + max(0, settings.getint("PRESSROOM_FRONTIER_PREFETCH", 1))
    total = settings.getint("CONCURRENT_REQUESTS")
    return min(limit, total) if total > 0 else limit


class FrontierScheduler(Scheduler):
    """Pops requests into leases, queues new ones atomically with their fingerprint, survives outages.

    Differences from scrapy-redis 0.9.1's Scheduler: it is built from the crawl/source/worker named in the
    crawler's settings (PRESSROOM_CRAWL_ID, PRESSROOM_SOURCE_ID, PRESSROOM_WORKER_ID); it never pings at
    construction; while Redis is unreachable it keeps new requests and acknowledgements in memory
    (the leases they complete stay open, so nothing is lost if this worker dies meanwhile); it takes from
    Redis only what the crawler can start soon (`prefetch`), not CONCURRENT_REQUESTS of one site.
    """

    def __init__(self, crawler: Crawler, frontier: Frontier, crawl_id: str, source_id: str, worker_id: str) -> None:
        key = frontier.keys.seen(crawl_id)
        super().__init__(
            server=frontier.gate.client,
            persist=True,
            queue_key=frontier.keys.queue(crawl_id, source_id),
            dupefilter=FrontierDupeFilter(frontier.gate.client, key, crawler),
            dupefilter_key=key,
            serializer=picklecompat,
        )
        self.crawler = crawler
        self.frontier = frontier
        self.crawl_id, self.source_id, self.worker_id = crawl_id, source_id, worker_id
        self.stats = crawler.stats
        self.book = LeaseBook(self._ack)
        self.outbox: list[Outgoing] = []
        self.acks: list[Lease] = []
        self.lease_unsure = False  # a lease script may have run without its reply reaching us
        self.prefetch = prefetch_limit(crawler.settings)
        self.crawl_gone = False  # Redis no longer has the crawl's record: nothing more is sent for it

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        return cls(
            crawler,
            frontier_for(settings),
            settings["PRESSROOM_CRAWL_ID"],
            settings["PRESSROOM_SOURCE_ID"],
            settings["PRESSROOM_WORKER_ID"],
        )

    def open(self, spider: Any) -> None:
        self.spider = spider
        self.queue = LeasedPriorityQueue(self.frontier, spider, self.crawl_id, self.source_id, self.worker_id)
        spider.lease_book = self.book
        spider.frontier_scheduler = self
        # The queue's bound method for every request (LeasedPriorityQueue._decode_request), not one per request.
        self.default_errback = self.queue.kept_method(getattr(spider, "on_error", None))

    def close(self, reason: str) -> None:
        self.flush()

    def enqueue_request(self, request: Request) -> bool:
        replaces = request.meta.pop(LEASE_META, None)
        parent = request.meta.pop(PARENT_META, None)
        if replaces is not None:
            self.book.superseded(replaces)
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        self.outbox.append(Outgoing(Push(self.queue.encode(request), -request.priority, fingerprint, replaces), parent))
        # What one callback yields goes in batches: the engine asks next_request (which flushes) soon after.
        if len(self.outbox) >= PUSH_BATCH:
            self.flush()
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        self.flush()
        if not self.frontier.gate.available() or not self._room_in_downloader():
            return None
        if self.lease_unsure and not self._requeue_unknown_leases():
            return None
        try:
            request = self.queue.pop()
        except RedisDown:
            # Redis may have run the lease script and lost only its reply: that lease would stay ours,
            # renewed by our heartbeat, and the crawl would never finish. Settled once Redis answers.
            self.lease_unsure = True
            return None
        if request is None:
            return None
        self.book.opened(request.meta[LEASE_META])
        if request.errback is None and self.default_errback is not None:
            # Requests without an errback (sitemaps) would end a failed download without telling us.
            request.errback = self.default_errback
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _room_in_downloader(self) -> bool:
        """Whether the crawler's downloader holds fewer requests than `prefetch` (sending or waiting to).

        A request taken from Redis is leased to this worker: one waiting behind its site's politeness here
        is one no idle worker can take, one a cancel or SIGTERM waits for, one stalled if this worker dies.
        The engine asks again as each download ends.
        """
        try:
            engine = self.crawler.engine
        except RuntimeError:  # Scrapy 2.19: not set yet (a scheduler driven without an engine)
            return True
        return engine is None or len(engine.downloader.active) < self.prefetch

    def has_pending_requests(self) -> bool:
        if self.crawl_gone:
            return False
        # lease_unsure: a request may sit in a lease we do not know of; the next next_request settles it.
        if self.outbox or self.acks or self.lease_unsure or not self.frontier.gate.available():
            return True
        try:
            return len(self.queue) > 0
        except RedisDown:
            return True

    def flush(self) -> None:
        """Send what waits in memory (new requests, acknowledgements) while Redis answers.

        Once Redis has lost the crawl's record (CrawlGone), what waits is dropped and nothing more is sent:
        sending it would recreate the crawl's queue and fingerprints with no crawl to serve them.
        """
        if self.crawl_gone:
            self.outbox, self.acks, self.lease_unsure = [], [], False
            return
        while self.outbox:
            batch = self.outbox[:PUSH_BATCH]
            try:
                outcomes = self.queue.push_many([item.push for item in batch])
            except RedisDown:
                return
            # Up to the first CrawlGone or CrawlEnded, after which nothing more is sent.
            sent = next((n for n, outcome in enumerate(outcomes) if isinstance(outcome, Exception)), len(batch))
            # Out of the outbox before their parents complete: a completed parent is acknowledged, and 32
            # acknowledgements flush again, from here; that flush must not send this batch a second time.
            del self.outbox[:sent]
            for item in batch[:sent]:
                if item.parent is not None:
                    self.book.done_pending(item.parent)
            if sent < len(batch):
                self.forget_crawl()
                return
        if self.acks:
            try:
                self.frontier.ack(self.acks)
            except RedisDown:
                return
            self.acks = []

    def forget_crawl(self) -> None:
        """The crawl is gone from Redis: drop the requests and acknowledgements waiting for it."""
        if not self.crawl_gone:
            logger.debug("crawl %s gone: %d requests not sent", self.crawl_id, len(self.outbox))
        self.crawl_gone = True
        self.outbox, self.acks, self.lease_unsure = [], [], False

    def _requeue_unknown_leases(self) -> bool:
        """Return to the queue this worker's leases that the crawler does not hold; False if not done yet.

        Only with nothing left to send: a lease in the outbox (replaced by a retry) or among unsent
        acknowledgements is still in Redis but not in the book, and must not be fetched again.
        """
        if self.outbox or self.acks:
            return False
        try:
            moved = self.frontier.requeue_leases(self.crawl_id, self.source_id, self.worker_id, self.book.lease_ids())
        except RedisDown:
            return False
        if moved:
            logger.warning("%d leased requests whose lease reply Redis lost went back to the queue", moved)
        self.lease_unsure = False
        return True

    def _ack(self, lease: Lease) -> None:
        self.acks.append(lease)
        if len(self.acks) >= 32:
            self.flush()
