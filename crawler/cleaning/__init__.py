"""The cleaner: the article and nothing else (text, title, date, byline, attachments) from any page.

Pure functions, no Scrapy: spiders call `extract_article(body, url, options)`.
"""

from crawler.cleaning.decoding import decode_html
from crawler.cleaning.extraction import extract_article
from crawler.cleaning.model import Article, ExtractionError, ExtractionOptions, PageTooLarge
from crawler.cleaning.text_lines import clean_text

__all__ = [
    "Article",
    "ExtractionError",
    "ExtractionOptions",
    "PageTooLarge",
    "clean_text",
    "decode_html",
    "extract_article",
]
