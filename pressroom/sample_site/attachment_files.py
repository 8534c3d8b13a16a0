"""Real attachment files for the sample site: a text PDF, an HWPX and an HWP, written byte for byte (deterministic).

The PDF uses the standard Korean CID font HYSMyeongJo-Medium with the UniKS-UCS2-H encoding (readers with
Korean fonts show it) and a ToUnicode map (text extractors read it). The HWPX is the OWPML zip a Hancom
writer produces, reduced to what readers need: mimetype, a manifest, and Contents/section0.xml. The HWP is
an HWP 5 compound file with the records a reader of the text meets (hwp_bytes).
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Sequence
from xml.sax.saxutils import escape

from pressroom.sample_site.compound_file import compound_file

FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # zip entry times fixed so the bytes never change between builds
HWPX_MIME = "application/hwp+zip"
OWPML_PARAGRAPH = "http://www.hancom.co.kr/hwpml/2011/paragraph"
OWPML_SECTION = "http://www.hancom.co.kr/hwpml/2011/section"


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines`, one per line, from the top."""
    text_ops = ["BT", "/F1 12 Tf", "16 TL", "50 790 Td"]
    for line in lines:
        text_ops.append(f"<{line.encode('utf-16-be').hex().upper()}> Tj T*")
    text_ops.append("ET")
    content = "\n".join(text_ops).encode("ascii")
    high_bytes = sorted({ord(ch) >> 8 for line in lines for ch in line})
    ranges = "\n".join(f"<{h:02X}00> <{h:02X}FF> <{h:02X}00>" for h in high_bytes)
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(high_bytes)} beginbfrange\n{ranges}\nendbfrange\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /HYSMyeongJo-Medium /Encoding /UniKS-UCS2-H"
        b" /DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        _stream(content),
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /HYSMyeongJo-Medium"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Korea1) /Supplement 2 >> /FontDescriptor 8 0 R"
        b" /DW 1000 >>",
        _stream(cmap),
        b"<< /Type /FontDescriptor /FontName /HYSMyeongJo-Medium /Flags 6 /FontBBox [0 -148 1001 880]"
        b" /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 60 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"


def hwpx_bytes(title: str, paragraphs: list[str]) -> bytes:
    """An HWPX file whose body is `paragraphs` (one hp:p each) and whose preview text is the title."""
    runs = "".join(
        f'<hp:p id="{i}" paraPrIDRef="0" styleIDRef="0"><hp:run charPrIDRef="0"><hp:t>{escape(text)}</hp:t>'
        "</hp:run></hp:p>"
        for i, text in enumerate(paragraphs)
    )
    section = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<hs:sec xmlns:hs="{OWPML_SECTION}" xmlns:hp="{OWPML_PARAGRAPH}">{runs}</hs:sec>'
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<opf:package xmlns:opf="http://www.idpf.org/2007/opf/"><opf:manifest>'
        '<opf:item id="section0" href="Contents/section0.xml" media-type="application/xml"/>'
        '</opf:manifest><opf:spine><opf:itemref idref="section0"/></opf:spine></opf:package>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [
            ("mimetype", HWPX_MIME, zipfile.ZIP_STORED),  # first and uncompressed, as in OCF/EPUB
            ("Contents/content.hpf", manifest, zipfile.ZIP_DEFLATED),
            ("Contents/section0.xml", section, zipfile.ZIP_DEFLATED),
            ("Preview/PrvText.txt", title, zipfile.ZIP_DEFLATED),
        ]
        for name, data, method in entries:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = method
            archive.writestr(info, data)
    return buffer.getvalue()


HWP_VERSION = 0x05000300  # 5.0.3.0
HWP_COMPRESSED = 0x01  # FileHeader property bits (hwp5.py reads them)
PARA_HEADER, PARA_TEXT, CTRL_HEADER, LIST_HEADER = 0x42, 0x43, 0x47, 0x48
# A paragraph: its text, or the cells of a one-row table that the paragraph holds.
HwpParagraph = str | list[str]


def hwp_bytes(
    sections: Sequence[Sequence[HwpParagraph]], *, preview: str = "", compressed: bool = True, properties: int = 0
) -> bytes:
    """An HWP 5 document: FileHeader, DocInfo, a BodyText/SectionN stream of records for each section, PrvText.

    Every section's first paragraph starts with the section and column definitions (extended controls) as
    Hancom's writers put them; a tab in a text is a tab control, a newline a line break.
    """
    flags = properties | (HWP_COMPRESSED if compressed else 0)
    header = b"HWP Document File".ljust(32, b"\0") + struct.pack("<II", HWP_VERSION, flags)
    streams = {"FileHeader": header.ljust(256, b"\0"), "DocInfo": _hwp_body(b"", compressed)}
    for number, paragraphs in enumerate(sections):
        records = b"".join(
            _hwp_paragraph(paragraph, 0, first=position == 0) for position, paragraph in enumerate(paragraphs)
        )
        streams[f"BodyText/Section{number}"] = _hwp_body(records, compressed)
    if preview:
        streams["PrvText"] = preview.encode("utf-16-le")
    return compound_file(streams)


