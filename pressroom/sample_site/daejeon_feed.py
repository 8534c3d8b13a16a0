"""Pages of Daejeon Metropolitan City's English news (source daejeon-en) and its RSS 2.0 feed."""

# ruff: noqa: E501 -- the HTML templates keep each element on one line, as the imitated sites print them.

from __future__ import annotations

from pressroom.sample_site.markup import (
    day_month_year,
    esc,
    html_page,
    json_ld,
    link_list,
    published_meta,
    rfc822,
    stub_pages,
)
from pressroom.sample_site.model import SITE_ORIGIN, SampleArticle, SitePage

FEED_PATH = "/daejeon/en/rss.xml"
LIST_PATH = "/daejeon/en/news/index.html"
MENU = [
    ("About Daejeon", "/daejeon/en/about.html"),
    ("City Hall", "/daejeon/en/cityhall.html"),
    ("Tourism", "/daejeon/en/tourism.html"),
    ("Business", "/daejeon/en/business.html"),
    ("News", LIST_PATH),
]
FOOTER_LINKS = [
    ("Privacy Policy", "/daejeon/en/privacy.html"),
    ("Copyright Policy", "/daejeon/en/copyright-policy.html"),
    ("Sitemap", "/daejeon/en/sitemap.html"),
]


def render_daejeon(articles: list[SampleArticle]) -> list[SitePage]:
    """All pages and the feed; `articles` newest first."""
    pages = [
        _feed(articles),
        html_page(LIST_PATH, _frame("News | Daejeon Metropolitan City", _list(articles))),
    ]
    for index, article in enumerate(articles):
        newer = articles[index - 1] if index > 0 else None
        older = articles[index + 1] if index + 1 < len(articles) else None
        pages.append(html_page(article.path, _article_page(article, index, newer, older)))
    pages += stub_pages([label_href for label_href in MENU if label_href[1] != LIST_PATH] + FOOTER_LINKS, "en")
    return pages


def _feed(articles: list[SampleArticle]) -> SitePage:
    items = "\n".join(
        f"""    <item>
      <title>{esc(a.title)}</title>
      <link>{SITE_ORIGIN}{a.path}</link>
      <guid isPermaLink="true">{SITE_ORIGIN}{a.path}</guid>
      <description>{esc(a.paragraphs[0])}</description>
      <category>{esc(a.department or "Press Release")}</category>
      <pubDate>{rfc822(a)}</pubDate>
    </item>"""
        for a in articles
    )
    text = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Daejeon Metropolitan City - Press Releases</title>
    <link>{SITE_ORIGIN}{LIST_PATH}</link>
    <description>English press releases of Daejeon Metropolitan City</description>
    <language>en</language>
    <lastBuildDate>{rfc822(articles[0])}</lastBuildDate>
{items}
  </channel>
</rss>
"""
    return SitePage(FEED_PATH, text.encode("utf-8"), {"Content-Type": "application/rss+xml; charset=utf-8"})


def _frame(title: str, content: str, head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{esc(title)}</title>
  <link rel="alternate" type="application/rss+xml" title="Press Releases" href="{FEED_PATH}">
  {head}
</head>
<body>
  <header><a class="logo" href="{LIST_PATH}">Daejeon Metropolitan City</a> <nav>{link_list(MENU, "gnb")}</nav>
    <div class="lang">Language: <a href="{LIST_PATH}">English</a></div></header>
  <div class="breadcrumb">Home &gt; News &gt; Press Releases</div>
  <main id="contents">
{content}
  </main>
  <footer>{link_list(FOOTER_LINKS, "foot")}
    <address>(35242) 100 Dunsan-ro, Seo-gu, Daejeon, Republic of Korea | Tel +82-42-120</address>
    <p>Copyright (c) Daejeon Metropolitan City. All Rights Reserved.</p></footer>
</body>
</html>
"""


def _list(articles: list[SampleArticle]) -> str:
    rows = "".join(
        f'<tr><td><a href="{a.path}">{esc(a.title)}</a></td><td>{day_month_year(a.day)}</td></tr>' for a in articles
    )
    return f'    <h1>Press Releases</h1><p><a href="{FEED_PATH}">RSS</a></p><table class="list">{rows}</table>'


def _article_page(article: SampleArticle, index: int, newer: SampleArticle | None, older: SampleArticle | None) -> str:
    # The visible date has no time; the machine-readable one (JSON-LD or meta) carries it.
    head = json_ld(article, "NewsArticle", "Daejeon Metropolitan City") if index % 2 else published_meta(article)
    body = "\n".join(f"      <p>{esc(p)}</p>" for p in article.paragraphs)
    prev_next = "".join(
        f'<li>{label} <a href="{other.path}">{esc(other.title)}</a></li>'
        for label, other in (("Prev", older), ("Next", newer))
        if other
    )
    content = f"""    <div class="board_view">
      <h2 class="title">{esc(article.title)}</h2>
      <dl class="info"><dt>Date</dt><dd class="date">{day_month_year(article.day)}</dd>
        <dt>Department</dt><dd>{esc(article.department or "")}</dd><dt>Hit</dt><dd>{article.views or 100 + index * 37}</dd></dl>
      <div class="board_view_content">
{body}
      </div>
      <div class="util">Print | Share: <a href="#">Facebook</a> <a href="#">X (Twitter)</a> <a href="#">Copy URL</a></div>
      <ul class="prev_next">{prev_next}</ul>
      <a class="btn" href="{LIST_PATH}">List</a>
    </div>"""
    return _frame(f"{article.title} | Daejeon Metropolitan City", content, head)
