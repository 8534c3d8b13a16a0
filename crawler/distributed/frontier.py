"""The Redis side of the shared frontier: queue, lease, acknowledge, reclaim, finish (atomic Lua scripts).

A request is taken from a queue into the taking worker's lease hash in one step and leaves it only when
its page has been processed and its results are durable (children queued, documents stored). A worker
that stops heartbeating has its leases moved back into the queues by whichever worker notices first.
"""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from crawler.distributed.connection import RedisGate
from crawler.distributed.keys import FrontierKeys

# KEYS: queue, seen set, lease hash (may be unused), crawl hash. ARGV: fingerprint ('' = no dupe check),
# score, data, lease id to acknowledge ('' = none). Returns 1 if queued, 0 if the fingerprint was seen
# before, -1 if the crawl's record is gone (Redis lost its data), -2 if the crawl has ended (cancelled,
# finished, abandoned): then nothing is queued, so an ended crawl's deleted queue is not made again (the lease
# is still acknowledged: its page is done with).
PUSH = """
local state = redis.call('HGET', KEYS[4], 'state')
if not state then return -1 end
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[3], ARGV[4]) end
if state ~= 'running' and state ~= 'seeding' then return -2 end
local queued = 0
if ARGV[1] == '' or redis.call('SADD', KEYS[2], ARGV[1]) == 1 then
  redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[3])
  queued = 1
end
return queued
"""

# KEYS: crawl hash, registry of running crawls, seeding claims. ARGV: crawl id, then the record's fields and
# values. Makes a seeded crawl running unless it ended while it was seeded (cancelled, or abandoned when its
# claim lapsed): returns 'running', or the state it ended in. Registering a running crawl again changes nothing.
REGISTER = """
local state = redis.call('HGET', KEYS[1], 'state')
if state and state ~= 'seeding' and state ~= 'running' then return state end
redis.call('HSET', KEYS[1], unpack(ARGV, 2))
redis.call('SADD', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return 'running'
"""

# KEYS: crawl hash, seeding claims. ARGV: crawl id, claim length (ms). Renews (or takes again, if it lapsed and
# nobody abandoned the crawl meanwhile) a seeding's claim on its sources; returns the crawl's state ('' if gone).
RENEW_SEEDING = """
local state = redis.call('HGET', KEYS[1], 'state')
if state ~= 'seeding' then return state or '' end
local now = redis.call('TIME')
redis.call('ZADD', KEYS[2], now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(ARGV[2]), ARGV[1])
return state
"""


# KEYS: queue, lease hash, worker's lease-key set, crawl's lease-key set, lease id counter.
LEASE = """
local top = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #top == 0 then return false end
redis.call('ZREM', KEYS[1], top[1])
local id = redis.call('INCR', KEYS[5])
redis.call('HSET', KEYS[2], id, top[2] .. '\\n' .. top[1])
redis.call('SADD', KEYS[3], KEYS[2])
redis.call('SADD', KEYS[4], KEYS[2])
return {id, top[1]}
"""

# Whether the crawl of a queue key (PREFIX:crawl:ID:SOURCE:requests) is running or being seeded; ARGV[2] is
# "PREFIX:crawl:". A lease of a crawl that ended (cancelled) or vanished is dropped, not put back: its queue
# was deleted, and a queue made again would have no crawl to serve it and no expiry.
CRAWL_OPEN = """
local function crawl_open(queue)
  local head = ARGV[2]
  if string.sub(queue, 1, #head) ~= head then return true end
  local colon = string.find(queue, ':', #head + 1, true)
  if not colon then return true end
  local state = redis.call('HGET', string.sub(queue, 1, colon - 1), 'state')
  return state == 'running' or state == 'seeding'
end
"""

# KEYS: worker's lease-key set, workers zset. ARGV: worker id, "PREFIX:crawl:". Moves every lease back into its
# queue, but those of crawls that ended (CRAWL_OPEN).
RELEASE = (
    CRAWL_OPEN
    + """
local moved = 0
for _, lease_key in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local cut = string.find(lease_key, ':leases:', 1, true)
  local queue = string.sub(lease_key, 1, cut - 1)
  if crawl_open(queue) then
    local entries = redis.call('HGETALL', lease_key)
    for i = 2, #entries, 2 do
      local value = entries[i]
      local newline = string.find(value, '\\n', 1, true)
      redis.call('ZADD', queue, tonumber(string.sub(value, 1, newline - 1)), string.sub(value, newline + 1))
      moved = moved + 1
    end
  end
  redis.call('DEL', lease_key)
end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return moved
"""
)

