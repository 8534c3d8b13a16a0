"""Attachment text in documents: how it is kept, searched with the body, and quoted in snippets.

Backend-independent: the SQLite store and the Elasticsearch store index `searchable_body(document)` as the
body and call `hit_snippet` for hits, so a word found only in an attachment matches on both alike.
"""

from __future__ import annotations

import html

from crawler.items import Attachment
from indexer.document import Document
from indexer.highlight import make_snippet, match_spans
from indexer.query import Node


def attachment_entry(attachment: Attachment) -> dict[str, str]:
    """The stored form of an attachment: name, url, extracted text, and the error when there is none."""
    entry = {"name": attachment.name, "url": attachment.url, "text": attachment.text}
    if attachment.error:
        entry["error"] = attachment.error
    return entry


def attachment_texts(document: Document) -> list[tuple[str, str]]:
    """(name, text) of every attachment whose text was extracted."""
    return [(a.get("name", ""), a["text"]) for a in document.attachments if a.get("text")]


def searchable_body(document: Document) -> str:
    """What the body field indexes: the article text, then each attachment's text."""
    return "\n\n".join([document.text, *(text for _, text in attachment_texts(document))])


def hit_snippet(document: Document, node: Node | None) -> str:
    """The snippet of a hit: from the article text, else from the first attachment that matches, so named."""
    if node is None or match_spans(" ".join(document.text.split()), node):
        return make_snippet(document.text, node)
    for name, text in attachment_texts(document):
        if match_spans(" ".join(text.split()), node):
            return f"[첨부 attachment: {html.escape(name)}] " + make_snippet(text, node)
    return make_snippet(document.text, node)
