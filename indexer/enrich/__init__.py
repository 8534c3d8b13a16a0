"""Enrichment: language, regions, topics and near-duplicate signatures of articles (pure functions).

Data (gazetteer, topic vocabulary, word list) is read from indexer/enrich/data/ on first use, never at
import time.
"""

from indexer.enrich.dedup import (
    NEAR_DUPLICATE_THRESHOLD,
    estimate_similarity,
    lsh_band_keys,
    minhash_signature,
)
from indexer.enrich.gazetteer import Municipality, Province, RegionGazetteer
from indexer.enrich.language import detect_language
from indexer.enrich.pipeline import Enrichment, enrich_article, warm_up
from indexer.enrich.regions import RegionMention, tag_regions
from indexer.enrich.segments import Segment, detect_segments
from indexer.enrich.topics import TopicScore, TopicVocabulary, classify_topics

__all__ = [
    "NEAR_DUPLICATE_THRESHOLD",
    "Enrichment",
    "Municipality",
    "Province",
    "RegionGazetteer",
    "RegionMention",
    "Segment",
    "TopicScore",
    "TopicVocabulary",
    "classify_topics",
    "detect_language",
    "detect_segments",
    "enrich_article",
    "estimate_similarity",
    "lsh_band_keys",
    "minhash_signature",
    "tag_regions",
    "warm_up",
]
