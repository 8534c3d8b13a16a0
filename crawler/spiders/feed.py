"""RSS 2.0 and Atom feeds: each item links to an article; the feed's date backs up the page's."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from email.utils import parsedate_to_datetime

import scrapy
from scrapy.http import Response

from crawler.spiders.article import ArticleSpider


def parse_feed_date(text: str | None) -> datetime | None:
    """RFC 822 (RSS) or ISO 8601 (Atom) date; None when unreadable or without a zone."""
    if not text:
        return None
    text = text.strip()
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    return value if value.tzinfo else None


class FeedSpider(ArticleSpider):
    """Reads RSS/Atom feeds named in start_urls."""

    name = "feed"

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url in self.source.start_urls:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error)

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        selector = scrapy.Selector(text=response.text, type="xml")
        selector.remove_namespaces()
        entries = selector.xpath("//item | //entry")
        if not entries:
            self.count_error("empty_feed")
        for entry in entries:
            link = entry.xpath("link/text()").get() or entry.xpath("link/@href").get()
            if not link:
                continue
            url = response.urljoin(link.strip())
            if not self.is_article(url):
                continue
            date = entry.xpath("pubDate/text() | published/text() | updated/text()").get()
            yield self.article_request(url, feed_published_at=parse_feed_date(date))
