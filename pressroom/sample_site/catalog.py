"""Load the sample site's articles: the content files beside this module merged with the seed texts."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pressroom.sample_site.model import SampleArticle, parse_published
from pressroom.sample_site.seeds import read_seed

CONTENT_DIR = Path(__file__).parent / "content"


@dataclass(frozen=True)
class SourceLayout:
    """Where one source's content lives and how its article URLs are shaped."""

    source_id: str
    content_file: str
    article_path: str
    language: str
    region: str | None
    municipality: str | None = None
    private_path: str | None = None
    file_path: str = "/files/{key}_{number}.{ext}"


LAYOUTS = [
    SourceLayout(
        "seoul-press",
        "seoul.yaml",
        "/seoul/press/view/{key}.html",
        "ko",
        "KR-11",
        private_path="/seoul/press/private/{key}.html",
        file_path="/seoul/press/files/{key}_{number}.{ext}",
    ),
    SourceLayout(
        "cheonan-press",
        "cheonan.yaml",
        "/cheonan/news/press/view/{key}.html",
        "ko",
        "KR-44",
        municipality="44130",
    ),
    SourceLayout("honam-news", "honam.yaml", "/honam/mnews/article/{key}.html", "ko", None),
    SourceLayout("daejeon-en", "daejeon.yaml", "/daejeon/en/news/view/{key}.html", "en", "KR-30"),
    SourceLayout("asiae-en", "asiae.yaml", "/asiae/en/article/{key}.html", "en", None),
]

# Row fields that become SampleArticle.extra (page-only details, no ground truth).
EXTRA_FIELDS = ("dateline", "charset", "author", "reporter")


def load_catalog(seeds_dir: Path) -> dict[str, list[SampleArticle]]:
    """Every source's articles, newest first, with seed texts filled in."""
    catalog: dict[str, list[SampleArticle]] = {}
    for layout in LAYOUTS:
        rows = yaml.safe_load((CONTENT_DIR / layout.content_file).read_text(encoding="utf-8"))
        articles = [_article(layout, row, seeds_dir) for row in rows]
        catalog[layout.source_id] = sorted(articles, key=lambda a: (a.day, a.key), reverse=True)
    return catalog


def _article(layout: SourceLayout, row: dict[str, Any], seeds_dir: Path) -> SampleArticle:
    private = bool(row.get("private"))
    template = layout.private_path if private and layout.private_path else layout.article_path
    article = SampleArticle(
        source=layout.source_id,
        key=str(row["key"]),
        path=template.format(key=row["key"]),
        title=row["title"],
        published=parse_published(row["published"]),
        paragraphs=list(row.get("paragraphs") or []),
        language=layout.language,
        region=row.get("region") or layout.region or "",
        municipality=layout.municipality,
        robots_disallowed=private,
        subtitle=[row["subtitle"]] if row.get("subtitle") else [],
        department=row.get("department"),
        views=int(row.get("views", 0)),
        caption=row.get("caption"),
        attachments=[
            (name, layout.file_path.format(key=row["key"], number=number, ext=ext))
            for number, (name, ext) in enumerate(row.get("attachments") or [], start=1)
        ],
        extra={name: str(row[name]) for name in EXTRA_FIELDS if row.get(name)},
    )
    if row.get("english"):
        article.extra["english_title"] = row["english_title"]
        article.paragraphs += [row["english_title"], *row["english"]]
    if row.get("reporter"):
        article.byline = row["reporter"]
    if row.get("seed"):
        _fill_from_seed(article, seeds_dir, row["seed"])
    return article


def _fill_from_seed(article: SampleArticle, seeds_dir: Path, name: str) -> None:
    parts = read_seed(seeds_dir, name)
    article.seed = name
    article.title = article.title or parts.title
    article.subtitle = parts.subtitle
    article.paragraphs = parts.paragraphs
    article.byline = parts.byline or article.byline
    article.caption = parts.caption
    article.extra.update(parts.extra)
