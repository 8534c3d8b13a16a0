"""Scrapy's RobotsTxtMiddleware, with a robots.txt that cannot be fetched said in one warning line."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares import robotstxt
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.utils.httpobj import urlparse_cached


class RobotsFetchErrorFilter(logging.Filter):
    """Turns Scrapy's "Error downloading …" record for robots.txt (an ERROR with a traceback) into one line.

    A site that is down fails its robots.txt first: the traceback was the first thing an operator saw, and
    each page's own failure is counted and logged anyway (crawler/spiders/article.py, on_error).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if not record.exc_info or not isinstance(args, Mapping) or "f_exception" not in args:
            return True
        request = args.get("request")
        site = urlparse_cached(request).netloc if isinstance(request, Request) else "the site"
        record.msg = "robots.txt of %(site)s could not be fetched (%(error)s); crawling as if it allows everything"
        record.args = {"site": site, "error": " ".join(str(args["f_exception"]).split())[:200]}
        record.exc_info = record.exc_text = None
        record.levelno, record.levelname = logging.WARNING, logging.getLevelName(logging.WARNING)
        return True


ROBOTS_FETCH_ERRORS = RobotsFetchErrorFilter()


class QuietRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Obeys robots.txt as Scrapy's middleware does; its fetch errors are logged by RobotsFetchErrorFilter."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        robotstxt.logger.addFilter(ROBOTS_FETCH_ERRORS)  # once: a logger keeps one copy of a filter