# KEYS: queue, lease hash, crawl hash. ARGV: lease ids to keep. Moves every other lease of the hash back into
# the queue (drops them if the crawl is no longer running or being seeded).
REQUEUE = """
local state = redis.call('HGET', KEYS[3], 'state')
local open = state == 'running' or state == 'seeding'
local keep = {}
for i = 1, #ARGV do keep[ARGV[i]] = true end
local moved = 0
local entries = redis.call('HGETALL', KEYS[2])
for i = 1, #entries, 2 do
  if not keep[entries[i]] then
    if open then
      local value = entries[i + 1]
      local newline = string.find(value, '\\n', 1, true)
      redis.call('ZADD', KEYS[1], tonumber(string.sub(value, 1, newline - 1)), string.sub(value, newline + 1))
      moved = moved + 1
    end
    redis.call('HDEL', KEYS[2], entries[i])
  end
end
return moved
"""

# KEYS: workers zset. ARGV: worker id, ttl ms. Deadline on Redis's clock, so workers' clocks may differ.
HEARTBEAT = """
local now = redis.call('TIME')
redis.call('ZADD', KEYS[1], now[1] * 1000 + math.floor(now[2] / 1000) + tonumber(ARGV[2]), ARGV[1])
return 1
"""

EXPIRED = """
local now = redis.call('TIME')
return redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now[1] * 1000 + math.floor(now[2] / 1000))
"""

# KEYS: crawl hash, registry set, the crawl's retained keys (retained_keys, the lease-key set first), then every
# queue of the crawl. ARGV: crawl id, time, retention in seconds, how many retained keys.
FINISH = """
if redis.call('HGET', KEYS[1], 'state') ~= 'running' then return 0 end
local last_retained = 2 + tonumber(ARGV[4])
for i = last_retained + 1, #KEYS do
  if redis.call('ZCARD', KEYS[i]) > 0 then return 0 end
end
for _, lease_key in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  if redis.call('HLEN', lease_key) > 0 then return 0 end
end
redis.call('HSET', KEYS[1], 'state', 'finished', 'finished', ARGV[2])
redis.call('SREM', KEYS[2], ARGV[1])
for i = 3, last_retained do redis.call('EXPIRE', KEYS[i], ARGV[3]) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""

# KEYS: crawl hash, stats hash, applied hash. ARGV: sender, batch number, then name, increment, name, increment…
# Adds the increments unless the sender's batch of that number (or a later one) was added before: a batch resent
# because its reply was lost counts once. Returns 1 if added, 0 if added before, -1 (nothing written) if the
# crawl is gone.
ADD_STATS = """
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
if tonumber(ARGV[2]) <= tonumber(redis.call('HGET', KEYS[3], ARGV[1]) or '0') then return 0 end
redis.call('HSET', KEYS[3], ARGV[1], ARGV[2])
for i = 3, #ARGV, 2 do redis.call('HINCRBY', KEYS[2], ARGV[i], tonumber(ARGV[i + 1])) end
return 1
"""

# KEYS: crawl hash. ARGV: a store's identity, the store as shown to people. Names the store the crawl's documents
# go into, unless a worker named one before; returns {identity, shown} of the crawl's store, false if it is gone.
CLAIM_STORE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
if redis.call('HSETNX', KEYS[1], 'store', ARGV[1]) == 1 then redis.call('HSET', KEYS[1], 'store_shown', ARGV[2]) end
return redis.call('HMGET', KEYS[1], 'store', 'store_shown')
"""

# KEYS: crawl hash, served set. ARGV: 'WORKER SOURCE' members. Nothing written if the crawl is gone.
ANNOUNCE = """
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('SADD', KEYS[2], unpack(ARGV))
"""

# KEYS: domain slot. ARGV: interval ms. 0 = the slot is ours now; else ms until it frees.
TAKE_SLOT = """
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', tonumber(ARGV[1])) then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 1 then return 1 end
return left
"""


class CrawlGone(Exception):
    """The crawl's record is no longer in Redis (Redis restarted without its data, or it was forgotten).

    Writes for it are refused rather than recreating its keys with no record: nobody would see that crawl.
    """

    def __init__(self, crawl_id: str, message: str | None = None) -> None:
        super().__init__(message or f"crawl {crawl_id} is no longer in Redis")
        self.crawl_id = crawl_id


