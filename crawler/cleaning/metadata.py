"""What a page says about itself: meta tags, JSON-LD, language, author, dateline and attached files."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html

from crawler import datelines
from crawler.cleaning import regex_facts
from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.reporter_names import credits_the_writer, english_byline, korean_byline
from crawler.cleaning.text_lines import ZERO_WIDTH, ZERO_WIDTH_CHARS
from crawler.items import Attachment

LANGUAGE_CODE = re.compile(r"^([A-Za-z]{2})(?:[-_].*)?$")
KOREAN_BYLINE = re.compile(r"([가-힣]{2,4})\s?(기자|특파원|선임기자|객원기자)(?![가-힣])")
ENGLISH_BYLINE = re.compile(r"^(?:By|BY|by)\s+([A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3})")
# A news agency's dateline names the place its copy was filed from; the cleaner strips it with the byline
# (vocab.BYLINE_PREFIXES and the byline lines), so the article keeps its place for the indexer, where it is a
# region cue (crawler/datelines.py holds the patterns both read).
# How many paragraphs at each end of the article may hold its dateline (subtitles come before it).
DATELINE_PARAGRAPHS = 4
# A link whose path ends in a file extension holds it in its href, case aside, unless percent-escapes or the
# tabs and newlines that urlsplit deletes hide it. urlsplit raises only on brackets or non-ASCII characters.
# An href without any of these neither names a file by its path nor makes urlsplit raise.
MAY_NAME_A_FILE = re.compile(
    "|".join(re.escape(ext) for ext in vocab.ATTACHMENT_EXTENSIONS) + r"|[%\t\r\n\[\]]|[^\x00-\x7f]", re.I
)
# JSON-LD blocks can be huge (whole product catalogues); only the first part can hold the article's.
MAX_JSON_LD = 200_000


@dataclass
class PageMetadata:
    """Facts read from <head> and JSON-LD before any pruning."""

    meta: dict[str, str] = field(default_factory=dict)
    json_ld: list[dict] = field(default_factory=list)
    html_title: str = ""
    language: str | None = None


@dataclass(slots=True)
class TaggedElements:
    """The elements that the page readers below look at, in document order, gathered in one walk of the tree."""

    meta: list[lxml.html.HtmlElement] = field(default_factory=list)
    time: list[lxml.html.HtmlElement] = field(default_factory=list)
    script: list[lxml.html.HtmlElement] = field(default_factory=list)
    links: list[lxml.html.HtmlElement] = field(default_factory=list)
    title: lxml.html.HtmlElement | None = None  # the first <title> below the root, as root.find(".//title")
    base: lxml.html.HtmlElement | None = None  # the first <base> below the root


def tagged_elements(root: lxml.html.HtmlElement) -> TaggedElements:
    """One walk for what would take six (each tag's iter, two finds)."""
    found = TaggedElements()
    for el in root.iter("meta", "time", "script", "title", "base", "a"):
        tag = el.tag
        if tag == "a":
            found.links.append(el)
        elif tag == "meta":
            found.meta.append(el)
        elif tag == "script":
            found.script.append(el)
        elif tag == "time":
            found.time.append(el)
        elif el is root:  # find(".//…") looks below the root only
            continue
        elif tag == "title":
            if found.title is None:
                found.title = el
        elif found.base is None:
            found.base = el
    return found


def read_page_metadata(root: lxml.html.HtmlElement, tagged: TaggedElements | None = None) -> PageMetadata:
    """Collect meta tags (by lowercase name/property/itemprop), JSON-LD objects, <title> and language."""
    tagged = tagged or tagged_elements(root)
    found = PageMetadata()
    for el in tagged.meta:
        key = (el.get("property") or el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").strip()
        content = el.get("content")
        if key and content and key.lower() not in found.meta:
            found.meta[key.lower()] = content.strip()
    for el in tagged.time:
        if el.get("itemprop", "").lower() == "datepublished" and "datepublished" not in found.meta:
            found.meta["datepublished"] = el.get("datetime") or el.text_content()
    for el in tagged.script:
        if (el.get("type") or "").lower() == "application/ld+json" and el.text:
            found.json_ld.extend(json_ld_objects(el.text[:MAX_JSON_LD]))
    title_el = tagged.title
    found.html_title = " ".join((title_el.text_content() if title_el is not None else "").split())
    found.language = language_of(root, found.meta)
    return found


def json_ld_objects(text: str) -> list[dict]:
    """The objects in one JSON-LD block, flattening lists and @graph; [] when it is not valid JSON."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return []
    return list(walk_json_objects(data, depth=0))


def walk_json_objects(data: object, depth: int) -> Iterator[dict]:
    """Yield every dict in a JSON value, outermost first (depth-limited against hostile input)."""
    if depth > 6:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from walk_json_objects(value, depth + 1)
    elif isinstance(data, list):
        for item in data[:50]:
            yield from walk_json_objects(item, depth + 1)


def json_ld_value(objects: list[dict], key: str) -> str | None:
    """The first string value of `key` among JSON-LD objects."""
    for obj in objects:
        value = obj.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def language_of(root: lxml.html.HtmlElement, meta: dict[str, str]) -> str | None:
    """ISO 639-1 code from <html lang>, meta content-language or og:locale."""
    for raw in (root.get("lang"), root.get("xml:lang"), meta.get("content-language"), meta.get("og:locale")):
        match = LANGUAGE_CODE.match((raw or "").strip().split(",")[0].strip())
        if match:
            return match.group(1).lower()
    return None


def author_from_metadata(page: PageMetadata) -> str | None:
    """An author name from meta tags or JSON-LD (URLs and empty values ignored)."""
    for key in vocab.AUTHOR_META:
        value = page.meta.get(key)
        if value and not value.startswith(("http://", "https://")):
            return value
    for obj in page.json_ld:
        author = obj.get("author")
        if isinstance(author, list) and author:
            author = author[0]
        if isinstance(author, dict):
            author = author.get("name")
        if isinstance(author, str) and author.strip():
            return author.strip()
    return None


def byline_in_text(lines: Iterable[str]) -> str | None:
    """A reporter byline written in the page ("홍길동 기자", "By Jane Doe"), searched in short lines.

    Only a name that looks like one counts ("서울시장 기자 간담회" names no reporter), and only for the writing:
    "사진 홍길동 기자" is a photographer, and one named so before a byline makes it doubtful (a list of prize
    winners). The name comes in reporter_names' form ("홍길동 기자", "Jane Doe").
    """
    korean_words = korean_byline_words()
    others: set[str] = set()  # reporters named before, but not as the writer
    for line in lines:
        if len(line) > 80:
            continue
        english = ENGLISH_BYLINE.match(line)
        name = english_byline(english.group(1)) if english else None
        if name:
            return name
        # The search tries every Hangul syllable; a line without "기자" or "특파원" cannot match.
        if not regex_facts.holds_required(line, korean_words):
            continue
        for korean in KOREAN_BYLINE.finditer(line):
            name = korean_byline(korean.group(1), korean.group(2))
            if name is None:
                continue
            if not credits_the_writer(line[: korean.start()]):
                others.add(korean.group(1))
            elif others - {korean.group(1)}:
                return None
            else:
                return name
    return None


def dateline_place(paragraphs: list[str]) -> str | None:
    """The place of the news dateline opening one of the first paragraphs or signing one of the last, as
    written ("창원" of "(창원=연합뉴스) 홍길동 기자 ="); None when there is none."""
    for paragraph in paragraphs[:DATELINE_PARAGRAPHS]:
        if "=" in paragraph[:40] and (opening := datelines.OPENING.match(paragraph)):
            return datelines.opening_place(opening)
    for paragraph in reversed(paragraphs[-DATELINE_PARAGRAPHS:]):
        if "=" in paragraph and (closing := datelines.CLOSING.search(paragraph)):
            return closing.group("place")
    return None


@cache
def korean_byline_words() -> tuple[frozenset[str], ...]:
    """The words every KOREAN_BYLINE match holds, read from the pattern itself."""
    return tuple(regex_facts.required_literals(regex_facts.parse(KOREAN_BYLINE.pattern)))


@cache
def english_byline_words() -> tuple[frozenset[str], ...]:
    """The words every ENGLISH_BYLINE match holds ("By", "BY" or "by"), read from the pattern itself."""
    return tuple(regex_facts.required_literals(regex_facts.parse(ENGLISH_BYLINE.pattern)))


def may_hold_byline(text: str) -> bool:
    """False when no normalised line of `text` can hold a byline: byline_in_text need not read them one by one.

    Most pages have no byline word near the title at all, and one search of the whole text tells so.
    """
    hint = byline_hint()
    if hint is None:
        return True
    if hint.search(text) is not None:
        return True
    # Normalising a line deletes zero-width characters, which can split a word in the raw text ("기\u200b자").
    # A one-character `in` is far faster than a regex class here.
    if any(char in text for char in ZERO_WIDTH_CHARS):
        return hint.search(ZERO_WIDTH.sub("", text)) is not None
    return False


@cache
def byline_hint() -> re.Pattern[str] | None:
    """Finds a word that every Korean byline holds or one that every English byline holds."""
    korean, english = korean_byline_words(), english_byline_words()
    if not korean or not english:
        return None
    words = sorted(korean[0] | english[0], key=lambda word: (-len(word), word))
    return re.compile("|".join(map(re.escape, words)))


def find_attachments(
    root: lxml.html.HtmlElement, base_url: str | None, tagged: TaggedElements | None = None
) -> list[Attachment]:
    """Links to .hwp/.hwpx/.pdf/.doc(x)/.xls(x)/.zip files, by link target or link text, as absolute http(s) URLs."""
    tagged = tagged or tagged_elements(root)
    base = base_url or ""
    base_el = tagged.base
    if base_el is not None and base_el.get("href"):
        base = urljoin(base, base_el.get("href", ""))
    attachments: list[Attachment] = []
    seen: set[str] = set()
    for link in tagged.links:
        href = (link.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:")):
            continue
        # text_content() runs an XPath; a link without children (most) holds just its text.
        text = link.text_content() if len(link) else link.text or ""
        name = " ".join(text.split()) or (link.get("title") or "").strip()
        # Splitting and unquoting the URL costs more than this search (see MAY_NAME_A_FILE).
        if MAY_NAME_A_FILE.search(href) is None and not name.lower().endswith(vocab.ATTACHMENT_EXTENSIONS):
            continue
        try:
            path = unquote(urlsplit(href).path).lower()
            absolute = urljoin(base, href) if base else href
            scheme = urlsplit(absolute).scheme
        except ValueError:  # e.g. "http://[x/a.pdf": a link no one can follow costs the article nothing
            continue
        if not (path.endswith(vocab.ATTACHMENT_EXTENSIONS) or name.lower().endswith(vocab.ATTACHMENT_EXTENSIONS)):
            continue
        # Only web links are kept: the document page renders them, and "JAVASCRIPT:…//a.zip" (any case, tabs
        # inside, which urlsplit drops as browsers do) would run on our origin when a reader clicked it.
        if scheme not in ("http", "https") or absolute in seen:
            continue
        seen.add(absolute)
        attachments.append(Attachment(name=name or path.rsplit("/", 1)[-1], url=absolute))
    return attachments
