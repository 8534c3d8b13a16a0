"""`pressroom demo --no-serve`: the README's first command without the server, on a fresh store."""

import socket

import pytest

from tests.conftest import run_pressroom

pytestmark = pytest.mark.slow


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_demo_no_serve_crawls_and_prints_examples(tmp_path):
    if not port_is_free(8765):
        pytest.fail("127.0.0.1:8765 is taken; the demo serves the sample site there")
    store = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    result = run_pressroom("demo", "--no-serve", "--store", store, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "pages fetched" in result.stdout
    assert "pressroom search '스마트시티'" in result.stdout
    searched = run_pressroom("search", "metaverse", "--store", store, cwd=tmp_path)
    assert searched.returncode == 0 and searched.stdout.startswith("1 document\n")
