"""Benchmark language identification: accuracy per language and kind, and throughput, against langdetect and lingua.

Run: .venv/bin/python bench/language.py [--per-kind 200] [--seed 7]
Needs the dev-only packages faker, babel and lingua-language-detector (pip install them into .venv).

Issue 4 asks for accuracy on held-out labelled text in 14 languages (sentences, word pairs, single words)
at least lingua's for ko/en/ja/zh on every kind, a macro average at least plain langdetect's, and never
slower than plain langdetect on that mix. lingua's own test data is not on this machine and is not fetched,
so this bench builds its own labelled set, deterministically, from what two PyPI packages ship:

* Faker's locale providers, only the ones written for the locale itself (a locale without its own
  provider would fall back to en_US; that data is never used): lorem word lists (real words of the
  language, in random order), job titles, company words and catch-phrase parts, street and city
  names and suffixes, colour names, currency names. Person names are left out (a name says little
  about a language).
* Babel's CLDR data for each locale: territory, language, script and currency names, month and
  day names, long unit names ("kilometres per hour"), written in that language.

From each language's pool of strings:
* single words: one token (for Chinese and Japanese, which do not space words, a string of 1-4
  characters); a token that also occurs in another language's pool is dropped, since it has no one
  right answer ("Chile", "Radio", 日本);
* word pairs: two consecutive tokens of one string, or two tokens of the pool joined (no space in
  Chinese and Japanese); a pair made of two tokens that both occur in another language is dropped;
* sentences: strings of the pool and lorem words joined until 8-16 words (14-32 characters in Chinese
  and Japanese), capitalised and ended with a full stop.

Limits, stated plainly: this is NOT lingua's test data, and the numbers are not comparable with lingua's
published report. The "sentences" are strings of real words but mostly without grammar (Faker's lorem
shuffles words; CLDR names are noun phrases), so function words are rarer than in real prose; the words
are everyday and CLDR vocabulary, more common than lingua's single words; Chinese text mixes simplified
(zh_CN, CLDR zh) and traditional (zh_TW, CLDR zh_Hant). Korean, Portuguese, Turkish and Swedish have no
Faker lorem, so their sentences are built from names, titles and CLDR terms only. Nothing in the
detector was written from these items (its word lists are its own), so the set is held out from it.

lingua runs in its default high-accuracy mode, restricted to the 14 languages of the set (which helps
it: it never has to consider a language outside them); langdetect is plain and seeded
(DetectorFactory.seed = 0), zh-cn/zh-tw mapped to zh, an exception counted as a wrong answer;
detect_language is unrestricted, as in production.
"""

from __future__ import annotations

import argparse
import importlib
import random
import re
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from itertools import pairwise
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere, installed or not
    sys.path.insert(0, str(REPO))

from indexer.enrich import detect_language  # noqa: E402

# ISO 639-1 -> (Faker locales, Babel locales). The 14 languages: those the brief names and both packages have.
LANGUAGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("en_US",), ("en",)),
    "de": (("de_DE",), ("de",)),
    "fr": (("fr_FR",), ("fr",)),
    "es": (("es_ES",), ("es",)),
    "it": (("it_IT",), ("it",)),
    "pt": (("pt_BR", "pt_PT"), ("pt", "pt_PT")),
    "nl": (("nl_NL",), ("nl",)),
    "sv": (("sv_SE",), ("sv",)),
    "pl": (("pl_PL",), ("pl",)),
    "tr": (("tr_TR",), ("tr",)),
    "ru": (("ru_RU",), ("ru",)),
    "ko": (("ko_KR",), ("ko",)),
    "ja": (("ja_JP",), ("ja",)),
    "zh": (("zh_CN", "zh_TW"), ("zh", "zh_Hant")),
}
FOCUS = ("ko", "en", "ja", "zh")
KINDS = ("sentence", "pair", "word")
UNSPACED = {"zh", "ja"}

# Faker provider packages whose string lists are language (not names, codes or formats).
FAKER_PROVIDERS = ("lorem", "job", "company", "address", "color", "currency", "date_time")
FAKER_SKIP_ATTRS = re.compile(r"name|format|code|prefix_|_prefix|postcode|number|abbr|state_abbr|ssn|^_", re.I)
FAKER_KEEP_NAME_ATTRS = {
    "street_names",
    "road_names",
    "city_names",
    "color_names",
    "currency_names",
    "day_names",
    "month_names",
}
UNITS = (
    "length-kilometer",
    "length-meter",
    "length-centimeter",
    "mass-kilogram",
    "mass-gram",
    "duration-hour",
    "duration-minute",
    "duration-second",
    "duration-day",
    "duration-week",
    "duration-month",
    "duration-year",
    "speed-kilometer-per-hour",
    "temperature-celsius",
    "volume-liter",
    "area-square-meter",
    "area-hectare",
    "energy-kilowatt-hour",
    "power-watt",
    "digital-gigabyte",
    "pressure-hectopascal",
    "angle-degree",
)