class CrawlEnded(CrawlGone):
    """The crawl was cancelled, finished or abandoned: nothing more is queued for it, and it cannot be registered."""

    def __init__(self, crawl_id: str, state: str | None = None) -> None:
        super().__init__(crawl_id, f"crawl {crawl_id} has ended{f' ({state})' if state else ''}")
        self.state = state


def new_crawl_id() -> str:
    return time.strftime("%Y%m%dT%H%M%S", time.gmtime()) + "-" + secrets.token_hex(3)


@dataclass
class CrawlRecord:
    """A crawl as registered in Redis: its source rows (JSON) and Scrapy setting overrides."""

    crawl_id: str
    sources: list[dict[str, Any]]
    settings: dict[str, Any] = field(default_factory=dict)
    state: str = "running"
    created: float | None = None  # epoch seconds, as registered
    finished: float | None = None  # when it finished or was cancelled
    store: str | None = None  # the store its documents go into, as shown (named by the first worker to serve it)

    @property
    def source_ids(self) -> list[str]:
        return [row["id"] for row in self.sources]


@dataclass(frozen=True)
class Push:
    """One request for `Frontier.push_many`: its encoded data, queue score, fingerprint and the lease it acks."""

    data: bytes
    score: float = 0
    fingerprint: str | None = None
    ack: tuple[str, int] | None = None


