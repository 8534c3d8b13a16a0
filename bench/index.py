"""Loading speed on Elasticsearch: our loader (ElasticsearchStore.upsert) against a plain helpers.bulk.

    python -m bench.index [--url http://127.0.0.1:9200] [--docs 20000] [--rounds 2]

Both load the same prepared Documents into fresh indices of the same mapping, in the same run,
alternating which goes first; each ends with a refresh. The goal is a ratio of at least 0.9.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta

from elasticsearch import Elasticsearch, helpers

from indexer.document import Document
from indexer.es_mapping import document_source, index_mappings, index_settings
from indexer.es_store import ElasticsearchStore

NOUNS = [
    *("인공지능", "드론", "스마트시티", "교육", "항만", "물동량", "일자리", "예산", "안전", "복지"),
    *("청년", "관광", "환경", "교통", "주택", "의료", "농업", "수소", "반도체", "기후"),
]
PARTICLES = ["", "는", "은", "가", "이", "의", "에서", "을", "를", "과", "와", "으로"]
PLACES = [
    *("광주광역시", "서울특별시", "부산광역시", "대구광역시"),
    *("인천광역시", "대전광역시", "울산광역시", "세종특별자치시"),
]
ENGLISH = [
    *("city", "cities", "policy", "funding", "announced", "government"),
    *("program", "forum", "cloud", "migration", "energy", "support"),
]
SYLLABLES = "가나다라마바사아자차카타파하고노도로모보소오조초토포호구누두루무부수우주추지리미비시이치기"
REGIONS = ["KR-11", "KR-26", "KR-27", "KR-28", "KR-29", "KR-30", "KR-31", "KR-50", "KR-41", "KR-48"]
TOPICS = ["ai", "smart-city", "education", "port", "energy", "cloud", "housing", "health", "tourism"]


def synthetic_documents(count: int, seed: int = 7) -> list[Document]:
    """`count` press releases, 80% Korean and 20% English, ~700 characters each, over five years."""
    rng = random.Random(seed)
    # A long tail of made-up words, so the named nouns are as rare as real topic words (a few % of words).
    vocabulary = ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))) for _ in range(5000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    documents = []
    for n in range(count):
        english = rng.random() < 0.2
        length = rng.randint(80, 140)
        if english:
            words = [rng.choice(ENGLISH) for _ in range(length)]
        else:
            words = [
                (rng.choice(NOUNS + PLACES) if rng.random() < 0.03 else word) + rng.choice(PARTICLES)
                for word in rng.choices(vocabulary, weights, k=length)
            ]
        text = " ".join(words) + "."
        region = rng.choice(REGIONS)
        documents.append(
            Document(
                id=f"bench-{n:07d}",
                url=f"https://press.example.kr/bench/{n}",
                source=f"source-{rng.randint(0, 40)}",
                title=" ".join(words[:6]),
                text=text,
                fetched_at=start,
                published_at=start + timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)),
                language="en" if english else "ko",
                languages=["en"] if english else ["ko"],
                texts_by_language={"en" if english else "ko": text},
                region=region,
                municipality=f"{region[3:]}{rng.randint(1, 9)}10",
                topics=rng.sample(TOPICS, rng.randint(1, 2)),
                content_hash=f"bench-{n}",
            )
        )
    return documents


def plain_bulk(url: str, documents: list[Document]) -> float:
    """Seconds for helpers.bulk of the same documents into a fresh index (then refresh)."""
    client = Elasticsearch(url, request_timeout=120)
    index = f"pressroom-bench-plain-{uuid.uuid4().hex[:8]}"
    client.indices.create(index=index, settings=index_settings(), mappings=index_mappings(set()))
    try:
        began = time.perf_counter()
        actions = ({"_index": index, "_id": d.id, "_source": document_source(d)} for d in documents)
        helpers.bulk(client, actions, chunk_size=500)
        client.indices.refresh(index=index)
        return time.perf_counter() - began
    finally:
        client.indices.delete(index=index)
        client.close()


def our_loader(url: str, documents: list[Document]) -> float:
    """Seconds for ElasticsearchStore.upsert of the documents into fresh indices."""
    prefix = f"pressroom-bench-ours-{uuid.uuid4().hex[:8]}"
    store = ElasticsearchStore(url, index_prefix=prefix, request_timeout=120)
    store.ensure_index()
    try:
        began = time.perf_counter()
        outcome = store.upsert(documents)
        elapsed = time.perf_counter() - began
        assert outcome.new == len(documents) and outcome.failed == 0, outcome
        return elapsed
    finally:
        store.client.indices.delete(index=store.current_index())
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:9200")
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    documents = synthetic_documents(args.docs)
    plain: list[float] = []
    ours: list[float] = []
    for round_ in range(args.rounds):
        # Fresh Document copies: upsert assigns cluster ids in place.
        runs = [("plain", plain, plain_bulk), ("ours", ours, our_loader)]
        for _, times, run in runs if round_ % 2 == 0 else reversed(runs):
            times.append(run(args.url, [Document.from_dict(d.to_dict()) for d in documents]))
    plain_rate = args.docs / statistics.median(plain)
    our_rate = args.docs / statistics.median(ours)
    print(f"documents: {args.docs}, rounds: {args.rounds}")
    print(f"plain helpers.bulk: {plain_rate:8.0f} docs/s  (runs: {', '.join(f'{t:.1f}s' for t in plain)})")
    print(f"our loader:         {our_rate:8.0f} docs/s  (runs: {', '.join(f'{t:.1f}s' for t in ours)})")
    print(f"ratio: {our_rate / plain_rate:.2f} (goal >= 0.90)")


if __name__ == "__main__":
    main()
