"""The cleaner's quality gate: golden pages scored against hand-checked text, dates and must-go strings.

Floors are pinned at what the cleaner reaches, rounded down a little; never lower them silently
(raise them when the cleaner improves). Pages are rebuilt by tests/crawler/golden/build_golden.py.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import pytest

from crawler.cleaning import Article, extract_article

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from scoring import GoldenPage, f1_precision, golden_pages, overlap

PAGES = golden_pages()
F1_FLOOR = 0.99
PRECISION_FLOOR = 0.99
GROUP_F1_FLOOR = 0.97
GROUP_PRECISION_FLOOR = 0.96


def normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def extracted() -> dict[str, Article]:
    return {page.stem: extract_article(page.body, page.expected["url"]) for page in PAGES}


def test_gate_has_enough_varied_pages() -> None:
    assert len(PAGES) >= 25
    assert len({page.group for page in PAGES}) >= 8
    assert sum(page.expected["encoding"] == "cp949" for page in PAGES) >= 5


def test_gate_token_f1_and_precision_over_all_pages(extracted: dict[str, Article]) -> None:
    counts = [overlap(extracted[p.stem].text, p.expected["text"]) for p in PAGES]
    f1, precision, _ = f1_precision(counts)
    assert f1 >= F1_FLOOR, f"gate F1 {f1:.4f} fell below the floor {F1_FLOOR}"
    assert precision >= PRECISION_FLOOR, f"gate precision {precision:.4f} fell below {PRECISION_FLOOR}"


def test_gate_floors_hold_for_every_layout_group(extracted: dict[str, Article]) -> None:
    by_group: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for p in PAGES:
        by_group[p.group].append(overlap(extracted[p.stem].text, p.expected["text"]))
    low = {
        group: (round(f1, 4), round(precision, 4))
        for group, counts in by_group.items()
        for f1, precision, _ in [f1_precision(counts)]
        if f1 < GROUP_F1_FLOOR or precision < GROUP_PRECISION_FLOOR
    }
    assert low == {}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_keeps_every_article_paragraph(page: GoldenPage, extracted: dict[str, Article]) -> None:
    text = normalized(extracted[page.stem].text)
    assert [m for m in page.expected["must_remain"] if normalized(m) not in text] == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_drops_its_boilerplate(page: GoldenPage, extracted: dict[str, Article]) -> None:
    text = extracted[page.stem].text
    assert [m for m in page.expected["must_go"] if m in text] == []


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.stem)
def test_page_date_title_and_encoding(page: GoldenPage, extracted: dict[str, Article]) -> None:
    article = extracted[page.stem]
    assert article.published_at is not None
    assert article.published_at.tzinfo is not None
    assert article.published_at.date().isoformat() == page.expected["date"]
    assert article.title == page.expected["title"]
    assert article.encoding == page.expected["encoding"]
