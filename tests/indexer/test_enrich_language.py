"""Language identification: script first, short English by word list, seeded langdetect otherwise."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.enrich import Segment, detect_language, detect_segments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("서울시는 19일 스마트시티 포럼을 열었다.", "ko"),
        ("안녕", "ko"),
        ("東京タワーに行きました。", "ja"),
        ("北京", "zh"),  # a two-character Chinese word: plain langdetect often says Korean
        ("上海市政府", "zh"),
        ("大韓民國 서울", "ko"),  # Hanja inside Korean text
        ("Привет, как дела?", "ru"),
        ("Привіт, як справи?", "uk"),
        ("مرحبا بكم في المدينة", "ar"),
        ("سلام دنیا", "fa"),
        ("नमस्ते दुनिया", "hi"),
        ("สวัสดีครับ", "th"),
        ("Καλημέρα κόσμε", "el"),
        ("שלום עולם", "he"),
        ("The city held a briefing on its new smart city policy for residents.", "en"),
        ("Guten Morgen, wie geht es Ihnen heute in der Stadt?", "de"),
        ("Bonjour à tous, la ville organise un festival cet été.", "fr"),
        ("El ayuntamiento presentó el nuevo plan de transporte público.", "es"),
    ],
)
def test_language_by_script_and_model(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["house", "the weather", "thank you", "government policy", "Tree"])
def test_short_english_texts_are_english(text: str) -> None:
    assert detect_language(text) == "en"


@pytest.mark.parametrize("text", ["", "   \n\t", "2024-06-01 12:00", "!!! ??? ...", "☞ ▴ ‧ ※", "\x00\x01"])
def test_nothing_to_judge_is_und(text: str) -> None:
    assert detect_language(text) == "und"
    assert detect_segments(text) == []


def test_detection_is_deterministic() -> None:
    text = "Ciao a tutti, oggi parliamo di turismo e cultura nella regione."
    assert len({detect_language(text) for _ in range(5)}) == 1


def test_langdetect_codes_are_iso_639_1() -> None:
    assert detect_language("中华人民共和国国务院新闻办公室今天举行发布会") == "zh"


def test_bilingual_release_is_cut_into_korean_then_english() -> None:
    korean = "천안시는 3일 스마트도시 조성을 위해 클라우드 기업과 협력 방안을 논의했다고 밝혔다. " * 3
    english = "Cheonan City said on the 3rd that it discussed cooperation with cloud companies. " * 3
    text = f"{korean}\n{english}"
    segments = detect_segments(text)
    assert [segment.language for segment in segments] == ["ko", "en"]
    assert segments[0] == Segment("ko", 0, len(korean))
    assert text[segments[1].start : segments[1].end].strip() == english.strip()


def test_latin_acronyms_inside_korean_lines_do_not_split_them() -> None:
    text = "구글 AI 기술 검증(PoC) 추진과 NHN 클라우드 협력 방안을 논의했다.\n박 시장은 IT 기업을 방문했다."
    assert [segment.language for segment in detect_segments(text)] == ["ko"]


def test_mixed_line_is_split_at_sentences() -> None:
    text = (
        "시는 이날 스마트시티 추진 계획을 발표하고 시민 의견을 들었다. "
        "The city announced its smart city plan and heard residents' opinions on the day."
    )
    assert [segment.language for segment in detect_segments(text)] == ["ko", "en"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gets_a_code_and_valid_segments(text: str) -> None:
    code = detect_language(text)
    assert code == "und" or 2 <= len(code) <= 3
    previous_end = 0
    for segment in detect_segments(text):
        assert previous_end <= segment.start < segment.end <= len(text)
        previous_end = segment.end


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("県庁", "ja"),  # 県 is a Japanese form (Chinese writes 县 / 縣)
        ("東京駅", "ja"),  # 駅: Chinese 站 / 驛
        ("労働組合", "ja"),  # 労, 働
        ("図書館", "ja"),  # 図: Chinese 图 / 圖
        ("我们这里", "zh"),  # 们, 这: simplified Chinese only
        ("這裡說話", "zh"),  # traditional Chinese only
        ("北京", "zh"),  # shared by both: Chinese, the likelier
    ],
)
def test_han_only_text_is_told_by_its_character_set(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Straße", "de"),
        ("mañana", "es"),
        ("København", "da"),
        ("Łódź", "pl"),
        ("Győr", "hu"),
        ("İstanbul", "tr"),
        ("São Paulo", "pt"),
        ("la maison", "fr"),
        ("der Hund", "de"),
        ("Città", "it"),
    ],
)
def test_short_latin_texts_are_settled_by_letters_and_words(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("добрий день", "uk"),  # й ... and і-less, but the words are Ukrainian
        ("Київ", "uk"),  # ї
        ("ґанок", "uk"),  # ґ
        ("Беларусь і ўсё", "be"),  # ў
        ("Ђорђе", "sr"),  # ђ
        ("ќерка", "mk"),  # ќ
        ("съвет", "bg"),  # ъ inside a word
        ("Москва", "ru"),
        ("объявление", "ru"),
    ],
)
def test_short_cyrillic_texts(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["running", "government", "kindness", "smart city", "weather forecast", "AI"])
def test_single_english_words_and_pairs(text: str) -> None:
    assert detect_language(text) == "en"


def test_word_data_is_loaded_with_alphabets() -> None:
    from indexer.enrich.language import word_model

    model = word_model()
    assert {"en", "de", "fr", "es", "pl", "tr", "ru", "uk"} <= set(model.languages)
    assert "ß" in model.alphabets["de"] and "ß" not in model.alphabets["en"]
    assert "ñ" in model.alphabets["es"]
