"""The cleaner's scanning shortcuts give exactly the answers of the plain way they replace: the date search,
clause marks, box scoring without a box per leaf, and class words read once for title search and pruning."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

import lxml.html
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.cleaning import dates, regex_facts
from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.content import (
    CLAUSE_MARK,
    MIN_BR_CONTAINER_CHARS,
    MIN_PARAGRAPH_CHARS,
    paragraph_score,
    score_boxes,
)
from crawler.cleaning.parsing import parse_html
from crawler.cleaning.pruning import drop_chrome, drop_widgets
from crawler.cleaning.text_lines import comparable, comparable_lines
from crawler.cleaning.title import title_candidates

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from scoring import GoldenPage, golden_pages

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DATE_PIECES = st.sampled_from(
    ["2023", "2019", "1999", "12", "3", "08", "31", "9", "１９", "٣", "-", ".", "/", "년", "월", "일", ". ", " ", "  ",
     "\n", "T", "t", ":", "시", "오전", "오후", "PM", "am", "(수)", "+09:00", "+24:00", "-2359", "+23:60", "Z", "z",
     "March", "mar", "SEPT", "ſep", "Sept.", "dec", "Decision", "May", "st", "th", ",", "입력", "수정", "등록일",
     "작성일", "Date", "Posted on:", "Updated", "최종수정", "기사입력", "송고", "02", "010", "1588", "다.", "가",
     "a", "x"]
)  # fmt: skip
DATE_TEXTS = st.lists(DATE_PIECES, max_size=30).map("".join)


def outcome(function: Callable[..., object], *args: object) -> str:
    """What a call gives, or the error it raises (from_match raises on a few odd spellings, old code and new)."""
    try:
        return repr(function(*args))
    except (KeyError, ValueError) as error:
        return f"{type(error).__name__}: {error}"


def test_date_starts_hold_every_character_a_date_can_start_with() -> None:
    month_starts = regex_facts.start_chars(regex_facts.parse(dates.MONTH_NAMES))
    assert month_starts
    # DATE_IN_TEXT's branches open with "19|20", a digit, a month name (case ignored).
    first = re.compile(r"\d|(?i:[" + "".join(sorted(month_starts)) + "])")
    starts = re.compile(dates.DATE_STARTS)
    for code in range(0x110000):
        char = chr(code)
        if first.match(char):
            assert starts.match(char), hex(code)


def test_only_t_is_a_t_and_only_the_long_s_is_an_odd_month_letter() -> None:
    # "ſ" is the one character re.IGNORECASE takes for a month name's letter that lower() does not turn into it
    # (from_match then finds no month: no date).
    letters = set("".join(dates.MONTHS))
    for code in range(0x110000):
        char = chr(code)
        if re.fullmatch("(?i:t)", char):
            assert char in "Tt"
        for letter in letters:
            if re.fullmatch(f"(?i:{letter})", char) and char.lower() != letter:
                assert char == "ſ"


@FAST
@given(DATE_TEXTS)
def test_the_date_search_finds_what_finditer_finds(text: str) -> None:
    plain = [(match.span(), match.groupdict()) for match in dates.DATE_IN_TEXT.finditer(text)]
    assert [(match.span(), match.groupdict()) for match in dates.date_matches(text)] == plain


def eager_pick_visible_date(after_title: str, before_title: str) -> datetime | None:
    """pick_visible_date reading every date of the text after the title, as it did before it read lazily."""
    after = dates.dates_in_text(after_title)
    for parsed, kind in after:
        if kind == "published":
            return parsed
    before = dates.dates_in_text(before_title)
    for wanted in ("published", ""):
        for parsed, kind in after + before[::-1]:
            if kind == wanted:
                return parsed
    return None


@FAST
@given(DATE_TEXTS, DATE_TEXTS)
def test_reading_dates_lazily_gives_what_reading_them_all_gives(after: str, before: str) -> None:
    assert outcome(dates.pick_visible_date, after, before) == outcome(eager_pick_visible_date, after, before)
    first, plain_first = next(dates.date_matches(after), None), dates.DATE_IN_TEXT.search(after)
    assert (first and first.span()) == (plain_first and plain_first.span())


def test_a_month_or_zone_that_is_none_makes_no_date_and_no_error() -> None:
    # re.IGNORECASE lets "ſep" match a month name and the zone pattern takes "+24:00"; neither is a date.
    seoul = dates.SEOUL
    assert dates.pick_visible_date("ſep 3, 2019 입력 2019.03.08", "") == datetime(2019, 3, 8, tzinfo=seoul)
    assert dates.pick_visible_date("2019-03-08T10:00+24:00 2019-03-09", "") == datetime(2019, 3, 9, tzinfo=seoul)
    assert dates.pick_visible_date("2019-03-08 10:00+23:60", "") is None
    korea = timezone(timedelta(hours=9))
    assert dates.parse_date("2019-03-08T10:00:00+09:00") == datetime(2019, 3, 8, 10, tzinfo=korea)


CLAUSE_TEXTS = st.lists(
    st.sampled_from(
        [",", "，", "、", "다.", "다", ".", "!", "?", "。", " ", "\n", "\t", "a", "가", "\u3000", "\u2028"]
    ),
    max_size=30,
).map("".join)


@FAST
@given(CLAUSE_TEXTS)
def test_clause_marks_are_the_plain_alternation(text: str) -> None:
    assert CLAUSE_MARK.findall(text) == re.findall(r"[,，、]|다\.|[.!?。](?=\s|$)", text)


@FAST
@given(st.lists(st.text(max_size=30), max_size=8))
def test_keys_come_from_the_joined_text_unless_a_line_holds_a_newline(lines: list[str]) -> None:
    keys = comparable_lines("\n".join(lines), len(lines))
    if lines and not any("\n" in line for line in lines):
        assert keys == [comparable(line) for line in lines]


@dataclass
class PlainBox:
    parts: list[str] = field(default_factory=list)
    own_link: int = 0
    total: int = 0
    link_total: int = 0
    blocks: int = 0
    breaks: int = 0
    score: float = 0.0


def plain_score_boxes(root: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, float, int, int]]:
    """score_boxes the plain way: a box for every element, leaves too."""
    stack: list[PlainBox] = []
    found = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        if event == "start":
            box = PlainBox()
            if el.text:
                box.parts.append(el.text)
                box.total = len(el.text.strip())
            stack.append(box)
            continue
        box = stack.pop()
        own = "".join(box.parts).strip()
        tag = el.tag if isinstance(el.tag, str) else ""
        inline = tag in vocab.INLINE_TAGS
        if tag == "a":
            box.link_total = box.total
        if not inline and len(own) >= MIN_PARAGRAPH_CHARS:
            score = paragraph_score(own, box.own_link)
            holds_itself = tag not in vocab.PARAGRAPH_TAGS and (
                box.blocks > 0 or (box.breaks >= 2 and len(own) >= MIN_BR_CONTAINER_CHARS)
            )
            chain = [box, *stack[::-1][:2]] if holds_itself else stack[::-1][:3]
            for weight, holder in zip((1.0, 0.5, 0.25), chain, strict=False):
                holder.score += score * weight
        if box.score > 0:
            found.append((el, box.score, box.total, box.link_total))
        if stack:
            parent = stack[-1]
            parent.total += box.total + len((el.tail or "").strip())
            parent.link_total += box.link_total
            if inline:
                parent.parts.append(own if tag == "a" else "".join(box.parts))
                parent.own_link += len(own) if tag == "a" else box.own_link
            else:
                parent.parts.append("\n")
                if tag == "br":
                    parent.breaks += 1
                else:
                    parent.blocks += 1
            if el.tail:
                parent.parts.append(el.tail)
    return found


FRAGMENTS = st.sampled_from(
    ["<p>", "</p>", "<div>", "</div>", "<br>", "<a href=x>", "</a>", "<span>", "</span>", "<b>", "</b>", "<li>",
     "<h1>", "</h1>", "<td>", "지역 경제 활성화를 위해 지원 사업을 추진한다고 밝혔다. ", "링크 ", "  ", "\n",
     "a, b, c. ",
     "<img src=x>", "<!-- c -->", "<article>", "</article>", "x" * 30, "다. 다. 다. "]
)  # fmt: skip


@FAST
@given(st.lists(FRAGMENTS, max_size=40).map("".join))
def test_scoring_without_leaf_boxes_gives_the_plain_scores(html: str) -> None:
    root = parse_html("<html><body>" + html + "</body></html>")
    assert root is not None
    fast = [(c.element, c.score, c.total, c.link_total) for c in score_boxes(root)]
    assert fast == plain_score_boxes(root)


@pytest.mark.parametrize("page", golden_pages(), ids=lambda page: page.stem)
def test_class_words_read_once_give_what_reading_attributes_gives(page: GoldenPage) -> None:
    text = page.body.decode("utf-8", "replace")
    roots = [parse_html(text), parse_html(text)]
    assert roots[0] is not None and roots[1] is not None
    drop_chrome(roots[0])
    words = drop_chrome(roots[1])
    assert [c.element.tag for c in score_boxes(roots[1])] == [el.tag for el, *_ in plain_score_boxes(roots[1])]
    plain, fast = title_candidates(roots[0]), title_candidates(roots[1], words)
    assert [(el.getroottree().getpath(el), weight, titled) for el, weight, titled in plain] == [
        (el.getroottree().getpath(el), weight, titled) for el, weight, titled in fast
    ]
    drop_widgets(roots[0], set())
    drop_widgets(roots[1], set(), words)
    assert etree.tostring(roots[0]) == etree.tostring(roots[1])
