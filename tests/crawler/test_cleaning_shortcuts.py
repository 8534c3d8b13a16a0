"""The cleaner's shortcuts give exactly the answers of the plain way they replace."""

from __future__ import annotations

import dataclasses
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.cleaning import bylines, regex_facts, text_lines
from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.content import JOINING_NODES, collect_separate_pieces, flush_paragraph, walk_paragraphs
from crawler.cleaning.decoding import decode_html, html_source
from crawler.cleaning.extraction import byline_after_title
from crawler.cleaning.metadata import byline_in_text, find_attachments
from crawler.cleaning.page_text import text_pieces
from crawler.cleaning.parsing import CONTROL_BYTES, CONTROL_CHARS, parse_html
from crawler.cleaning.pruning import drop_chrome
from crawler.cleaning.text_lines import (
    FOLDED_CHARS,
    LIST_BULLET,
    NEEDS_FOLDING,
    NON_WORD,
    boilerplate_lines,
    clean_lines,
    comparable,
    comparable_lines,
    line_keys,
    normalize_line,
    normalize_lines,
)

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
    "▶",
    "공공누리",
    "조건에 따라 이용할 수 있습니다.",
    "만족하십니까?",
    "매우만족",
    "보통",
    "좋아요 0",
    "네이버 구독하기",
    "프린트",
    "페이스북",
    "관련기사 :",
    "기사제보",
    "보도자료",
    "글·사진",
    "/수원=홍길동",
    "(hong@example.com)",
    "보도일시 : 2024. 6. 3.(월)",
    "조회 : 532",
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
    assert out == ([normalize_line(text)] if text and link_chars <= 0.5 * len(text) else [])


def test_control_bytes_are_the_control_characters() -> None:
    assert bytes(code for code in range(128) if CONTROL_CHARS.match(chr(code))) == CONTROL_BYTES


def every_character() -> list[str]:
    return [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]


def test_the_character_facts_the_shortcuts_count_on() -> None:
    characters = every_character()
    # Whitespace other than the plain space, and every character normalize_line folds, are unprintable.
    assert not any(char.isprintable() for char in characters if char.isspace() and char != " ")
    assert not any(char.isprintable() for char in FOLDED_CHARS)
    assert {char for char in characters if NEEDS_FOLDING.match(char)} == set(FOLDED_CHARS)
    # A list bullet never starts with a word character; \w is str.isalnum plus "_".
    assert not any(LIST_BULLET.match(char) and (char.isalnum() or char == "_") for char in characters)
    assert all((re.match(r"\w", char) is not None) == (char.isalnum() or char == "_") for char in characters)


@FAST
@given(st.lists(st.text(max_size=30) | LINES, max_size=8))
def test_whole_text_passes_give_the_line_by_line_answers(lines: list[str]) -> None:
    assert normalize_lines(lines) == [normalize_line(line) for line in lines]
    keys = comparable_lines("\n".join(lines), len(lines))
    assert keys is None or keys == [comparable(line) for line in lines]
    # In runs of any length: runs end between lines (or at a line holding "\n", which falls back line by line).
    for run_chars in (1, 25, 60, 500):
        assert line_keys(lines, run_chars) == [comparable(line) for line in lines]
    patterns = boilerplate_lines()
    telling = patterns.lines_with_telling("\n".join(lines), lines)
    assert patterns.any_telling is not None
    assert telling == {index for index, line in enumerate(lines) if patterns.any_telling.search(line)}
    for index, line in enumerate(lines):
        if index not in telling:  # the whole-text search says the guarded patterns cannot match
            assert patterns.fullmatch_any(line, may_be_guarded=False) == patterns.fullmatch_any(line)


def test_keys_on_the_joined_text_keep_final_sigma_and_odd_cases() -> None:
    lines = ["ΟΔΟΣ", "ΣΑΣ ΣΑΣ", "İstanbul", "\u212aelvin", "abc"]
    assert comparable_lines("\n".join(lines), len(lines)) == [comparable(line) for line in lines]


ODD_LINES = st.sampled_from(
    ["가나다 라마.", "• 카카오톡 공유", "- 항목입니다", "_x", "'따옴표'", "[홍길동 기자] 본문."]
)


@FAST
@given(st.lists(LINES | ODD_LINES, max_size=8))
def test_clean_lines_on_normalised_lines_skips_only_the_normalising(lines: list[str]) -> None:
    normal = [normalize_line(line) for line in lines]
    assert clean_lines(normal, title="", normalized=True) == clean_lines(lines)
    # The first-character gate and the furniture gate leave the answer of the plain line-by-line test.
    kept = []
    seen: set[str] = set()
    for line in normal:
        if not line or text_lines.is_boilerplate_line(line):
            continue
        stripped = text_lines.strip_line_furniture(line)
        if not stripped or (stripped != line and text_lines.is_boilerplate_line(stripped)):
            continue
        key = comparable(stripped)
        if key and key not in seen:
            seen.add(key)
            kept.append(stripped)
    assert clean_lines(normal, normalized=True) == kept


