"""What each `pressroom` subcommand does: thin code over crawler, indexer and search_api."""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
from pathlib import Path

from crawler.sources import Source, load_sources, select_sources
from indexer.labels import Labeller
from indexer.response import search_json
from indexer.search_params import build_search_request
from indexer.store import open_store, sqlite_path
from pressroom.cli import SPOOL_DIR, UsageError, parse_overrides, print_json, store_url
from pressroom.crawl_claims import LocalCrawlOverlaps, claimed_sources
from scheduler.run_record import CRAWL_OVERLAP_EXIT

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SAMPLE = "sources/sample.yaml"
DEMO_SEARCHES: tuple[tuple[str, dict[str, list[str]]], ...] = (
    ("스마트시티", {}),
    ("metaverse", {}),
    ("", {"region": ["KR-48"]}),
    ('"인공지능" OR AI', {"language": ["ko"]}),
)


def resolve_sources_path(path: str) -> Path:
    """A sources file as given, else the same relative path inside the Pressroom checkout."""
    given = Path(path)
    if given.exists() or given.is_absolute():
        return given
    bundled = REPO_ROOT / given
    return bundled if bundled.exists() else given


def labelled_sources() -> list[str]:
    """The sources files whose rows name sources in results: PRESSROOM_SOURCES, else the bundled two."""
    from search_api.settings import ApiSettings

    return [str(resolve_sources_path(path)) for path in ApiSettings().sources]


def crawl(args: argparse.Namespace) -> int:
    sources = select_sources(load_sources(resolve_sources_path(args.sources)), args.source_ids)
    if args.redis:
        from pressroom.seed_job import seed_and_report
        from pressroom.worker_job import redis_url

        return seed_and_report(
            sources,
            redis_url(args.redis),
            parse_overrides(args.settings),
            wait=args.wait,
            as_json=args.json,
            allow_overlap=args.allow_overlap,
        )
    with contextlib.ExitStack() as claims:
        if not args.allow_overlap:
            try:
                claims.enter_context(claimed_sources([source.id for source in sources]))
            except LocalCrawlOverlaps as refused:
                it = "it" if len(refused.holders) == 1 else "them"
                print(
                    f"pressroom crawl: refused: {refused}. Wait for {it} to end; to crawl these sources twice at once,"
                    " each page fetched by both, pass --allow-overlap",
                    file=sys.stderr,
                )
                return CRAWL_OVERLAP_EXIT  # the scheduler records such a run as skipped
        return _crawl_here(args, sources)


def _crawl_here(args: argparse.Namespace, sources: list[Source]) -> int:
    """A local crawl of `sources` into the store; its summary printed, its exit code returned."""
    from pressroom.crawl_job import run_crawl

    url = store_url(args)
    store = open_store(url)
    try:
        summary = run_crawl(
            sources,
            store,
            store_url=url,
            overrides=parse_overrides(args.settings),
            spool_dir=SPOOL_DIR,
            warc_dir=Path(args.warc_dir) if args.warc_dir else None,
        )
    finally:
        store.close()
    if args.json:
        print_json(summary.to_dict())
    else:
        print("\n".join(summary.lines()))
    if reason := summary.nothing_fetched():
        print(f"pressroom crawl: {reason}", file=sys.stderr)
        return 1
    return 1 if summary.failed or summary.spooled else 0


def worker(args: argparse.Namespace) -> int:
    from pressroom.worker_job import redis_url, start_worker

    only = {s.id: s for s in load_sources(resolve_sources_path(args.sources))} if args.sources else None
    url = store_url(args)
    overrides = parse_overrides(args.settings)
    return start_worker(redis_url(args.redis), url, only, overrides, args.exit_when_idle, Path(args.warc_dir))


def search(args: argparse.Namespace) -> int:
    request = build_search_request(
        args.query,
        region=args.region,
        language=args.language,
        topic=args.topic,
        source=args.source,
        date_from=args.date_from,
        date_to=args.date_to,
        has_attachment=args.has_attachment,
        sort=args.sort,
        size=args.size,
    )
    url = store_url(args)
    if url.startswith("sqlite:") and not sqlite_path(url).exists():
        # Opening would create an empty store and answer "0 documents": a mistyped path looks like no results.
        raise UsageError(f"no store at {sqlite_path(url)}: crawl into it first (pressroom crawl, pressroom demo)")
    store = open_store(url)
    try:
        result = store.search(request)
    finally:
        store.close()
    from search_api.app import source_names

    data = search_json(result, Labeller(source_names=source_names(labelled_sources())))
    if args.json:
        print_json(data)
        return 0
    print(f"{data['total']} document{'' if data['total'] == 1 else 's'}")
    for hit in data["hits"]:
        date = (hit["published_at"] or "")[:10]
        print(f"- {hit['title']}  [{hit['source']} {date} {hit['region'] or ''}]\n  {hit['url']}")
    return 0


