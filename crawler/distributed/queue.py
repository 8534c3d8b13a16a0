"""scrapy-redis's priority queue, popping into a lease instead of deleting (so a dead worker loses nothing)."""

from __future__ import annotations

import inspect
from typing import Any

from scrapy import Request
from scrapy_redis import picklecompat
from scrapy_redis.queue import PriorityQueue

from crawler.distributed.frontier import CrawlGone, Frontier, Push

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
        self._method_names: dict[Any, str] = {}  # a spider method's function -> its name on the spider
        self._bound: dict[Any, Any] = {}  # one bound method object per spider method seen in a decoded request

    def __len__(self) -> int:
        return self.frontier.queued(self.crawl_id, self.source_id)

    def encode(self, request: Request) -> bytes:
        meta = request.meta
        kept = {k: meta.pop(k) for k in (LEASE_META, PARENT_META) if k in meta}
        callback, errback = request.callback, request.errback
        # Request.to_dict names a spider-method callback by listing the spider's members (inspect.getmembers,
        # every property and method, for the callback and again for the errback): 3% of a worker's CPU. It
        # keeps a name it is given, so the names are looked up once per method and handed over.
        request.callback, request.errback = self._method_name(callback), self._method_name(errback)
        try:
            return self._encode_request(request)
        finally:
            meta.update(kept)
            request.callback, request.errback = callback, errback

    def _method_name(self, function: Any) -> Any:
        """The spider attribute naming `function` if it is a method of the spider; else `function` itself."""
        inner = getattr(function, "__func__", None)
        if inner is None or getattr(function, "__self__", None) is not self.spider:
            return function  # to_dict names it, or says it cannot
        name = self._method_names.get(inner)
        if name is None:
            for member, value in inspect.getmembers(self.spider, inspect.ismethod):
                if value.__func__ is inner:
                    name = self._method_names[inner] = member
                    break
            else:
                return function
        return name

    def _decode_request(self, encoded_request: bytes) -> Request:
        request = super()._decode_request(encoded_request)
        # Decoding makes a new bound method (getattr) for each request. Scrapy caches per callback object, weakly,
        # whether it is a generator returning a value; a fresh object each time missed that cache and re-read
        # and parsed the callback's source (inspect.getsource) for every page, 2% of a worker's CPU. One kept
        # object per method keeps the cache warm.
        request.callback, request.errback = self.kept_method(request.callback), self.kept_method(request.errback)
        return request

    def kept_method(self, method: Any) -> Any:
        """The one bound method object kept for `method` (equal to it); `method` itself if it is not bound."""
        if getattr(method, "__self__", None) is None:
            return method
        return self._bound.setdefault(method, method)

    def push_many(self, pushes: list[Push]) -> list[bool | CrawlGone]:
        return self.frontier.push_many(self.crawl_id, self.source_id, pushes)

    def pop(self, timeout: int = 0) -> Request | None:
        taken = self.frontier.lease(self.crawl_id, self.source_id, self.worker_id)
        if taken is None:
            return None
        lease_key, lease_id, data = taken
        request = self._decode_request(data)
        request.meta[LEASE_META] = (lease_key, lease_id)
        return request
