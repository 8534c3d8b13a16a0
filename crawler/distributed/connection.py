"""One Redis client per process, and what happens when Redis cannot be reached: say so once, back off."""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis

logger = logging.getLogger("pressroom.redis")
T = TypeVar("T")
REDIS_ERRORS = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, redis.ReadOnlyError)


class RedisDown(Exception):
    """Redis is unreachable and the gate is waiting before the next try."""


def describe(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:160]


class RedisGate:
    """A Redis client behind a circuit: calls fail fast while Redis is down, retried with backoff.

    The first failure is reported in one line and recovery in another, so an outage is visible without
    flooding the log; callers decide what to do meanwhile (keep work locally, skip, wait).
    """

    def __init__(
        self,
        url: str,
        *,
        who: str = "pressroom",
        report: Callable[[str], None] | None = None,
        max_backoff: float = 30.0,
    ) -> None:
        self.url = url
        self.who = who
        self.report = report or (lambda line: logger.warning(line))
        self.max_backoff = max_backoff
        self.client = redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=10, health_check_interval=15)
        self.failures = 0
        self.retry_at = 0.0

    @property
    def down(self) -> bool:
        return self.failures > 0

    def available(self) -> bool:
        return not self.down or time.monotonic() >= self.retry_at

    def call(self, operation: Callable[[redis.Redis], T]) -> T:
        """Run one operation; raise RedisDown (after reporting) when Redis is unreachable."""
        if not self.available():
            raise RedisDown(self.url)
        try:
            result = operation(self.client)
        except REDIS_ERRORS as exc:
            self._failed(exc)
            raise RedisDown(self.url) from exc
        if self.failures:
            self.report(f"{self.who}: Redis at {self.url} is reachable again")
            self.failures = 0
        return result

    def call_or(self, operation: Callable[[redis.Redis], T], default: T) -> T:
        try:
            return self.call(operation)
        except RedisDown:
            return default

    def _failed(self, exc: BaseException) -> None:
        delay = min(self.max_backoff, 0.5 * 2**self.failures)
        if not self.failures:
            self.report(
                f"{self.who}: Redis at {self.url} is unreachable ({describe(exc)}); retrying with backoff, "
                "work in progress is kept"
            )
        self.failures += 1
        self.retry_at = time.monotonic() + delay

    def retry(self, operation: Callable[[], T]) -> T:
        """Run `operation` (which calls Redis through this gate) until it succeeds, sleeping the backoff between
        tries; the outage is reported once (and the recovery once) by `call`. For an operation safe to repeat."""
        while True:
            try:
                return operation()
            except RedisDown:
                time.sleep(max(0.0, self.retry_at - time.monotonic()))

    def wait(
        self, operation: Callable[[redis.Redis], Any] = lambda r: r.ping(), give_up_after: float | None = None
    ) -> None:
        """Block until Redis answers (retrying with backoff); RedisDown after `give_up_after` seconds."""
        started = time.monotonic()
        while True:
            try:
                self.call(operation)
                return
            except RedisDown:
                if give_up_after is not None and time.monotonic() - started > give_up_after:
                    raise
                time.sleep(max(0.0, self.retry_at - time.monotonic()))


_GATES: dict[str, RedisGate] = {}


def shared_gate(url: str, who: str = "pressroom worker") -> RedisGate:
    """The process's gate for a Redis URL (Scrapy components built per crawler share it)."""
    gate = _GATES.get(url)
    if gate is None:
        gate = _GATES[url] = RedisGate(url, who=who, report=lambda line: print(line, file=sys.stderr, flush=True))
    return gate
