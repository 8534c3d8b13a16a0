"""extract_article: decode → parse → read metadata → prune → pick content → paragraphs → clean lines."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

import lxml.html

from crawler.cleaning import dates
from crawler.cleaning import vocabulary as vocab
from crawler.cleaning.bylines import byline_in_article, byline_in_widgets
from crawler.cleaning.content import choose_content, paragraphs_of
from crawler.cleaning.decoding import html_source
from crawler.cleaning.metadata import (
    PageMetadata,
    author_from_metadata,
    byline_in_text,
    dateline_place,
    find_attachments,
    json_ld_value,
    may_hold_byline,
    read_page_metadata,
    tagged_elements,
)
from crawler.cleaning.model import Article, ExtractionOptions, PageTooLarge
from crawler.cleaning.page_text import TextAroundTitle, text_around
from crawler.cleaning.parsing import parse_html
from crawler.cleaning.pruning import ClassWords, drop_chrome, drop_widgets
from crawler.cleaning.text_lines import clean_lines, normalize_line
from crawler.cleaning.title import find_title

if TYPE_CHECKING:
    from lxml.cssselect import CSSSelector

log = logging.getLogger(__name__)
DEFAULT_OPTIONS = ExtractionOptions()
# How much text after (and before) the title may hold the article's date line.
DATE_WINDOW_AFTER = 1500
DATE_WINDOW_BEFORE = 400
# A `data:` URI of 256 characters or more, up to the quote, `>` or `)` that ends its attribute or CSS url().
INLINE_DATA = re.compile(r"data:[^\"'>)]{256,}")
INLINE_DATA_BYTES = re.compile(rb"data:[^\"'>)]{256,}")
# Pages are scanned for inline data up to this many times max_bytes; the crawl's downloads stop at ~2x (10 MiB).
INLINE_DATA_SCAN = 4


def extract_article(html: str | bytes, url: str | None = None, options: ExtractionOptions | None = None) -> Article:
    """The article in a page. Never raises except PageTooLarge (input over `options.max_bytes`, inline data aside)."""
    options = options or DEFAULT_OPTIONS
    html = without_inline_data(html, options.max_bytes)
    check_size(html, options.max_bytes)
    try:
        return extract_unchecked(html, url, options)
    except Exception:  # the crawler must keep going whatever a page holds; the page is then empty
        log.exception("extraction failed for %s", url)
        return Article(title="", text="", published_at=None, byline=None, attachments=[], language_hint=None)


def without_inline_data(html: str | bytes, max_bytes: int) -> str | bytes:
    """A page over the cap without its long `data:` URIs, when that may bring it under; else the page as it is."""
    # Releases pasted from HWP carry their images inline as base64: a 6 MB page of 5 MB image and 20 KB of
    # text was refused after it had been downloaded and archived. The cleaner never reads those URIs, so they
    # do not count against the cap. Pages under it are not scanned, and pages over INLINE_DATA_SCAN times it
    # are refused unscanned.
    if isinstance(html, bytes | bytearray):
        if len(html) <= max_bytes or len(html) > INLINE_DATA_SCAN * max_bytes:
            return html
        return INLINE_DATA_BYTES.sub(b"data:,", html) if b"data:" in html else html
    if len(html) * 4 <= max_bytes or len(html) > INLINE_DATA_SCAN * max_bytes:  # at most 4 UTF-8 bytes a character
        return html
    return INLINE_DATA.sub("data:,", html) if "data:" in html else html


def check_size(html: str | bytes, max_bytes: int) -> None:
    """Refuse pages over the cap before any work is done on them."""
    size = len(html) if isinstance(html, bytes | bytearray) else len(str(html).encode("utf-8", "replace"))
    if size > max_bytes:
        raise PageTooLarge(
            f"page is {size:,} bytes without its inline data: URIs, over the cleaner's cap of {max_bytes:,} bytes "
            "(raise ExtractionOptions.max_bytes to process it)"
        )


def extract_unchecked(html: str | bytes, url: str | None, options: ExtractionOptions) -> Article:
    """The pipeline itself; may raise on hostile input (extract_article catches)."""
    if isinstance(html, bytes | bytearray):
        source, encoding = html_source(bytes(html), options.http_charset, options.encoding)
    else:
        source, encoding = str(html), "utf-8"
    empty = Article(
        title="",
        text="",
        published_at=None,
        byline=None,
        attachments=[],
        language_hint=None,
        encoding=encoding,
    )
    root = parse_html(source)
    if root is None:
        return empty
    # lxml makes a Python proxy for an element each time a walk reaches it with none alive, and frees it as the
    # walk moves on; the stages below walk the tree six times. Holding every element's proxy until the page is
    # done spares remaking them: ~10% of the cleaner's time.
    proxies = list(root.iter())
    tagged = tagged_elements(root)
    page = read_page_metadata(root, tagged)
    attachments = find_attachments(root, url, tagged)
    class_words = drop_chrome(root)
    title, title_el = pick_title(root, page, options, class_words)
    around = TextAroundTitle(root, title_el)
    published = pick_date(root, page, title_el, url, options, around.both)
    keep = set(title_el.iterancestors()) | {title_el} if title_el is not None else set()
    byline = author_from_metadata(page)
    if byline is None:
        byline = byline_after_title(around.after_start(DATE_WINDOW_AFTER))
    body = select_one(root, options.body_selector)
    dropped = drop_widgets(root, keep, class_words)
    if body is not None and body.getparent() is None and body.tag != "html":
        body = None  # the override pointed inside a widget that was just removed
    boxes = [body] if body is not None else choose_content(root, title_el)
    paragraphs = paragraphs_of(boxes, title_el)
    lines = clean_lines(paragraphs, title=title, normalized=True)
    if byline is None:  # the dateline or signature that clean_lines just dropped, or a byline box that was pruned
        byline = byline_in_article(paragraphs) or byline_in_widgets(dropped, class_words)
    del proxies
    return Article(
        title=title,
        text="\n\n".join(lines),
        published_at=published,
        byline=byline,
        attachments=attachments,
        language_hint=page.language,
        encoding=encoding,
        dateline=dateline_place(paragraphs),
    )


def select_one(root: lxml.html.HtmlElement, selector: str | None) -> lxml.html.HtmlElement | None:
    """The first element matching a source's CSS selector; None when absent or the selector is invalid."""
    if not selector:
        return None
    try:
        found = css_selector(selector)(root)
    except Exception:  # cssselect raises its own error types for bad selectors; a bad row must not break crawling
        log.warning("invalid selector %r", selector)
        return None
    return found[0] if found else None


