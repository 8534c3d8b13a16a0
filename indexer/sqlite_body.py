"""How the SQLite store keeps a Document's body: JSON, without what the row can give back exactly.

Two fields are left out when, and only when, they can be rebuilt to the same value:
- `minhash`, which the row's BLOB column holds too (sqlite_candidates reads it there);
- `texts_by_language` of a one-language article, which is its title and text (enrichment's `_languages`).
A 5,000-article crawl's store was 213 MB with them, 148 MB without (versions written as UTF-8 included), and
writing it cost ~10% less CPU a document. Rows written before this keep both, and read as they always did.
"""

from __future__ import annotations

import json
import struct
from dataclasses import fields
from typing import Any

from indexer.document import Document

# What json.dumps(data, ensure_ascii=False) builds on every call (half the cost of a body's encoding).
_BODY_ENCODER = json.JSONEncoder(ensure_ascii=False)
_FIELDS = [field.name for field in fields(Document)]
_REBUILT = ("minhash", "texts_by_language")


def body_json(document: Document, signature: bytes | None) -> str:
    """The JSON of document.to_dict(), less the fields `document_from_body` rebuilds from it and `signature`.

    Built from a shallow dict, not to_dict, whose deep copy of the 128 minhash ints cost 0.13 ms a document:
    every field is a JSON value or a container of them, so both dump to the same text.
    """
    data = {name: getattr(document, name) for name in _FIELDS}
    data["published_at"] = document.published_at.isoformat() if document.published_at else None
    data["fetched_at"] = document.fetched_at.isoformat()
    if signature is not None and type(document.minhash) is list and _signature_list(signature) == document.minhash:
        del data["minhash"]
    title, text = document.title, document.text
    rebuilt = one_language_texts(title, text, document.language) if type(title) is type(text) is str else None
    if document.texts_by_language == rebuilt:
        del data["texts_by_language"]
    return _BODY_ENCODER.encode(data)


def document_from_body(body: str, signature: bytes | None) -> Document:
    """The Document a row holds: its body JSON, with what `body_json` left out put back."""
    data: dict[str, Any] = json.loads(body)
    if "minhash" not in data:
        data["minhash"] = _signature_list(signature) if signature is not None else []
    if "texts_by_language" not in data:
        data["texts_by_language"] = one_language_texts(data["title"], data["text"], data.get("language", "und"))
    return Document.from_dict(data)


def one_language_texts(title: str, text: str, language: str) -> dict[str, str]:
    """texts_by_language of an article all in `language`: its title and text as enrichment joins them."""
    heading = f"{title}\n" if title.strip() else ""
    return {language: (heading + text).strip()}


def _signature_list(signature: bytes) -> list[int]:
    return list(struct.unpack(f"<{len(signature) // 4}I", signature))
