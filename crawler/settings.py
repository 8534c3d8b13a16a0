"""Scrapy settings for every Pressroom crawl, in one place. Polite by default (docs/operations.md)."""

from __future__ import annotations

from typing import Any

from scrapy.settings import default_settings

# Scrapy imports every extension it lists, even one set to None. RemoteControl (an HTTP control server we do
# not use) imports aiohttp's web server: 0.2-0.4 s of every crawl's and worker's startup. Dropped from the base.
REMOTE_CONTROL = "scrapy.extensions.remote_control.RemoteControl"

USER_AGENT = "Pressroom/0.1 (open archive of government press releases; +https://github.com/pressroom-archive)"

DEFAULT_SETTINGS: dict[str, Any] = {
    "BOT_NAME": "pressroom",
    "USER_AGENT": USER_AGENT,
    "ROBOTSTXT_OBEY": True,
    # One request at a time per site, paced by AutoThrottle from the site's own latency.
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 1,
    "DOWNLOAD_DELAY": 0.25,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 0.5,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    # FINDINGS.md: Scrapy 2.19 starts CONCURRENT_ITEMS asyncio tasks per callback; 16 is 1.7x faster than 100.
    "CONCURRENT_ITEMS": 16,
    "DOWNLOAD_TIMEOUT": 30,
    "DOWNLOAD_MAXSIZE": 10 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 4 * 1024 * 1024,
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    # Retries wait base·2^(n-1) seconds (capped), so a struggling site is not hammered (docs/distributed.md).
    "RETRY_BACKOFF_BASE": 1.0,
    "RETRY_BACKOFF_MAX": 60.0,
    "REDIRECT_MAX_TIMES": 5,
    "DOWNLOADER_MIDDLEWARES": {
        # Scrapy's, but a robots.txt that cannot be fetched (the site is down) is one line, not a traceback.
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.middlewares.robots_txt.QuietRobotsTxtMiddleware": 100,
        "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
        "crawler.middlewares.retry.BackoffRetryMiddleware": 550,
        "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
        "crawler.middlewares.redirect.LoopSafeRedirectMiddleware": 600,
        "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
        "crawler.middlewares.meta_refresh.PrefilteredMetaRefreshMiddleware": 580,
        # Conditional GET for documents already stored; 304 -> unchanged (docs/archive.md). Nearer the downloader
        # than meta refresh, so a 304 is settled before anything reads a body (at an equal number the order was
        # only the order of this dict).
        "crawler.archive.conditional.ConditionalGetMiddleware": 590,
    },
    # The archive (docs/archive.md): every response into WARC files in PRESSROOM_WARC_DIR (off when empty;
    # `pressroom crawl --warc-dir`, default var/warc), rotated past PRESSROOM_WARC_MAX_BYTES.
    "EXTENSIONS": {"crawler.archive.extension.WarcArchiveExtension": 500},
    "EXTENSIONS_BASE": {
        name: order for name, order in default_settings.EXTENSIONS_BASE.items() if name != REMOTE_CONTROL
    },
    "SPIDER_MIDDLEWARES": {
        # Just after Scrapy's HttpErrorMiddleware (50), so only responses that reach a callback are counted.
        "crawler.middlewares.pages_ok.PagesOkMiddleware": 55,
        "crawler.archive.conditional.NewArticlesFirstMiddleware": 600,
    },
    "PRESSROOM_WARC_DIR": None,
    "PRESSROOM_WARC_MAX_BYTES": 100 * 1024 * 1024,
    # A ForwardingArchive (crawler/archive/forwarding.py) when another process writes the archive: set by
    # `pressroom crawl` with its indexing process, never in a sources file or on the command line.
    "PRESSROOM_ARCHIVE_FORWARD": None,
    # Stored articles captured more recently than this are not refetched; older ones get a conditional GET.
    "PRESSROOM_REFETCH_AFTER": "1d",
    "PRESSROOM_CONDITIONAL_GET": True,
    "PRESSROOM_NEW_ARTICLE_PRIORITY": 10,  # article links not yet stored are fetched before known ones
    # Attachments (PDF, HWPX, HWP) are fetched after their article, each capped at this size.
    "PRESSROOM_ATTACHMENTS": True,
    "PRESSROOM_ATTACHMENT_MAXSIZE": 20 * 1024 * 1024,
    # Enrich and store in an indexing process beside the crawl (local `pressroom crawl` with a store URL).
    "PRESSROOM_BACKGROUND_INDEXING": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    # Skips building the per-page "Crawled"/"Scraped from" DEBUG records unless LOG_LEVEL is DEBUG.
    "LOG_FORMATTER": "crawler.log_formatter.QuietLogFormatter",
    # Log lines go to stderr in Scrapy's format; the crawl summary goes to stdout.
    "LOG_INSTALL_ROOT_HANDLER": True,
    "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
}

# A worker of a distributed crawl (`pressroom worker`) adds these to DEFAULT_SETTINGS; see docs/distributed.md.
DISTRIBUTED_SETTINGS: dict[str, Any] = {
    "SCHEDULER": "crawler.distributed.scheduler.FrontierScheduler",
    "STATS_CLASS": "crawler.distributed.stats.FrontierStatsCollector",
    # Closest to the engine (1): it must see exactly what reaches the scheduler and the item signals.
    "SPIDER_MIDDLEWARES": {
        **DEFAULT_SETTINGS.get("SPIDER_MIDDLEWARES", {}),
        "crawler.distributed.leases.LeaseTrackingMiddleware": 1,
    },
    "DOWNLOADER_MIDDLEWARES": {
        **DEFAULT_SETTINGS["DOWNLOADER_MIDDLEWARES"],
        "crawler.middlewares.robots_txt.QuietRobotsTxtMiddleware": None,
        "crawler.distributed.robots.SharedRobotsTxtMiddleware": 100,
    },
    # Takes the site's shared Redis slot as each request is handed to the download handler, after Scrapy's own
    # per-crawler delay and queue: the slot spaces the real sends of all workers (docs/distributed.md).
    "DOWNLOADER": "crawler.distributed.politeness.DomainSlotDownloader",
    "PRESSROOM_REDIS_PREFIX": "pressroom",
    # A crawler takes from Redis at most its per-site concurrency and this many more requests (docs/distributed.md).
    "PRESSROOM_FRONTIER_PREFETCH": 1,
    # A worker whose heartbeat is older than this is dead: its leased requests go back to the queues.
    "PRESSROOM_LEASE_TIMEOUT": 30.0,
    # How often a worker heartbeats, looks for new crawls, reclaims dead workers' leases and flushes stats.
    "PRESSROOM_WORKER_POLL": 1.0,
    # `crawl --wait` and `pressroom crawls` warn when a running crawl has had, this many seconds, no live
    # worker, or queued requests of a source no live worker serves (it would wait forever, silently).
    "PRESSROOM_STUCK_AFTER": 10.0,
    # Seconds a finished or cancelled crawl's keys stay in Redis (record, stats, fingerprints) before Redis drops
    # them: kept for ever, the fingerprints alone (a member per URL) grew Redis with every crawl.
    "PRESSROOM_CRAWL_RETENTION": 7 * 24 * 3600.0,
}
