"""The tuned collector still frees cyclic garbage, and gives the settings back."""

from __future__ import annotations

import gc
import weakref

from crawler.gc_tuning import YOUNG_GENERATION_THRESHOLD, tuned_gc


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: reference counting alone never frees it


def test_cycles_made_inside_are_still_collected_without_an_explicit_collect() -> None:
    before = gc.get_threshold()
    with tuned_gc():
        assert gc.get_threshold()[0] == YOUNG_GENERATION_THRESHOLD
        garbage = weakref.ref(Node())
        kept = [[] for _ in range(3 * YOUNG_GENERATION_THRESHOLD)]  # allocations that trigger collections
        assert garbage() is None
        del kept
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
