"""Search latency p50/p99 of five query kinds on Elasticsearch and on SQLite, same corpus, same run.

    python -m bench.search [--url http://127.0.0.1:9200] [--docs 20000] [--repeat 100] [--keep]

Kinds: one word, phrase, boolean, filtered+faceted, date histogram. Every search through the store also
computes the four facets, as the web page does. Goals at 100,000 documents on 2 cores: p50 under 50 ms on
Elasticsearch and under 100 ms on SQLite.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from bench.index import NOUNS, PLACES, synthetic_documents
from indexer.es_store import ElasticsearchStore
from indexer.search_model import HistogramInterval, SearchRequest
from indexer.sqlite_store import SqliteStore

KINDS = ["one word", "phrase", "boolean", "filtered+faceted", "date histogram"]


def request_for(kind: str, n: int) -> SearchRequest:
    noun, other, place = NOUNS[n % len(NOUNS)], NOUNS[(n * 7 + 3) % len(NOUNS)], PLACES[n % len(PLACES)]
    if kind == "one word":
        return SearchRequest(query=noun)
    if kind == "phrase":
        return SearchRequest(query=f'"{place} {noun}"')
    if kind == "boolean":
        return SearchRequest(query=f"({noun} OR {other}) {place[:2]} -{NOUNS[(n + 5) % len(NOUNS)]}")
    return SearchRequest(
        query=noun,
        regions=("KR-29", "KR-11"),
        languages=("ko",),
        date_from=date(2021, 1, 1),
        date_to=date(2023, 6, 30),
    )


def timings(run: Callable[[int], object], repeat: int) -> list[float]:
    for n in range(5):  # warm up
        run(n)
    found = []
    for n in range(repeat):
        began = time.perf_counter()
        run(n)
        found.append((time.perf_counter() - began) * 1000)
    return found


def measure(name: str, store: ElasticsearchStore | SqliteStore, repeat: int) -> None:
    for kind in KINDS:

        def run(n: int, kind: str = kind) -> object:
            if kind == "date histogram":
                # A chart request: matching documents per month, no hits or facets, through the store.
                word = NOUNS[n % len(NOUNS)]
                return store.search(SearchRequest(query=word, histogram=HistogramInterval.MONTH, size=1, facets=False))
            return store.search(request_for(kind, n))

        found = sorted(timings(run, repeat))
        p99 = found[min(len(found) - 1, int(len(found) * 0.99))]
        print(f"{name:14s} {kind:17s} p50 {statistics.median(found):7.1f} ms   p99 {p99:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--keep", action="store_true", help="keep the Elasticsearch bench index")
    args = parser.parse_args()
    documents = synthetic_documents(args.docs)
    with tempfile.TemporaryDirectory() as scratch:
        sqlite = SqliteStore(Path(scratch) / "bench.sqlite3")
        began = time.perf_counter()
        sqlite.upsert(documents)
        sqlite._db.execute("ANALYZE")
        print(f"SQLite: loaded {args.docs} documents in {time.perf_counter() - began:.0f}s")
        es = ElasticsearchStore(args.url, index_prefix=f"pressroom-bench-search-{args.docs}", request_timeout=120)
        if es.count() != args.docs:
            began = time.perf_counter()
            es.upsert(synthetic_documents(args.docs))
            es.client.options(request_timeout=600).indices.forcemerge(index=es.read_alias, max_num_segments=1)
            print(f"Elasticsearch: loaded {args.docs} documents in {time.perf_counter() - began:.0f}s")
        try:
            measure("Elasticsearch", es, args.repeat)
            measure("SQLite", sqlite, args.repeat)
        finally:
            if not args.keep:
                es.client.indices.delete(index=es.current_index())
            es.close()
            sqlite.close()


if __name__ == "__main__":
    main()
