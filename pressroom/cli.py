"""The `pressroom` command: crawl, search, serve, demo, sample-site, sources, index."""

from __future__ import annotations

import argparse
import gc
import json
import logging
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawler.sources import SourceError
from indexer.query import QuerySyntaxError
from indexer.search_params import InvalidSearch
from indexer.store import DEFAULT_STORE_URL, StoreError

DEFAULT_SOURCES = "sources/sample.yaml"
SPOOL_DIR = Path("var/spool")
DEFAULT_WARC_DIR = Path("var/warc")


class UsageError(Exception):
    """A command-line problem the user can fix; printed as one line."""


class CommandFailed(Exception):
    """A command that could not do its work (a crawl that cannot start, a damaged file); one line, exit 1."""


def store_url(args: argparse.Namespace) -> str:
    """--store, else PRESSROOM_STORE, else the embedded default; UsageError when it cannot name a store."""
    url = args.store or os.environ.get("PRESSROOM_STORE") or DEFAULT_STORE_URL
    check_store_url(url)
    return url


def check_store_url(url: str) -> None:
    """Refuse in one line what open_store would refuse with a traceback (Elasticsearch URLs it cannot parse)."""
    url = url.strip()
    if url.startswith("sqlite:"):
        return
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"unknown store URL {url!r}: use sqlite:///PATH or http://HOST:9200")
    from elastic_transport.client_utils import url_to_node_config

    try:
        url_to_node_config(url)
    except ValueError as exc:
        raise UsageError(f"store URL {url!r}: {exc}") from None


