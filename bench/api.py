"""What the HTTP API adds: the five query kinds through GET /v1/search and directly on the store, same run.

    python -m bench.api [--docs 20000] [--repeat 100] [--url http://127.0.0.1:9200]

Issue 6's figure is at 100,000 documents (--docs 100000); the default of 20,000 keeps a quick run quick.

Loads the synthetic corpus of bench/index.py into SQLite (and, when --url is given, into the default index of that
Elasticsearch — use a scratch cluster such as `deploy/es-local start --port 9600`), serves
it with `pressroom serve` in a process of its own, and times each query kind (one word, phrase, boolean,
filtered+faceted, date histogram) twice: over HTTP with one keep-alive connection, and as the very
SearchRequest the API builds, called on the store in this process. Prints p50/p99 and requests per second
for both and the API's overhead at p50. Goal (issue 6): the API adds under 10 ms at p50.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.index import NOUNS, synthetic_documents
from bench.search import KINDS, request_for, timings
from indexer.search_model import SearchRequest
from indexer.search_params import build_search_request
from indexer.store import DocumentStore, open_store

REPO = Path(__file__).resolve().parents[1]


def api_params(kind: str, n: int) -> list[tuple[str, str]]:
    """Query string for the n-th request of a kind: the same search bench/search.py sends to the store."""
    if kind == "date histogram":
        return [("q", NOUNS[n % len(NOUNS)]), ("interval", "month"), ("size", "1")]
    request = request_for(kind, n)
    params = [("q", request.query)]
    params += [("region", r) for r in request.regions] + [("language", lang) for lang in request.languages]
    if request.date_from:
        params.append(("date_from", request.date_from.isoformat()))
    if request.date_to:
        params.append(("date_to", request.date_to.isoformat()))
    return params


def store_request(params: list[tuple[str, str]]) -> SearchRequest:
    """The SearchRequest the API builds from those parameters (so both sides do the same work)."""
    single = {k: v for k, v in params if k not in ("region", "language")}
    return build_search_request(
        single.get("q", ""),
        region=[v for k, v in params if k == "region"],
        language=[v for k, v in params if k == "language"],
        date_from=single.get("date_from"),
        date_to=single.get("date_to"),
        size=int(single.get("size", 20)),
        interval=single.get("interval", "auto"),
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def serve(store_url: str) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pressroom", "serve", "--port", str(port), "--store", store_url],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server, port
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("pressroom serve did not start")


def compare(name: str, store: DocumentStore, port: int, repeat: int) -> list[float]:
    overheads = []
    for kind in KINDS:
        # A fresh keep-alive connection per kind: uvicorn closes idle ones after 5 s.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

        def over_http(n: int, kind: str = kind, connection: http.client.HTTPConnection = connection) -> object:
            connection.request("GET", "/v1/search?" + urlencode(api_params(kind, n)))
            response = connection.getresponse()
            body = response.read()
            if response.status != 200:
                raise SystemExit(f"{kind}: HTTP {response.status}: {body[:200]!r}")
            return body

        def direct(n: int, kind: str = kind) -> object:
            return store.search(store_request(api_params(kind, n)))

        api, backend = sorted(timings(over_http, repeat)), sorted(timings(direct, repeat))
        p50_api, p50_backend = statistics.median(api), statistics.median(backend)
        overheads.append(p50_api - p50_backend)
        for label, found, p50 in (("API", api, p50_api), ("store", backend, p50_backend)):
            p99 = found[min(len(found) - 1, int(len(found) * 0.99))]
            rps = 1000 / statistics.fmean(found)
            print(f"{name:13s} {kind:17s} {label:5s} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  {rps:7.1f} req/s")
        print(f"{name:13s} {kind:17s} API adds {p50_api - p50_backend:+.1f} ms at p50")
        connection.close()
    return overheads


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--url", help="also measure Elasticsearch at this URL")
    args = parser.parse_args()
    documents = synthetic_documents(args.docs)
    worst = 0.0
    with tempfile.TemporaryDirectory() as scratch:
        targets = [("SQLite", f"sqlite:///{Path(scratch) / 'bench.sqlite3'}")]
        if args.url:
            targets.append(("Elasticsearch", args.url))
        for name, url in targets:
            store = open_store(url)
            if store.count() != args.docs:
                store.upsert(documents)
            optimise = getattr(store, "_db", None)
            if optimise is not None:
                optimise.execute("ANALYZE")
            server, port = serve(url)
            try:
                worst = max(worst, *compare(name, store, port, args.repeat))
            finally:
                server.terminate()
                server.wait(timeout=10)
                store.close()
    verdict = "PASS" if worst < 10 else "MISS"
    print(f"largest API overhead at p50: {worst:.1f} ms (goal < 10 ms): {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
