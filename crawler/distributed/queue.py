"""scrapy-redis's priority queue, popping into a lease instead of deleting (so a dead worker loses nothing)."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis import picklecompat
from scrapy_redis.queue import PriorityQueue

from crawler.distributed.frontier import Frontier

LEASE_META = "frontier_lease"
PARENT_META = "frontier_parent"


class LeasedPriorityQueue(PriorityQueue):
    """One (crawl, source) queue: same ZSET layout and request encoding as scrapy-redis's PriorityQueue.

    `pop` moves the request into this worker's lease hash (Frontier.lease) and records the lease in the
    request's meta; `push` drops our meta keys before encoding and acknowledges a lease the request
    replaces (a retry or redirect of a leased request).
    """

    def __init__(self, frontier: Frontier, spider: Any, crawl_id: str, source_id: str, worker_id: str) -> None:
        super().__init__(frontier.gate.client, spider, frontier.keys.queue(crawl_id, source_id), picklecompat)
        self.frontier = frontier
        self.crawl_id = crawl_id
        self.source_id = source_id
        self.worker_id = worker_id

    def __len__(self) -> int:
        return self.frontier.queued(self.crawl_id, self.source_id)

    def encode(self, request: Request) -> bytes:
        meta = request.meta
        kept = {k: meta.pop(k) for k in (LEASE_META, PARENT_META) if k in meta}
        try:
            return self._encode_request(request)
        finally:
            meta.update(kept)

    def push_encoded(self, data: bytes, score: float, fingerprint: str | None, ack: tuple[str, int] | None) -> bool:
        return self.frontier.push(self.crawl_id, self.source_id, data, score=score, fingerprint=fingerprint, ack=ack)

    def pop(self, timeout: int = 0) -> Request | None:
        taken = self.frontier.lease(self.crawl_id, self.source_id, self.worker_id)
        if taken is None:
            return None
        lease_key, lease_id, data = taken
        request = self._decode_request(data)
        request.meta[LEASE_META] = (lease_key, lease_id)
        return request
