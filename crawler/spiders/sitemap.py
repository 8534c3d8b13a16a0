"""Sitemaps (and sitemap indexes): Scrapy's SitemapSpider with the source row's article_url as its rule."""

from __future__ import annotations

from typing import Any

from scrapy.spiders import SitemapSpider

from crawler.sources import Source
from crawler.spiders.article import ArticleSpider


class SitemapArticleSpider(ArticleSpider, SitemapSpider):
    """Follows sitemap entries whose URL matches the row's article_url."""

    name = "sitemap"

    def __init__(self, source: Source, **kwargs: Any) -> None:
        self.sitemap_urls = list(source.start_urls)
        self.sitemap_rules = [(source.article_url, "parse_article")]
        super().__init__(source, **kwargs)
