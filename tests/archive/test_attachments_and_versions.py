"""Attachment text extraction (PDF, HWPX, damaged files) and document history, as pure functions."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from crawler.attachments import AttachmentError, attachment_kind, extract_attachment_text
from indexer.versions import Version, select_version, text_diff
from pressroom.sample_site.attachment_files import hwpx_bytes, pdf_bytes


def test_pdf_text_in_korean_and_english() -> None:
    body = pdf_bytes(["자치구 치매안심센터 목록", "The Hippocampus Caravan"])
    assert attachment_kind("x.bin", body).value == "pdf"
    assert extract_attachment_text("목록.pdf", body) == "자치구 치매안심센터 목록\nThe Hippocampus Caravan"


def test_hwpx_paragraphs_and_table_cells_stay_apart() -> None:
    assert (
        extract_attachment_text("a.hwpx", hwpx_bytes("t", ["첫째 문단", "둘째 & 셋째"])) == "첫째 문단\n\n둘째 & 셋째"
    )
    nested = (
        '<hs:sec xmlns:hs="s" xmlns:hp="p"><hp:p><hp:run><hp:t>표 앞</hp:t><hp:tbl><hp:tr><hp:tc><hp:subList>'
        "<hp:p><hp:run><hp:t>칸 하나</hp:t></hp:run></hp:p></hp:subList></hp:tc></hp:tr></hp:tbl>"
        "<hp:t> 표 뒤</hp:t></hp:run></hp:p></hs:sec>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/section0.xml", nested)
    assert extract_attachment_text("b.hwpx", buffer.getvalue()) == "표 앞 표 뒤\n\n칸 하나"


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("broken.pdf", b"%PDF-1.4 nothing else"),
        ("broken.hwpx", b"PK\x03\x04 not really a zip hwp+zip"),
        ("old.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)),
        ("table.xlsx", b"PK\x03\x04"),
    ],
)
def test_unreadable_attachments_say_why(name: str, body: bytes) -> None:
    with pytest.raises(AttachmentError):
        extract_attachment_text(name, body)


def test_select_version_and_diff() -> None:
    start = datetime(2024, 1, 1, tzinfo=UTC)
    one = Version(start, "h1", "제목", "첫 문단\n\n둘째 문단")
    two = Version(start + timedelta(days=2), "h2", "제목", "첫 문단\n\n고친 둘째 문단")
    assert select_version([two, one], start + timedelta(days=1)) == one
    assert select_version([one, two], None) == two
    assert select_version([one, two], start - timedelta(seconds=1)) is None
    diff = text_diff(one, two)
    assert "-둘째 문단" in diff and "+고친 둘째 문단" in diff
