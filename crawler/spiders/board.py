"""Press-release boards: list pages with pagination that link to article pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import scrapy
from scrapy.http import Response

from crawler.spiders.article import ArticleSpider


class BoardSpider(ArticleSpider):
    """Reads list pages, follows article links (article_url) and pagination (follow_url, next_page)."""

    name = "board"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.start_urls:
            yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error)

    def parse_list(self, response: Response) -> Iterator[scrapy.Request]:
        if not hasattr(response, "css"):
            self.count_error("not_html")
            return
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href.strip())
            if self.is_article(url):
                yield self.article_request(url)
            elif self.follow_pattern and self.follow_pattern.search(url):
                yield scrapy.Request(url, callback=self.parse_list, errback=self.on_error)
        next_selector = self.source.selectors.next_page
        if next_selector:
            for href in response.css(next_selector).css("::attr(href)").getall():
                yield scrapy.Request(response.urljoin(href), callback=self.parse_list, errback=self.on_error)