def serve(args: argparse.Namespace) -> int:
    import uvicorn

    from search_api.app import create_app
    from search_api.settings import ApiSettings

    settings = ApiSettings(store=store_url(args), sources=labelled_sources())
    print(f"Pressroom search: http://{args.host}:{args.port}/  (API docs: /docs)", flush=True)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="warning")
    return 0


def sample_site(args: argparse.Namespace) -> int:
    from pressroom.sample_site.server import serve_sample_site

    try:  # it prints its address once it is listening
        serve_sample_site(args.host, args.port)
    except OSError as exc:  # the port is taken, or the host is not this machine's
        raise UsageError(f"cannot serve the sample site on {args.host}:{args.port} ({exc.strerror or exc})") from None
    return 0


def sources(args: argparse.Namespace) -> int:
    if args.sources_command != "list":
        from pressroom.ops_cli import sources_subcommand

        return sources_subcommand(args)
    rows = load_sources(resolve_sources_path(args.sources))
    if args.json:
        print_json([s.model_dump(mode="json", exclude_none=True) for s in rows])
        return 0
    for s in rows:
        where = s.region or "(from text)"
        print(f"{s.id:<22} {s.kind.value:<8} {where:<12} {s.schedule or '-':<10} {s.name_ko} / {s.name_en}")
    return 0


def index(args: argparse.Namespace) -> int:
    url = store_url(args)
    store = open_store(url)
    try:
        if args.index_command == "load-spool":
            from indexer.ingest import load_spool

            store.count()  # fails in one line, before any spool file is touched, when the store is down
            outcome = load_spool(store, SPOOL_DIR)
            print(f"loaded: {outcome.new} new, {outcome.updated} updated, {outcome.unchanged} unchanged")
            if outcome.failed:
                print(f"left in {SPOOL_DIR}: {outcome.failed} that could not be stored", file=sys.stderr)
                for error in outcome.errors[:5]:
                    print(f"  {error}", file=sys.stderr)
                return 1
            return 0
        migrate = getattr(store, "migrate", None)
        if migrate is None:
            raise UsageError(f"{url} is not an Elasticsearch store; only Elasticsearch indices are migrated")
        print(migrate())
        return 0
    finally:
        store.close()


def archive(args: argparse.Namespace) -> int:
    from pressroom.archive_job import archive_command

    bundled = [resolve_sources_path(p) for p in ("sources/sample.yaml", "sources/korea.yaml")]
    paths = [resolve_sources_path(p) for p in args.sources] if args.sources else bundled
    return archive_command(args, store_url(args), paths)


def demo(args: argparse.Namespace) -> int:
    """Serve the sample site, crawl it into the store, then serve search (or print examples and exit)."""
    from pressroom.sample_site.server import start_sample_site

    url = store_url(args)
    try:
        site = start_sample_site("127.0.0.1", 8765)
    except OSError as exc:
        raise UsageError(f"cannot serve the sample site on 127.0.0.1:8765 ({exc.strerror}); is one running?") from None
    with site:
        print(f"Sample press site: {site.url}/", flush=True)
        print(f"Crawling it into {url} …", flush=True)
        crawl_command = [
            sys.executable,
            "-m",
            "pressroom",
            "crawl",
            "--sources",
            str(resolve_sources_path(DEFAULT_SAMPLE)),
            "--store",
            url,
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "AUTOTHROTTLE_START_DELAY=0",
        ]
        finished = subprocess.run(crawl_command, check=False)
        if finished.returncode != 0:
            print("pressroom demo: the crawl reported errors (see above)", file=sys.stderr)
            return finished.returncode
        if args.no_serve:
            print_demo_searches(url)
            return 0
        serve_args = argparse.Namespace(store=url, host="127.0.0.1", port=args.port)
        return serve(serve_args)


def print_demo_searches(url: str) -> None:
    store = open_store(url)
    try:
        print(f"\nThe archive holds {store.count()} documents. Try:")
        for query, filters in DEMO_SEARCHES:
            request = build_search_request(
                query, size=3, region=filters.get("region"), language=filters.get("language")
            )
            result = store.search(request)
            flags = " ".join(f"--{k} {v}" for k, values in filters.items() for v in values)
            plural = "" if result.total == 1 else "s"
            print(f"\n  pressroom search {query!r} {flags}".rstrip() + f"   -> {result.total} document{plural}")
            for hit in result.hits:
                print(f"    · {hit.document.title}")
    finally:
        store.close()
