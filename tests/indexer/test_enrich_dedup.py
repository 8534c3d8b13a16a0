"""Near-duplicates: a re-posted release clusters with its original, a different release does not."""

from __future__ import annotations

from pathlib import Path

from indexer.enrich import NEAR_DUPLICATE_THRESHOLD, estimate_similarity, lsh_band_keys, minhash_signature

DATA = Path(__file__).parent / "enrich_data"
RELEASE = (DATA / "release_cheonan.txt").read_text("utf-8")

# The same release as an outlet re-posts it: its own lead paragraph, its byline, spacing and punctuation.
REPOST = (
    "[충청일보 김기자] 박상돈 천안시장이 글로벌 IT 기업을 잇달아 찾아 스마트도시 협력을 요청했다.\n\n"
    + RELEASE.replace("천안시는 3일", "천안시는 지난 3일").replace(",", " ").replace("  ", " ")
    + "\n김기자 kim@example.co.kr 무단전재 및 재배포 금지"
)

# A different release on the same topic (smart city, cloud) from another city.
OTHER = (DATA / "release_asan.txt").read_text("utf-8")


def test_repost_with_new_lead_and_byline_is_a_near_duplicate() -> None:
    original, repost = minhash_signature(RELEASE), minhash_signature(REPOST)
    assert estimate_similarity(original, repost) >= NEAR_DUPLICATE_THRESHOLD
    # A store finds the repost as a candidate: at least one LSH band key in common.
    assert set(lsh_band_keys(original)) & set(lsh_band_keys(repost))


def test_different_release_on_the_same_topic_is_not() -> None:
    similarity = estimate_similarity(minhash_signature(RELEASE), minhash_signature(OTHER))
    assert similarity < NEAR_DUPLICATE_THRESHOLD / 2


def test_english_translation_and_korean_original_are_not_duplicates() -> None:
    english = "Cheonan City visited NHN Cloud and Google Cloud Korea to explore AI and cloud cooperation."
    assert estimate_similarity(minhash_signature(RELEASE), minhash_signature(english)) < 0.1


def test_signatures_are_deterministic_and_sized() -> None:
    signature = minhash_signature(RELEASE)
    assert signature == minhash_signature(RELEASE)
    assert len(signature) == 128 and all(0 <= value < 2**32 for value in signature)
    assert estimate_similarity(signature, signature) == 1.0
    keys = lsh_band_keys(signature)
    assert len(keys) == len(set(keys)) == 32 and all(key.startswith("b") for key in keys)


def test_case_and_whitespace_do_not_matter() -> None:
    a = minhash_signature("Smart City   Forum\nheld in Cheonan")
    b = minhash_signature("smart city forum held in cheonan")
    assert estimate_similarity(a, b) == 1.0


def test_empty_input_has_no_signature() -> None:
    for text in ("", "   ", "!!! ... ???"):
        assert minhash_signature(text) == []
    assert lsh_band_keys([]) == []
    assert estimate_similarity([], minhash_signature(RELEASE)) == 0.0
