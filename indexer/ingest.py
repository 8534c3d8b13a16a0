"""Crawled article -> enriched Document -> store, in batches, with counts for the crawl summary."""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from crawler.items import CrawledArticle
from crawler.sources import Publisher, Source
from indexer.attachment_text import attachment_entry
from indexer.document import Document, content_hash, document_id
from indexer.enrich import enrich_article
from indexer.search_model import UpsertOutcome
from indexer.store import DocumentStore, StoreUnavailable

logger = logging.getLogger(__name__)


# An article's text beyond this many characters is not stored or indexed (the archive keeps the page). Press
# releases run to a few thousand; longer texts are data pasted into a page. Elasticsearch refused a
# 2-million-character one outright, after 30 s of retries: its request grows to ~40 bytes a character once
# analysed, past the indexing-pressure limit of a 512 MiB heap (53 MiB). A million characters fits.
MAX_ARTICLE_CHARS = 1_000_000


def bounded_text(text: str, limit: int = MAX_ARTICLE_CHARS) -> str:
    """`text`, or its paragraphs up to `limit` characters when it is longer (cut mid-paragraph only if the
    first is longer still)."""
    if len(text) <= limit:
        return text
    end = text.rfind("\n\n", 0, limit + 1)
    return text[: end if end > 0 else limit]


def build_document(article: CrawledArticle, source: Source) -> Document:
    """Enrich a crawled article into the stored Document (pure: no store access); its text as bounded_text."""
    text = bounded_text(article.text)
    if text is not article.text:
        logger.warning(
            "%s: article text of %d characters cut to %d (MAX_ARTICLE_CHARS); the page is kept whole in the archive",
            article.url, len(article.text), len(text),
        )  # fmt: skip
    enrichment = enrich_article(
        article.title,
        text,
        source_region=source.region if source.publisher is Publisher.GOVERNMENT else None,
        source_municipality=source.municipality if source.publisher is Publisher.GOVERNMENT else None,
        language_hint=article.language_hint,
        dateline=article.dateline,
        home_region=source.region if source.publisher is Publisher.NEWS else None,
    )
    return Document(
        id=document_id(article.url),
        url=article.url,
        source=source.id,
        source_name=source.name_en,
        source_name_ko=source.name_ko,
        title=article.title,
        text=text,
        published_at=article.published_at,
        fetched_at=article.fetched_at,
        language=enrichment.language,
        languages=list(enrichment.languages),
        texts_by_language=dict(enrichment.texts_by_language),
        region=enrichment.region,
        municipality=source.municipality if source.publisher is Publisher.GOVERNMENT else None,
        regions_mentioned=list(enrichment.regions_mentioned),
        topics=[t.slug for t in enrichment.topics],
        topic_evidence={t.slug: list(t.evidence) for t in enrichment.topics},
        byline=article.byline,
        attachments=[attachment_entry(a) for a in article.attachments],
        has_attachment=bool(article.attachments),
        content_hash=content_hash(article.title, text),
        minhash=list(enrichment.minhash),
    )


@dataclass
class Ingestor:
    """Buffers documents and loads them in batches; when the store is down, spools them to disk."""

    store: DocumentStore
    sources: Mapping[str, Source]
    spool_dir: Path | None = None
    batch_size: int = 200
    outcome: UpsertOutcome = field(default_factory=UpsertOutcome)
    spooled: int = 0
    _buffer: list[Document] = field(default_factory=list)

    def add(self, article: CrawledArticle) -> None:
        self.add_document(build_document(article, self.sources[article.source_id]))

    def add_document(self, document: Document) -> None:
        """Buffer a document already enriched (by build_document)."""
        self._buffer.append(document)
        if len(self._buffer) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        batch, self._buffer = self._buffer, []
        if not batch:
            return
        try:
            self.outcome.add(self.store.upsert(batch))
        except StoreUnavailable as exc:
            logger.error("%s; keeping %d documents in the spool for a later load", exc, len(batch))
            self._spool(batch)

    def close(self) -> UpsertOutcome:
        """Store what is buffered; the total outcome (the same call as BackgroundIngestor's)."""
        self.flush()
        return self.outcome

    def _spool(self, batch: list[Document]) -> None:
        if self.spool_dir is None:
            self.outcome.failed += len(batch)
            self.outcome.errors.append("store unavailable and no spool directory: documents dropped")
            return
        path = self.spool_dir / f"spool-{datetime.now(UTC):%Y%m%dT%H%M%S%f}.jsonl"
        try:
            self.spool_dir.mkdir(parents=True, exist_ok=True)
            with path.open("w", encoding="utf-8") as handle:
                for document in batch:
                    handle.write(json.dumps(document.to_dict(), ensure_ascii=False) + "\n")
        except OSError as exc:  # the spool's disk is full too: say so, with the count, rather than crash
            logger.error("cannot spool %d documents to %s: %s", len(batch), path, exc)
            self.outcome.failed += len(batch)
            self.outcome.errors.append(f"cannot spool to {path}: {exc}")
            return
        self.spooled += len(batch)


def load_spool(store: DocumentStore, spool_dir: Path) -> UpsertOutcome:
    """Load spooled documents into the store; a file is removed once every line of it is stored.

    Lines the store refuses, or that cannot be read (a spool cut short by a crash), stay in their file and
    are counted failed with the reason, so nothing is lost and a later load can retry them.
    """
    outcome = UpsertOutcome()
    for path in sorted(spool_dir.glob("spool-*.jsonl")):
        documents: list[tuple[int, Document]] = []
        lines = path.read_bytes().splitlines()
        kept: list[int] = []  # numbers of the lines that stay
        for number, line in enumerate(lines):
            if not line.strip():
                continue
            try:
                documents.append((number, Document.from_dict(json.loads(line))))
            except (ValueError, TypeError, KeyError, AttributeError) as exc:
                kept.append(number)
                outcome.failed += 1
                outcome.errors.append(f"{path.name}: line {number + 1} is not a document ({exc})")
        loaded = store.upsert(document for _, document in documents)
        if loaded.failed:  # find which: the store only counts them (one it stored is 'unchanged' the second time)
            loaded.failed, loaded.errors = 0, []
            for number, document in documents:
                alone = store.upsert([document])
                if alone.failed:
                    kept.append(number)
                    loaded.failed += alone.failed
                    loaded.errors += alone.errors
        outcome.add(loaded)
        if kept:
            rest = path.with_name(path.name + ".rest")
            rest.write_bytes(b"".join(lines[number] + b"\n" for number in sorted(kept)))
            rest.replace(path)
        else:
            path.unlink()
    return outcome
