"""Names of the Redis keys of the shared frontier, in one place (all under one prefix)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FrontierKeys:
    """Key names: one queue per (crawl, source), one fingerprint set per crawl, leases per worker."""

    prefix: str = "pressroom"

    @property
    def crawls(self) -> str:
        """SET of the ids of running crawls (the registry workers poll)."""
        return f"{self.prefix}:crawls"

    @property
    def seeding(self) -> str:
        """ZSET crawl id -> deadline (ms, Redis clock) of crawls being seeded: their sources are claimed till then."""
        return f"{self.prefix}:seeding"

    @property
    def workers(self) -> str:
        """ZSET worker id -> heartbeat deadline (ms, Redis clock)."""
        return f"{self.prefix}:workers"

    @property
    def lease_ids(self) -> str:
        return f"{self.prefix}:lease-ids"

    def crawl(self, crawl_id: str) -> str:
        """HASH: sources (JSON rows), settings (JSON), state, created, finished."""
        return f"{self.prefix}:crawl:{crawl_id}"

    def queue(self, crawl_id: str, source_id: str) -> str:
        """ZSET of encoded requests, scored by -priority (scrapy-redis's PriorityQueue layout)."""
        return f"{self.prefix}:crawl:{crawl_id}:{source_id}:requests"

    def leases(self, queue_key: str, worker_id: str) -> str:
        """HASH lease id -> 'score\\nencoded request' taken from `queue_key` by one worker."""
        return f"{queue_key}:leases:{worker_id}"

    def crawl_lease_keys(self, crawl_id: str) -> str:
        return f"{self.prefix}:crawl:{crawl_id}:lease-keys"

    def worker_lease_keys(self, worker_id: str) -> str:
        return f"{self.prefix}:worker:{worker_id}:lease-keys"

    def seen(self, crawl_id: str) -> str:
        """SET of request fingerprints queued in this crawl, shared by all workers."""
        return f"{self.prefix}:crawl:{crawl_id}:seen"

    def served(self, crawl_id: str) -> str:
        """SET of 'WORKER SOURCE': the sources of the crawl each worker runs a crawler for."""
        return f"{self.prefix}:crawl:{crawl_id}:served"

    def stats(self, crawl_id: str) -> str:
        return f"{self.prefix}:crawl:{crawl_id}:stats"

    def stats_applied(self, crawl_id: str) -> str:
        """HASH sender -> number of the last batch of counts added to `stats` (frontier.add_stats: each once)."""
        return f"{self.prefix}:crawl:{crawl_id}:stats-applied"

    def robots(self, crawl_id: str) -> str:
        """HASH netloc -> robots.txt body, fetched once per crawl by whichever worker gets there first."""
        return f"{self.prefix}:crawl:{crawl_id}:robots"

    def robots_lock(self, crawl_id: str, netloc: str) -> str:
        return f"{self.prefix}:crawl:{crawl_id}:robots-lock:{netloc}"

    def domain_slot(self, netloc: str) -> str:
        """Exists while a site's politeness interval runs (across all crawls and workers)."""
        return f"{self.prefix}:polite:{netloc}"
