"""RedirectMiddleware that reports loops and over-long chains as errors instead of dropping them."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware

from crawler.middlewares.errors import RedirectLoop, TooManyRedirects


class LoopSafeRedirectMiddleware(RedirectMiddleware):
    """Cuts a redirect chain that returns to a visited URL (RedirectLoop) or exceeds REDIRECT_MAX_TIMES.

    Scrapy's own middleware gives up with IgnoreRequest (not counted as an error), and a loop back to the
    same URL is silently dropped by the dupefilter; both should show in the crawl summary.
    """

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if redirected.url in chain:
            raise RedirectLoop(f"redirect loop: {' -> '.join([*chain, redirected.url])}")
        if request.meta.get("redirect_times", 0) + 1 > self.max_redirect_times:
            raise TooManyRedirects(f"more than {self.max_redirect_times} redirects from {chain[0]}")
        return super()._redirect(redirected, request, reason)
