"""Bench the cleaner against trafilatura on the gate's golden pages: pages/s, peak memory, their ratio.

    .venv/bin/python bench/cleaner.py [--rounds N]

Both extractors get the same bytes in the same run (trafilatura decodes them itself, as it would in a
crawler), timed over N rounds after one warm-up round; peak memory is tracemalloc's peak over one round.
"""

from __future__ import annotations

import argparse
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "crawler" / "golden"))

from scoring import f1_precision, golden_pages, overlap  # noqa: E402

from crawler.cleaning import extract_article  # noqa: E402


def ours(body: bytes, url: str) -> str:
    return extract_article(body, url).text


def theirs(body: bytes, url: str) -> str:
    import trafilatura

    return trafilatura.extract(body, url=url) or ""


def pages_per_second(extract: Callable[[bytes, str], str], pages: list, rounds: int) -> float:
    for page in pages:  # warm-up: imports, regex compilation, caches
        extract(page.body, page.expected["url"])
    start = time.perf_counter()
    for _ in range(rounds):
        for page in pages:
            extract(page.body, page.expected["url"])
    return rounds * len(pages) / (time.perf_counter() - start)


def peak_memory(extract: Callable[[bytes, str], str], pages: list) -> int:
    tracemalloc.start()
    try:
        for page in pages:
            extract(page.body, page.expected["url"])
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def quality(extract: Callable[[bytes, str], str], pages: list) -> tuple[float, float]:
    counts = [overlap(extract(p.body, p.expected["url"]), p.expected["text"]) for p in pages]
    f1, precision, _ = f1_precision(counts)
    return f1, precision


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()
    pages = golden_pages()
    results = {}
    for name, extract in (("extract_article", ours), ("trafilatura.extract", theirs)):
        speed = pages_per_second(extract, pages, args.rounds)
        memory = peak_memory(extract, pages)
        f1, precision = quality(extract, pages)
        results[name] = (speed, memory)
        print(f"{name:20s} {speed:8.1f} pages/s  peak {memory / 1024:8.1f} KiB  F1 {f1:.4f}  precision {precision:.4f}")
    (our_speed, our_memory), (their_speed, their_memory) = results.values()
    ratio = our_speed / their_speed
    print(f"speed ratio (ours / trafilatura): {ratio:.2f}x on {len(pages)} pages x {args.rounds} rounds")
    print(f"peak memory ratio (ours / trafilatura): {our_memory / their_memory:.2f}")
    ok = ratio >= 1.0 and our_memory <= their_memory
    print("PASS" if ok else "FAIL: slower than trafilatura or more memory")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