def _hwp_body(records: bytes, compressed: bool) -> bytes:
    if not compressed:
        return records
    deflate = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate, as Hancom's writers store it
    return deflate.compress(records) + deflate.flush()


def _hwp_paragraph(paragraph: HwpParagraph, level: int, *, first: bool = False) -> bytes:
    units = [*_hwp_control(2, "secd"), *_hwp_control(2, "cold")] if first else []
    text, cells = (paragraph, []) if isinstance(paragraph, str) else ("", paragraph)
    for char in text:
        if char == "\t":
            units += [9, 0, 0, 0, 0, 0, 0, 9]  # an inline control: the code, six units of width data, the code
        elif char == "\n":
            units.append(10)
        else:
            units += struct.unpack(f"<{len(char.encode('utf-16-le')) // 2}H", char.encode("utf-16-le"))
    if cells:
        units += _hwp_control(11, "tbl ")
    units.append(13)
    # PARA_HEADER: character count, control mask, shape and style references (the first of each), one
    # character shape, no range tags or line segments. Readers of the text skip it.
    records = _hwp_record(PARA_HEADER, level, struct.pack("<IIHBBHHHIH", len(units), 0, 0, 0, 0, 1, 0, 0, 0, 0))
    records += _hwp_record(PARA_TEXT, level + 1, struct.pack(f"<{len(units)}H", *units))
    if cells:
        records += _hwp_record(CTRL_HEADER, level + 1, _hwp_id("tbl "))
        for cell in cells:
            records += _hwp_record(LIST_HEADER, level + 2, struct.pack("<hI", 1, 0))
            records += _hwp_paragraph(cell, level + 2)
    return records


def _hwp_control(code: int, name: str) -> list[int]:
    """An extended control in a paragraph's text: the code, the control's id, four units of pointer, the code."""
    return [code, *struct.unpack("<2H", _hwp_id(name)), 0, 0, 0, 0, code]


def _hwp_id(name: str) -> bytes:
    return struct.pack("<I", int.from_bytes(name.encode("ascii"), "big"))  # MAKE_4CHID: first letter highest


def _hwp_record(tag: int, level: int, data: bytes) -> bytes:
    if len(data) >= 0xFFF:  # the size field's largest value says a DWORD with the size follows
        return struct.pack("<II", tag | level << 10 | 0xFFF << 20, len(data)) + data
    return struct.pack("<I", tag | level << 10 | len(data) << 20) + data


# Attachments of Seoul release 1012 with real text. Their marked words appear nowhere else on the site, so a
# search for them can only match through the attachment (tests/archive).
REAL_ATTACHMENTS: dict[str, tuple[list[str], list[str]]] = {
    "/seoul/press/files/1012_1.hwpx": (
        [
            "치매 조기검진 전면 확대 세부 추진계획",
            "검진을 마친 어르신께는 복약과 산책을 함께 적는 기억다듬이 돌봄수첩을 나누어 드린다.",
            "Every participant also receives a Memorymoss notebook for daily notes.",
        ],
        ["기억다듬이", "Memorymoss"],
    ),
    "/seoul/press/files/1012_2.pdf": (
        [
            "자치구 치매안심센터 목록",
            "치매쉼표버스 순회 일정: 매주 화요일과 목요일 오후",
            "The Hippocampus Caravan visits every district once a month.",
        ],
        ["치매쉼표버스", "Hippocampus"],
    ),
    "/seoul/press/files/1012_3.hwp": (
        [
            "치매안심센터 인지강화 프로그램 안내",
            "매주 수요일 오전에는 손뜨개와 합창으로 이루어진 기억새싹교실이 열린다.",
            "Families may join the Synapse Sprouts choir on the last Friday of each month.",
        ],
        ["기억새싹교실", "Synapse"],
    ),
}


def real_attachment(path: str, name: str) -> bytes | None:
    """The bytes of a real attachment for this site path, or None for a placeholder."""
    if path not in REAL_ATTACHMENTS:
        return None
    paragraphs = REAL_ATTACHMENTS[path][0]
    if path.endswith(".hwpx"):
        return hwpx_bytes(name, paragraphs)
    if path.endswith(".hwp"):
        return hwp_bytes([paragraphs], preview=paragraphs[0])  # PrvText holds the start of the text
    return pdf_bytes(paragraphs)