BYLINES = st.sampled_from(["홍길동 기자", "By Jane Doe", "기\u200b자 김철수", "\u200bBy Jane"])


@FAST
@given(st.lists(st.text(max_size=40) | LINES | BYLINES, max_size=6))
def test_byline_after_title_reads_lines_only_when_one_may_hold_a_byline(lines: list[str]) -> None:
    after = "\n".join(lines)
    plain = byline_in_text(normalize_line(raw) for raw in after.splitlines() if raw and normalize_line(raw))
    assert byline_after_title(after) == plain


# Pieces of bylines, datelines and signatures, and of their near misses.
BYLINE_PIECES = [
    "홍길동",
    "김철수",
    "기자",
    "특파원",
    "선임기자",
    "(수원=연합뉴스)",
    "[창원=뉴시스]",
    "광주=",
    "사진=",
    "글·사진",
    "/",
    "=",
    "[",
    "]",
    "<",
    ">",
    "hong@yna.co.kr",
    "(jane@heraldcorp.com)",
    "By",
    "Jane Doe",
    "Kim Min-ji",
    "Reporter:",
    ", Staff Reporter",
    "Korea Herald",
    "|",
    "도청은 지원 사업을 추진한다고 밝혔다.",
    "The province said it would expand the bus network to every rural county by the end of next year.",
]
BYLINE_LINES = st.lists(st.sampled_from(BYLINE_PIECES), min_size=1, max_size=5).flatmap(
    lambda parts: st.lists(st.sampled_from(["", " "]), min_size=len(parts), max_size=len(parts)).map(
        lambda seps: "".join(sep + part for sep, part in zip(seps, parts, strict=True)).strip()
    )
)
PROSE_LINE = (
    "경기도는 2030년까지 도내 산업단지 10곳을 재생에너지 100% 사용 산업단지로 전환한다고 1일 밝혔다. "
    "도는 올해 시범단지를 고른다."
)


@FAST
@given(st.lists(BYLINE_LINES | LINES | st.just(PROSE_LINE), max_size=10))
def test_byline_in_article_reads_lines_one_by_one_only_when_one_may_hold_a_byline(lines: list[str]) -> None:
    forms = bylines.byline_forms()
    for line in lines:  # the one-regex test of the whole-line forms passes every line that one of them matches
        if any(form.regex.fullmatch(line) for form in forms.whole):
            assert forms.any_whole.fullmatch(line) is not None
        if any(form.regex.match(line) for form in forms.lead):
            assert forms.any_lead.match(line) is not None
    with pytest.MonkeyPatch.context() as patch:  # no shortcuts: every lead line and every short line is read
        patch.setattr(bylines, "byline_marks", lambda: None)
        patch.setattr(bylines, "byline_forms", lambda: dataclasses.replace(forms, lead_marks=None))
        plain = bylines.byline_in_article(lines)
    assert bylines.byline_in_article(lines) == plain


@pytest.mark.parametrize("page", golden_pages()[:8], ids=lambda page: page.stem)
def test_text_pieces_are_itertext(page: GoldenPage) -> None:
    root = parse_html(page.body.decode("utf-8", "replace"))
    assert root is not None
    for element in root.iter():
        assert text_pieces(element) == list(element.itertext())
    drop_chrome(root)  # drop_tree rewrites tails: the pieces still match
    for element in root.iter():
        assert text_pieces(element) == list(element.itertext())


def test_a_box_without_inline_elements_gives_one_paragraph_per_piece() -> None:
    html = "<div><p> a  b </p>\n<p>c\u200bd</p><div>e<p>f</p>g</div><p>\u3000</p><br>h\t i<p></p></div>"
    root = parse_html(html)
    assert root is not None
    box = root.find(".//div")
    walked: list[str] = []
    walk_paragraphs(box, walked, start_after=None)
    fast: list[str] = []
    collect_separate_pieces(box, fast)
    assert fast == walked == ["a b", "cd", "e", "f", "g", "h i"]


@pytest.mark.parametrize("page", golden_pages(), ids=lambda page: page.stem)
def test_the_shortcut_for_plain_boxes_gives_what_the_walk_gives(page: GoldenPage) -> None:
    root = parse_html(page.body.decode("utf-8", "replace"))
    assert root is not None
    drop_chrome(root)
    for box in root.iter(etree.Element):
        if next(box.iter(*JOINING_NODES), None) is None:
            walked: list[str] = []
            walk_paragraphs(box, walked, start_after=None)
            fast: list[str] = []
            collect_separate_pieces(box, fast)
            assert fast == walked


