"""Document identity: one id per article however its URL is written, one hash per text however spaced."""

import hashlib
import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from indexer.document import canonical_url, content_hash, document_id


def test_same_article_same_id():
    a = "HTTP://Example.go.kr:80/board/view.do?nttId=12&menu=3#top"
    b = "http://example.go.kr/board//view.do?menu=3&nttId=12&utm_source=twitter"
    assert canonical_url(a) == canonical_url(b) == "http://example.go.kr/board/view.do?menu=3&nttId=12"
    assert document_id(a) == document_id(b)


def test_different_articles_different_ids():
    assert document_id("http://x.kr/view?id=1") != document_id("http://x.kr/view?id=2")
    assert document_id("http://x.kr:8080/a") != document_id("http://x.kr/a")


@given(st.text(), st.text())
def test_content_hash_is_the_stored_form(title: str, text: str) -> None:
    # Stores compare it with the hashes of earlier captures: its definition must never drift.
    normal = re.sub(r"\s+", " ", unicodedata.normalize("NFC", f"{title}\n{text}")).strip()
    assert content_hash(title, text) == hashlib.sha256(normal.encode("utf-8")).hexdigest()
    assert content_hash(f" {title}\u3000", f"{text}\n\n") == content_hash(title, text)
