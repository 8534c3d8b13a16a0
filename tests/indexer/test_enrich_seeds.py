"""The five shared seed articles get the language, region and topics a reader would give them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer.enrich import enrich_article

SEEDS = Path(__file__).resolve().parents[2] / ".." / "shared" / "seeds"


def _seed(prefix: str) -> tuple[str, str]:
    if not SEEDS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"seed directory {SEEDS} is missing under CI")
        pytest.skip(f"seed directory {SEEDS} is absent (it sits beside the repository in shared/seeds)")
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    title, _, text = path.read_text("utf-8").strip().partition("\n")
    return title, text


def test_seed_000_gyeongnam_software_and_covid() -> None:
    enrichment = enrich_article(*_seed("000"))
    assert enrichment.language == "en"
    assert enrichment.region == "KR-48"
    assert "48310" in enrichment.regions_mentioned  # Geoje, where the briefing was held
    slugs = [topic.slug for topic in enrichment.topics]
    assert slugs[0] == "software-industry"
    assert "covid-19" in slugs  # written COVID-1919 by mistake twice, and COVID-19 once


def test_seed_001_gyeongbuk_metaverse() -> None:
    enrichment = enrich_article(*_seed("001"))
    assert enrichment.region == "KR-47"
    assert {"47110", "47190"} & set(enrichment.regions_mentioned)
    assert enrichment.topics[0].slug == "metaverse"


def test_seed_002_gwangju_ai_and_manufacturing() -> None:
    enrichment = enrich_article(*_seed("002"))
    assert enrichment.language == "ko"
    assert enrichment.region == "KR-29"
    assert "41610" not in enrichment.regions_mentioned  # 광주 here is never Gyeonggi's 광주시
    slugs = {topic.slug for topic in enrichment.topics}
    assert {"ai", "manufacturing"} <= slugs
    assert "covid-19" not in slugs  # only a passing mention and the page's sidebar


def test_seed_003_seoul_smart_city() -> None:
    enrichment = enrich_article(*_seed("003"))
    assert enrichment.region == "KR-11"
    assert enrichment.topics[0].slug == "smart-city"


@pytest.mark.parametrize(
    "source",
    [{}, {"source_region": "KR-44", "source_municipality": "44130"}, {"source_municipality": "44130"}],
)
def test_seed_004_cheonan_bilingual_smart_city_and_cloud(source: dict[str, str]) -> None:
    title, text = _seed("004")
    enrichment = enrich_article(title, text, **source)
    assert enrichment.region == "KR-44"
    assert {"44130", "KR-44"} <= set(enrichment.regions_mentioned)
    assert enrichment.languages == ["ko", "en"]
    assert enrichment.language == "ko"
    assert "천안시" in enrichment.texts_by_language["ko"]
    assert "Cheonan" in enrichment.texts_by_language["en"]
    assert "천안시" not in enrichment.texts_by_language["en"]
    assert {"smart-city", "cloud"} <= {topic.slug for topic in enrichment.topics}


def test_topics_carry_evidence() -> None:
    enrichment = enrich_article(*_seed("003"))
    smart_city = enrichment.topics[0]
    assert "스마트시티" in smart_city.evidence
