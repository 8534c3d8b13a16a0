"""The cleaner's shortcuts give exactly the answers of the plain way they replace."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.cleaning import regex_facts
from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.content import flush_paragraph
from crawler.cleaning.page_text import text_after_start, text_around
from crawler.cleaning.parsing import CONTROL_BYTES, CONTROL_CHARS, parse_html
from crawler.cleaning.pruning import drop_chrome
from crawler.cleaning.text_lines import NON_WORD, boilerplate_lines, comparable

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from scoring import GoldenPage, golden_pages

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PATTERN_SETS = [vocab.BOILERPLATE_LINES, vocab.BYLINE_PREFIXES, vocab.TRAILING_NOISE, vocab.WIDGET_HEADINGS]
ONE_ALTERNATION = re.compile("|".join(f"(?:{p})" for p in vocab.BOILERPLATE_LINES))
# Pieces of boilerplate and of prose; few per line, as some vocabulary patterns backtrack badly on long lines.
PIECES = [
    "기자",
    "홍길동",
    "특파원",
    "kim@example.com",
    "사진=연합뉴스",
    "(사진=부산시 제공)",
    "/사진=경기도",
    "ⓒ 경기도",
    "All Rights Reserved",
    "무단전재 및 재배포 금지",
    "2023. 03. 08.",
    "2019년 3월 12일",
    "입력 2018.09.19",
    "작성일18-09-19",
    "조회1,305회",
    "By Jane Doe",
    "Photo: Yonhap",
    "(Photo: Yonhap)",
    "출처: 경상남도",
    "카카오톡 공유",
    "50%",
    "도청은 지원 사업을 추진한다고 밝혔다.",
    "The province said.",
    "기자입니다",
    "·",
    "|",
    "•",
    "=",
]
LINES = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " ", " · ", ", "]), min_size=len(parts), max_size=len(parts)).map(
        lambda seps: "".join(sep + part for sep, part in zip(seps, parts, strict=True)).strip()
    )
)


@pytest.mark.parametrize("patterns", PATTERN_SETS)
def test_every_vocabulary_pattern_loses_its_captures_and_keeps_its_meaning(patterns: tuple[str, ...]) -> None:
    for pattern in patterns:
        rewritten = regex_facts.without_captures(pattern)
        assert re.compile(rewritten).groups == 0, pattern
        assert regex_facts.shape(regex_facts.parse(rewritten)) == regex_facts.shape(regex_facts.parse(pattern))


def test_without_captures_leaves_what_it_cannot_rewrite() -> None:
    assert regex_facts.without_captures(r"(a)\1") == r"(a)\1"  # a backreference needs its group
    assert regex_facts.without_captures(r"[(\]](x)\(") == r"[(\]](?:x)\("
    assert regex_facts.without_captures(r"(?P<n>a)(?:b)") == r"(?P<n>a)(?:b)"


def test_facts_read_from_parse_trees() -> None:
    dateline = regex_facts.parse(r"(?=.{0,60}$).*(19|20)\d{2}")
    assert regex_facts.length_bounds(dateline) == (4, 61)  # "$" may stand before a final newline
    assert regex_facts.length_bounds(regex_facts.parse(r"(?=.{0,9}\Z)a+")) == (1, 9)
    assert regex_facts.required_literals(regex_facts.parse(r".{0,9}(기자|특파원)\s*@")) == [
        frozenset({"기자", "특파원"}),
        frozenset({"@"}),
    ]
    assert regex_facts.required_literals(regex_facts.parse(r"(?i)abc")) == []
    assert regex_facts.required_literals(regex_facts.parse(r"(a|b?)c?")) == []
    assert regex_facts.first_chars(regex_facts.parse(r"(기사\s?)?공유")) == frozenset("기공")
    assert regex_facts.first_chars(regex_facts.parse(r".{0,30}기자")) is None
    assert regex_facts.first_chars(regex_facts.parse(r"[가-힣]{2}")) is None


@FAST
@given(LINES)
def test_line_patterns_answer_as_one_alternation_does(line: str) -> None:
    assert boilerplate_lines().fullmatch_any(line) == (ONE_ALTERNATION.fullmatch(line) is not None)


def test_line_patterns_on_the_seed_lines() -> None:
    seeds = Path(__file__).parent / "golden" / "seeds"
    lines = [line.strip() for path in sorted(seeds.glob("*.txt")) for line in path.read_text("utf-8").splitlines()]
    assert lines
    for line in lines:
        assert boilerplate_lines().fullmatch_any(line) == (ONE_ALTERNATION.fullmatch(line) is not None), line


@FAST
@given(st.text(max_size=80) | LINES)
def test_comparable_is_the_word_characters_lowercased(line: str) -> None:
    assert comparable(line) == NON_WORD.sub("", line).lower()


@FAST
@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=4), st.integers(0, 30))
def test_flush_paragraph_folds_spacing_as_split_and_join_do(buffer: list[str], link_chars: int) -> None:
    out: list[str] = []
    text = " ".join("".join(buffer).split())
    flush_paragraph(list(buffer), link_chars, out)
    assert out == ([text] if text and link_chars <= 0.5 * len(text) else [])


def test_control_bytes_are_the_control_characters() -> None:
    assert bytes(code for code in range(128) if CONTROL_CHARS.match(chr(code))) == CONTROL_BYTES


@pytest.mark.parametrize("page", golden_pages()[:8], ids=lambda page: page.stem)
def test_text_after_start_is_the_start_of_text_around(page: GoldenPage) -> None:
    root = parse_html(page.body.decode("utf-8", "replace"))
    assert root is not None
    drop_chrome(root)
    elements = list(root.iter())
    for title_el in [None, *elements[:: max(1, len(elements) // 10)]]:
        _, after = text_around(root, title_el)
        for limit in (0, 1, 50, 1500, 10**6):
            assert text_after_start(root, title_el, limit) == after[:limit]
