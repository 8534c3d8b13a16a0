"""Pages and lines that once leaked boilerplate or took the wrong date, pinned so they stay fixed.

Each tests/crawler/golden/regressions/NAME.html is a trimmed page from a quality audit; NAME.json says
which sentences must remain (whole, in order), which strings must go and the publication day (or null
when the page shows none). The line cases pin the other side: article sentences that look like
furniture and must stay.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crawler.cleaning import extract_article
from crawler.cleaning.dates import dates_in_text, pick_visible_date
from crawler.cleaning.text_lines import clean_lines, is_boilerplate_line

REGRESSIONS = Path(__file__).parent / "golden" / "regressions"
PAGES = sorted(REGRESSIONS.glob("*.json"))


def extracted(spec_path: Path) -> tuple[dict, str, str | None]:
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    article = extract_article(spec_path.with_suffix(".html").read_bytes(), spec["url"])
    day = article.published_at.date().isoformat() if article.published_at else None
    return spec, article.text, day


def test_there_are_regression_pages() -> None:
    assert len(PAGES) >= 5


@pytest.mark.parametrize("spec_path", PAGES, ids=lambda p: p.stem)
def test_page_keeps_its_sentences_in_order(spec_path: Path) -> None:
    spec, text, _ = extracted(spec_path)
    paragraphs = text.split("\n\n")
    assert [p for p in paragraphs if p in spec["must_remain"]] == spec["must_remain"]


@pytest.mark.parametrize("spec_path", PAGES, ids=lambda p: p.stem)
def test_page_drops_its_furniture(spec_path: Path) -> None:
    spec, text, _ = extracted(spec_path)
    assert [m for m in spec["must_go"] if m in text] == []


@pytest.mark.parametrize("spec_path", PAGES, ids=lambda p: p.stem)
def test_page_date(spec_path: Path) -> None:
    spec, _, day = extracted(spec_path)
    assert day == spec["date"]


@pytest.mark.parametrize(
    "line",
    [
        "본 공공저작물은 공공누리 “출처표시” 조건에 따라 이용할 수 있습니다.",
        '본 저작물은 "공공누리" 제1유형:출처표시 조건에 따라 이용할 수 있습니다.',
        "이 페이지에서 제공하는 정보에 대하여 만족하십니까?",
        "현재 페이지의 내용과 사용편의성에 만족하십니까?",
        "만족도 조사",
        "매우만족 만족 보통 불만족 매우불만족",
        "매우 만족 | 만족 | 보통 | 불만족 | 매우 불만족",
        "작성자 : 대변인 보도일시 : 2024. 6. 3.(월) 조간 배포일시 : 2024. 6. 2.(일) 14:00 조회 : 532",
        "담당부서 : 기후환경정책과 등록일 : 2024-05-01 조회수 : 1,024",
    ],
)
def test_government_furniture_line_goes(line: str) -> None:
    assert is_boilerplate_line(line)


@pytest.mark.parametrize(
    "line",
    [
        "홍길동 기자",
        "글·사진 홍길동 기자",
        "글·사진=홍길동 기자",
        "취재=홍길동 기자",
        "/수원=홍길동 기자",
        "홍길동 기자(hong@kyeonggi.com)",
        "[홍길동 기자 hong@kyeonggi.com]",
        "By Hong Gil-dong (hong@heraldcorp.com)",
        "좋아요 0",
        "훈훈해요 0 슬퍼요 0 화나요 0 후속기사 원해요 0",
        "네이버 구독하기",
        "기사 URL이 복사되었습니다.",
        "프린트 메일 카카오톡 페이스북 트위터",
        "▶ 관련기사 : 경기도, 탄소중립 기본계획 수립",
        "[관련기사] 경기도, 탄소중립 기본계획 수립",
        "기사제보 및 보도자료",
    ],
)
def test_news_furniture_line_goes(line: str) -> None:
    assert is_boilerplate_line(line)


def test_a_place_and_reporter_after_the_last_sentence_come_off() -> None:
    lines = [
        "시는 올해 예산을 늘렸다고 밝혔다. /수원=홍길동 기자",
        "도는 점검을 마쳤다. /제주=홍길동 기자 hong@jejunews.com",
    ]
    assert clean_lines(lines) == ["시는 올해 예산을 늘렸다고 밝혔다.", "도는 점검을 마쳤다."]


@pytest.mark.parametrize(
    "line",
    [
        "매우 만족",  # one answer alone is what a release may report
        "주민 만족도 조사 결과 응답자의 82%가 ‘매우 만족’ 또는 ‘만족’이라고 답했다.",
        "시민 만족도 조사에서 ‘만족’ 응답은 61%, ‘불만족’은 9%였다.",
        "도는 공공누리 유형 표시를 모든 누리집 게시물로 확대한다고 밝혔다.",
        "이 페이지에서 제공하는 정보에 대한 만족도를 높이기 위해 누리집을 개편했다.",
        "작성자는 보도일시를 확인한 뒤 조회 1,000회를 넘긴 게시물을 삭제했다.",
        "관련 기사에 따르면 시는 올해 예산을 늘렸다.",
        "좋아요 수가 100만 개를 넘었다.",
        "도는 네이버 구독하기 기능을 활용해 도정 소식을 전하고 있다.",
        "시는 트위터, 페이스북, 카카오톡 등 SNS로 재난 정보를 알린다.",
        "홍길동 기자가 취재한 내용을 바탕으로 재구성했다.",
        "By 2030, the province will have built 10 RE100 industrial complexes.",
        # What a release announces, field by field: a date in it does not make the line a dateline.
        "○ 일시 : 2024. 7. 1.(월) 14:00",
        "- 접수기간: 2024. 6. 1. ~ 6. 20.",
        "□ 행사일정 : 2024. 9. 3. ~ 9. 5.",
    ],
)
def test_article_sentence_that_looks_like_furniture_stays(line: str) -> None:
    assert not is_boilerplate_line(line)
    assert clean_lines([line]) == [line]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("승인 2024.06.03 18:00", ["published"]),
        ("기사승인 2024.06.03 18:00", ["published"]),
        ("입력 2024.06.01 09:00 수정 2024.06.02 10:00", ["published", "modified"]),
        ("행사일 : 2024-07-01 / 게재일 : 2024-06-12", ["other", "published"]),
        ("보도일시 : 2024. 6. 3.(월) 조간 배포일시 : 2024. 6. 2.(일) 14:00", ["published", "published"]),
        ("등록일시 2024-06-01 12:00", ["published"]),
        ("입력일시 2024-06-01 12:00", ["published"]),
        ("행사일자 2024-06-03", ["other"]),
        ("일시 : 2024. 7. 1.(월) 14:00", ["other"]),
        ("접수기간 : 2024. 6. 17.(월) ~ 2024. 6. 28.(금)", ["other", "other"]),
        ("신청 기간: 2024.06.01 부터 2024.06.30", ["other", "other"]),
        ("마감 2024.06.30", ["other"]),
        ("2024.06.01 ~ 2024.06.30", ["", ""]),
    ],
)
def test_date_label_kinds(text: str, kinds: list[str]) -> None:
    assert [kind for _, kind in dates_in_text(text)] == kinds


def test_an_event_or_period_is_never_the_publication_date() -> None:
    assert pick_visible_date("행사일 : 2024-07-01", "") is None
    assert pick_visible_date("접수기간 : 2024. 6. 17.(월) ~ 2024. 6. 28.(금)", "") is None
    found = pick_visible_date("행사기간 2024.07.01 ~ 2024.07.03 등록일 2024.06.12", "2024년 6월 20일 목요일")
    assert found is not None
    assert found.date().isoformat() == "2024-06-12"
