"""The enrichment's shortcuts give what the plain computation they stand for gives, on any text.

Topics and regions look bigrams up in tables (BigramTable) in a long Korean text and use a regex in
others; MinHash finds words with a table of word characters; the trailer search starts where a trailer
can. Each is checked here against the plain way, so that no signature, topic or region depends on which
way was taken.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType

from hypothesis import example, given, settings
from hypothesis import strategies as st

from indexer.enrich import (
    RegionGazetteer,
    TopicVocabulary,
    boilerplate,
    classify_topics,
    dedup,
    regions,
    tag_regions,
    topics,
)
from indexer.enrich.bigrams import BigramTable, code_points

# Pieces that exercise the shortcuts' edges: characters just outside the Hangul block, beyond the BMP,
# lone surrogates, case folding (İ, K, ſ), whitespace other than spaces, terms with spaces, trailers.
_PIECES = [
    "천안시",
    "부산 중구",
    "경남 고성군",
    "Busan",
    "Jung-gu, Busan",
    "Cheonan-si",
    "스마트 시티",
    "스마트\n\n시티",
    "스마트시티",
    "인공지능",
    "교육청",
    "하하하",
    "AI",
    "smart cities",
    " ",
    "  ",
    "\n",
    "\t",
    "\u3000",
    "\xa0",
    "·",
    ",",
    ".",
    "_",
    "-",
    "@",
    "ㄱ",
    "힣",
    "가",
    "\uabff",
    "\ud7a4",
    "😀",
    "𠀀",
    "\ud800",
    "İ",
    "K",
    "ſ",
    "ﬁ",
    "kim@example.co.kr",
    "기자입니다",
    "무단 전재",
    "무단\n전재",
    "재배포 금지",
    "저작권자",
    "ⓒ",
    "Ⓒ",
    "©",
    "All Rights Reserved",
    "COPYRİGHT",
    "copyright",
]
_TEXTS = st.lists(st.sampled_from(_PIECES) | st.text(max_size=8), max_size=120).map("".join)


def test_bigram_table_counts_every_position() -> None:
    table = BigramTable(["가나", "나다", "a가", "😀x"])
    text = "가나다 가나 a가나\uabff가나😀x 나다"
    expected = Counter(text[i : i + 2] for i in range(len(text) - 1))
    assert table.counts(code_points(text)) == {pair: expected[pair] for pair in table.bigrams if expected[pair]}
    assert table.counts(code_points("")) == {} == table.counts(code_points("가"))


@settings(max_examples=200, deadline=None)
@given(_TEXTS)
def test_bigram_table_agrees_with_slicing(text: str) -> None:
    table = BigramTable(["천안", "안시", "스마", "마트", "시티", "교육", "육청", "하하"])
    expected = Counter(text[i : i + 2] for i in range(len(text) - 1))
    assert table.counts(code_points(text)) == {pair: expected[pair] for pair in table.bigrams if expected[pair]}


@contextmanager
def _table_threshold(module: ModuleType, value: int) -> Iterator[None]:
    """The module's TABLE_MIN_NON_ASCII set to `value` (0: always tables; huge: never)."""
    saved = module.TABLE_MIN_NON_ASCII
    module.TABLE_MIN_NON_ASCII = value
    try:
        yield
    finally:
        module.TABLE_MIN_NON_ASCII = saved


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.sampled_from([None, "KR-11", "KR-26", "KR-48"]))
def test_regions_are_the_same_with_and_without_tables(text: str, context: str | None) -> None:
    gazetteer = RegionGazetteer.default()
    with _table_threshold(regions, 0):
        with_tables = tag_regions(text, context_province=context, gazetteer=gazetteer)
    with _table_threshold(regions, 10**9):
        assert tag_regions(text, context_province=context, gazetteer=gazetteer) == with_tables


@settings(max_examples=150, deadline=None)
@given(_TEXTS, st.sampled_from(["", "스마트시티 포럼", "AI"]))
def test_topics_are_the_same_with_and_without_tables(text: str, title: str) -> None:
    with _table_threshold(topics, 0):
        with_tables = classify_topics(text, title)
    with _table_threshold(topics, 10**9):
        assert classify_topics(text, title) == with_tables


_SPACED = [
    "스마트",
    "시티",
    "도시",
    "김",
    "양식",
    "외국인",
    "주민",
    " ",
    "  ",
    "\n\n",
    "\t",
    "\u3000",
    "스마트 시티",
    "교육",
]


@settings(max_examples=200, deadline=None)
@given(_TEXTS | st.lists(st.sampled_from(_SPACED), max_size=40).map("".join))
def test_topics_count_in_the_text_as_in_it_single_spaced(text: str) -> None:
    # Terms are counted in the text itself: hits must be those in the text with whitespace runs made
    # single spaces, whichever whitespace the text has between a term's words.
    vocabulary = TopicVocabulary.default()
    assert topics._count(text, vocabulary) == topics._count(topics._single_spaces(text), vocabulary)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_minhash_words_are_those_of_the_regex(text: str) -> None:
    words = " ".join(re.findall(r"\w+", unicodedata.normalize("NFKC", text).lower()))
    assert dedup._normal_codes(text).tolist() == [ord(char) for char in words]


_TRAILERS = ["kim@example.co.kr", "a.b+c@x-y.kr", "@", "x", "천안", "무단", "전재", "ⓒ", "Copyright", " ", "\n"]


@settings(max_examples=300, deadline=None)
@given(_TEXTS | st.lists(st.sampled_from(_TRAILERS), max_size=30).map("".join), st.floats(0, 1))
@example("본문 kim@example.co.kr", 0.1)
@example("무단kim@example.co.kr 무단 전재", 0.0)
def test_trailer_search_finds_what_the_pattern_finds(text: str, share: float) -> None:
    start = int(len(text) * share)
    found, expected = boilerplate._trailer(text, start), boilerplate._TRAILER.search(text, start)
    assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*_PIECES, "a", "B", "-", "--", "x-Yz", "1", "é"]), max_size=60).map("".join))
def test_capitalised_words_are_those_of_the_word_pattern(text: str) -> None:
    expected = [word.span() for word in regions._ENGLISH_WORD.finditer(text) if word.group()[0].isupper()]
    assert [word.span() for word in regions._CAPITALISED_WORD.finditer(text)] == expected