class Frontier:
    """Every Redis operation of the shared frontier; each method is one round trip or one script."""

    def __init__(self, gate: RedisGate, keys: FrontierKeys | None = None) -> None:
        self.gate = gate
        self.keys = keys or FrontierKeys()
        client = gate.client
        self._push = client.register_script(PUSH)
        self._register = client.register_script(REGISTER)
        self._renew_seeding = client.register_script(RENEW_SEEDING)
        self._lease = client.register_script(LEASE)
        self._release = client.register_script(RELEASE)
        self._requeue = client.register_script(REQUEUE)
        self._heartbeat = client.register_script(HEARTBEAT)
        self._expired = client.register_script(EXPIRED)
        self._finish = client.register_script(FINISH)
        self._take_slot = client.register_script(TAKE_SLOT)
        self._add_stats = client.register_script(ADD_STATS)
        self._announce = client.register_script(ANNOUNCE)
        self._claim_store = client.register_script(CLAIM_STORE)

    # -- crawls -----------------------------------------------------------------------------------

    # A crawl's record is first written in state `seeding`, before its start requests are queued, by
    # crawler/distributed/overlap.py's begin_seeding (which refuses a crawl that would overlap a running one):
    # workers do not serve it yet, but `pressroom crawls` shows it, so a seeding cut short leaves no nameless keys.

    def register_crawl(self, record: CrawlRecord) -> None:
        """Make a seeded crawl visible to workers (after its start requests are queued).

        CrawlEnded, with nothing written, when the crawl was cancelled or abandoned while it was seeded.
        """
        fields = [item for pair in record_fields(record, "running").items() for item in pair]
        keys = [self.keys.crawl(record.crawl_id), self.keys.crawls, self.keys.seeding]
        state = _text(self.gate.call(lambda r: self._register(keys=keys, args=[record.crawl_id, *fields], client=r)))
        if state != "running":
            raise CrawlEnded(record.crawl_id, state)

    def renew_seeding(self, crawl_id: str, seconds: float) -> None:
        """Extend a seeding's claim on its sources to `seconds` from now (Redis's clock).

        CrawlEnded when the crawl was cancelled or abandoned meanwhile, CrawlGone when its record vanished.
        """
        keys = [self.keys.crawl(crawl_id), self.keys.seeding]
        args: list[str | int] = [crawl_id, int(seconds * 1000)]
        state = _text(self.gate.call(lambda r: self._renew_seeding(keys=keys, args=args, client=r)))
        if not state:
            raise CrawlGone(crawl_id)
        if state != "seeding":
            raise CrawlEnded(crawl_id, state)

    def seeding_claim(self, crawl_id: str) -> float | None:
        """Seconds left on a seeding's claim on its sources (negative once lapsed); None when it holds none."""

        def read(client: Any) -> float | None:
            deadline = client.zscore(self.keys.seeding, crawl_id)
            if deadline is None:
                return None
            seconds, micros = client.time()
            return (float(deadline) - (int(seconds) * 1000 + int(micros) // 1000)) / 1000

        return self.gate.call(read)

    def crawl(self, crawl_id: str) -> CrawlRecord | None:
        data = self.gate.call(lambda r: r.hgetall(self.keys.crawl(crawl_id)))
        if not data:
            return None
        text = {_text(k): _text(v) for k, v in data.items()}
        return CrawlRecord(
            crawl_id,
            json.loads(text["sources"]),
            json.loads(text.get("settings", "{}")),
            text["state"],
            float(text["created"]) if text.get("created") else None,
            float(text["finished"]) if text.get("finished") else None,
            text.get("store_shown") or text.get("store"),
        )

    def all_crawls(self) -> list[CrawlRecord]:
        """Every crawl Redis still knows (being seeded, running, or ended within its retention), newest first."""
        crawl_key = self.keys.crawl("")
        ids = {
            key[len(crawl_key) :]
            for key in map(_text, self.gate.call(lambda r: list(r.scan_iter(match=f"{crawl_key}*", count=1000))))
            if ":" not in key[len(crawl_key) :]
        }
        records = [record for record in map(self.crawl, ids) if record is not None]
        return sorted(records, key=lambda record: record.created or 0.0, reverse=True)

    def active_crawls(self) -> list[CrawlRecord]:
        ids = sorted(_text(i) for i in self.gate.call(lambda r: r.smembers(self.keys.crawls)))
        return [record for record in (self.crawl(i) for i in ids) if record and record.state == "running"]

    def crawl_state(self, crawl_id: str) -> str | None:
        """The crawl's state (seeding, running, finished, cancelled, abandoned); None if Redis does not know it."""
        state = self.gate.call(lambda r: r.hget(self.keys.crawl(crawl_id), "state"))
        return None if state is None else _text(state)

    def try_finish(self, record: CrawlRecord) -> bool:
        """Mark the crawl finished if nothing is queued or leased in any of its queues (atomic); its keys then
        expire after its retention (PRESSROOM_CRAWL_RETENTION)."""
        queues = [self.keys.queue(record.crawl_id, sid) for sid in record.source_ids]
        retained = self.retained_keys(record.crawl_id)
        keys = [self.keys.crawl(record.crawl_id), self.keys.crawls, *retained, *queues]
        retention = retention_or_default(record.settings)
        args: list[str | int] = [record.crawl_id, str(time.time()), retention, len(retained)]
        return bool(self.gate.call(lambda r: self._finish(keys=keys, args=args, client=r)))

    def retained_keys(self, crawl_id: str) -> list[str]:
        """The keys a crawl leaves behind besides its record: lease-key set, stats, fingerprints, workers, robots."""
        return [
            self.keys.crawl_lease_keys(crawl_id),
            self.keys.stats(crawl_id),
            self.keys.stats_applied(crawl_id),
            self.keys.seen(crawl_id),
            self.keys.served(crawl_id),
            self.keys.robots(crawl_id),
        ]

    def cancel(self, record: CrawlRecord) -> None:
        """Stop a crawl, running or being seeded: workers see it is no longer running and its queued requests are
        dropped; a seeder still at work can neither queue more nor register it (CrawlEnded).

        Fingerprints and stats stay for the crawl's retention, so what it did remains countable; in-flight pages
        finish and are stored.
        """

        def cancel(client: Any) -> None:
            with client.pipeline() as pipe:
                self.end_crawl(pipe, record, "cancelled")
                pipe.execute()

        self.gate.call(cancel)

    def end_crawl(self, pipe: Any, record: CrawlRecord, state: str) -> None:
        """Queue on `pipe` the writes that end a crawl in `state`: out of the registry and the seeding claims, its
        queues deleted, its record and retained keys expiring after its retention."""
        pipe.hset(self.keys.crawl(record.crawl_id), mapping={"state": state, "finished": str(time.time())})
        pipe.srem(self.keys.crawls, record.crawl_id)
        pipe.zrem(self.keys.seeding, record.crawl_id)
        for source_id in record.source_ids:
            pipe.delete(self.keys.queue(record.crawl_id, source_id))
        retention = retention_or_default(record.settings)
        for key in [self.keys.crawl(record.crawl_id), *self.retained_keys(record.crawl_id)]:
            pipe.expire(key, retention)

    def progress(self, record: CrawlRecord) -> tuple[int, int]:
        """(requests queued, requests leased) across the crawl's queues."""

        def count(client: Any) -> tuple[int, int]:
            queued = sum(client.zcard(self.keys.queue(record.crawl_id, sid)) for sid in record.source_ids)
            leased = sum(client.hlen(k) for k in client.smembers(self.keys.crawl_lease_keys(record.crawl_id)))
            return queued, leased

        return self.gate.call(count)

    # -- requests ---------------------------------------------------------------------------------

    def push(
        self,
        crawl_id: str,
        source_id: str,
        data: bytes,
        *,
        score: float = 0,
        fingerprint: str | None = None,
        ack: tuple[str, int] | None = None,
    ) -> bool:
        """Queue an encoded request unless its fingerprint was seen in this crawl; optionally ack a lease.

        CrawlGone (nothing written) when the crawl's record is no longer in Redis; CrawlEnded (the lease still
        acknowledged, nothing queued) when the crawl was cancelled, finished or abandoned.
        """
        keys, args = self._push_call(crawl_id, source_id, Push(data, score, fingerprint, ack))
        outcome = self._push_outcome(crawl_id, self.gate.call(lambda r: self._push(keys=keys, args=args, client=r)))
        if isinstance(outcome, CrawlGone):
            raise outcome
        return outcome

    def push_many(self, crawl_id: str, source_id: str, pushes: Sequence[Push]) -> list[bool | CrawlGone]:
        """`push` for each of `pushes`, in order, in one round trip (two for more than one push: the pipeline checks
        that the script is loaded): for each, whether it was queued, or the CrawlGone (or CrawlEnded) `push`
        would have raised."""
        calls = [self._push_call(crawl_id, source_id, push) for push in pushes]

        def send(client: Any) -> list[Any]:
            if len(calls) == 1:  # a pipeline first asks whether its scripts are loaded: a second round trip
                keys, args = calls[0]
                return [self._push(keys=keys, args=args, client=client)]
            with client.pipeline(transaction=False) as pipe:
                for keys, args in calls:
                    self._push(keys=keys, args=args, client=pipe)
                return list(pipe.execute())

        return [self._push_outcome(crawl_id, queued) for queued in (self.gate.call(send) if calls else [])]

    def _push_call(self, crawl_id: str, source_id: str, push: Push) -> tuple[list[str], list[Any]]:
        """The PUSH script's keys and arguments for one request."""
        queue = self.keys.queue(crawl_id, source_id)
        lease_key, lease_id = push.ack if push.ack else (queue, "")
        keys = [queue, self.keys.seen(crawl_id), lease_key, self.keys.crawl(crawl_id)]
        return keys, [push.fingerprint or "", push.score, push.data, lease_id]

    @staticmethod
    def _push_outcome(crawl_id: str, queued: Any) -> bool | CrawlGone:
        """What the PUSH script's reply means: queued or not, or why the crawl takes nothing more."""
        queued = int(queued)
        if queued == -2:
            return CrawlEnded(crawl_id)
        if queued < 0:
            return CrawlGone(crawl_id)
        return bool(queued)

    def lease(self, crawl_id: str, source_id: str, worker_id: str) -> tuple[str, int, bytes] | None:
        """Take the best queued request into this worker's leases: (lease key, lease id, data) or None."""
        queue = self.keys.queue(crawl_id, source_id)
        lease_key = self.keys.leases(queue, worker_id)
        keys = [
            queue,
            lease_key,
            self.keys.worker_lease_keys(worker_id),
            self.keys.crawl_lease_keys(crawl_id),
            self.keys.lease_ids,
        ]
        taken = self.gate.call(lambda r: self._lease(keys=keys, client=r))
        if not taken:
            return None
        return lease_key, int(taken[0]), taken[1]

    def requeue_leases(self, crawl_id: str, source_id: str, worker_id: str, keep: Iterable[int]) -> int:
        """Put this worker's leases of one queue back into it, but those in `keep`; returns requests moved.
        Leases of a crawl that ended are dropped instead.

        For leases the worker cannot know it holds: Redis ran the lease script, then the reply was lost.
        """
        queue = self.keys.queue(crawl_id, source_id)
        keys = [queue, self.keys.leases(queue, worker_id), self.keys.crawl(crawl_id)]
        args = [str(lease_id) for lease_id in keep]
        return int(self.gate.call(lambda r: self._requeue(keys=keys, args=args, client=r)))

    def ack(self, leases: Iterable[tuple[str, int]]) -> None:
        """Forget leases whose work is done and durable."""
        leases = list(leases)

        def delete(client: Any) -> None:
            with client.pipeline(transaction=False) as pipe:
                for lease_key, lease_id in leases:
                    pipe.hdel(lease_key, lease_id)
                pipe.execute()

        if leases:
            self.gate.call(delete)

    def queued(self, crawl_id: str, source_id: str) -> int:
        return int(self.gate.call(lambda r: r.zcard(self.keys.queue(crawl_id, source_id))))

    # -- workers ----------------------------------------------------------------------------------

    def heartbeat(self, worker_id: str, ttl: float) -> None:
        self.gate.call(lambda r: self._heartbeat(keys=[self.keys.workers], args=[worker_id, int(ttl * 1000)], client=r))

    def heartbeat_direct(self, worker_id: str, ttl: float) -> None:
        """The heartbeat without the gate (for the heartbeat thread; the gate is not thread-safe)."""
        self._heartbeat(keys=[self.keys.workers], args=[worker_id, int(ttl * 1000)], client=self.gate.client)

    def release(self, worker_id: str) -> int:
        """Put a worker's leases back into their queues and forget the worker; returns requests moved."""
        keys = [self.keys.worker_lease_keys(worker_id), self.keys.workers]
        args = [worker_id, self.keys.crawl("")]
        return int(self.gate.call(lambda r: self._release(keys=keys, args=args, client=r)))

    def announce_served(self, crawl_id: str, worker_id: str, source_ids: Sequence[str]) -> None:
        """Record that this worker runs crawlers for these sources of the crawl (for `unserved`)."""
        if source_ids:
            keys = [self.keys.crawl(crawl_id), self.keys.served(crawl_id)]
            args = [f"{worker_id} {source_id}" for source_id in source_ids]
            self.gate.call(lambda r: self._announce(keys=keys, args=args, client=r))

    def claim_store(self, crawl_id: str, identity: str, shown: str) -> tuple[str, str] | None:
        """The store the crawl's documents go into, as (identity, shown): the one given here if no worker named
        one before (the first worker to serve a crawl names it). None when the crawl's record is gone."""
        keys, args = [self.keys.crawl(crawl_id)], [identity, shown]
        found = self.gate.call(lambda r: self._claim_store(keys=keys, args=args, client=r))
        if not found:
            return None
        return _text(found[0]), _text(found[1] or b"")

    def unserved(self, record: CrawlRecord) -> tuple[list[str], list[str]]:
        """(live workers, sources of the crawl with queued requests that no live worker serves)."""
        live = set(self.live_workers())

        def look(client: Any) -> tuple[list[Any], list[int]]:
            with client.pipeline(transaction=False) as pipe:
                pipe.smembers(self.keys.served(record.crawl_id))
                for source_id in record.source_ids:
                    pipe.zcard(self.keys.queue(record.crawl_id, source_id))
                served, *queued = pipe.execute()
            return served, queued

        served, queued = self.gate.call(look)
        serving = {source for worker, _, source in (_text(m).partition(" ") for m in served) if worker in live}
        stuck = [sid for sid, n in zip(record.source_ids, queued, strict=True) if n and sid not in serving]
        return sorted(live), stuck

    def live_workers(self) -> list[str]:
        """Workers whose heartbeat has not expired (deadlines on Redis's clock)."""

        def alive(client: Any) -> list[str]:
            seconds, micros = client.time()
            return [_text(w) for w in client.zrangebyscore(self.keys.workers, seconds * 1000 + micros // 1000, "+inf")]

        return self.gate.call(alive)

    def reclaim_dead_workers(self) -> dict[str, int]:
        """Release the leases of every worker whose heartbeat deadline has passed."""
        dead = [w.decode() for w in self.gate.call(lambda r: self._expired(keys=[self.keys.workers], client=r))]
        return {worker: self.release(worker) for worker in dead}

    # -- politeness and robots.txt ----------------------------------------------------------------

    def take_domain_slot(self, netloc: str, interval: float) -> float:
        """0 if this worker may fetch from `netloc` now (and holds it for `interval` s), else seconds to wait."""
        waited = self.gate.call(
            lambda r: self._take_slot(
                keys=[self.keys.domain_slot(netloc)], args=[max(1, int(interval * 1000))], client=r
            )
        )
        return int(waited) / 1000

    def robots_body(self, crawl_id: str, netloc: str) -> bytes | None:
        body = self.gate.call(lambda r: r.hget(self.keys.robots(crawl_id), netloc))
        return body.encode() if isinstance(body, str) else body

    def claim_robots(self, crawl_id: str, netloc: str, seconds: float = 30) -> bool:
        """True if this worker should fetch robots.txt for `netloc` (others wait for its answer)."""
        key = self.keys.robots_lock(crawl_id, netloc)
        return bool(self.gate.call(lambda r: r.set(key, "1", nx=True, px=int(seconds * 1000))))

    def share_robots(self, crawl_id: str, netloc: str, body: bytes) -> None:
        self.gate.call(lambda r: r.hset(self.keys.robots(crawl_id), netloc, body))

    # -- statistics -------------------------------------------------------------------------------

    def add_stats(self, crawl_id: str, counts: Mapping[str, int], batch: tuple[str, int]) -> bool:
        """Add to the crawl's summed counters (one script); False if this batch was added before.

        `batch` is (sender, number): a sender numbers its batches from 1 up and resends one whose reply was lost
        under the same number, before any later one, so each counts once (stats.CountsSender does).
        CrawlGone, nothing written, if the crawl's record is gone.
        """
        keys = [self.keys.crawl(crawl_id), self.keys.stats(crawl_id), self.keys.stats_applied(crawl_id)]
        args: list[Any] = [*batch, *(part for key, value in counts.items() for part in (key, int(value)))]
        added = int(self.gate.call(lambda r: self._add_stats(keys=keys, args=args, client=r)))
        if added < 0:
            raise CrawlGone(crawl_id)
        return bool(added)

    def stats(self, crawl_id: str) -> dict[str, int]:
        data = self.gate.call(lambda r: r.hgetall(self.keys.stats(crawl_id)))
        return {_text(k): int(v) for k, v in data.items()}

    def forget_crawls(self, crawl_ids: Sequence[str]) -> None:
        """Delete finished crawls' keys (fingerprints, stats, robots); used by tests and operators."""
        for crawl_id in crawl_ids:

            def forget(client: Any, crawl_id: str = crawl_id) -> None:
                found = list(client.scan_iter(f"{self.keys.prefix}:crawl:{crawl_id}*"))
                if found:
                    client.delete(*found)
                client.srem(self.keys.crawls, crawl_id)
                client.zrem(self.keys.seeding, crawl_id)

            self.gate.call(forget)


def crawl_retention(settings: Mapping[str, Any]) -> int:
    """PRESSROOM_CRAWL_RETENTION of a crawl's settings in whole seconds (at least 1); ValueError if unreadable."""
    from crawler.settings import DISTRIBUTED_SETTINGS

    value = settings.get("PRESSROOM_CRAWL_RETENTION", DISTRIBUTED_SETTINGS["PRESSROOM_CRAWL_RETENTION"])
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"PRESSROOM_CRAWL_RETENTION={value!r} is not a number of seconds") from None
    if not 1 <= seconds <= MAX_RETENTION_SECONDS:  # NaN fails too
        raise ValueError(f"PRESSROOM_CRAWL_RETENTION={value!r}: give 1 to {MAX_RETENTION_SECONDS:.0f} seconds")
    return int(seconds)


def retention_or_default(settings: Mapping[str, Any]) -> int:
    """crawl_retention, or the default for a record whose value is unreadable (seeding refuses those)."""
    try:
        return crawl_retention(settings)
    except ValueError:
        return crawl_retention({})


# Ten years: Redis takes any 64-bit TTL, but a larger number is a typo, not a policy.
MAX_RETENTION_SECONDS = 10 * 365 * 24 * 3600.0


def record_fields(record: CrawlRecord, state: str) -> dict[str, str]:
    """The fields of a crawl's hash as it is seeded (`seeding`) and registered (`running`)."""
    return {
        "sources": json.dumps(record.sources, ensure_ascii=False),
        "settings": json.dumps(record.settings),
        "state": state,
        "created": str(record.created or time.time()),
    }


def _text(value: bytes | str) -> str:
    """Redis answers bytes (decode_responses is off, since request bodies are binary)."""
    return value.decode() if isinstance(value, bytes) else value
