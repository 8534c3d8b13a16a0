"""Sitemaps (and sitemap indexes): Scrapy's SitemapSpider with the source row's article_url as its rule."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request
from scrapy.http import Response
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

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield self._counted(request)

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        return (self._counted(request) for request in super()._parse_sitemap(response))

    def _counted(self, request: Any) -> Any:
        # SitemapSpider builds its requests (sitemaps and articles) without an errback, so a dead sitemap
        # or a 404 article would be missing from the crawl summary's errors: the operator must see them.
        if isinstance(request, Request) and request.errback is None:
            request.errback = self.on_error  # set on the request just built: replace() copies it (~6 us each)
        return request
