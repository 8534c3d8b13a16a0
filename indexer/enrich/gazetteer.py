"""The region gazetteer: provinces and municipalities with their codes and names, loaded from data."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

_PROVINCE_CODE = re.compile(r"^KR-\d{2}$")
_MUNICIPALITY_CODE = re.compile(r"^\d{5}$")
# English generic words that follow an official romanisation, by the Korean unit suffix.
_EN_UNIT = {"si": ("City",), "gun": ("County",), "gu": ("District",)}


@dataclass(frozen=True)
class Province:
    """A first-level division (ISO 3166-2:KR)."""

    code: str
    name_ko: str
    name_en: str
    aliases: tuple[str, ...] = ()
    old_codes: tuple[str, ...] = ()
    qualifiers_ko: tuple[str, ...] = ()
    within: tuple[str, ...] = ()  # a city's surrounding provinces (data/regions.yaml says when they count)


@dataclass(frozen=True)
class Municipality:
    """A 시·군·구 with its 5-digit administrative code."""

    code: str
    province: str
    name_ko: str
    name_en: str
    short_ko: str | None = None
    autonomous: bool = True
    english_bare: bool = True
    former: tuple[str, ...] = ()
    old_codes: tuple[str, ...] = ()

    @property
    def english_base(self) -> str:
        """The romanised name without its unit suffix (Cheonan-si -> Cheonan)."""
        return re.sub(r"-(si|gun|gu)$", "", self.name_en)

    @property
    def unit(self) -> str:
        """'si', 'gun' or 'gu'."""
        match = re.search(r"-(si|gun|gu)$", self.name_en)
        return match.group(1) if match else "si"


@dataclass
class RegionGazetteer:
    """Provinces and municipalities, with lookups by code and by name."""

    _provinces: dict[str, Province]
    _municipalities: dict[str, Municipality]
    _aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    @cache
    def default(cls) -> RegionGazetteer:
        """The gazetteer in data/regions.yaml (read once, on first use)."""
        import yaml

        text = resources.files("indexer.enrich").joinpath("data/regions.yaml").read_text("utf-8")
        return cls.from_data(yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)))  # libyaml: ~9x

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> RegionGazetteer:
        """Build from the parsed YAML structure."""
        provinces: dict[str, Province] = {}
        aliases: dict[str, str] = {}
        prefixes: dict[str, str] = {}
        for row in data["provinces"]:
            province = Province(
                code=row["code"],
                name_ko=row["name_ko"],
                name_en=row["name_en"],
                aliases=tuple(row.get("aliases_ko", ())) + tuple(row.get("aliases_en", ())),
                old_codes=tuple(row.get("old_codes", ())),
                qualifiers_ko=tuple(row.get("qualifiers_ko", ())),
                within=tuple(row.get("within", ())),
            )
            provinces[province.code] = province
            for old in province.old_codes:
                aliases[old] = province.code
            if row.get("old_municipality_prefix"):
                prefixes[str(row["old_municipality_prefix"])] = province.code[-2:]
        municipalities: dict[str, Municipality] = {}
        for row in data["municipalities"]:
            municipality = Municipality(
                code=str(row["code"]),
                province=row["province"],
                name_ko=row["ko"],
                name_en=row["en"],
                short_ko=row.get("short"),
                autonomous=row.get("autonomous", True),
                english_bare=row.get("en_bare", True),
                former=tuple(row.get("former", ())) + tuple(row.get("former_en", ())),
                old_codes=tuple(str(code) for code in row.get("old_codes", ())),
            )
            municipalities[municipality.code] = municipality
            for old in municipality.old_codes:
                aliases[old] = municipality.code
        # Gangwon's 42xxx and Jeonbuk's 45xxx codes were renumbered digit for digit (42110 -> 51110).
        for code in municipalities:
            for old_prefix, new_prefix in prefixes.items():
                if code.startswith(new_prefix):
                    aliases.setdefault(old_prefix + code[2:], code)
        return cls(provinces, municipalities, aliases)

    def provinces(self) -> list[Province]:
        """All first-level divisions, in data order."""
        return list(self._provinces.values())

    def municipalities(self) -> list[Municipality]:
        """All municipalities, in data order."""
        return list(self._municipalities.values())

    def province(self, code: str) -> Province | None:
        """The province with this (normalised) code."""
        normal = self.normalize(code)
        return self._provinces.get(normal) if normal else None

    def municipality(self, code: str) -> Municipality | None:
        """The municipality with this (normalised) code."""
        normal = self.normalize(code)
        return self._municipalities.get(normal) if normal else None

    def normalize(self, code: str) -> str | None:
        """Current code for a province or municipality code, old codes included; None if unknown."""
        if not isinstance(code, str):
            return None
        candidate = code.strip().upper()
        if _PROVINCE_CODE.match(candidate) or _MUNICIPALITY_CODE.match(candidate):
            candidate = self._aliases.get(candidate, candidate)
            if candidate in self._provinces or candidate in self._municipalities:
                return candidate
        return None

    def surrounding(self, province: str) -> tuple[str, ...]:
        """The provinces around a special or metropolitan city (`within` in data/regions.yaml); () otherwise."""
        found = self._provinces.get(province)
        return found.within if found else ()

    def province_of(self, code: str) -> str | None:
        """The province code a province or municipality code belongs to."""
        normal = self.normalize(code)
        if normal in self._provinces:
            return normal
        if normal in self._municipalities:
            return self._municipalities[normal].province
        return None

    def label(self, code: str, language: str = "en") -> str:
        """Display name in 'en' or 'ko'; a shared district name carries its city (부산 중구)."""
        normal = self.normalize(code)
        if normal in self._provinces:
            province = self._provinces[normal]
            return province.name_ko if language == "ko" else province.name_en
        if normal in self._municipalities:
            place = self._municipalities[normal]
            name = place.name_ko if language == "ko" else place.name_en
            if name in self._shared_names(language):
                city = self._provinces[place.province]
                return f"{city.name_ko} {name}" if language == "ko" else f"{name}, {city.name_en}"
            return name
        return code

    def expand(self, code: str) -> list[str]:
        """A province and all its municipalities (what a filter on that province should match)."""
        normal = self.normalize(code)
        if normal in self._provinces:
            return [normal, *(m.code for m in self._municipalities.values() if m.province == normal)]
        return [normal] if normal else []

    def _shared_names(self, language: str) -> set[str]:
        return _shared_names(self, language)

    def korean_forms(self) -> dict[str, tuple[str, ...]]:
        """Korean name -> codes it can mean (more than one when the name is shared)."""
        return _korean_forms(self)

    def english_forms(self) -> dict[tuple[str, ...], tuple[str, ...]]:
        """Lowercased English name as a word tuple -> codes it can mean."""
        return _english_forms(self)

    def qualifier_forms(self) -> dict[str, str]:
        """Korean names that qualify a following municipality name ("부산 중구") -> province code."""
        return _qualifier_forms(self)

    def dateline_forms(self) -> dict[str, tuple[str, ...]]:
        """Names a news dateline gives a place by (창원, 고성, changwon, "south gyeongsang") -> codes they can mean."""
        return _dateline_forms(self)

    def __hash__(self) -> int:  # cached helpers key on the instance
        return id(self)


def _add(index: dict[Any, tuple[str, ...]], form: Any, code: str) -> None:
    if code not in index.get(form, ()):
        index[form] = (*index.get(form, ()), code)


@cache
def _korean_forms(gazetteer: RegionGazetteer) -> dict[str, tuple[str, ...]]:
    index: dict[str, tuple[str, ...]] = {}
    for province in gazetteer.provinces():
        for form in (province.name_ko, *province.aliases):
            if re.search(r"[가-힣]", form):
                _add(index, form, province.code)
    for place in gazetteer.municipalities():
        for name in (place.name_ko, place.short_ko, *place.former):
            if name and re.search(r"[가-힣]", name):
                _add(index, name, place.code)
    return index


def _words(name: str) -> tuple[str, ...]:
    return tuple(re.findall(r"[a-z]+(?:-[a-z]+)*", name.lower()))


@cache
def _english_forms(gazetteer: RegionGazetteer) -> dict[tuple[str, ...], tuple[str, ...]]:
    index: dict[tuple[str, ...], tuple[str, ...]] = {}
    for province in gazetteer.provinces():
        for form in (province.name_en, *province.aliases):
            if not re.search(r"[가-힣]", form):
                _add(index, _words(form), province.code)
    for place in gazetteer.municipalities():
        base = place.english_base
        forms = [place.name_en, *(f"{base} {word}" for word in _EN_UNIT[place.unit])]
        if place.english_bare and place.unit != "gu":
            forms.append(base)
        forms.extend(name for name in place.former if not re.search(r"[가-힣]", name))
        for form in forms:
            _add(index, _words(form), place.code)
    return index


@cache
def _qualifier_forms(gazetteer: RegionGazetteer) -> dict[str, str]:
    forms: dict[str, str] = {}
    for province in gazetteer.provinces():
        for form in (province.name_ko, *province.aliases, *province.qualifiers_ko):
            if re.search(r"[가-힣]", form):
                forms[form] = province.code
    return forms


@cache
def _dateline_forms(gazetteer: RegionGazetteer) -> dict[str, tuple[str, ...]]:
    # A dateline names a place and nothing else, so a 시 or 군 goes by its bare name there even where that
    # name is an everyday word the text matcher leaves alone (전주 "last week", 고성 "raised voices"); a 구
    # never datelines a story by its bare name. Names of the text matcher come first: 제주 is the province
    # there, not 제주시, and 광주 either of its two places.
    forms = dict(gazetteer.korean_forms())
    english = {" ".join(words): codes for words, codes in gazetteer.english_forms().items()}
    bare: dict[str, tuple[str, ...]] = {}
    for place in gazetteer.municipalities():
        if place.unit != "gu":
            _add(bare, place.name_ko[:-1], place.code)
            _add(bare, place.english_base.lower(), place.code)
    for name, codes in bare.items():
        if name not in forms and name not in english:
            forms[name] = codes
    return {**forms, **english}


@cache
def _shared_names(gazetteer: RegionGazetteer, language: str) -> set[str]:
    seen: dict[str, int] = {}
    for place in gazetteer.municipalities():
        name = place.name_ko if language == "ko" else place.name_en
        seen[name] = seen.get(name, 0) + 1
    return {name for name, count in seen.items() if count > 1}
