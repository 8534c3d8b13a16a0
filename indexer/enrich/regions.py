"""Region mentions in text, shared names resolved by context, and the region a document is about."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from indexer.enrich.bigrams import BigramTable, code_points, non_ascii_at_least
from indexer.enrich.gazetteer import RegionGazetteer

# What may follow a place name inside one Korean word: an institution or people suffix (서울시청, 천안시장,
# 경남도민들), then a particle (서울시는, 경남도청에서). Anything else (광주리, 중구난방, 대구탕) is another word.
# Residents are 시민, 도민, 군민 or 구민, never a bare 민: "홍성민 기자", "김해민 교수" are people.
# Kept as space-separated text so a Korean reader can review them at a glance.
_SUFFIXES = (  # noqa: SIM905
    "시 군 구 도 청 청사 장 청장 시장 군수 구청장 도지사 지사 의회 의원 시의회 도의회 군의회 구의회 "
    "시민 도민 군민 구민 시민들 도민들 군민들 구민들 정 시정 도정 군정 구정 시청 도청 군청 구청 교육청 교육감 "
    "당국 형 지역 일대 일원 전역 관내 내 소재 광역시 특별시 특별자치도 특별자치시 측"
).split()
_PARTICLES = (  # noqa: SIM905
    "은 는 이 가 을 를 의 에 에서 에게 에는 에서는 에서도 에도 에선 엔 와 과 와의 과의 와는 과는 로 "
    "으로 로서 으로서 로부터 으로부터 도 만 까지 부터 처럼 보다 이나 나 이며 며 이고 고 이다 였다 이었다 "
    "이라 라 란 이란 께서 등 등의 간 과도 와도 이라는 라는 만의 마다"
).split()
TAILS = frozenset(["", *_SUFFIXES, *_PARTICLES, *(s + p for s in _SUFFIXES for p in _PARTICLES)])

_HANGUL_RUN = re.compile(r"[가-힣]+")
_FIRST_SYLLABLE, _LAST_SYLLABLE = ord("가"), ord("힣")  # what _HANGUL_RUN matches
_HANGUL_NAME = re.compile(r"[가-힣]{2,}")
_SPACE_ONLY = re.compile(r"\s*")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
# A capitalised _ENGLISH_WORD: the capital continues no word, hyphenated or not. Written capital first,
# the look-behinds after it, so that re skips in C to the next capital letter.
_CAPITALISED_WORD = re.compile(r"[A-Z](?<![A-Za-z].)(?<![A-Za-z]-.)[A-Za-z]*(?:-[A-Za-z]+)*")
# From this many non-ASCII characters (a Korean text of some 700), where names start is looked up in a
# BigramTable; in less text the regex, which stops at each run that might start a name, costs less.
TABLE_MIN_NON_ASCII = 500
# Yonhap's English copy places a city by its distance from Seoul ("Gwangju, 330 kilometers south of Seoul"):
# that names no place the story is about. Matched against the text right before a name.
_DISTANCE_FROM = re.compile(
    r"\b(?:km|kilomet(?:er|re)s|miles)\s+(?:(?:north|south)(?:-?(?:east|west))?|east|west)\s+of\s+$"
)
# Between a qualifying city and a district: spaces, a middle dot or a comma ("부산 중구", "Jung-gu, Busan").
_QUALIFIER_GAP = re.compile(r"^[\s·,]*(?:'s\s+|in\s+|of\s+)?$")


@dataclass(frozen=True)
class RegionMention:
    """A place named in text: its code (province ISO code or 5-digit municipality code) and where."""

    code: str
    province: str
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class _Match:
    candidates: tuple[str, ...]
    name: str
    start: int
    end: int


@dataclass(frozen=True)
class RegionCues:
    """What makes a mention in a document weigh more than others: where its lead ends, where its title and
    text open (an issuer names itself there), and the province its dateline files it from."""

    lead_end: int = 0
    openings: tuple[int, ...] = ()
    filed_in: str | None = None


def tag_regions(
    text: str,
    *,
    context_province: str | None = None,
    gazetteer: RegionGazetteer | None = None,
    codes: Any = None,
    cues: RegionCues | None = None,
    home_province: str | None = None,
) -> list[RegionMention]:
    """Every province and municipality named in `text`, in text order.

    A name shared by several places (중구, 고성군, 광주) is tagged only when a qualifier right before it,
    `context_province` (the issuing government's), the rest of the document (its other mentions, weighed by
    `cues`) or, failing those, `home_province` (a news outlet's) says which one is meant. `codes`: the text's
    code_points, if the caller has them already.
    """
    if not text or not isinstance(text, str):
        return []
    gazetteer = gazetteer or RegionGazetteer.default()
    matches = _korean_matches(text, gazetteer, codes) + _english_matches(text, gazetteer)
    matches.sort(key=lambda match: match.start)
    mentions: list[RegionMention] = []
    shared: list[_Match] = []
    for match in matches:
        code = match.candidates[0] if len(match.candidates) == 1 else _qualified(text, match, gazetteer)
        if code:
            mentions.append(_mention(code, match, gazetteer))
        else:
            shared.append(match)
    if not shared:
        return mentions
    # The places the document names unambiguously say which of a shared name's places it means.
    scores = province_scores(text, mentions, cues or RegionCues())
    context = gazetteer.normalize(context_province) if context_province else None
    home = gazetteer.normalize(home_province) if home_province else None
    unresolved = []
    for match in shared:
        if code := resolve_shared(match.candidates, scores, context, gazetteer, home):
            mentions.append(_mention(code, match, gazetteer))
        else:
            unresolved.append(match)
    mentions += _resolved_together(unresolved, gazetteer)
    return sorted(mentions, key=lambda mention: mention.start)


def _resolved_together(matches: list[_Match], gazetteer: RegionGazetteer) -> list[RegionMention]:
    """Shared names that tell each other apart: one whose places have a single province in common with the
    other shared names' is in that province ("광주시 … 북구": Gyeonggi has no 북구, Busan no 광주시)."""
    provinces = {match: frozenset(map(gazetteer.province_of, match.candidates)) for match in matches}
    names = set(provinces.values())  # 광주 and 광주시 are one name here: they can mean the same places
    if len(names) < 2:
        return []
    counts = Counter(province for name in names for province in name)
    common = {province for province, count in counts.items() if count > 1}
    found = []
    for match in matches:
        if len(in_common := provinces[match] & common) == 1:
            (province,) = in_common
            code = next(code for code in match.candidates if gazetteer.province_of(code) == province)
            found.append(_mention(code, match, gazetteer))
    return found


def _mention(code: str, match: _Match, gazetteer: RegionGazetteer) -> RegionMention:
    return RegionMention(code, gazetteer.province_of(code) or code, match.name, match.start, match.end)


def _korean_matches(text: str, gazetteer: RegionGazetteer, codes: Any = None) -> list[_Match]:
    forms = gazetteer.korean_forms()
    longest = _longest(gazetteer)
    matches = []
    # A Hangul run is a word start by construction, so "집중구역" never yields 중구.
    for start, word in _name_runs(text, gazetteer, codes):
        for size in range(min(len(word), longest), 1, -1):
            candidates = forms.get(word[:size])
            if candidates and word[size:] in TAILS:
                matches.append(_Match(candidates, word[:size], start, start + size))
                break
    return matches


def _name_runs(text: str, gazetteer: RegionGazetteer, codes: Any = None) -> list[tuple[int, str]]:
    """(start, run) of the Hangul runs whose first two characters start a name (_starts), in text order."""
    if not non_ascii_at_least(text, TABLE_MIN_NON_ASCII, codes):
        # The pattern leaves out, in C, runs that cannot begin with a name; the check most others.
        starts = _starts(gazetteer)
        runs = _candidate_runs(gazetteer).finditer(text)
        return [(run.start(), run.group()) for run in runs if run.group()[:2] in starts]
    import numpy as np

    # Much Korean text, where the pattern would stop at most runs: the first two characters of every
    # position are looked up at once, which leaves only the runs that do start a name.
    codes = code_points(text) if codes is None else codes
    table = _start_table(gazetteer)
    begins = table.numbers(codes) < len(table.bigrams)
    # The run must start there: the character before is no syllable (what _candidate_runs' look-behind says).
    begins[1:] &= (codes[:-2] < _FIRST_SYLLABLE) | (codes[:-2] > _LAST_SYLLABLE)
    return [
        (start, run.group()) for start in np.flatnonzero(begins).tolist() if (run := _HANGUL_RUN.match(text, start))
    ]


@cache
def _start_table(gazetteer: RegionGazetteer) -> BigramTable:
    return BigramTable(sorted(_starts(gazetteer)))


@cache
def _longest(gazetteer: RegionGazetteer) -> int:
    return max(len(form) for form in gazetteer.korean_forms())


@cache
def _starts(gazetteer: RegionGazetteer) -> frozenset[str]:
    """First two characters of the Korean names that can match: all Hangul, two characters or more."""
    return frozenset(form[:2] for form in gazetteer.korean_forms() if _HANGUL_NAME.fullmatch(form))


@cache
def _candidate_runs(gazetteer: RegionGazetteer) -> re.Pattern[str]:
    """Whole Hangul runs whose first character starts a name and whose second may continue one.

    Written as two character classes, not an alternation of names: re then skips in C every position
    whose character starts no name, where an alternation would try each name at each position.
    """
    firsts = "".join(sorted({start[0] for start in _starts(gazetteer)}))
    seconds = "".join(sorted({start[1] for start in _starts(gazetteer)}))
    if not firsts:
        return re.compile(r"(?!)")
    # The look-behind, after the two characters, asserts that the run starts where the match does.
    return re.compile(rf"[{re.escape(firsts)}][{re.escape(seconds)}](?<![가-힣]..)[가-힣]*")


def _english_matches(text: str, gazetteer: RegionGazetteer) -> list[_Match]:
    forms = gazetteer.english_forms()
    longest, firsts = _english_shape(gazetteer)
    matches = []
    resume = 0  # the end of the last name found: a word before it is part of that name
    # Place names are proper nouns: "asan" or "jinju pearls" in lower case are not places. So only the
    # capitalised words are visited, found in one scan, and a name's further words read where one starts.
    for first in _CAPITALISED_WORD.finditer(text):
        if first.start() < resume or first.group().lower() not in firsts:
            continue
        words = list(itertools.islice(_ENGLISH_WORD.finditer(text, first.start()), longest))
        for size in range(len(words), 0, -1):
            span = words[:size]
            key = tuple(word.group().lower() for word in span)
            # The name lookup first: it fails far more often than the words are apart.
            if key in forms and all(
                _SPACE_ONLY.fullmatch(text[a.end() : b.start()]) for a, b in itertools.pairwise(span)
            ):
                if not _locates_by_distance(text, first.start()):
                    matches.append(
                        _Match(forms[key], text[first.start() : span[-1].end()], first.start(), span[-1].end())
                    )
                resume = span[-1].end()
                break
    return matches


def _locates_by_distance(text: str, start: int) -> bool:
    """Whether the name at `start` is only where a distance is counted from ("330 kilometers south of Seoul")."""
    # "of" right before is rare and found first: the pattern alone tries 30 positions.
    return "of" in text[max(0, start - 4) : start] and bool(_DISTANCE_FROM.search(text, max(0, start - 30), start))


@cache
def _english_shape(gazetteer: RegionGazetteer) -> tuple[int, frozenset[str]]:
    """Most words in an English name, and the words names start with (no other word can start one)."""
    forms = gazetteer.english_forms()
    return max(len(form) for form in forms), frozenset(form[0] for form in forms if form)


def _qualified(text: str, match: _Match, gazetteer: RegionGazetteer) -> str | None:
    """The candidate whose province or city is named right before (or, in English, after) the name."""
    provinces = {gazetteer.province_of(code): code for code in match.candidates}
    before = text[max(0, match.start - 20) : match.start]
    # Korean: the word right before ("부산 중구", "경남 고성군", "경기 광주시").
    words = list(_HANGUL_RUN.finditer(before))
    if words and not before[words[-1].end() :].strip(" ·"):
        qualifier = _qualifier_province(words[-1].group(), gazetteer)
        if qualifier in provinces:
            return provinces[qualifier]
    # English: "Busan Jung-gu", "Busan's Jung-gu", "Jung-gu, Busan", "Goseong County in Gangwon".
    for side in (before, text[match.end : match.end + 40]):
        for province in _english_provinces(side, gazetteer, before_name=side is before):
            if province in provinces:
                return provinces[province]
    return None


def _qualifier_province(word: str, gazetteer: RegionGazetteer) -> str | None:
    forms = gazetteer.qualifier_forms()
    for size in range(len(word), 1, -1):
        if word[:size] in forms and word[size:] in TAILS:
            return forms[word[:size]]
    return None


def _english_provinces(side: str, gazetteer: RegionGazetteer, before_name: bool) -> list[str]:
    forms = gazetteer.english_forms()
    words = list(_ENGLISH_WORD.finditer(side))
    found = []
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            key = tuple(word.group().lower() for word in words[start:end])
            codes = [code for code in forms.get(key, ()) if code.startswith("KR-")]
            gap = side[words[end - 1].end() :] if before_name else side[: words[start].start()]
            if codes and _QUALIFIER_GAP.match(gap):
                found.extend(codes)
    return found


def resolve_shared(
    candidates: tuple[str, ...],
    scores: Counter[str],
    context: str | None,
    gazetteer: RegionGazetteer,
    home: str | None = None,
) -> str | None:
    """The one of a shared name's places (`candidates`) in the document's own province (`context`), else the
    one whose province the document's other mentions (`province_scores`) favour over the others', else the one
    in the publishing outlet's `home` province; None if none tells, for a wrong place is worse than none."""
    by_province = {gazetteer.province_of(code): code for code in candidates}
    if context in by_province:
        return by_province[context]
    found = _favoured(by_province, scores.__getitem__)
    if found is None and not any(scores[province] for province in by_province if province):
        # Nothing names any candidate's province; one in a city the named province surrounds is meant
        # ("광주시" in a release that names only 전남), unless the province surrounds several (중구 and 경남).
        found = _favoured(
            by_province, lambda province: sum(scores[around] for around in gazetteer.surrounding(province))
        )
    if found is None and home in by_province:
        # A regional paper's 광주시 is its own, unless the article names places elsewhere that tell otherwise.
        found = by_province[home]
    return found


def _favoured(by_province: dict[str | None, str], score: Callable[[str], int]) -> str | None:
    """The candidate (`by_province`: province -> code) whose province scores highest, alone and above 0."""
    ranked = sorted(((score(province), province) for province in by_province if province), reverse=True)
    if ranked and ranked[0][0] > 0 and (len(ranked) == 1 or ranked[0][0] > ranked[1][0]):
        return by_province[ranked[0][1]]
    return None


def province_scores(text: str, mentions: list[RegionMention], cues: RegionCues) -> Counter[str]:
    """How strongly the mentions say the document is about each province: a mention in the lead counts
    LEAD_WEIGHT, one that opens the title or the text as its subject (the issuer) ISSUER_WEIGHT, any other 1;
    the dateline's province gets DATELINE_WEIGHT."""
    issuers = issuer_positions(text, mentions, cues.openings) if cues.openings else ()
    scores: Counter[str] = Counter()
    for mention, following in itertools.zip_longest(mentions, mentions[1:]):
        if following is not None and _qualifies(mention, following):
            continue  # "서울 송파구" names one place: counted once, as the district
        if mention.start in issuers:
            scores[mention.province] += ISSUER_WEIGHT
        else:
            scores[mention.province] += LEAD_WEIGHT if mention.start < cues.lead_end else 1
    if cues.filed_in:
        scores[cues.filed_in] += DATELINE_WEIGHT
    return scores


def dominant_region(scores: Counter[str]) -> str | None:
    """The province a document is mostly about, by its `province_scores`.

    None when no province clearly leads, because a wrong region is a wrong count in every facet.
    """
    if not scores:
        return None
    ranked = scores.most_common(2)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if best_score < MIN_REGION_SCORE or best_score < DOMINANCE * runner_up:
        return None
    return best


def _qualifies(mention: RegionMention, following: RegionMention) -> bool:
    """Whether a province or metropolitan city named right before one of its municipalities only says where
    that municipality is ("서울 송파구"). Two municipalities side by side are two places ("화성시와 용인시")."""
    return (
        following.start - mention.end <= 2
        and following.province == mention.province == mention.code
        and len(following.code) == 5
    )


# What follows the issuer's name when it opens a release: a subject particle, or the title's comma
# ("하남시, …", "하남시는 …", "경기도가 …"). "서울시와 부산시가" opens with a partner list, not an issuer.
_ISSUER_TAIL = re.compile(r"(?:청|시청|도청|군청|구청)?(?:은|는|이|가|에서는|,|\s*[·:])")


def issuer_positions(text: str, mentions: list[RegionMention], starts: tuple[int, ...]) -> tuple[int, ...]:
    """The starts of mentions that open the title or the text at `starts` as their subject (the issuer)."""
    opening, last = set(starts), max(starts, default=-1)
    issuers = []
    for index, mention in enumerate(mentions):  # in text order: none after the last opening can be one
        if mention.start > last:
            break
        if mention.start not in opening:
            continue
        if _ISSUER_TAIL.match(text, mention.end):
            issuers.append(mention.start)
        elif index + 1 < len(mentions) and _qualifies(mention, following := mentions[index + 1]):
            # "경북 포항시는 …", "대구 중구는 …": the municipality its province qualifies opens the text
            opening.add(following.start)
            last = max(last, following.start)
    return tuple(issuers)


# A mention in the title or first paragraph counts this many times: that is where the issuing government
# names itself ("경상남도는 ... 개최했다").
LEAD_WEIGHT = 3
# A place that opens the title or the text ("하남시, 서울 송파구와 협약", "하남시는 …"): the government that
# issued the release, which a partner named as often in the lead must not outweigh.
ISSUER_WEIGHT = 4 * LEAD_WEIGHT
# The place a news agency filed the story from ("(창원=연합뉴스)"): more than a place the lead names, less
# than the issuer the story then reports on ("(부산=연합뉴스) 경상남도는 …" is about Gyeongnam).
DATELINE_WEIGHT = 2 * LEAD_WEIGHT
# A region needs at least a lead mention or two mentions in the body, and a clear lead over the next one.
MIN_REGION_SCORE = 2
DOMINANCE = 1.5
