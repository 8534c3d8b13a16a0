"""The reporter a news page names in the article's own lines: its dateline, its signature, its byline box.

The cleaner drops most of these lines as furniture ("(서울=연합뉴스) 홍길동 기자 =", "홍길동 기자 hong@yna.co.kr",
"By Jane Doe, Staff Reporter") and keeps a few as they are ("Reporter: Kim Min-ji"); this module reads the
name off them and changes neither. It reads a line only where bylines stand (the article's first lines, and
its tail from the last line of prose on), only in one of a few whole forms, and only a name that looks like
one (reporter_names.py, which also gives the name its form: "홍길동 기자", "정태관", "Jane Doe"): a wrong
byline is worse than none.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from operator import methodcaller

import lxml.html
from lxml import etree

from crawler.cleaning import byline_words as words
from crawler.cleaning import regex_facts
from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.pruning import ClassWords
from crawler.cleaning.reporter_names import EN_WORD, credits_the_writer, english_byline, korean_byline, signs_with
from crawler.cleaning.text_lines import normalize_line

# The article's first lines, where a dateline opens it ("(서울=연합뉴스) 홍길동 기자 = …").
LEAD_LINES = 5
# A line this long is prose; a byline line is shorter. Bylines past the lead stand after the last prose line.
PROSE_CHARS = 80
# A long line holding one of these is the copyright notice under the byline, not prose, unless it is longer
# still. Plain `in` tests: a regex alternation of them scans English text several times slower.
COPYRIGHT_MARKS = ("©", "ⓒ", "Ⓒ", "opyright", "OPYRIGHT", "저작권", "무단", "eserved", "ESERVED")
MAX_COPYRIGHT_CHARS = 200

EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
ADDRESS = rf"(?:\s*[/(<\[]?\s*{EMAIL}\s*[)>\]]?)?"
HANGUL_NAME = r"[가-힣]{2,4}"
NAMES = rf"{HANGUL_NAME}(?:\s?[·,]\s?{HANGUL_NAME}){{0,2}}"
# After a wire dateline names may also stand a space apart: "(서울=연합뉴스) 홍길동 김철수 기자 =".
SPACED_NAMES = rf"{HANGUL_NAME}(?:(?:\s?[·,]\s?|\s){HANGUL_NAME}){{0,2}}"
# A place or a credit before "=": "광주", "글·사진", "취재·정리".
CREDIT_OR_PLACE = r"[가-힣]{1,10}(?:[·/][가-힣]{1,4}){0,2}"
CREDIT_PARTS = re.compile(r"[·/]")  # "글·사진", "글/사진"
# A paper or desk before the name: "추적사건25시 유규상 기자", "경기일보 사회부 홍길동 기자".
OUTLET_BEFORE = r"[\w·]{1,12}(?:\s[\w·]{1,12})?"

EN_NAME = rf"{EN_WORD}(?:\s{EN_WORD}){{1,3}}"
EN_NAMES = rf"{EN_NAME}(?:,?\s(?:and|&)\s{EN_NAME})?"
# After an English name: ", Staff Reporter", " | The Korea Herald", an address, Reuters' "; Editing by …".
EN_TAIL = (
    rf"(?:\s*[,|/–—-]\s*(?P<tail>[A-Za-z][\w&.' ]{{0,50}}?))?{ADDRESS}"
    r"(?:\s*;\s*(?:Editing|Additional reporting|Writing) by [^;]{1,60})?"
)


def alternation(options: Iterable[str]) -> str:
    """A regex matching any of `options` (longest first, so that "선임기자" is tried before "기자")."""
    return "|".join(sorted(options, key=lambda option: (-len(option), option)))


@dataclass(frozen=True, slots=True)
class BylineForm:
    """One way a line is written when it is a byline, and how to read the name off a match."""

    pattern: str
    regex: re.Pattern[str]
    read: Callable[[re.Match[str]], str | None]


def byline_form(pattern: str, read: Callable[[re.Match[str]], str | None]) -> BylineForm:
    return BylineForm(pattern, re.compile(pattern), read)


def any_of(forms: tuple[BylineForm, ...]) -> re.Pattern[str]:
    """One regex that matches where any of the forms does: a line that fails it is tried against none of them."""
    # Forms share group names, which one alternation cannot hold; the test needs no groups anyway.
    return re.compile("|".join(f"(?:{GROUP_NAME.sub('(?:', each.pattern)})" for each in forms))


GROUP_NAME = re.compile(r"\(\?P<\w+>")


@dataclass(frozen=True, slots=True)
class BylineForms:
    """The forms by where they are tried: a whole line (or a "|"-separated part of one), the start of a lead
    line, the end of a tail line; with the one-regex tests for the first two."""

    whole: tuple[BylineForm, ...]
    lead: tuple[BylineForm, ...]
    trail: tuple[BylineForm, ...]
    any_whole: re.Pattern[str]
    any_lead: re.Pattern[str]
    lead_marks: re.Pattern[str] | None  # finds a string that every match of some lead form holds (marks_of)
    mention: re.Pattern[str]  # a name and a role anywhere in a line
    role_marks: tuple[str, ...]  # every role holds one of these ("기자" in "선임기자")


@cache
def byline_forms() -> BylineForms:
    """The line forms, compiled on first use."""
    role = alternation(words.KOREAN_ROLES)
    credits = alternation(words.TEXT_CREDITS)
    labels = alternation(words.KOREAN_ROLE_LABELS)
    name_label = words.KOREAN_NAME_LABEL
    by = alternation(words.ENGLISH_BY)
    en_labels = alternation(words.ENGLISH_ROLE_LABELS)
    two_credits = alternation(credit for credit in words.TEXT_CREDITS if CREDIT_PARTS.search(credit))
    whole = (
        # 홍길동 기자 / [홍길동 기자] / 홍길동 기자(hong@x.com) / 글·사진=홍길동 기자 / /수원=홍길동 기자 hong@x.com /
        # 취재 홍길동 기자 / 추적사건25시 유규상 기자 / <홍길동 기자>
        byline_form(
            rf"[\[(<【]?\s?/?\s?(?:(?P<left>{CREDIT_OR_PLACE})\s?[=:]\s?|(?:{credits})\s|(?P<before>{OUTLET_BEFORE})\s)??"
            rf"(?P<names>{NAMES})\s?(?P<role>{role}){ADDRESS}\s?[\])>】]?",
            read_korean,
        ),
        # 기자명 홍길동 / 기자 : 홍길동
        byline_form(
            rf"(?:{name_label}\s?[:：]?|(?:{labels})\s?[:：])\s?(?P<names>{NAMES})(?:\s?(?P<role>{role}))?{ADDRESS}",
            read_labelled,
        ),
        # 광주=정태관 / 광주=정태관 ctk3312@mt.co.kr
        byline_form(
            rf"[\[(<]?\s?/?\s?(?P<left>{CREDIT_OR_PLACE})\s?=\s?(?P<names>{NAMES})(?P<address>{ADDRESS})\s?[\])>]?",
            read_dateline,
        ),
        # 글·사진 홍길동
        byline_form(rf"(?:{two_credits})\s?[=:]?\s?(?P<names>{NAMES}){ADDRESS}", read_credited),
        # By Jane Doe / By Jane Doe, Staff Reporter / (Reporting by Jane Doe; Editing by John Roe)
        byline_form(rf"\(?(?:{by})\s+(?P<en>{EN_NAMES}){EN_TAIL}\)?", read_english),
        # Reporter: Kim Min-ji / Correspondent Jane Doe
        byline_form(rf"(?:{en_labels})\s?[:：]?\s+(?P<en>{EN_NAMES}){EN_TAIL}", read_english),
        # Jane Doe / Korea Herald (jane@heraldcorp.com) / Kim Min-ji (minji@koreatimes.co.kr)
        byline_form(
            rf"(?P<en>{EN_NAMES})\s*(?:[/|,–—-]\s*(?P<tail>[A-Za-z][\w&.' ]{{0,50}}?))?"
            rf"\s*[(<\[]?\s*(?P<address>{EMAIL})\s*[)>\]]?",
            read_signature,
        ),
        # Jane Doe / The Korea Herald
        byline_form(rf"(?P<en>{EN_NAMES})\s*/\s*(?P<outlet>[A-Za-z][\w&.' ]{{0,50}})", read_signed),
    )
    lead = (
        # (서울=연합뉴스) 홍길동 기자 = / [창원=뉴시스] 홍길동 기자 = / 【서울=뉴시스】홍길동 기자 = / a line of its own
        byline_form(
            rf"[(\[【<]\s?[^()\[\]【】<>=]{{1,20}}=[^()\[\]【】<>=]{{1,20}}[)\]】>]\s?"
            rf"(?P<names>{SPACED_NAMES})\s?(?P<role>{role})(?:\s?=|{ADDRESS}\s*$)",
            read_korean,
        ),
        # [아시아경제 영남취재본부 김귀열 기자] / [대구일보=홍길동 기자] / [홍길동 기자 hong@x.com]
        byline_form(
            rf"[\[【]\s?(?:[^\[\]【】=]{{0,40}}?[\s=])??(?P<names>{NAMES})\s?(?P<role>{role}){ADDRESS}\s?[\]】]",
            read_korean,
        ),
        # 홍길동 기자 = 본문
        byline_form(rf"(?P<names>{NAMES})\s?(?P<role>{role})\s?=", read_korean),
        # [Asia Economy Yeongnam Reporting Headquarters Reporter Kim Gui-yeol]
        byline_form(rf"\[[^\[\]]{{0,80}}?\b(?:{en_labels}|Editor)\s+(?P<en>{EN_NAMES})\s?\]", read_english),
    )
    trail = (
        # …라고 말했다. /수원=홍길동 기자 hong@x.com
        byline_form(
            rf"/\s?(?:(?P<left>{CREDIT_OR_PLACE})\s?=\s?)?(?P<names>{NAMES})\s?(?P<role>{role})?{ADDRESS}$",
            read_trailing,
        ),
    )
    mention = re.compile(rf"(?P<names>{HANGUL_NAME})\s?(?P<role>{role})(?![가-힣])")
    roles = words.KOREAN_ROLES
    role_marks = tuple(each for each in roles if not any(other in each for other in roles if other != each))
    return BylineForms(whole, lead, trail, any_of(whole), any_of(lead), marks_of(lead), mention, role_marks)


def read_korean(found: re.Match[str]) -> str | None:
    """The byline ("홍길동 기자") of a form with names and a role; None when a name is not one, or the words
    before it credit someone else ("사진=홍길동 기자" is a photographer)."""
    groups = found.groupdict()
    for before in (groups.get("left"), groups.get("before")):
        if before is not None and not credits_the_writer(before):
            return None
    return korean_byline(found.group("names"), found.group("role"))


def read_labelled(found: re.Match[str]) -> str | None:
    return korean_byline(found.group("names"), found.group("role") or "기자")


def read_dateline(found: re.Match[str]) -> str | None:
    """The name alone of a dateline ("광주=정태관" -> "정태관"). With no role word to vouch for it, it must be a
    name of the common three syllables, or come with an address, and not be a place or an office."""
    names = found.group("names")
    if not credits_the_writer(found.group("left")) or (len(names) != 3 and not found.group("address")):
        return None
    return korean_byline(names, None)


def read_credited(found: re.Match[str]) -> str | None:
    return korean_byline(found.group("names"), None)


def read_trailing(found: re.Match[str]) -> str | None:
    """A signature after the last sentence: it needs a role or a dateline, "/홍길동" alone is no byline."""
    left, role = found.group("left"), found.group("role")
    if left is None and role is None:
        return None
    if left is not None and not credits_the_writer(left):
        return None
    return korean_byline(found.group("names"), role)


def read_english(found: re.Match[str]) -> str | None:
    tail = found.groupdict().get("tail")
    if tail and not is_title_or_outlet(tail):
        return None
    return english_byline(found.group("en"))


def read_signature(found: re.Match[str]) -> str | None:
    """The name of "Jane Doe (jane@heraldcorp.com)": believed when the address is the person's, not a desk's."""
    name = read_english(found)
    return name if name and signs_with(name, found.group("address")) else None


def read_signed(found: re.Match[str]) -> str | None:
    """The name of a signature ("Jane Doe / Korea Herald"), believed when a news outlet follows the slash."""
    outlet = found.group("outlet").strip(" .")
    if not is_title_or_outlet(outlet) or outlet.rsplit(" ", 1)[-1].lower() not in words.NEWS_OUTLET_WORDS:
        return None
    return english_byline(found.group("en"))


def is_title_or_outlet(text: str) -> bool:
    """True for "Staff Reporter", "The Korea Herald", "staff writer"; False for a clause ("the city will")."""
    tokens = text.replace("&", " ").split()
    return bool(tokens) and all(token[:1].isupper() or token in words.ENGLISH_TAIL_WORDS for token in tokens)


@cache
def byline_marks() -> re.Pattern[str] | None:
    """Finds a string that every match of some whole-line form holds (None when a form holds none: no shortcut)."""
    return marks_of(byline_forms().whole)


def marks_of(forms: tuple[BylineForm, ...]) -> re.Pattern[str] | None:
    """Finds a string that every match of some of `forms` holds: the most telling of each form's literals.
    None when a form holds no literal for sure: then any text may hold a match."""
    telling: set[str] = set()
    for each in forms:
        required = required_of(each)
        if not required:
            return None
        telling |= regex_facts.most_telling(required)
    needed = {mark for mark in telling if not any(other in mark for other in telling - {mark})}
    return re.compile("|".join(map(re.escape, sorted(needed, key=lambda mark: (-len(mark), mark)))))


def required_of(each: BylineForm) -> list[frozenset[str]]:
    """The literals every match of the form holds (regex_facts.required_literals)."""
    return regex_facts.required_literals(regex_facts.parse(each.pattern))


def byline_in_article(lines: list[str]) -> str | None:
    """The reporter that the article's normalised lines name in a dateline or a byline; None when they name
    none, or different reporters (a list of reporters is no byline).

    A dateline opening one of the first LEAD_LINES lines decides. Else the lines that may be bylines of their
    own must agree on one reporter: the short lines among the first LEAD_LINES, the last line of prose (for a
    signature at its end) and the lines after it.
    """
    if not lines:
        return None
    forms = byline_forms()
    lead = lines[:LEAD_LINES]
    # Most articles open with no role word at all: one search of the lead spares trying each line's start.
    if forms.lead_marks is None or forms.lead_marks.search("\n".join(lead)) is not None:
        for line in lead:
            found = lead_byline(line, forms)
            if found:
                return found
    tail_start = last_prose_line(lines)
    last_prose = lines[tail_start]
    signature = None
    if len(last_prose) >= PROSE_CHARS and "/" in last_prose:  # every trailing signature has its "/"
        signature = first_name(forms.trail, methodcaller("search", last_prose))
    short = [line for line in itertools.chain(lead[:tail_start], lines[tail_start:]) if len(line) < PROSE_CHARS]
    # Most articles hold no byline mark in those lines: one search of them all spares reading them one by one.
    marks = byline_marks()
    if not short or (marks is not None and marks.search("\n".join(short)) is None):
        return signature
    return agreed_byline(short, forms, [signature] if signature else [])


def agreed_byline(lines: Iterable[str], forms: BylineForms, found: list[str]) -> str | None:
    """The byline the short `lines` (and the bylines `found` already) agree on; None when none names a
    reporter, or when two name different ones, or when a line that is no byline names another reporter
    ("사진=김철수 기자", "대상 연합뉴스 김철수 기자": a photographer, a list of prize winners)."""
    others: list[str] = []
    for line in lines:
        byline = whole_line_byline(line, forms)
        if byline:
            found.append(byline)
        elif len(line) < PROSE_CHARS:
            others.extend(reporters_named(line, forms))
    chosen = one_byline(found)
    if chosen is None or any(other != person_of(chosen) for other in others):
        return None
    return chosen


def reporters_named(line: str, forms: BylineForms) -> list[str]:
    """The names of reporters a line mentions anywhere ("… 김철수 기자 …" -> ["김철수"])."""
    if not any(mark in line for mark in forms.role_marks):
        return []
    named = []
    for found in forms.mention.finditer(line):
        byline = korean_byline(found.group("names"), found.group("role"))
        if byline:
            named.append(person_of(byline))
    return named


def last_prose_line(lines: list[str]) -> int:
    """The index of the last line of prose (PROSE_CHARS or longer, and no copyright notice); 0 when none is."""
    for index in range(len(lines) - 1, -1, -1):
        line = lines[index]
        size = len(line)
        if size >= PROSE_CHARS and (size > MAX_COPYRIGHT_CHARS or not is_copyright_notice(line)):
            return index
    return 0


def is_copyright_notice(line: str) -> bool:
    return any(map(line.__contains__, COPYRIGHT_MARKS))  # no generator: this runs on most pages


def lead_byline(line: str, forms: BylineForms) -> str | None:
    """The name a dateline opening the line gives: "(서울=연합뉴스) 홍길동 기자 = …" -> "홍길동 기자"."""
    if forms.any_lead.match(line) is None:
        return None
    return first_name(forms.lead, methodcaller("match", line))


def whole_line_byline(line: str, forms: BylineForms) -> str | None:
    """The name a short line (or a "|"-separated part of it) is a byline of: "홍길동 기자 hong@yna.co.kr"."""
    if not line or len(line) >= PROSE_CHARS:
        return None
    for part in line.split("|") if "|" in line else (line,):
        part = part.strip()
        if forms.any_whole.fullmatch(part) is not None:
            found = first_name(forms.whole, methodcaller("fullmatch", part))
            if found:
                return found
    return None


def first_name(forms: tuple[BylineForm, ...], match: Callable[[re.Pattern[str]], re.Match[str] | None]) -> str | None:
    """The name read off the first of `forms` that `match` finds and whose name looks like one."""
    for each in forms:
        found = match(each.regex)
        if found is not None:
            name = each.read(found)
            if name:
                return name
    return None


def one_byline(found: Iterable[str | None]) -> str | None:
    """The byline when the names found are one reporter's (the one with a role word, if any); else None."""
    chosen: str | None = None
    for byline in found:
        if not byline:
            continue
        if chosen is None:
            chosen = byline
        elif person_of(byline) != person_of(chosen):
            return None
        elif " " in byline and " " not in chosen:
            chosen = byline  # "홍길동 기자" says more than "홍길동"
    return chosen