_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _fits_script(language: str, text: str) -> bool:
    """The string is written in its language's script only (no Latin acronyms in a Korean job title, ...)."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    if language == "zh":
        return all(_HAN.match(c) for c in letters)
    if language == "ja":
        return all(_HAN.match(c) or _KANA.match(c) or c == "ー" for c in letters)
    if language == "ko":
        return all(_HANGUL.match(c) for c in letters)
    if language == "ru":
        return all(_CYRILLIC.match(c) for c in letters)
    return all(_LATIN.match(c) for c in letters)


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            if isinstance(item, (list, tuple, dict)):
                yield from _strings(item)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _strings(item)


def faker_strings(locale: str) -> tuple[list[str], list[str]]:
    """(strings of the locale's own providers, its lorem words)."""
    strings: list[str] = []
    lorem: list[str] = []
    for provider in FAKER_PROVIDERS:
        try:
            module = importlib.import_module(f"faker.providers.{provider}.{locale}")
        except ImportError:
            continue
        cls = module.Provider
        for attr, value in vars(cls).items():
            if attr.startswith("_") or callable(value) or isinstance(value, str):
                continue
            if FAKER_SKIP_ATTRS.search(attr) and attr not in FAKER_KEEP_NAME_ATTRS:
                continue
            found = [s.strip() for s in _strings(value) if not re.search(r"[{}#?%@\d]", s) and s.strip()]
            strings.extend(found)
            if provider == "lorem":
                lorem.extend(found)
    return strings, lorem


def babel_strings(locale_name: str) -> list[str]:
    from babel import Locale
    from babel.units import get_unit_name

    locale = Locale.parse(locale_name)
    out: list[str] = []
    for mapping in (locale.territories, locale.languages, locale.scripts, locale.currencies):
        out.extend(str(v) for k, v in mapping.items() if not str(k).isdigit())
    for context in ("format", "stand-alone"):
        out.extend(locale.months[context]["wide"].values())
        out.extend(locale.days[context]["wide"].values())
    for unit in UNITS:
        try:
            name = get_unit_name(unit, length="long", locale=locale)
        except Exception:  # a unit a locale lacks
            continue
        if name:
            out.append(name)
    return [s for s in out if not re.search(r"[\d()]", s)]


def _tokens(language: str, text: str) -> list[str]:
    if language in UNSPACED:
        return [text] if 1 <= len(text) <= 4 else []
    return _TOKEN.findall(text)


def build_set(per_kind: int, seed: int) -> list[tuple[str, str, str]]:
    """(language, kind, text) triples, `per_kind` of each kind for each language."""
    pools: dict[str, list[str]] = {}
    lorems: dict[str, list[str]] = {}
    for language, (faker_locales, babel_locales) in LANGUAGES.items():
        strings: list[str] = []
        lorem: list[str] = []
        for locale in faker_locales:
            found, words = faker_strings(locale)
            strings += found
            lorem += words
        for locale in babel_locales:
            strings += babel_strings(locale)
        pools[language] = sorted({s for s in strings if _fits_script(language, s)})
        lorems[language] = sorted({s for s in lorem if _fits_script(language, s)})
    words_of = {lang: {t.lower() for s in pool for t in _tokens(lang, s)} for lang, pool in pools.items()}
    owners: dict[str, set[str]] = defaultdict(set)
    for lang, vocabulary_of_lang in words_of.items():
        for word in vocabulary_of_lang:
            owners[word].add(lang)

    def unique(word: str) -> bool:
        return len(owners[word.lower()]) == 1

    rng = random.Random(seed)
    items: list[tuple[str, str, str]] = []
    for language, pool in pools.items():
        # Codes and acronyms (XOF, RON) have no language.
        single = sorted({t for s in pool for t in _tokens(language, s) if unique(t) and not t.isupper()})
        joiner = "" if language in UNSPACED else " "
        pairs: set[str] = set()
        for text in pool:
            tokens = _TOKEN.findall(text) if language not in UNSPACED else []
            for a, b in pairwise(tokens):
                if unique(a) or unique(b):
                    pairs.add(f"{a} {b}")
        vocabulary = single + [t for t in lorems[language] if t not in single]
        while len(pairs) < per_kind * 3:
            a, b = rng.choice(vocabulary), rng.choice(vocabulary)
            if a != b and (unique(a) or unique(b)):
                pairs.add(f"{a}{joiner}{b}")
        for word in rng.sample(single, min(per_kind, len(single))):
            items.append((language, "word", word))
        for pair in rng.sample(sorted(pairs), per_kind):
            items.append((language, "pair", pair))
        sources = pool + lorems[language] * 2  # lorem words weigh as much as the names and terms
        for _ in range(per_kind):
            if language in UNSPACED:
                target, parts = rng.randint(14, 32), list[str]()
                while sum(map(len, parts)) < target:
                    parts.append(rng.choice(sources))
                items.append((language, "sentence", "".join(parts) + "。"))
            else:
                target, parts = rng.randint(8, 16), list[str]()
                while sum(len(p.split()) for p in parts) < target:
                    parts.append(rng.choice(sources))
                text = " ".join(parts)
                items.append((language, "sentence", text[0].upper() + text[1:] + "."))
    return items


def make_langdetect() -> Callable[[str], str]:
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0

    def plain(text: str) -> str:
        try:
            code = detect(text)
        except LangDetectException:
            return "error"
        return {"zh-cn": "zh", "zh-tw": "zh"}.get(code, code)

    return plain


def make_lingua() -> Callable[[str], str]:
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in LANGUAGES]
    detector = LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()

    def lingua(text: str) -> str:
        found = detector.detect_language_of(text)
        return found.iso_code_639_1.name.lower() if found is not None else "und"

    return lingua


