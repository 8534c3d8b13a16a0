"""Generate the static sample press site, its manifest and its header table from content files and seeds."""

from __future__ import annotations

import argparse
import io
import json
import shutil
import zipfile
from collections.abc import Sequence
from pathlib import Path

from pressroom.sample_site.asiae_sitemap import SITEMAP_PATH, render_asiae
from pressroom.sample_site.attachment_files import REAL_ATTACHMENTS, real_attachment
from pressroom.sample_site.catalog import load_catalog
from pressroom.sample_site.cheonan_board import LIST_PATHS as CHEONAN_LISTS
from pressroom.sample_site.cheonan_board import render_cheonan
from pressroom.sample_site.daejeon_feed import FEED_PATH, render_daejeon
from pressroom.sample_site.honam_news import LIST_PATHS as HONAM_LISTS
from pressroom.sample_site.honam_news import render_honam
from pressroom.sample_site.markup import esc, html_page
from pressroom.sample_site.model import SITE_ORIGIN, SampleArticle, SitePage
from pressroom.sample_site.seoul_board import DEAD_LINK, render_seoul
from pressroom.sample_site.seoul_board import LIST_PATHS as SEOUL_LISTS

DEFAULT_OUT = Path(__file__).parent / "site"
ROBOTS_DISALLOW = ["/seoul/press/private/", "/admin/"]
START_PATHS = {
    "seoul-press": SEOUL_LISTS[0],
    "cheonan-press": CHEONAN_LISTS[0],
    "honam-news": HONAM_LISTS[0],
    "daejeon-en": FEED_PATH,
    "asiae-en": SITEMAP_PATH,
}
HEADERS_FILE = "_headers.json"
MANIFEST_FILE = "manifest.json"


def build_pages(catalog: dict[str, list[SampleArticle]]) -> list[SitePage]:
    """Every file of the site except the manifest and the header table."""
    pages = [
        *render_seoul(catalog["seoul-press"]),
        *render_cheonan(catalog["cheonan-press"]),
        *render_honam(catalog["honam-news"]),
        *render_daejeon(catalog["daejeon-en"]),
        *render_asiae(catalog["asiae-en"]),
        _robots(),
        _home(),
    ]
    for articles in catalog.values():
        for article in articles:
            pages += [_attachment(path, name) for name, path in article.attachments]
    return pages


def _robots() -> SitePage:
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {SITE_ORIGIN}{SITEMAP_PATH}",
        "",
    ]
    return SitePage("/robots.txt", "\n".join(lines).encode("ascii"), {"Content-Type": "text/plain; charset=utf-8"})


def _home() -> SitePage:
    links = "".join(f'<li><a href="{path}">{esc(source)}</a></li>' for source, path in START_PATHS.items())
    text = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Pressroom sample press site</title></head>
<body><h1>Pressroom sample press site</h1>
<p>Static imitations of Korean press-release sources for the Pressroom demo and tests.</p>
<ul>{links}</ul></body></html>
"""
    return html_page("/index.html", text)


def _attachment(path: str, name: str) -> SitePage:
    """A real file for the few with text (attachment_files.py), else a small well-formed placeholder."""
    real = real_attachment(path, name)
    if real is not None:
        kind = "application/pdf" if path.endswith(".pdf") else "application/octet-stream"
        return SitePage(path, real, {"Content-Type": kind})
    if path.endswith(".hwpx"):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for entry, data in (("mimetype", "application/hwp+zip"), ("Preview/PrvText.txt", name)):
                info = zipfile.ZipInfo(entry, date_time=(2020, 1, 1, 0, 0, 0))  # fixed: deterministic bytes
                archive.writestr(info, data)
        return SitePage(path, buffer.getvalue(), {"Content-Type": "application/octet-stream"})
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SitePage(path, body, {"Content-Type": "application/pdf"})


def manifest(catalog: dict[str, list[SampleArticle]]) -> dict[str, object]:
    """The ground truth other tests read: every article with its expected clean text and facets."""
    articles = [_manifest_row(a) for source in START_PATHS for a in catalog[source]]
    return {
        "origin": SITE_ORIGIN,
        "start_paths": START_PATHS,
        "robots_disallowed": ROBOTS_DISALLOW,
        "dead_links": [DEAD_LINK[1]],
        "article_count": len(articles),
        "articles": articles,
    }


def _manifest_row(article: SampleArticle) -> dict[str, object]:
    charset = article.extra.get("charset", "declared")
    encoding = "cp949" if article.source == "honam-news" else "utf-8"
    return {
        "path": article.path,
        "source_id": article.source,
        "title": article.title,
        "published": article.published_iso,
        "language": article.language,
        "region": article.region,
        "municipality": article.municipality,
        "paragraphs": article.paragraphs,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "caption": article.caption,
        "attachments": [_manifest_attachment(name, path) for name, path in article.attachments],
        "seed": article.seed,
        "robots_disallowed": article.robots_disallowed,
        "encoding": encoding,
        "declared_charset": {
            "declared": "euc-kr" if encoding == "cp949" else "utf-8",
            "none": None,
            "wrong": "utf-8",
        }[charset],
    }


def _manifest_attachment(name: str, path: str) -> dict[str, object]:
    entry: dict[str, object] = {"name": name, "path": path}
    if path in REAL_ATTACHMENTS:
        entry["words_only_here"] = REAL_ATTACHMENTS[path][1]
    return entry


def write_site(out_dir: Path, pages: Sequence[SitePage], truth: dict[str, object]) -> None:
    """Replace `out_dir` with the pages, `_headers.json` and `manifest.json`."""
    if out_dir.exists():
        if any(out_dir.iterdir()) and not (out_dir / MANIFEST_FILE).exists():
            raise SystemExit(f"{out_dir} is not empty and holds no {MANIFEST_FILE}; refusing to overwrite it")
        shutil.rmtree(out_dir)
    headers: dict[str, dict[str, str]] = {}
    for page in sorted(pages, key=lambda p: p.path):
        relative = page.path.lstrip("/") + ("index.html" if page.path.endswith("/") else "")
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.body)
        if page.headers:
            headers["/" + relative] = page.headers
    (out_dir / HEADERS_FILE).write_text(
        json.dumps(headers, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    (out_dir / MANIFEST_FILE).write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=Path, required=True, help="directory holding the five seed texts")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="site directory to (re)write")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.seeds)
    pages = build_pages(catalog)
    truth = manifest(catalog)
    write_site(args.out, pages, truth)
    print(f"wrote {len(pages)} files, {truth['article_count']} articles to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
