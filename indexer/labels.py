"""Human labels (Korean and English) for the codes facets hold: regions, topics, languages, sources."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LANGUAGE_LABELS: dict[str, tuple[str, str]] = {
    "ko": ("한국어", "Korean"),
    "en": ("영어", "English"),
    "ja": ("일본어", "Japanese"),
    "zh": ("중국어", "Chinese"),
    "und": ("미상", "Undetermined"),
}


@dataclass
class Labeller:
    """Looks labels up in the gazetteer, the topic vocabulary and the sources registry."""

    source_names: Mapping[str, tuple[str, str]] = field(default_factory=dict)  # id -> (ko, en)
    language: str = "en"

    def label(self, facet: str, key: str) -> str:
        index = 0 if self.language == "ko" else 1
        if facet == "language":
            return LANGUAGE_LABELS.get(key, (key, key))[index]
        if facet == "source":
            return self.source_names.get(key, (key, key))[index]
        if facet == "region":
            from indexer.enrich import RegionGazetteer

            return RegionGazetteer.default().label(key, self.language) or key
        if facet == "topic":
            from indexer.enrich import TopicVocabulary

            return TopicVocabulary.default().label(key, self.language) or key
        return key
