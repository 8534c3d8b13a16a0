"""Cyclic garbage collection tuned for the long loops: a crawl's reactor, a worker, the indexing process."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# CPython collects its youngest generation every 700 net allocations of container objects. A crawl makes
# and drops millions (requests, responses, deferreds, items), almost all freed by reference counting; at 700
# a 5,000-page crawl ran ~1,700 young and ~14 full collections, ~6% of the crawl process's CPU. At 10,000
# it runs about a dozen. Cyclic garbage is still collected, up to 10,000 allocations later.
YOUNG_GENERATION_THRESHOLD = 10_000


@contextmanager
def tuned_gc() -> Iterator[None]:
    """Within the block: what is alive on entry (the loaded code: Scrapy, lxml, the indexer's tables) is frozen
    out of the collector's scans, and the youngest generation is collected less often. Restored on exit."""
    thresholds = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()
