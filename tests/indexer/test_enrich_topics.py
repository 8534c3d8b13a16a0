"""Topic classification: labelled short releases in Korean and English, evidence, vocabulary data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from indexer.enrich import TopicVocabulary, classify_topics

REQUIRED_SLUGS = {
    "ai", "smart-city", "software-industry", "cloud", "metaverse", "health", "covid-19", "education",
    "environment", "disaster-safety", "transport", "tourism", "agriculture", "fisheries", "welfare",
    "economy", "startups", "culture", "housing", "labour", "manufacturing",
}  # fmt: skip

# Short releases with the topic a reader would give them first (Korean and English), kept as data.
LABELLED = [
    (row["title"], row["text"], row["topic"])
    for row in yaml.safe_load((Path(__file__).parent / "enrich_data" / "labelled_topics.yaml").read_text("utf-8"))
]


@pytest.mark.parametrize(("title", "text", "expected"), LABELLED, ids=[row[2] + ":" + row[0][:12] for row in LABELLED])
def test_labelled_examples_get_their_topic_first(title: str, text: str, expected: str) -> None:
    topics = classify_topics(text, title)
    assert topics, "no topic"
    assert topics[0].slug == expected
    assert topics[0].evidence  # explainable: the terms that gave it


def test_every_topic_is_exercised_by_an_example() -> None:
    exercised = {expected for _, _, expected in LABELLED} | {"software-industry", "covid-19", "smart-city"}
    assert exercised >= REQUIRED_SLUGS


def test_a_passing_mention_is_not_a_topic() -> None:
    text = (
        "시는 인공지능 산업 포럼을 열었다. 인공지능 기업과 빅데이터 협력을 논의했다.\n"
        "행사는 코로나19 상황을 감안해 온라인으로 진행됐다."
    )
    slugs = [topic.slug for topic in classify_topics(text, "인공지능 산업 포럼 개최")]
    assert slugs == ["ai"]


def test_title_hits_weigh_more() -> None:
    text = "행사에는 관광 업계와 농업 단체가 참석했다."
    assert classify_topics(text, "농업 발전 협의회 개최")[0].slug == "agriculture"
    assert classify_topics(text, "관광 활성화 협의회 개최")[0].slug == "tourism"


def test_covid_typo_in_seed_000_is_matched() -> None:
    topics = classify_topics("Damage due to COVID-1919 and COVID-19 and the virus.", None)
    assert topics and topics[0].slug == "covid-19"
    assert "covid*" in topics[0].evidence


@pytest.mark.parametrize("text", ["", "   ", "12345 67890", "!!! ???", "\x00\x01", "lorem ipsum dolor"])
def test_nothing_to_classify(text: str) -> None:
    assert classify_topics(text, None) == []
    assert classify_topics(text, text) == []


def test_vocabulary_data() -> None:
    vocabulary = TopicVocabulary.default()
    assert set(vocabulary.slugs()) >= REQUIRED_SLUGS
    assert vocabulary.label("smart-city", "ko") == "스마트시티"
    assert vocabulary.label("smart-city") == "Smart city"
    assert vocabulary.iptc("health") == "medtop:07000000"
    assert vocabulary.label("nope") == "nope"
    assert vocabulary.iptc("nope") is None
    for topic in vocabulary.topics:
        assert topic["ko"] and topic["en"] and topic["terms"]["ko"] and topic["terms"]["en"], topic["slug"]


def test_a_phrase_counts_once_wherever_it_stands() -> None:
    # The last words of a text used to be counted once per phrase length reaching past the end.
    middle = classify_topics("The smart city plan uses urban data. Residents welcomed it.", None)
    end = classify_topics("Residents welcomed it. The plan uses urban data for a smart city", None)
    assert [(t.slug, t.score) for t in middle] == [("smart-city", 5.0)]
    assert [(t.slug, t.score) for t in end] == [(t.slug, t.score) for t in middle]
