"""A crawl frontier shared by many worker processes through Redis, built on scrapy-redis.

`Frontier` holds the Redis protocol (queues, leases, fingerprints, heartbeats); the Scrapy components
(scheduler, dupefilter, middlewares, stats) adapt it to Scrapy. See docs/distributed.md.
"""
