"""enrich_article as a whole: robustness on any input, no work at import time, the public contract."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.enrich import Enrichment, TopicScore, enrich_article


@pytest.mark.parametrize("text", ["", "   \n\n\t", "1234567890", "!@#$%^&*()", "\x00\x01\x02", "ㅋㅋㅋㅋ", "-----"])
def test_empty_or_garbage_never_raises(text: str) -> None:
    enrichment = enrich_article(text, text)
    assert enrichment.language == "und" or text == "ㅋㅋㅋㅋ"
    assert enrichment.region is None
    assert enrichment.regions_mentioned == []
    assert enrichment.topics == []


def test_none_like_inputs_are_tolerated() -> None:
    enrichment = enrich_article(None, None)  # type: ignore[arg-type]
    assert enrichment == Enrichment(language="und")


def test_language_hint_used_only_when_detection_has_nothing() -> None:
    assert enrich_article("", "서울시 발표", language_hint="en").language == "ko"
    assert enrich_article("", "ㅡㅡ", language_hint="ko").language in {"ko", "und"}


def test_monolingual_article_has_one_text() -> None:
    enrichment = enrich_article("서울시 스마트시티 포럼", "서울시는 19일 스마트시티 포럼을 열었다고 밝혔다.")
    assert enrichment.languages == ["ko"]
    assert set(enrichment.texts_by_language) == {"ko"}
    assert "서울시는" in enrichment.texts_by_language["ko"]
    assert isinstance(enrichment.topics[0], TopicScore)
    assert len(enrichment.minhash) == 128


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400), st.text(max_size=60))
def test_any_input_gives_a_well_formed_enrichment(text: str, title: str) -> None:
    enrichment = enrich_article(title, text)
    assert enrichment.language == (enrichment.languages[0] if enrichment.languages else "und")
    assert enrichment.regions_mentioned == sorted(set(enrichment.regions_mentioned))
    assert all(topic.evidence for topic in enrichment.topics)


def test_importing_reads_no_data_and_loads_no_model() -> None:
    code = (
        "import sys, indexer.enrich as e\n"
        "from indexer.enrich.gazetteer import RegionGazetteer\n"
        "assert 'langdetect' not in sys.modules, 'langdetect imported at import time'\n"
        "assert 'yaml' not in sys.modules, 'data parsed at import time'\n"
        "assert 'numpy' not in sys.modules, 'numpy imported at import time'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