def evaluate(name: str, detect: Callable[[str], str], items: list[tuple[str, str, str]]) -> tuple[dict, float]:
    """Accuracy per (language, kind) and texts per second over the whole mix."""
    right: dict[tuple[str, str], int] = defaultdict(int)
    total: dict[tuple[str, str], int] = defaultdict(int)
    start = time.perf_counter()
    answers = [detect(text) for _, _, text in items]
    elapsed = time.perf_counter() - start
    for (language, kind, _), answer in zip(items, answers, strict=True):
        total[language, kind] += 1
        right[language, kind] += answer == language
    return {key: right[key] / total[key] for key in total}, len(items) / elapsed


# Word data for the detector (indexer/enrich/data/words.tsv) is written from wordfreq, not from the
# packages this bench draws its test set from: `bench/language.py --write-word-data` (needs wordfreq).
WORD_DATA_LANGUAGES = {  # wordfreq code -> code the detector reports
    "en": "en",
    "de": "de",
    "fr": "fr",
    "es": "es",
    "it": "it",
    "pt": "pt",
    "nl": "nl",
    "sv": "sv",
    "da": "da",
    "nb": "no",
    "fi": "fi",
    "pl": "pl",
    "cs": "cs",
    "sk": "sk",
    "sl": "sl",
    "sh": "hr",
    "hu": "hu",
    "ro": "ro",
    "tr": "tr",
    "ca": "ca",
    "lt": "lt",
    "lv": "lv",
    "id": "id",
    "vi": "vi",
    "fil": "tl",
    "ru": "ru",
    "uk": "uk",
    "bg": "bg",
    "mk": "mk",
}
WORD_DATA_SIZE = {"en": 25000}
WORD_DATA_DEFAULT_SIZE = 6000
CYRILLIC_WORD_DATA = {"ru", "uk", "bg", "mk"}


