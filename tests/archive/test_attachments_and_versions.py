"""Attachment text extraction (PDF, HWPX, HWP, damaged files) and document history, as pure functions."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, timedelta

import pytest

from crawler.attachments import AttachmentError, attachment_kind, extract_attachment_text
from crawler.attachments.hwp5 import HwpError, hwp5_text
from indexer.versions import Version, select_version, text_diff
from pressroom.sample_site.attachment_files import hwp_bytes, hwpx_bytes, pdf_bytes
from pressroom.sample_site.compound_file import compound_file

LONG_PARAGRAPH = "보도자료 본문이 길게 이어진다. " * 200  # a PARA_TEXT record over 4,095 bytes: its size in a DWORD


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


@pytest.mark.parametrize("compressed", [True, False])
def test_hwp_paragraphs_sections_tables_and_controls(compressed: bool) -> None:
    sections: list[list[str | list[str]]] = [
        ["첫째 문단\t탭 뒤", "줄 하나\n줄 둘", ["칸 하나", "칸 둘"], "표 다음 문단"],
        [LONG_PARAGRAPH],
        *[[f"구역 {n}"] for n in range(2, 11)],  # Section10 comes after Section9, not after Section1
    ]
    body = hwp_bytes(sections, compressed=compressed, preview="미리보기만")
    assert attachment_kind("file.bin", body).value == "hwp"
    expected = [
        "첫째 문단 탭 뒤", "줄 하나\n줄 둘", "칸 하나", "칸 둘", "표 다음 문단", LONG_PARAGRAPH.strip(),
        *[f"구역 {n}" for n in range(2, 11)],
    ]  # fmt: skip
    assert extract_attachment_text("보도자료.hwp", body) == "\n\n".join(expected)


def test_locked_hwp_gives_its_preview_text_or_says_why() -> None:
    password = 0x02
    locked = hwp_bytes([["암호 걸린 본문"]], properties=password, preview="앞부분 미리보기")
    assert extract_attachment_text("a.hwp", locked) == "앞부분 미리보기"
    with pytest.raises(AttachmentError, match="locked"):
        extract_attachment_text("b.hwp", hwp_bytes([["암호 걸린 본문"]], properties=password))


def test_hwp_body_inflating_past_the_cap_is_refused() -> None:
    body = hwp_bytes([["가" * 5000]])
    assert hwp5_text(body, max_unpacked=20_000).startswith("가가")
    with pytest.raises(HwpError, match="more than the allowed size"):
        hwp5_text(body, max_unpacked=5_000)


def _damaged_hwp() -> bytes:
    header = b"HWP Document File".ljust(32, b"\0") + (0x05000300).to_bytes(4, "little") + (1).to_bytes(4, "little")
    return compound_file({"FileHeader": header.ljust(256, b"\0"), "BodyText/Section0": b"\xff\xfe not deflate"})


def _hwpx_with_a_damaged_deflate_stream() -> bytes:
    """zipfile raises zlib.error (not BadZipFile) reading it."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/section0.xml", "<sec>" + "가나다" * 2000 + "</sec>")
    data = bytearray(buffer.getvalue())
    start = data.index(b"Contents/section0.xml") + 40
    data[start : start + 30] = bytes(b ^ 0xFF for b in data[start : start + 30])
    return bytes(data)


@pytest.mark.parametrize(
    ("name", "body"),
    [
        ("deflate.hwpx", _hwpx_with_a_damaged_deflate_stream()),
        ("cut.hwp", hwp_bytes([[LONG_PARAGRAPH]], compressed=False)[:3000]),
        ("office.hwp", compound_file({"WordDocument": b"not an HWP"})),
        ("damaged.hwp", _damaged_hwp()),
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


def test_the_sample_sites_compound_files_pass_olefiles_strictest_checks() -> None:
    import olefile

    streams = {f"Storage{n % 5}/Stream{n}": bytes([n]) * (n * 150) for n in range(1, 40)}  # mini and full sectors
    streams["Top"] = b"x" * 70_000
    with olefile.OleFileIO(io.BytesIO(compound_file(streams)), raise_defects=olefile.DEFECT_INCORRECT) as ole:
        assert {"/".join(path): ole.openstream(path).read() for path in ole.listdir()} == streams