# Building a selector (CSS to XPath, then compiling the XPath) costs as much as running it, and every page
# of a source uses the same few. A compiled selector may be shared between threads: lxml locks it while it runs.
@lru_cache(maxsize=1024)
def css_selector(selector: str) -> CSSSelector:
    """The compiled form of a source's CSS selector, as `element.cssselect` would build it."""
    from lxml.cssselect import CSSSelector  # imported on first use, as lxml itself does

    return CSSSelector(selector, translator="html")


def pick_title(
    root: lxml.html.HtmlElement, page: PageMetadata, options: ExtractionOptions, class_words: ClassWords | None = None
) -> tuple[str, lxml.html.HtmlElement | None]:
    """The selector's title when it matches, else the generic choice."""
    chosen = select_one(root, options.title_selector)
    if chosen is not None:
        text = " ".join(chosen.text_content().split())
        if text:
            return text, chosen
    return find_title(root, page, class_words)


def pick_date(
    root: lxml.html.HtmlElement,
    page: PageMetadata,
    title_el: lxml.html.HtmlElement | None,
    url: str | None,
    options: ExtractionOptions,
    around: Callable[[], tuple[str, str]] | None = None,
) -> datetime | None:
    """Publication date, most trustworthy source first; a modification date only as a last resort."""
    chosen = select_one(root, options.date_selector)
    if chosen is not None:
        found = dates.parse_date(chosen.get("datetime") or chosen.text_content())
        if found:
            return found
    found = meta_date(page, vocab.PUBLISHED_META)
    if found:
        return found
    for key in ("datePublished", "dateCreated"):
        found = dates.parse_date(json_ld_value(page.json_ld, key))
        if found:
            return found
    before, after = around() if around else text_around(root, title_el)
    found = dates.pick_visible_date(after[:DATE_WINDOW_AFTER], before[-DATE_WINDOW_BEFORE:])
    if found:
        return found
    for el in root.iter("time"):
        found = dates.parse_date(el.get("datetime") or el.text_content())
        if found:
            return found
    # Then the whole text, unless the windows held it whole: that was just searched.
    if len(after) > DATE_WINDOW_AFTER or len(before) > DATE_WINDOW_BEFORE:
        found = dates.pick_visible_date(after, before)
        if found:
            return found
    return (
        meta_date(page, vocab.MODIFIED_META)
        or dates.parse_date(json_ld_value(page.json_ld, "dateModified"))
        or dates.date_from_url(url)
    )


def meta_date(page: PageMetadata, keys: tuple[str, ...]) -> datetime | None:
    """The first date among the page's meta values under `keys`, in their order."""
    for key in keys:
        value = page.meta.get(key)
        if value:  # a page has few of the many keys, and parse_date finds nothing in an empty value
            found = dates.parse_date(value)
            if found:
                return found
    return None


def byline_after_title(after: str) -> str | None:
    """The byline in the short lines right after the title, where pages put it ("홍길동 기자", "By Jane Doe")."""
    if not may_hold_byline(after):
        return None
    return byline_in_text(normalized_lines(after))


def normalized_lines(text: str) -> Iterator[str]:
    """The non-empty normalised lines of `text`, lazily: the byline search stops at the first line that has one."""
    for raw in text.splitlines():
        line = normalize_line(raw) if raw else ""  # most lines are the empty ones between blocks
        if line:
            yield line


__all__ = ["extract_article"]
