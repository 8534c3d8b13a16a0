"""Small HTML and date-format pieces shared by the sample site's page renderers."""

from __future__ import annotations

import json
from datetime import date, datetime
from email.utils import format_datetime
from html import escape

from pressroom.sample_site.model import KST, SITE_ORIGIN, SampleArticle, SitePage

MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def esc(text: str) -> str:
    """Escape element text; quotes stay as they are, as CMSs print them."""
    return escape(text, quote=False)


def attr(text: str) -> str:
    """Escape a double-quoted attribute value."""
    return escape(text, quote=True)


def paragraphs_html(paragraphs: list[str], indent: str = "      ") -> str:
    return "\n".join(f"{indent}<p>{esc(p)}</p>" for p in paragraphs)


def dotted(day: date) -> str:
    return f"{day.year}.{day.month:02d}.{day.day:02d}"


def korean_date(day: date) -> str:
    return f"{day.year}년 {day.month}월 {day.day}일"


def day_month_year(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def month_day_year(day: date) -> str:
    return f"{MONTHS[day.month - 1][:3]} {day.day}, {day.year}"


def clock(article: SampleArticle) -> str:
    """' 14:05' when the article has a time, else ''."""
    when = article.published
    return f" {when:%H:%M}" if isinstance(when, datetime) else ""


def rfc822(article: SampleArticle) -> str:
    when = article.published
    if not isinstance(when, datetime):
        when = datetime(when.year, when.month, when.day, 9, 0, tzinfo=KST)
    return format_datetime(when)


def published_meta(article: SampleArticle) -> str:
    """The Open Graph article time most CMSs emit."""
    return f'<meta property="article:published_time" content="{article.published_iso}">'


def json_ld(article: SampleArticle, kind: str, publisher: str) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "headline": article.title,
        "datePublished": article.published_iso,
        "inLanguage": article.language,
        "publisher": {"@type": "Organization", "name": publisher},
        "mainEntityOfPage": SITE_ORIGIN + article.path,
    }
    return f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'


def html_page(path: str, text: str, encoding: str = "utf-8", content_type: str | None = None) -> SitePage:
    """Encode a page strictly (a character the encoding lacks is a generator bug) and set its header."""
    header = content_type or f"text/html; charset={encoding}"
    return SitePage(path, text.encode(encoding), {"Content-Type": header})


def stub_page(path: str, title: str, lang: str = "ko", encoding: str = "utf-8") -> SitePage:
    """A placeholder for menu and footer destinations, so the site has no dead links but one."""
    note = "페이지 준비 중입니다." if lang == "ko" else "This page is being prepared."
    text = f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="{encoding}"><title>{esc(title)}</title></head>
<body>
  <h1>{esc(title)}</h1>
  <p>{note}</p>
</body>
</html>
"""
    return html_page(path, text, encoding)


def stub_pages(links: list[tuple[str, str]], lang: str = "ko", encoding: str = "utf-8") -> list[SitePage]:
    return [stub_page(href, label, lang, encoding) for label, href in links]


def link_list(links: list[tuple[str, str]], css: str) -> str:
    items = "".join(f'<li><a href="{esc(href)}">{esc(label)}</a></li>' for label, href in links)
    return f'<ul class="{css}">{items}</ul>'