# What may come before an XML declaration or the first tag: the bytes path must defer to the text path on the
# characters that str's \s matches and bytes' \s does not (\x1c-\x1f, non-ASCII spaces).
PAGE_STARTS = st.sampled_from(["", " ", "\n\t", "\x1c", "\x1f ", "\u00a0", "\u3000", "\x85", "\x0b", "\x00", "가"])
DECLARATIONS = st.sampled_from(["", "<?xml version='1.0' encoding='utf-8'?>", "<?xml", "<?xml >", "<?XML x?>"])
PAGE_BODIES = st.sampled_from(
    ["", " ", "\x0c\x1c", "가", "<p>\x01본문\x7f</p>", "\u3000", "<br>", "<h1>제목</h1><p>본문</p>"]
)


@FAST
@given(PAGE_STARTS, DECLARATIONS, PAGE_STARTS, PAGE_BODIES)
def test_parsing_a_pages_utf8_bytes_gives_the_tree_of_its_text(
    start: str, declaration: str, gap: str, body: str
) -> None:
    text = start + declaration + gap + body
    from_text, from_bytes = parse_html(text), parse_html(text.encode("utf-8"))
    assert (from_text is None) == (from_bytes is None)
    if from_text is not None and from_bytes is not None:
        assert etree.tostring(from_text) == etree.tostring(from_bytes)


def test_html_source_gives_bytes_only_when_they_are_the_text_in_utf8() -> None:
    for body, charset in [
        ("<p>보도자료</p>".encode(), None),
        (b"<p>plain</p>", None),
        (b"<meta charset='utf-8'><p>x</p>", None),
        (b"<meta charset='euc-kr'><p>x</p>", None),
        ("<p>보도자료</p>".encode("cp949"), "euc-kr"),
        (b"\xef\xbb\xbf<p>x</p>", None),
    ]:
        source, encoding = html_source(body, charset)
        assert (source.decode("utf-8") if isinstance(source, bytes) else source, encoding) == decode_html(body, charset)
        if isinstance(source, bytes):
            assert source == decode_html(body, charset)[0].encode("utf-8")


HREFS = st.sampled_from(
    ["a.PDF", "/files/%EB%B3%B4.hwp", "/x.hwp\n", "/x.h\twp", "http://[::1/x.pdf", "http://[bad", "http://a]b/x",
     "http://도청.kr/x.pdf", "/down?f=a.zip", "/x.Zip#f", "#x.pdf", " /x.docx ", "/x.do", "/x", "http://x\uff0fy/x.pdf",
     "/\u212a.pdf", "/x.pd%66", "", "JAVASCRIPT:alert(1)//r.zip", "java\tscript:x//a.pdf", "data:,a.pdf",
     "ftp://h/a.pdf"]
)  # fmt: skip
LINK_NAMES = st.sampled_from(["", "보도자료.hwp", "첨부 파일", "  a.PDF  ", "<b>bold.pdf</b>", "<span>a</span>.zip"])


def plain_attachments(root: etree._Element, base: str) -> list[tuple[str, str]] | str:
    """find_attachments' answer the plain way: every link's URL split and unquoted, every name read by XPath."""
    found: list[tuple[str, str]] = []
    try:
        for link in root.iter("a"):
            href = (link.get("href") or "").strip()
            if not href or href.startswith(("#", "javascript:", "mailto:")):
                continue
            name = " ".join(link.text_content().split()) or (link.get("title") or "").strip()
            try:
                path = unquote(urlsplit(href).path).lower()
                url = urljoin(base, href)
                web = urlsplit(url).scheme in ("http", "https")
            except ValueError:
                continue
            names_a_file = path.endswith(vocab.ATTACHMENT_EXTENSIONS) or name.lower().endswith(
                vocab.ATTACHMENT_EXTENSIONS
            )
            if names_a_file and web and url not in [seen for _, seen in found]:
                found.append((name or path.rsplit("/", 1)[-1], url))
    except ValueError as error:
        return f"ValueError: {error}"
    return found


@FAST
@given(st.lists(st.tuples(HREFS, LINK_NAMES), max_size=6))
def test_attachments_skip_only_links_that_cannot_name_a_file(links: list[tuple[str, str]]) -> None:
    html = "<p>" + "".join(f"<a href='{href}'>{name}</a>" for href, name in links) + "</p>"
    root = parse_html(html)
    assert root is not None
    try:
        fast: list[tuple[str, str]] | str = [
            (item.name, item.url) for item in find_attachments(root, "http://example.go.kr/a/")
        ]
    except ValueError as error:
        fast = f"ValueError: {error}"
    assert fast == plain_attachments(root, "http://example.go.kr/a/")
