"""The gazetteer data: every division with its code, the counts, old codes and labels."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from indexer.enrich import RegionGazetteer

# Autonomous 시·군·구 per first-level division as of 2024-01-18 (226 in all; Sejong has none).
EXPECTED_MUNICIPALITIES = {
    "KR-11": 25, "KR-26": 16, "KR-27": 9, "KR-28": 10, "KR-29": 5, "KR-30": 5, "KR-31": 5, "KR-50": 0,
    "KR-41": 31, "KR-51": 18, "KR-43": 11, "KR-44": 15, "KR-52": 14, "KR-46": 22, "KR-47": 22, "KR-48": 18,
    "KR-49": 0,
}  # fmt: skip


@pytest.fixture(scope="module")
def gazetteer() -> RegionGazetteer:
    return RegionGazetteer.default()


def test_seventeen_provinces_with_current_iso_codes(gazetteer: RegionGazetteer) -> None:
    codes = [province.code for province in gazetteer.provinces()]
    assert sorted(codes) == sorted(EXPECTED_MUNICIPALITIES)
    assert all(province.name_ko and province.name_en for province in gazetteer.provinces())


def test_226_autonomous_municipalities(gazetteer: RegionGazetteer) -> None:
    autonomous = [m for m in gazetteer.municipalities() if m.autonomous]
    assert len(autonomous) == 226
    counts = Counter(m.province for m in autonomous)
    assert {code: counts.get(code, 0) for code in EXPECTED_MUNICIPALITIES} == EXPECTED_MUNICIPALITIES


def test_jeju_administrative_cities_are_listed_but_not_autonomous(gazetteer: RegionGazetteer) -> None:
    jeju = {m.code: m.autonomous for m in gazetteer.municipalities() if m.province == "KR-49"}
    assert jeju == {"50110": False, "50130": False}


def test_municipality_codes_are_unique_and_match_their_province(gazetteer: RegionGazetteer) -> None:
    codes = [m.code for m in gazetteer.municipalities()]
    assert len(codes) == len(set(codes))
    assert all(re.fullmatch(r"\d{5}", code) for code in codes)
    # The first two digits are the province's 시도 code (Jeju's is 50, ISO's 49).
    prefix = {"KR-49": "50"}
    for m in gazetteer.municipalities():
        assert m.code[:2] == prefix.get(m.province, m.province[-2:]), m


@pytest.mark.parametrize(
    ("code", "name_ko", "province"),
    [
        ("11110", "종로구", "KR-11"),
        ("26110", "중구", "KR-26"),
        ("41110", "수원시", "KR-41"),
        ("44130", "천안시", "KR-44"),
        ("47110", "포항시", "KR-47"),
        ("47190", "구미시", "KR-47"),
        ("48310", "거제시", "KR-48"),
        ("48120", "창원시", "KR-48"),
        ("51110", "춘천시", "KR-51"),
        ("52110", "전주시", "KR-52"),
        ("27720", "군위군", "KR-27"),
        ("28177", "미추홀구", "KR-28"),
    ],
)
def test_known_codes(gazetteer: RegionGazetteer, code: str, name_ko: str, province: str) -> None:
    municipality = gazetteer.municipality(code)
    assert municipality is not None
    assert (municipality.name_ko, municipality.province) == (name_ko, province)
    assert gazetteer.province_of(code) == province


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("KR-42", "KR-51"),
        ("KR-45", "KR-52"),
        ("kr-11", "KR-11"),
        (" KR-48 ", "KR-48"),
        ("44130", "44130"),
        ("42110", "51110"),  # Chuncheon before Gangwon became a special self-governing province
        ("45110", "52110"),  # Jeonju before Jeonbuk did
        ("47720", "27720"),  # Gunwi before it moved to Daegu
        ("KR-99", None),
        ("99999", None),
        ("Seoul", None),
        ("", None),
    ],
)
def test_normalize(gazetteer: RegionGazetteer, code: str, expected: str | None) -> None:
    assert gazetteer.normalize(code) == expected


def test_expand_province_to_its_municipalities(gazetteer: RegionGazetteer) -> None:
    chungnam = gazetteer.expand("KR-44")
    assert chungnam[0] == "KR-44" and "44130" in chungnam and len(chungnam) == 16
    assert gazetteer.expand("KR-42")[0] == "KR-51"
    assert gazetteer.expand("44130") == ["44130"]
    assert gazetteer.expand("nowhere") == []


def test_labels(gazetteer: RegionGazetteer) -> None:
    assert gazetteer.label("KR-48") == "Gyeongnam"
    assert gazetteer.label("KR-48", "ko") == "경상남도"
    assert gazetteer.label("KR-51", "ko") == "강원특별자치도"
    assert gazetteer.label("44130") == "Cheonan-si"
    assert gazetteer.label("44130", "ko") == "천안시"
    # A district name shared by several cities carries its city.
    assert gazetteer.label("26110", "ko") == "부산광역시 중구"
    assert gazetteer.label("26110") == "Jung-gu, Busan"


def test_default_is_cached(gazetteer: RegionGazetteer) -> None:
    assert RegionGazetteer.default() is gazetteer
