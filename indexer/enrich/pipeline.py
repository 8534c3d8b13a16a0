"""enrich_article: language, regions, topics and a near-duplicate signature for one article."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from indexer.enrich.boilerplate import article_body
from indexer.enrich.datelines import dateline_places, find_dateline
from indexer.enrich.dedup import minhash_signature
from indexer.enrich.gazetteer import RegionGazetteer
from indexer.enrich.language import UNDETERMINED
from indexer.enrich.regions import (
    DATELINE_WEIGHT,
    RegionCues,
    dominant_region,
    province_scores,
    resolve_shared,
    tag_regions,
)
from indexer.enrich.scripts import ScriptTally
from indexer.enrich.segments import language_runs, language_shares
from indexer.enrich.topics import TopicScore, classify_topics

# The lead a news outlet opens with names the government whose release it reports; it ends at the first
# blank line, or after this many characters when the page has none.
LEAD_CHARS = 600


@dataclass
class Enrichment:
    """What enrichment adds to an article."""

    language: str
    languages: list[str] = field(default_factory=list)
    texts_by_language: dict[str, str] = field(default_factory=dict)
    region: str | None = None
    regions_mentioned: list[str] = field(default_factory=list)
    topics: list[TopicScore] = field(default_factory=list)
    minhash: list[int] = field(default_factory=list)


def enrich_article(
    title: str,
    text: str,
    *,
    source_region: str | None = None,
    source_municipality: str | None = None,
    language_hint: str | None = None,
    dateline: str | None = None,
    home_region: str | None = None,
) -> Enrichment:
    """Enrich one article; `source_*` describe the publishing government when the source is one, `dateline`
    is the place of a news dateline the cleaner took off the text ("창원" of "(창원=연합뉴스)"), `home_region` a
    news outlet's home province: it says which place a shared name (광주, 고성, 중구) is when nothing in the
    article does, and is never the article's region by itself."""
    title = title if isinstance(title, str) else ""
    text = text if isinstance(text, str) else ""
    heading = f"{title}\n" if title.strip() else ""
    full = heading + text
    # One ScriptTally of the whole text, whose code points also serve the region and topic passes: the
    # text they read, the heading and the body (text up to its trailer), is a prefix of it.
    tally = ScriptTally(full)
    language, languages, texts = _languages(full, tally, language_hint)
    body = article_body(text)
    codes = tally.codes
    body_end = len(heading) + len(body)
    region, mentioned = _regions(
        heading,
        body,
        codes[:body_end],
        source_region,
        source_municipality,
        dateline if isinstance(dateline, str) else None,
        home_region,
    )
    return Enrichment(
        language=language,
        languages=languages,
        texts_by_language=texts,
        region=region,
        regions_mentioned=mentioned,
        topics=classify_topics(body, title, codes=codes[len(heading) : body_end]),
        minhash=minhash_signature(body if body.strip() else title),
    )


def _regions(
    heading: str,
    body: str,
    codes: Any,
    source_region: str | None,
    source_municipality: str | None,
    dateline: str | None,
    home_region: str | None = None,
) -> tuple[str | None, list[str]]:
    """The document's region and the codes it mentions (`codes`: those of heading + body)."""
    gazetteer = RegionGazetteer.default()
    municipality = gazetteer.normalize(source_municipality) if source_municipality else None
    region = gazetteer.province_of(source_region) if source_region else None
    region = region or (gazetteer.province_of(municipality) if municipality else None)
    text = heading + body
    openings: tuple[int, ...] = (0, len(heading))
    if found := find_dateline(body):
        # A dateline still in the text is furniture, not a mention (nor is its reporter's name): blanked, so
        # that the sentence after it opens the text, as the cleaner leaves it when it takes the dateline off.
        start, end = len(heading) + found.start, len(heading) + found.end
        text, codes = _blanked(text, codes, start, end)
        openings, dateline = (*openings, end), found.place
    filed = dateline_places(dateline, gazetteer) if dateline else ()
    filed_provinces = {gazetteer.province_of(code) for code in filed}
    filed_in = filed_provinces.pop() if len(filed_provinces) == 1 else None
    cues = RegionCues(len(heading) + _lead_length(body), openings, filed_in)
    home = gazetteer.province_of(home_region) if home_region else None
    mentions = tag_regions(
        text, context_province=region, gazetteer=gazetteer, codes=codes, cues=cues, home_province=home
    )
    mentioned = {code for mention in mentions for code in (mention.code, mention.province)}
    if municipality:
        mentioned |= {municipality, gazetteer.province_of(municipality) or municipality}
    if filed or region is None:
        scores = province_scores(text, mentions, cues)
        filed_at = filed[0] if len(filed) == 1 else resolve_shared(filed, scores, region, gazetteer, home)
        if filed_at:
            province = gazetteer.province_of(filed_at) or filed_at
            mentioned |= {filed_at, province}
            if filed_in is None:  # a shared place (고성, 광주) that the rest of the document resolved
                scores[province] += DATELINE_WEIGHT
        region = region or dominant_region(scores)
    return region, sorted(mentioned)


def _blanked(text: str, codes: Any, start: int, end: int) -> tuple[str, Any]:
    """`text` and its code points with the characters from `start` to `end` turned into spaces."""
    codes = codes.copy()
    codes[start:end] = ord(" ")
    return text[:start] + " " * (end - start) + text[end:], codes


# A short Korean release that reaches the tables enrichment builds on first use for one (the topic vocabulary,
# the gazetteer, the script and shingle tables). Latin-script text loads a word model as well (~0.2 s): only
# a process that meets some pays for it.
WARM_UP_TITLE = "충청남도, 청년 일자리 지원 사업 추진"
WARM_UP_TEXT = "충청남도는 천안시와 함께 청년 일자리 창출을 위한 스마트팜 지원 사업을 추진한다고 밝혔다."


def warm_up() -> None:
    """Build what enrichment reads on first use, so that a process's first Korean article is not slower.

    For a process that enriches as a service (the crawl's indexing process), while it waits for its first
    batch anyway.
    """
    enrich_article(WARM_UP_TITLE, WARM_UP_TEXT, source_region="KR-44", language_hint="ko")


def _languages(full: str, tally: ScriptTally, hint: str | None) -> tuple[str, list[str], dict[str, str]]:
    """Dominant language, languages with a meaningful share, and the text of each (`full`: title and text)."""
    runs = language_runs(full, tally)
    languages = language_shares(runs)
    if not languages:
        # Nothing to judge (no letters): a declared language is better than none only if there is text.
        code = hint.lower() if hint and full.strip() and any(ch.isalpha() for ch in full) else UNDETERMINED
        return (
            code,
            ([code] if code != UNDETERMINED else []),
            ({code: full.strip()} if code != UNDETERMINED else {}),
        )
    texts: dict[str, list[str]] = {code: [] for code in languages}
    for segment, _ in runs:
        # A stray short run in a third language stays with the dominant language's text.
        target = segment.language if segment.language in texts else languages[0]
        texts[target].append(full[segment.start : segment.end].strip())
    return languages[0], languages, {code: "\n".join(parts) for code, parts in texts.items()}


def _lead_length(body: str) -> int:
    stripped = body.lstrip()
    offset = len(body) - len(stripped)
    paragraph_end = stripped.find("\n\n")
    if 0 < paragraph_end < LEAD_CHARS:
        return offset + paragraph_end
    return offset + min(len(stripped), LEAD_CHARS)
