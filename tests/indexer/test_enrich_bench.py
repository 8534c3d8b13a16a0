"""bench/enrich.py runs end to end (its speed figures are read from the bench, not asserted in unit tests)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from indexer.enrich import detect_language

BENCH = Path(__file__).resolve().parents[2] / "bench" / "enrich.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_enrich", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bench_runs_on_a_small_corpus(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--docs", "40"]) == 0
    output = capsys.readouterr().out
    assert "enrich_article" in output and "faster than plain langdetect" in output


def test_corpus_is_deterministic_and_mostly_korean(bench: ModuleType, tmp_path: Path) -> None:
    corpus = bench.build_corpus(300, tmp_path)  # no seeds there: synthetic text only
    assert corpus == bench.build_corpus(300, tmp_path)
    korean = sum(detect_language(text) == "ko" for _, text in corpus)
    assert 0.6 < korean / len(corpus) < 0.9