def person_of(byline: str) -> str:
    """The names of a byline without its role word: "홍길동 기자" -> "홍길동"."""
    name, _, role = byline.rpartition(" ")
    return name if name and role in words.KOREAN_ROLES else byline


def byline_in_widgets(dropped: list[lxml.html.HtmlElement], class_words: ClassWords) -> str | None:
    """The one reporter that the pruned byline boxes name ("<div class="reporter_box">광주=정태관 …"), read
    as byline_in_lines reads lines; None without such boxes."""
    boxes = [el for el in dropped if is_byline_class(class_words.get(el))] if dropped else None
    return byline_in_lines(itertools.chain.from_iterable(map(box_lines, boxes))) if boxes else None


def box_lines(box: lxml.html.HtmlElement) -> list[str]:
    """The text of a box as normalised lines: blocks and <br> break it, inline elements (links too) do not.

    content.paragraphs_of would leave out "광주=정태관 <a>ctk3312@mt.co.kr</a>": mostly link text.
    """
    lines: list[str] = []
    buffer: list[str] = []
    for event, el in etree.iterwalk(box, events=("start", "end")):
        tag = el.tag
        is_element = isinstance(tag, str)
        if buffer and is_element and tag not in vocab.INLINE_TAGS:
            lines.append("".join(buffer))
            buffer.clear()
        # A comment's text is not the page's; the box's own tail lies outside it.
        text = (el.text if is_element else None) if event == "start" else (el.tail if el is not box else None)
        if text:
            buffer.append(text)
    if buffer:
        lines.append("".join(buffer))
    return [normalize_line(" ".join(line.split())) for line in lines if line.strip()]


@lru_cache(maxsize=4096)
def is_byline_class(tokens: frozenset[str] | None) -> bool:
    """True when an element's class/id words (pruning.class_tokens) name a byline box."""
    if not tokens:
        return False
    return not tokens.isdisjoint(words.BYLINE_CLASS_TOKENS) or any(
        token.startswith(("byline", "reporter")) for token in tokens
    )


def byline_in_lines(lines: Iterable[str]) -> str | None:
    """The one reporter that short lines, each a byline or none, name ("광주=정태관 ctk3312@mt.co.kr" in a
    reporter box); None when none does or they name different reporters (agreed_byline)."""
    return agreed_byline(lines, byline_forms(), [])


__all__ = ["byline_in_article", "byline_in_lines", "byline_in_widgets"]
