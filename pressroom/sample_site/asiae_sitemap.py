"""Pages of an Asia Business Daily-like English news site (source asiae-en) and its sitemap."""

# ruff: noqa: E501 -- the HTML templates keep each element on one line, as the imitated sites print them.

from __future__ import annotations

from pressroom.sample_site.markup import (
    attr,
    clock,
    esc,
    html_page,
    json_ld,
    link_list,
    month_day_year,
    stub_pages,
)
from pressroom.sample_site.model import SITE_ORIGIN, SampleArticle, SitePage

SITEMAP_PATH = "/asiae/sitemap.xml"
HOME_PATH = "/asiae/en/index.html"
COPYRIGHT = "© The Asia Business Daily(www.asiae.co.kr). All rights reserved."
MENU = [
    ("Economy", "/asiae/en/economy.html"),
    ("Politics", "/asiae/en/politics.html"),
    ("Society", "/asiae/en/society.html"),
    ("Regions", "/asiae/en/regions.html"),
    ("Opinion", "/asiae/en/opinion.html"),
]
FOOTER_LINKS = [
    ("About Us", "/asiae/en/about.html"),
    ("Terms of Use", "/asiae/en/terms.html"),
    ("Privacy Policy", "/asiae/en/privacy.html"),
]


def render_asiae(articles: list[SampleArticle]) -> list[SitePage]:
    """All pages and the sitemap; `articles` newest first."""
    pages = [_sitemap(articles), html_page(HOME_PATH, _frame("The Asia Business Daily", _home(articles)))]
    pages += [html_page(a.path, _article_page(a, i, articles)) for i, a in enumerate(articles)]
    pages += stub_pages(MENU + FOOTER_LINKS, "en")
    return pages


def _sitemap(articles: list[SampleArticle]) -> SitePage:
    # The home page is listed too, as on real news sitemaps; the source's article pattern must skip it.
    entries = [
        f"  <url><loc>{SITE_ORIGIN}{HOME_PATH}</loc><lastmod>{articles[0].day.isoformat()}</lastmod>"
        "<changefreq>hourly</changefreq></url>"
    ]
    entries += [f"  <url><loc>{SITE_ORIGIN}{a.path}</loc><lastmod>{a.published_iso}</lastmod></url>" for a in articles]
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n"
    )
    return SitePage(SITEMAP_PATH, text.encode("utf-8"), {"Content-Type": "application/xml; charset=utf-8"})


def _frame(title: str, content: str, head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{esc(title)}</title>
{head}
</head>
<body>
<header id="header"><a class="logo" href="{HOME_PATH}">The Asia Business Daily</a><nav>{link_list(MENU, "gnb")}</nav>
<form class="search"><input name="kwd" placeholder="Search"></form></header>
<div id="container">
{content}
</div>
<footer id="footer">{link_list(FOOTER_LINKS, "foot")}
<p>The Asia Business Daily | 8-1 Cheonggyecheon-ro, Jung-gu, Seoul | Publisher & Editor</p>
<p class="copyright">Copyright ⓒ The Asia Business Daily. All rights reserved.</p></footer>
</body>
</html>
"""


def _home(articles: list[SampleArticle]) -> str:
    items = "".join(
        f'<li><a href="{a.path}">{esc(a.title)}</a> <span>{month_day_year(a.day)}</span></li>' for a in articles
    )
    return f'<h2>Latest News</h2><ul class="news_list">{items}</ul>'


def _article_page(article: SampleArticle, index: int, everything: list[SampleArticle]) -> str:
    head = f'<meta property="og:title" content="{attr(article.title)}">'
    if index % 2 == 0:
        head += "\n" + json_ld(article, "NewsArticle", "The Asia Business Daily")
    subtitle = "".join(f'<h2 class="sub_tit">{esc(line)}</h2>' for line in article.subtitle)
    paragraphs = [esc(p) for p in article.paragraphs]
    if article.byline:
        # The reporter's bracket byline opens the first paragraph, as on the real site.
        paragraphs[0] = f"[{esc(article.byline)}] {paragraphs[0]}"
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    source_line = article.extra.get("source_line")
    after = f'<p class="source">{esc(source_line)}</p>' if source_line else ""
    most_viewed = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in everything if a is not article)
    content = f"""<div class="area_title">
<h1>{esc(article.title)}</h1>
{subtitle}
<p class="user_data">Published {month_day_year(article.day)}{clock(article)} (KST) | <a href="#">Facebook</a> <a href="#">X</a> <a href="#">LinkedIn</a> | <button>A+</button><button>A-</button></p>
</div>
<div class="article fb-quotes" id="txt_area">
{body}
</div>
{after}
<p class="txt_prohibition">{esc(COPYRIGHT)}</p>
<aside class="most_viewed"><h3>Most Viewed</h3><ol>{most_viewed}</ol></aside>
<aside class="hot_issue"><h3>Hot Issue</h3><p>Subscribe to our newsletter for the day's top Korea business stories.</p></aside>"""
    return _frame(f"{article.title} - The Asia Business Daily", content, head)
