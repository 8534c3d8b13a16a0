"""Sitemaps (and sitemap indexes): Scrapy's SitemapSpider with the source row's article_url as its rule."""

from __future__ import annotations

import re
import zlib
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request
from scrapy.http import Response
from scrapy.spiders import SitemapSpider

from crawler.sources import Source
from crawler.spiders.article import ArticleSpider

# A sitemap's root element, after the XML declaration, comments and stylesheet instructions of its head.
SITEMAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:urlset|sitemapindex)[\s>/]")
SITEMAP_HEAD = 65536


class SitemapArticleSpider(ArticleSpider, SitemapSpider):
    """Follows sitemap entries whose URL matches the row's article_url."""

    name = "sitemap"

    def __init__(self, source: Source, **kwargs: Any) -> None:
        self.sitemap_urls = list(source.start_urls)
        self.sitemap_rules = [(source.article_url, "parse_article")]
        super().__init__(source, **kwargs)
        self._checked_body: tuple[Response, bytes] | None = None

    async def start(self) -> AsyncIterator[Any]:
        async for request in super().start():
            yield self._counted(request)

    def _parse_sitemap(self, response: Response) -> Iterable[Request]:
        if not response.url.endswith("/robots.txt") and not self._is_sitemap(response):
            return ()
        return (self._counted(request) for request in super()._parse_sitemap(response))

    def _is_sitemap(self, response: Response) -> bool:
        """Whether a response is a readable sitemap; counts and logs (one line) why when it is not."""
        # Scrapy let a corrupt .xml.gz raise zlib.error from its callback (a full traceback, no error kind) and
        # only logged "Ignoring invalid sitemap" for an HTML page: a dead sitemap source looked like an empty crawl.
        try:
            body = super()._get_sitemap_body(response)
        except (zlib.error, OSError, EOFError) as exc:
            self.count_error("sitemap_unreadable")
            self.logger.warning("cannot decompress sitemap %s: %s", response.url, exc)
            return False
        if not body or not SITEMAP_ROOT.search(body[:SITEMAP_HEAD]):
            self.count_error("not_a_sitemap")
            self.logger.warning("not a sitemap (no urlset or sitemapindex): %s", response.url)
            return False
        self._checked_body = (response, body)  # Scrapy asks for it next: decompress once
        return True

    def _get_sitemap_body(self, response: Response) -> bytes | None:
        checked, self._checked_body = self._checked_body, None
        if checked is not None and checked[0] is response:
            return checked[1]
        return super()._get_sitemap_body(response)

    def _counted(self, request: Any) -> Any:
        # SitemapSpider builds its requests (sitemaps and articles) without an errback, so a dead sitemap
        # or a 404 article would be missing from the crawl summary's errors: the operator must see them.
        if isinstance(request, Request) and request.errback is None:
            request.errback = self.on_error  # set on the request just built: replace() copies it (~6 us each)
        return request
