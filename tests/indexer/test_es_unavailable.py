"""When Elasticsearch is not there, the store says so in one line naming the URL (no server needed)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from indexer.document import Document
from indexer.paging import InvalidCursor, encode_cursor
from indexer.query import QuerySyntaxError
from indexer.search_model import SearchRequest, SortOrder
from indexer.store import DocumentStore, StoreUnavailable, open_store

DEAD = "http://127.0.0.1:9"
DOCUMENT = Document(
    id="x", url="https://press.example.kr/x", source="s", title="t", text="t", fetched_at=datetime.now(UTC)
)

CALLS: dict[str, Callable[[DocumentStore], object]] = {
    "count": lambda store: store.count(),
    "get": lambda store: store.get("x"),
    "search": lambda store: store.search(SearchRequest(query="광주")),
    "upsert": lambda store: store.upsert([DOCUMENT]),
    "iter_documents": lambda store: list(store.iter_documents()),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
def test_dead_cluster_is_one_line_store_unavailable(call: Callable[[DocumentStore], object]) -> None:
    store = open_store(DEAD)
    with pytest.raises(StoreUnavailable) as raised:
        call(store)
    message = str(raised.value)
    assert message.startswith(f"Elasticsearch at {DEAD} is not reachable: ")
    assert "\n" not in message and len(message) < 200
    assert raised.value.__cause__ is None and raised.value.__suppress_context__
    store.close()


def test_query_errors_come_before_any_connection() -> None:
    store = open_store(DEAD)
    with pytest.raises(QuerySyntaxError):
        store.search(SearchRequest(query="!!!"))
    store.close()


def test_cursor_errors_come_before_any_connection() -> None:
    store = open_store(DEAD)
    for cursor in ("garbage", encode_cursor(SortOrder.NEWEST, [1.5, "x"]), encode_cursor(SortOrder.OLDEST, [0, "x"])):
        with pytest.raises(InvalidCursor):
            store.search(SearchRequest(sort=SortOrder.NEWEST, cursor=cursor))
    with pytest.raises(InvalidCursor):
        store.search(SearchRequest(collapse=True, cursor=encode_cursor(SortOrder.NEWEST, [0, "x"])))
    store.close()


def test_a_node_that_never_answers_is_asked_once_per_call() -> None:
    # Retrying on timeouts held every API request, /healthz too, for three timeouts in a row.
    import socket
    import threading

    from indexer.es_store import ElasticsearchStore

    accepted: list[socket.socket] = []
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        threading.Thread(target=lambda: [accepted.append(server.accept()[0]) for _ in range(5)], daemon=True).start()
        store = ElasticsearchStore(f"http://127.0.0.1:{server.getsockname()[1]}", request_timeout=0.5)
        with pytest.raises(StoreUnavailable, match="not reachable"):
            store.count()
        store.close()
        assert len(accepted) == 1
        for connection in accepted:
            connection.close()
