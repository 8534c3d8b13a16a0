"""Text to tree: lxml's HTML parser on the hot path, BeautifulSoup only for what lxml refuses."""

from __future__ import annotations

import re
import threading

import lxml.html
from lxml import etree

# libxml2 stops at NUL and chokes on other C0 controls; no page needs them.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F])  # the same, as UTF-8 bytes
# Character references to the same controls (&#12;, &#x1F;): libxml2 turns them into the characters, and lxml
# then refuses text holding one when a pruned element's tail joins its neighbour's (drop_tree's ValueError
# emptied the whole page). Removed as the raw controls are.
CONTROL_REFERENCES = re.compile(
    rb"&#0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|127)(?![0-9]);?|&#[xX]0*(?:[0-8bcefBCEF]|1[0-9a-fA-F]|7[fF])(?![0-9a-fA-F]);?"
)
# lxml refuses str input that carries an XML encoding declaration; the text is decoded already.
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
XML_DECLARATION_BYTES = re.compile(rb"^\s*<\?xml[^>]*>")  # the same for UTF-8 bytes, but \s is ASCII here
LEADING_SPACE_BYTES = re.compile(rb"\s*")  # ASCII whitespace, as bytes.strip() strips
# libxml2 (2.14) ends the document at `</html>`: whatever follows it, a whole body after a stray one in the
# head or a last paragraph after the page's own, was dropped without an error. Browsers ignore the tag; so do
# we when text follows it. (`</body>` is harmless: libxml2 keeps what follows it, as the html's child.)
HTML_END_TAG = re.compile(rb"</html\s*>", re.I)


# lxml.html's own lookup runs Python code for every element proxy created (~10% of the cleaner's time);
# this one runs in C. It makes every element a plain HtmlElement: the form classes it skips (FormElement,
# InputElement…) only add form-filling helpers the cleaner never calls, and it drops form controls anyway.
ELEMENT_LOOKUP = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)


def new_parser() -> lxml.html.HTMLParser:
    """A parser configured for the cleaner."""
    # collect_ids=False: nothing looks elements up by id (get_element_by_id, XPath id()), and not indexing
    # every id attribute saves ~8% of the parse.
    # huge_tree=True: without it libxml2 stops at 256 levels of nesting and the text inside and after the
    # deepest element was lost without an error (unclosed <font>/<div> runs of HWP-pasted pages). With it the
    # limit is 2048 levels. It also lifts libxml2's caps on the length of one text node or attribute (10 MB);
    # the cleaner refuses pages over max_bytes before parsing, so memory stays bounded by the page's size, and
    # the HTML parser expands no entities of the page's own (the attacks those caps guard XML against).
    parser = lxml.html.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, huge_tree=True
    )
    parser.set_element_class_lookup(ELEMENT_LOOKUP)
    return parser


# lxml parsers must not be shared between threads, but one thread may reuse its own: that spares building a
# parser and its libxml2 context for every page (~3 µs), as lxml does with its own default parser.
PARSERS = threading.local()


def thread_parser() -> lxml.html.HTMLParser:
    """This thread's parser."""
    parser = getattr(PARSERS, "parser", None)
    if parser is None:
        parser = PARSERS.parser = new_parser()
    return parser


def parse_with_lxml(text: str) -> lxml.html.HtmlElement | None:
    """Parse with lxml; None when it finds no document."""
    return parse_utf8(text.encode("utf-8", "replace"))


def parse_utf8(data: bytes) -> lxml.html.HtmlElement | None:
    """Parse UTF-8 bytes with lxml; None when it finds no document."""
    if b"&#" in data:
        data = CONTROL_REFERENCES.sub(b"", data)
    data = without_stray_html_end(data)
    try:
        root = lxml.html.document_fromstring(data, parser=thread_parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root if isinstance(root, lxml.html.HtmlElement) else None


def without_stray_html_end(data: bytes) -> bytes:
    """`data` without its `</html>` end tags when anything but whitespace follows the first one."""
    # Almost every page has one, at its end: one search finds it and a short tail tells it is harmless.
    first = HTML_END_TAG.search(data)
    if first is None or data[first.end() :].isspace() or first.end() == len(data):
        return data
    return HTML_END_TAG.sub(b"", data)


def parse_with_soup(text: str) -> lxml.html.HtmlElement | None:
    """Fallback: let BeautifulSoup's forgiving parser repair the markup, then hand it to lxml."""
    from bs4 import BeautifulSoup  # imported lazily: almost every page parses with lxml directly

    try:
        repaired = str(BeautifulSoup(text, "html.parser"))
    except Exception:  # bs4 can fail in many ways on hostile input; the page is then empty to us
        return None
    return parse_with_lxml(repaired) if repaired.strip() else None


def parse_html(source: str | bytes) -> lxml.html.HtmlElement | None:
    """The document tree of a page: its text, or bytes that are exactly its text in UTF-8 (decoding.html_source).
    None when there is nothing to parse."""
    if isinstance(source, str):
        return parse_text(source)
    data = without_xml_declaration(source)
    if data is None:
        return parse_text(source.decode("utf-8"))
    # The steps of parse_text on the bytes themselves: a control character is one byte in UTF-8 and no
    # other character's bytes include it, and every ASCII byte left is whitespace just when its character is.
    cleaned = data.translate(None, CONTROL_BYTES)
    first = LEADING_SPACE_BYTES.match(cleaned).end()  # type: ignore[union-attr]  # matches everywhere
    if first == len(cleaned) or (cleaned[first] >= 0x80 and not cleaned.decode("utf-8").strip()):
        return None
    root = parse_utf8(cleaned)
    if root is None or (len(root) == 0 and not (root.text or "").strip()):
        root = parse_with_soup(cleaned.decode("utf-8"))
    return root


def without_xml_declaration(data: bytes) -> bytes | None:
    """UTF-8 `data` less what XML_DECLARATION removes from its text; None when only the text can tell."""
    match = XML_DECLARATION_BYTES.match(data)
    if match:
        return data[match.end() :]
    # The text pattern's \s also matches \x1c-\x1f and non-ASCII spaces: past those, only the text can tell.
    first = LEADING_SPACE_BYTES.match(data).end()  # type: ignore[union-attr]  # matches everywhere
    if first < len(data) and (data[first] >= 0x80 or 0x1C <= data[first] <= 0x1F):
        return None
    return data


def parse_text(text: str) -> lxml.html.HtmlElement | None:
    """parse_html for a decoded page."""
    text = XML_DECLARATION.sub("", text, count=1)
    # lxml wants bytes anyway. A control character is one byte in UTF-8 and no other character's bytes
    # include it, so deleting them from the bytes is the same as from the text, and several times faster.
    data = text.encode("utf-8", "replace")
    cleaned = data.translate(None, CONTROL_BYTES)
    if len(cleaned) != len(data):
        text = CONTROL_CHARS.sub("", text)
    if not text.strip():
        return None
    root = parse_utf8(cleaned)
    if root is None or (len(root) == 0 and not (root.text or "").strip()):
        root = parse_with_soup(text)
    return root