def write_word_data(path: Path) -> None:
    """The most frequent words of each language with their Zipf frequency, grouped by rounded frequency."""
    from importlib.metadata import version

    wordfreq_version = version("wordfreq")
    from wordfreq import top_n_list, zipf_frequency

    latin = re.compile(r"[a-z\u00df-\u024f\u1e00-\u1eff]+(?:'[a-z]+)?")
    cyrillic = re.compile(r"[\u0430-\u045f\u0491\u0454\u0456\u0457]+(?:'[\u0430-\u045f]+)?")
    lines = [
        "# Most frequent words per language and their Zipf frequency (log10 of occurrences per billion words),",
        f"# from wordfreq {wordfreq_version} (data CC BY-SA 4.0, by Robyn Speer and contributors:",
        "# https://github.com/rspeer/wordfreq). Written by `bench/language.py --write-word-data`; do not edit by hand.",
        "# Format: language<TAB>zipf<TAB>space-separated words with that rounded frequency.",
    ]
    for source, code in WORD_DATA_LANGUAGES.items():
        pattern = cyrillic if code in CYRILLIC_WORD_DATA else latin
        size = WORD_DATA_SIZE.get(code, WORD_DATA_DEFAULT_SIZE)
        buckets: dict[float, list[str]] = defaultdict(list)
        kept = 0
        for word in top_n_list(source, size * 3):
            if kept == size:
                break
            if not pattern.fullmatch(word) or (len(word) == 1 and code != "en" and zipf_frequency(word, source) < 5):
                continue
            buckets[round(zipf_frequency(word, source), 1)].append(word)
            kept += 1
        for zipf in sorted(buckets, reverse=True):
            lines.append(f"{code}\t{zipf}\t{' '.join(buckets[zipf])}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-kind", type=int, default=200, help="texts per language and kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--errors", metavar="LANG", help="print what detect_language got wrong for LANG")
    parser.add_argument("--write-word-data", action="store_true", help="write the detector's word data and stop")
    args = parser.parse_args()
    if args.write_word_data:
        write_word_data(REPO / "indexer" / "enrich" / "data" / "words.tsv")
        return

    items = build_set(args.per_kind, args.seed)
    print(f"{len(items):,} labelled texts: {len(LANGUAGES)} languages x {len(KINDS)} kinds x {args.per_kind}")
    for kind in KINDS:
        sample = [text for _, k, text in items if k == kind]
        print(f"  {kind:8} mean {statistics.mean(map(len, sample)):5.1f} characters")
    random.Random(0).shuffle(items)  # one mixed stream for the timing

    print("loading lingua (high accuracy, 14 languages) ...", flush=True)
    detectors = {"ours": detect_language, "langdetect": make_langdetect(), "lingua": make_lingua()}
    detect_language("warm up the word lists and the model")
    results = {name: evaluate(name, fn, items) for name, fn in detectors.items()}

    names = list(detectors)
    header = "lang  " + "  ".join(f"{kind:^22}" for kind in KINDS) + "  " + f"{'mean':^22}"
    print()
    print(header)
    print("      " + "  ".join(" ".join(f"{n[:6]:>7}" for n in names) for _ in range(len(KINDS) + 1)))
    macro: dict[str, list[float]] = defaultdict(list)
    for language in LANGUAGES:
        cells = []
        for kind in KINDS:
            cells.append(" ".join(f"{results[n][0][language, kind]:7.1%}" for n in names))
        means = {n: statistics.mean(results[n][0][language, k] for k in KINDS) for n in names}
        for n in names:
            macro[n].append(means[n])
        cells.append(" ".join(f"{means[n]:7.1%}" for n in names))
        print(f"{language:4}  " + "  ".join(cells))
    kind_means = {n: {k: statistics.mean(results[n][0][lang, k] for lang in LANGUAGES) for k in KINDS} for n in names}
    print(
        "mean  "
        + "  ".join(" ".join(f"{kind_means[n][k]:7.1%}" for n in names) for k in KINDS)
        + "  "
        + " ".join(f"{statistics.mean(macro[n]):7.1%}" for n in names)
    )

    print("\nthroughput on the mix:")
    for n in names:
        print(f"  {n:11} {results[n][1]:>10,.0f} texts/s")

    print("\nissue 4 checks:")
    misses = []
    for language in FOCUS:
        for kind in KINDS:
            ours, lingua = results["ours"][0][language, kind], results["lingua"][0][language, kind]
            ok = ours >= lingua
            if not ok:
                misses.append(f"{language}/{kind}")
            print(f"  {language} {kind:8} ours {ours:6.1%} vs lingua {lingua:6.1%}  {'ok' if ok else 'MISS'}")
    ours_macro, ld_macro = statistics.mean(macro["ours"]), statistics.mean(macro["langdetect"])
    print(
        f"  macro average ours {ours_macro:6.1%} vs langdetect {ld_macro:6.1%}  "
        f"{'ok' if ours_macro >= ld_macro else 'MISS'}"
    )
    speed = results["ours"][1] / results["langdetect"][1]
    print(f"  speed on the mix: {speed:.1f}x plain langdetect  {'ok' if speed >= 1 else 'MISS'}")
    print(f"  lingua-vs-ours misses: {', '.join(misses) if misses else 'none'}")

    if args.errors:
        print(f"\nwrong answers for {args.errors}:")
        for language, kind, text in items:
            if language == args.errors:
                got = detect_language(text)
                if got != language:
                    print(f"  {kind:8} {got:4} {text!r}")


if __name__ == "__main__":
    main()
