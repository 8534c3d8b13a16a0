"""Detect pages whose content is rendered by JavaScript, so they are reported instead of stored empty."""

from __future__ import annotations

import re

# Markers of client-rendered pages: an empty mount point, a <noscript> plea, framework bootstraps.
APP_ROOT = re.compile(
    rb"<(?:div|main|body)[^>]+(?:id|data-reactroot|ng-app|data-server-rendered)\s*=?\s*[\"']?"
    rb"(?:root|app|__next|__nuxt|q-app|main-app)?[\"']?[^>]*>\s*</(?:div|main)>",
    re.I,
)
# A <noscript> with text in it (a plea); one holding only a tracking pixel or a tag manager's iframe is not.
NOSCRIPT = re.compile(rb"<noscript\b[^>]*>(?:\s|<(?!/noscript)[^>]*>)*[^\s<]", re.I)
FRAMEWORK = re.compile(rb"__NEXT_DATA__|window\.__NUXT__|ng-version=|data-reactroot|<app-root", re.I)
ENABLE_JS = re.compile(
    rb"(?:enable|turn on)\s+javascript|javascript\s*(?:is\s*)?(?:required|disabled)|" + "자바스크립트".encode(), re.I
)
TAGS = re.compile(rb"<script\b.*?</script>|<style\b.*?</style>|<noscript\b.*?</noscript>|<[^>]+>", re.I | re.S)
MAX_VISIBLE_TEXT = 200


def visible_text_length(html: bytes) -> int:
    """Roughly how many non-space characters a reader would see without running scripts."""
    return len(re.sub(rb"\s+", b"", TAGS.sub(b" ", html)))


def needs_javascript(html: bytes) -> bool:
    """True when a page shows almost no text and carries a client-side rendering marker."""
    if visible_text_length(html) > MAX_VISIBLE_TEXT:
        return False
    return has_rendering_marker(html)


def has_rendering_marker(html: bytes) -> bool:
    """True when a page carries a marker of client-side rendering."""
    return bool(NOSCRIPT.search(html) or APP_ROOT.search(html) or FRAMEWORK.search(html) or ENABLE_JS.search(html))


def article_needs_javascript(article_text: str, html: bytes) -> bool:
    """True when the cleaner found no article in a page, or only a plea to enable JavaScript, and the page
    carries a client-side rendering marker. An article the cleaner did find is stored, however short."""
    if not article_text:  # a footer's text around an empty app root no longer hides the marker
        return has_rendering_marker(html)
    return len(article_text) < MAX_VISIBLE_TEXT and bool(ENABLE_JS.search(article_text.encode()))
