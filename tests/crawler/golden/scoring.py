"""Token-level scoring of extracted text against the golden truth (shared by the gate test and the bench)."""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

GOLDEN = Path(__file__).parent
TOKEN = re.compile(r"\w+")


@dataclass(frozen=True)
class GoldenPage:
    stem: str
    body: bytes
    expected: dict

    @property
    def group(self) -> str:
        return str(self.expected["group"])


def golden_pages() -> list[GoldenPage]:
    """Every NN_name.html with its NN_name.json, in file order."""
    pages = []
    for spec in sorted(GOLDEN.glob("*.json")):
        html = spec.with_suffix(".html")
        if html.exists():
            pages.append(GoldenPage(spec.stem, html.read_bytes(), json.loads(spec.read_text(encoding="utf-8"))))
    return pages


def tokens(text: str) -> Counter[str]:
    return Counter(TOKEN.findall(text.lower()))


def overlap(extracted: str, truth: str) -> tuple[int, int, int]:
    """(true positives, extracted token count, truth token count) as multisets."""
    got, want = tokens(extracted), tokens(truth)
    return sum((got & want).values()), sum(got.values()), sum(want.values())


def f1_precision(counts: list[tuple[int, int, int]]) -> tuple[float, float, float]:
    """Micro-averaged (F1, precision, recall) over pages."""
    hit = sum(c[0] for c in counts)
    got = sum(c[1] for c in counts)
    want = sum(c[2] for c in counts)
    precision = hit / got if got else 0.0
    recall = hit / want if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall
