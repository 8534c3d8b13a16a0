"""Text of a press release's attachment (PDF, HWPX, HWP), as paragraphs separated by blank lines. Pure functions."""

from __future__ import annotations

import io
import logging
import re
import zipfile
from enum import StrEnum

from lxml import etree

from crawler.attachments.hwp5 import HwpError, hwp5_text

MAX_TEXT_CHARS = 200_000  # an attachment's text beyond this is not indexed (keeps one document bounded)
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # refuse zip bombs posing as HWPX, and HWP bodies inflating as much
SECTION = re.compile(r"^Contents/section(\d+)\.xml$", re.I)


class AttachmentKind(StrEnum):
    PDF = "pdf"
    HWPX = "hwpx"
    HWP = "hwp"
    UNKNOWN = "unknown"


class AttachmentError(ValueError):
    """An attachment whose text cannot be read; the message says why (kept with the document)."""


def attachment_kind(name: str, body: bytes) -> AttachmentKind:
    """What a file is, by its first bytes, then by its name."""
    if body.startswith(b"%PDF"):
        return AttachmentKind.PDF
    if body.startswith(b"PK\x03\x04") and (b"hwp+zip" in body[:200] or name.lower().endswith(".hwpx")):
        return AttachmentKind.HWPX
    if body.startswith(b"\xd0\xcf\x11\xe0"):
        return AttachmentKind.HWP
    suffix = name.lower().rsplit(".", 1)[-1]
    return AttachmentKind(suffix) if suffix in {"pdf", "hwpx", "hwp"} else AttachmentKind.UNKNOWN


def extract_attachment_text(name: str, body: bytes) -> str:
    """The text of an attachment; AttachmentError when its kind is unsupported or the file is damaged.

    Nothing else is raised: the spider stores the article either way, with the error beside the attachment.
    """
    kind = attachment_kind(name, body)
    try:
        if kind is AttachmentKind.PDF:
            text = pdf_text(body)
        elif kind is AttachmentKind.HWPX:
            text = hwpx_text(body)
        elif kind is AttachmentKind.HWP:
            text = hwp5_text(body, MAX_UNZIPPED_BYTES)
        else:
            raise AttachmentError(f"not a PDF, HWPX or HWP file: {name}")
    except AttachmentError:
        raise
    except HwpError as exc:
        raise AttachmentError(str(exc)) from None
    except Exception as exc:  # a damaged file can trip its reader anywhere (zlib, recursion, indexing…)
        raise AttachmentError(f"unreadable {kind.value.upper()}: {type(exc).__name__}: {exc}") from None
    return tidy(text)[:MAX_TEXT_CHARS]


def pdf_text(body: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged-but-readable files warn per object
    try:
        reader = PdfReader(io.BytesIO(body))
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise AttachmentError(f"unreadable PDF: {exc}") from None


def hwpx_text(body: bytes) -> str:
    """HWPX (OWPML): a zip whose Contents/section*.xml hold paragraphs (p) of text runs (t)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(body))
        if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
            raise AttachmentError("HWPX unpacks to more than the allowed size")
        sections = sorted(
            (int(match.group(1)), info.filename)
            for info in archive.infolist()
            if (match := SECTION.match(info.filename))
        )
        if not sections:
            # Some writers keep only the preview text; better than nothing.
            preview = "Preview/PrvText.txt"
            return archive.read(preview).decode("utf-8", "replace") if preview in archive.namelist() else ""
        return "\n\n".join(_section_text(archive.read(filename)) for _, filename in sections)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as exc:
        raise AttachmentError(f"unreadable HWPX: {exc}") from None


def _section_text(xml: bytes) -> str:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(xml, parser)
    # Keys are the paragraph elements themselves: holding them keeps lxml's proxies (and identity) stable.
    paragraphs: dict[etree._Element, list[str]] = {}
    for node in root.iter():
        if not isinstance(node.tag, str) or etree.QName(node).localname != "t":
            continue
        # Group runs by their nearest paragraph, so table cells (paragraphs inside paragraphs) stay apart.
        owner = next((a for a in node.iterancestors() if etree.QName(a).localname == "p"), root)
        paragraphs.setdefault(owner, []).append("".join(node.itertext()))
    return "\n\n".join("".join(runs) for runs in paragraphs.values())


def tidy(text: str) -> str:
    """Collapse spaces within lines and blank runs between paragraphs."""
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.replace("\r", "\n").split("\n")]
    paragraphs = re.split(r"\n{2,}", "\n".join(lines))
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())
