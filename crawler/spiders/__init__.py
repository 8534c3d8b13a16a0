"""One spider per kind of source (board, RSS feed, sitemap), each configured by a sources YAML row."""

from __future__ import annotations

from crawler.sources import SourceKind
from crawler.spiders.article import ArticleSpider
from crawler.spiders.board import BoardSpider
from crawler.spiders.feed import FeedSpider
from crawler.spiders.sitemap import SitemapArticleSpider

SPIDER_FOR_KIND: dict[SourceKind, type[ArticleSpider]] = {
    SourceKind.BOARD: BoardSpider,
    SourceKind.RSS: FeedSpider,
    SourceKind.SITEMAP: SitemapArticleSpider,
}

__all__ = ["SPIDER_FOR_KIND", "ArticleSpider", "BoardSpider", "FeedSpider", "SitemapArticleSpider"]
