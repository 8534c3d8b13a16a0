"""Run a function in several processes that start it at the same moment (races between processes)."""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any


def _at_the_barrier(function: Callable[..., Any], args: tuple[Any, ...], barrier: Any, results: Any) -> None:
    barrier.wait()
    try:
        results.put(function(*args))
    except Exception as exc:  # the answer the test compares, not a crash of the child
        results.put(f"{type(exc).__name__}: {exc}")


def run_together(function: Callable[..., Any], calls: Sequence[tuple[Any, ...]], timeout: float = 120) -> list[Any]:
    """`function(*args)` for each of `calls`, each in a spawned process, released together; their answers
    (an exception as "Type: message"), in the order they came. `function` must be importable (module level)."""
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(len(calls)), context.Queue()
    processes = [context.Process(target=_at_the_barrier, args=(function, args, barrier, results)) for args in calls]
    for process in processes:
        process.start()
    answers = [results.get(timeout=timeout) for _ in processes]
    for process in processes:
        process.join()
    return answers