def port_number(text: str) -> int:
    """argparse type: a TCP port, 0 (any free port) to 65535."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def positive(kind: type[int] | type[float], *, zero: bool = False) -> Any:
    """argparse type: a finite number above zero (or at least zero)."""

    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a{'n integer' if kind is int else ' number'}") from None
        if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
            raise argparse.ArgumentTypeError(f"{text!r} must be {'zero or more' if zero else 'more than zero'}")
        return value

    parse.__name__ = kind.__name__  # argparse names the type in its messages
    return parse


def checked_redis_url(url: str, option: str = "--redis") -> str:
    """A Redis URL as given, refused in one line (UsageError) when redis-py cannot read it."""
    from redis.connection import parse_url

    try:
        parse_url(url)
    except ValueError as exc:
        raise UsageError(f"{option} {url!r}: {exc}") from None
    return url


def add_store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--store",
        metavar="URL",
        help=f"sqlite:///PATH or http://HOST:9200 (env PRESSROOM_STORE; default {DEFAULT_STORE_URL})",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pressroom", description="Archive and search Korean government press releases."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = commands.add_parser("crawl", help="crawl sources into the store")
    crawl.add_argument("source_ids", nargs="*", metavar="SOURCE_ID", help="sources to crawl (default: all in the file)")
    crawl.add_argument(
        "--sources", default=DEFAULT_SOURCES, metavar="FILE", help=f"sources YAML (default {DEFAULT_SOURCES})"
    )
    crawl.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy setting, e.g. -s DOWNLOAD_DELAY=0",
    )
    crawl.add_argument("--json", action="store_true", help="print the summary as JSON")
    crawl.add_argument(
        "--warc-dir", default=str(DEFAULT_WARC_DIR), metavar="DIR", help=f"WARC archive (default {DEFAULT_WARC_DIR})"
    )
    crawl.add_argument(
        "--redis",
        metavar="URL",
        help="seed a distributed crawl in this Redis for `pressroom worker`s instead of crawling here",
    )
    crawl.add_argument(
        "--wait", action="store_true", help="with --redis: wait for the workers to finish, print the summary"
    )
    crawl.add_argument(
        "--allow-overlap",
        action="store_true",
        help="crawl (with --redis: seed) even while another crawl still crawls some of these sources (fetched twice)",
    )
    add_store_option(crawl)

    worker = commands.add_parser("worker", help="run one worker of distributed crawls (see docs/distributed.md)")
    worker.add_argument(
        "--redis", metavar="URL", help="the shared frontier (env PRESSROOM_REDIS; default redis://127.0.0.1:6379/0)"
    )
    worker.add_argument(
        "--sources", metavar="FILE", help="serve only these sources, with these rows (default: any crawl's)"
    )
    worker.add_argument(
        "-s",
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a Scrapy setting",
    )
    worker.add_argument("--exit-when-idle", action="store_true", help="exit when no crawl is running")
    worker.add_argument(
        "--warc-dir",
        default=str(DEFAULT_WARC_DIR),
        metavar="DIR",
        help=f"WARC archive of this worker's captures (default {DEFAULT_WARC_DIR}; workers of one host may share it)",
    )
    add_store_option(worker)

    search = commands.add_parser("search", help="search the store")
    search.add_argument("query", nargs="?", default="", help="query (empty: every document matching the filters)")
    search.add_argument("--region", action="append", metavar="CODE", help="ISO 3166-2:KR or 5-digit code (repeatable)")
    search.add_argument("--language", action="append", metavar="L")
    search.add_argument("--topic", action="append", metavar="T")
    search.add_argument("--source", action="append", metavar="ID")
    search.add_argument("--from", dest="date_from", metavar="DATE", help="published on or after YYYY-MM-DD")
    search.add_argument("--to", dest="date_to", metavar="DATE", help="published on or before YYYY-MM-DD")
    search.add_argument(
        "--has-attachment", action=argparse.BooleanOptionalAction, default=None, help="only with (or without) files"
    )
    search.add_argument("--sort", choices=["relevance", "newest", "oldest"])
    search.add_argument("--size", type=positive(int), default=10, metavar="N")
    search.add_argument("--json", action="store_true", help="print the API's JSON")
    add_store_option(search)

    serve = commands.add_parser("serve", help="serve the HTTP API and web UI")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=port_number, default=8000)
    add_store_option(serve)

    demo = commands.add_parser("demo", help="serve the sample site, crawl it, and serve search")
    demo.add_argument("--no-serve", action="store_true", help="crawl, print example searches, and exit")
    demo.add_argument("--port", type=port_number, default=8000, help="API/UI port (default 8000)")
    add_store_option(demo)

    site = commands.add_parser("sample-site", help="serve the bundled sample press site")
    site.add_argument("--host", default="127.0.0.1")
    site.add_argument("--port", type=port_number, default=8765)

    sources = commands.add_parser("sources", help="the source registry")
    sources_commands = sources.add_subparsers(dest="sources_command", required=True, metavar="SUBCOMMAND")
    listing = sources_commands.add_parser("list", help="print the sources of a file")
    listing.add_argument("--sources", default=DEFAULT_SOURCES, metavar="FILE")
    listing.add_argument("--json", action="store_true")

    index = commands.add_parser("index", help="store maintenance")
    index_commands = index.add_subparsers(dest="index_command", required=True, metavar="SUBCOMMAND")
    migrate = index_commands.add_parser("migrate", help="Elasticsearch: build a new index version and swap the aliases")
    add_store_option(migrate)
    load = index_commands.add_parser("load-spool", help="load documents a crawl spooled while the store was down")
    add_store_option(load)

    archive = commands.add_parser("archive", help="the WARC archive of every capture")
    archive_commands = archive.add_subparsers(dest="archive_command", required=True, metavar="SUBCOMMAND")
    rebuild = archive_commands.add_parser("rebuild", help="rebuild the store from the WARC files, offline")
    rebuild.add_argument("--warc-dir", default=str(DEFAULT_WARC_DIR), metavar="DIR")
    rebuild.add_argument("--sources", action="append", metavar="FILE", help="sources files (default: bundled)")
    rebuild.add_argument("--json", action="store_true", help="print the report as JSON")
    add_store_option(rebuild)

    from pressroom import crawls_cli, ops_cli

    ops_cli.add_parsers(commands, sources_commands)
    crawls_cli.add_parser(commands)
    return parser


def parse_overrides(pairs: Sequence[str]) -> dict[str, Any]:
    overrides: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"-s expects NAME=VALUE, got {pair!r}")
        overrides[name.strip()] = value.strip()
    return overrides


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    # The Elasticsearch client logs every retry with a traceback; StoreUnavailable already says it in one line.
    logging.getLogger("elastic_transport").setLevel(logging.CRITICAL)
    from pressroom import commands, crawls_cli, ops_cli

    handler = (
        ops_cli.HANDLERS.get(args.command)
        or {
            "crawl": commands.crawl,
            "worker": commands.worker,
            "crawls": crawls_cli.crawls_command,
            "search": commands.search,
            "serve": commands.serve,
            "demo": commands.demo,
            "sample-site": commands.sample_site,
            "sources": commands.sources,
            "index": commands.index,
            "archive": commands.archive,
        }[args.command]
    )
    try:
        return handler(args)
    except (UsageError, CommandFailed, SourceError, StoreError, QuerySyntaxError, InvalidSearch) as exc:
        print(f"pressroom {args.command}: {exc}", file=sys.stderr)
        return 2 if isinstance(exc, UsageError | SourceError | QuerySyntaxError | InvalidSearch) else 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a trace.
        sys.stderr.close()
        return 0


def run() -> int:
    """The `pressroom` command (and `python -m pressroom`): `main`, then an exit that skips the final collection.

    At exit CPython garbage-collects the whole heap while it tears down modules: ~0.2 s after a 5,000-page
    crawl (2% of its wall time). Frozen, the heap is left out of those scans.
    Nothing relies on them: stores, archives, child processes and log files are closed explicitly, and atexit
    handlers still run.
    """
    status = main()
    gc.freeze()
    return status


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
