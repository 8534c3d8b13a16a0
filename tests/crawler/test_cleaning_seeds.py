"""clean_text on the five seed texts: every article sentence stays, in order; no boilerplate line stays.

Decisions pinned here (see crawler/cleaning/vocabulary.py):
- a photo caption is not article text: lines ending in a "/사진=…" credit are dropped (seed 002 shows the
  caption twice; both go);
- a repeated line keeps its first occurrence (seed 003 shows the title twice);
- a bracket byline at the start of a paragraph is stripped, the sentence after it stays (seed 001).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from crawler.cleaning import clean_text

SEEDS = Path("/work/shared/seeds")
LOCAL_SEEDS = Path(__file__).parent / "golden" / "seeds"


def seed_text(name: str) -> str:
    for folder in (LOCAL_SEEDS, SEEDS):
        path = folder / name
        if path.exists():
            return path.read_text(encoding="utf-8")
    pytest.skip(f"seed {name} not available")
    return ""


# Per seed: sentences that must stay (tricky ones: first/last, subtitles, bullets, bilingual parts),
# and lines that must go. Every other non-blank line of the seed must stay as well, in order.
CASES = {
    "000_c845fa445833806d.txt": (
        [
            "– 'SW Convergence Cluster 2.0', 'Gyeongnam Social Safety Problem Solving SOS Lab Operation and "
            "SW Service Development Project'",
            "– Meetings on improving awareness of software quality and sharing company difficulties",
            "About 150 people including local information and communication companies, software companies, "
            "local governments, and related organizations attended the event.",
            "* Solution in Our Society lab: As a site-based project organization for resolving issues in the "
            "local community",
            "As a side event, councils and business meetings were held together",
            "and strengthening the capabilities of the software industry.”",
        ],
        ["☞ Source: Gyeongsangnam-do"],
    ),
    "001_17da3bc4084f6922.txt": (
        [
            "Discussion on Regional Development Strategy for Building Metaverse and Digital-Based Regional "
            "Innovation Ecosystem",
            "Convergence Promotion Center Proposes Regional Innovation Strategies Including Global Metaverse "
            "Innovation Special Zone",
            "Gyeongbuk Province held a Metaverse & Digital Policy Seminar on the 20th at the provincial "
            "government multipurpose hall.",
            "Director Shim categorized 41 national tasks and 136 implementation tasks",
            "He conveyed the province's determination for a great transformation through the metaverse.",
        ],
        [
            "[Asia Economy Yeongnam Reporting Headquarters Reporter Kim Gui-yeol]",
            "Asia Economy Yeongnam Reporting Headquarters",
            "© The Asia Business Daily(www.asiae.co.kr). All rights reserved.",
            "All rights reserved",
        ],
    ),
    "002_c232df0707fb9e00.txt": (
        [
            '"광주AI산업, 스토리 있고 차별화된 실행전략 필요"',
            "광주광역시, 제7차 AI산업육성 조찬포럼 개최",
            "광주광역시는 13일 인공지능 산업생태계 조성 업무협약을 체결한 인공지능 관련 기업체 관계자",
            "인공지능 유치기업과 지역기업, 대학, 유관 기관과의 유기적인 네트워크 강화를 위한 이번 포럼은 "
            "코로나19 상황을 감안해 온라인으로 진행됐다.",
            "박정수 대표는 광주 송원고 출신으로",
            '광주형 인공지능 비즈니스 모델을 구현하겠다"고 말했다.',
        ],
        [
            "기사공유",
            "카카오톡 공유",
            "네이버 블로그",
            "카카오스토리",
            "텔레그램 공유",
            "url 공유",
            "기념촬영을 하고 있다./사진=광주광역시",
            "/사진=",
            "광주=정태관",
            "ctk3312@mt.co.kr",
            "twitter facebook",
            "머니S 호남지사 기자입니다.",
            "이 기자의 다른기사 보기",
            "0%",
            "코스피 : 3085.90하락 64.0318:03 01/15",
            "코스닥",
            "원달러",
            "두바이유",
            "금 : 55.39하락",
            "[머니S포토]",
            "커버스토리",
            "정기구독신청 독자의견",
        ],
    ),
    "003_67c7c1009b582a96.txt": (
        [
            "서울시, 글로벌기업‧세계도시와 협력 ‘글로벌 혁신 스마트시티’ 도약",
            "- 19일 서울시청 본관에서『Seoul Digital Summit 2018』개최 -",
            "19일(수) 4차산업혁명 핵심기술인 IoT, 빅데이터, 인공지능, 블록체인 등",
            "주요 제안은 ▴CCTV망과 드론을 활용한 시민 안전서비스",
            "▴스타트업 기술지원 및 경제 활성화 방안 등이다.",
            "윤준병 행정1부시장은 “이제 세계는 사람과 사물",
            "서울시를 세계 최고의 스마트시티로 만들어 나가겠다.”고 말했다.",
        ],
        [
            "페이지 정보",
            "유규상 작성일18-09-19 21:37 조회1,305회 댓글0건본문",
            "조회1,305회",
            "추적사건25시 유규상 기자",
            "댓글목록",
            "등록된 댓글이 없습니다.",
        ],
    ),
    "004_0f270b59d6216975.txt": (
        [
            "3일, 박 시장은 NHN 클라우드와 구글 클라우드 코리아를 차례로 방문해",
            "NHN 클라우드는 ‘천안시 거점형 스마트도시 조성사업’에 참여한 컨소시엄 기업 중 하나로",
            "디지털 산업을 한 단계 끌어올릴 수 있도록 노력하겠다”고 덧붙였다.",
            "Mayor Park Sang-don of Cheonan seeks ways to integrate AI and cloud technologies into Cheonan",
            "Google Cloud Korea is a cloud-dedicated corporation established by Google in Korea in 2018.",
            "strive to bring the digital industry to the next level by grafting companies' information "
            'technology into Cheonan."',
        ],
        [],
    ),
}


def normalized(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_keeps_listed_sentences_in_order(name: str) -> None:
    kept, _ = CASES[name]
    cleaned = normalized(clean_text(seed_text(name)))
    positions = [cleaned.find(normalized(sentence)) for sentence in kept]
    assert all(p >= 0 for p in positions), [s for s, p in zip(kept, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_drops_listed_boilerplate(name: str) -> None:
    _, removed = CASES[name]
    cleaned = clean_text(seed_text(name))
    assert [line for line in removed if line in cleaned] == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_seed_keeps_every_other_line_in_order(name: str) -> None:
    """Every seed line not listed as boilerplate stays, in order (repeats keep their first occurrence)."""
    _, removed = CASES[name]
    cleaned = normalized(clean_text(seed_text(name)))
    cursor = 0
    seen: set[str] = set()
    for raw in seed_text(name).splitlines():
        line = normalized(raw)
        if not line or line in seen or any(normalized(r) in line for r in removed):
            continue
        if line.startswith("•"):  # widget list items (the seeds' share bar, tickers, photo teasers)
            continue
        seen.add(line)
        found = cleaned.find(line, cursor)
        assert found >= 0, f"lost or reordered: {line[:80]}"
        cursor = found + len(line)


def test_paragraphs_are_separated_by_one_blank_line() -> None:
    cleaned = clean_text("첫 문단입니다.\n\n\n둘째 문단입니다.\n셋째 문단입니다.")
    assert cleaned == "첫 문단입니다.\n\n둘째 문단입니다.\n\n셋째 문단입니다."


def test_clean_text_of_nothing_is_nothing() -> None:
    assert clean_text("") == ""
    assert clean_text(" \n\u200b\n ") == ""
