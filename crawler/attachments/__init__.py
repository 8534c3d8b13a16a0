"""Attachments of press releases: fetched after their article (size-capped), their text extracted."""

from crawler.attachments.extract import AttachmentError, attachment_kind, extract_attachment_text

__all__ = ["AttachmentError", "attachment_kind", "extract_attachment_text"]
