"""Benchmark enrichment: documents/s of enrich_article and of each stage, and language detection vs langdetect.

Run: .venv/bin/python bench/enrich.py [--docs 10000] [--seeds ../shared/seeds]

The corpus is built here, deterministically, from the shared seed articles (when present) and synthetic
press-release text: mostly Korean, some English, some bilingual (Korean release + English translation),
as regional press is. Nothing is downloaded.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:  # run as a script from anywhere, installed or not
    sys.path.insert(0, str(REPO))

from indexer.enrich import (  # noqa: E402
    classify_topics,
    detect_language,
    detect_segments,
    enrich_article,
    lsh_band_keys,
    minhash_signature,
    tag_regions,
)

KOREAN_CITIES = [
    "서울시",
    "부산시",
    "경상남도",
    "천안시",
    "포항시",
    "광주광역시",
    "강원특별자치도",
    "전북특별자치도",
    "제주도",
]
ENGLISH_CITIES = ["Seoul", "Busan", "Gyeongsangnam-do", "Cheonan City", "Pohang", "Gwangju", "Gangwon", "Jeju"]
KOREAN_SUBJECTS = [
    "스마트시티 통합플랫폼 구축 사업 착수보고회를 열었다",
    "인공지능 산업 육성 포럼을 개최했다",
    "소상공인 특별 자금 지원 계획을 발표했다",
    "태풍 대비 재난안전대책본부를 가동했다",
    "청년 임대주택 300호 공급 계획을 밝혔다",
    "시내버스 노선 개편과 대중교통 환승 할인을 추진한다",
    "여름 축제 기간 관광객 유치를 위한 홍보에 나선다",
    "사과 농가 냉해 피해 지원에 나섰다",
]
KOREAN_FILLER = [
    "이번 사업은 시민의 삶의 질을 높이고 지역 경쟁력을 강화하기 위해 마련됐다.",
    "관계자는 앞으로도 시민이 체감할 수 있는 정책을 지속적으로 추진하겠다고 말했다.",
    "시는 올해 하반기까지 시범 운영을 거친 뒤 효과를 분석해 전역으로 확대할 예정이다.",
    "행사에는 관계 기관과 기업, 대학 등 130여 명이 참석해 협력 방안을 논의했다.",
    "자세한 내용은 시 누리집에서 확인할 수 있으며, 문의는 담당 부서로 하면 된다.",
]
ENGLISH_SUBJECTS = [
    "held a briefing on its smart city platform",
    "opened an artificial intelligence centre for local developers",
    "announced emergency funds for small businesses and traditional markets",
    "activated its disaster response headquarters ahead of the typhoon",
    "will supply 300 rental housing units for young people",
]
ENGLISH_FILLER = [
    "The project aims to improve residents' quality of life and strengthen regional competitiveness.",
    "An official said the government would continue to promote policies that citizens can feel.",
    "About 130 people from related institutions, companies and universities attended the event.",
    "The city plans to expand the service after a pilot operation through the second half of the year.",
]


def build_corpus(size: int, seeds_dir: Path) -> list[tuple[str, str]]:
    """`size` (title, text) pairs: 70% Korean, 20% English, 10% bilingual, seeds mixed in."""
    rng = random.Random(42)
    seeds = []
    if seeds_dir.is_dir():
        for path in sorted(seeds_dir.glob("*.txt")):
            title, _, text = path.read_text("utf-8").strip().partition("\n")
            seeds.append((title, text))
    corpus = []
    for index in range(size):
        kind = rng.random()
        if seeds and index % 10 == 0:
            title, text = seeds[index // 10 % len(seeds)]
            paragraphs = text.split("\n")
            rng.shuffle(paragraphs)  # a varied copy: same sentences, another order
            corpus.append((title, "\n".join(paragraphs)))
        elif kind < 0.7:
            corpus.append(_korean(rng))
        elif kind < 0.9:
            corpus.append(_english(rng))
        else:
            korean, english = _korean(rng), _english(rng)
            corpus.append((korean[0], f"{korean[1]}\n{english[0]}\n{english[1]}"))
    return corpus


def _korean(rng: random.Random) -> tuple[str, str]:
    city, subject = rng.choice(KOREAN_CITIES), rng.choice(KOREAN_SUBJECTS)
    lines = [f"{city}는 {rng.randint(1, 28)}일 {subject}."]
    lines += [rng.choice(KOREAN_FILLER) for _ in range(rng.randint(6, 18))]
    return f"{city}, {subject[:12]}", "\n".join(lines)


def _english(rng: random.Random) -> tuple[str, str]:
    city, subject = rng.choice(ENGLISH_CITIES), rng.choice(ENGLISH_SUBJECTS)
    lines = [f"{city} {subject} on the {rng.randint(1, 28)}th."]
    lines += [rng.choice(ENGLISH_FILLER) for _ in range(rng.randint(6, 18))]
    return f"{city} {subject}", "\n".join(lines)


def plain_langdetect() -> Callable[[str], str]:
    """langdetect as people use it: module-level detect(), seeded for repeatable answers."""
    import langdetect
    from langdetect.lang_detect_exception import LangDetectException

    langdetect.DetectorFactory.seed = 0

    def detect(text: str) -> str:
        try:
            return str(langdetect.detect(text))
        except LangDetectException:
            return "und"

    detect("warm up: profiles are loaded on first use")
    return detect


def rate(label: str, function: Callable[[str, str], object], corpus: Sequence[tuple[str, str]]) -> float:
    """Documents per second of `function` over the corpus (best of the timed pass after a warm-up)."""
    for title, text in corpus[:20]:
        function(title, text)  # loads data files and models outside the timing
    started = time.perf_counter()
    for title, text in corpus:
        function(title, text)
    elapsed = time.perf_counter() - started
    per_second = len(corpus) / elapsed
    print(f"{label:<34} {per_second:>10,.0f} docs/s   ({elapsed:6.2f} s)")
    return per_second


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    args = parser.parse_args(argv)
    corpus = build_corpus(args.docs, args.seeds)
    chars = statistics.mean(len(title) + len(text) for title, text in corpus)
    print(f"{len(corpus):,} documents, {chars:,.0f} characters on average\n")
    whole = rate("enrich_article", lambda title, text: enrich_article(title, text), corpus)
    rate("  stage: languages (segments)", lambda title, text: detect_segments(f"{title}\n{text}"), corpus)
    rate("  stage: regions", lambda title, text: tag_regions(f"{title}\n{text}"), corpus)
    rate("  stage: topics", lambda title, text: classify_topics(text, title), corpus)
    rate("  stage: minhash + band keys", lambda title, text: lsh_band_keys(minhash_signature(text)), corpus)
    print()
    ours = rate("detect_language", lambda title, text: detect_language(f"{title}\n{text}"), corpus)
    detect = plain_langdetect()
    theirs = rate("plain langdetect (seeded)", lambda title, text: detect(f"{title}\n{text}"), corpus)
    agreement = sum(detect_language(f"{t}\n{x}") == detect(f"{t}\n{x}").split("-")[0] for t, x in corpus[:2000]) / min(
        len(corpus), 2000
    )
    print(f"\ndetect_language is {ours / theirs:.1f}x faster than plain langdetect (target >= 5x)")
    print(f"same answer on {agreement:.1%} of the first 2,000 documents (disagreements: mixed ko+en pages)")
    print(f"whole enrichment: {whole:,.0f} docs/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
