"""Pytest plugin: real Redis servers (Debian's redis-server) on free 127.0.0.1 ports, in temp dirs.

`redis_url` is one server per test session (flushed before each test); `redis_factory` starts servers a
test can stop and restart (persisted with appendonly, so a restart keeps the frontier). Without
redis-server the tests skip locally and fail under CI=true.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis


def _unavailable(reason: str) -> None:
    message = f"Redis is needed and could not be started: {reason}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A redis-server child process on 127.0.0.1; `stop()` and `start()` keep its port and data."""

    def __init__(self, directory: Path, port: int | None = None, persist: bool = False) -> None:
        self.directory = directory
        self.port = port or free_port()
        self.persist = persist
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        binary = shutil.which("redis-server")
        if binary is None:
            _unavailable("redis-server is not installed (apt-get install redis-server)")
        persistence = ["--appendonly", "yes", "--appendfsync", "always"] if self.persist else ["--appendonly", "no"]
        self.process = subprocess.Popen(
            [
                binary,
                "--bind",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--dir",
                str(self.directory),
                "--save",
                "",
                *persistence,
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                return self
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    _unavailable(f"redis-server did not answer on port {self.port}")
                time.sleep(0.05)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture(scope="session")
def redis_session_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_url(redis_session_server: RedisServer) -> str:
    """URL of a real, empty Redis for this test."""
    redis.Redis.from_url(redis_session_server.url).flushall()
    return redis_session_server.url


@pytest.fixture
def redis_factory(tmp_path: Path) -> Iterator[type[RedisServer] | object]:
    """Start Redis servers of a test's own: `redis_factory(persist=True)`; all stopped at the end."""
    servers: list[RedisServer] = []

    def start(persist: bool = False) -> RedisServer:
        directory = tmp_path / f"redis-{len(servers)}"
        directory.mkdir()
        servers.append(RedisServer(directory, persist=persist).start())
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
