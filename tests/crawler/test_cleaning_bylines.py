"""Article.byline: the reporter a page names, read off the lines the cleaner drops as furniture.

Decisions pinned here (see crawler/cleaning/bylines.py and reporter_names.py):
- metadata (meta author, JSON-LD) wins; then a byline right under the title; then the article's own dateline
  ("(서울=연합뉴스) 홍길동 기자 =") or signature ("홍길동 기자 hong@yna.co.kr"), then a pruned byline box;
- the normal form: "홍길동 기자" (the role as written), "홍길동" when the page writes no role ("광주=정태관"),
  "Jane Doe" for English bylines;
- a wrong byline is worse than none: a government contact, a desk's address, a photographer's credit, a list of
  prize winners or "이 기자의 다른기사 보기" name no byline.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest

from crawler.cleaning import extract_article
from tests.crawler.test_cleaning_seeds import seed_text

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from scoring import golden_pages

KO_TITLE = "경기도, 기후위기 대응 ‘RE100 산업단지’ 10곳 조성 추진"
KO = [
    "경기도는 2030년까지 도내 산업단지 10곳을 재생에너지 100% 사용 산업단지로 전환하는 ‘RE100 산업단지’ 조성 사업을 "
    "추진한다고 1일 밝혔다.",
    "도는 올해 안산 반월과 평택 포승 산업단지를 시범단지로 선정하고, 공장 지붕 태양광 설치비의 최대 70%를 지원하는 등 "
    "입주기업의 재생에너지 전환을 돕기로 했다.",
    "또 산업단지 안에 에너지 저장장치와 공동 전력망을 구축해 남는 전력을 기업끼리 거래할 수 있는 체계도 마련할 "
    "계획이다.",
    "김동연 경기도지사는 “기업이 재생에너지로 전환하는 부담을 덜어 탄소중립을 선도하는 경기도를 만들겠다”고 말했다.",
]
EN_TITLE = "Gyeonggi to Build 10 RE100 Industrial Complexes by 2030"
EN = [
    "Gyeonggi Province announced on May 1 that it will convert 10 industrial complexes in the province into "
    "complexes using 100 percent renewable energy by 2030.",
    "The province selected the Banwol complex in Ansan and the Poseung complex in Pyeongtaek as pilot sites "
    "this year and will cover up to 70 percent of the cost of rooftop solar panels.",
    "It also plans to build energy storage systems and a shared grid inside the complexes so that companies "
    "can trade surplus power with one another.",
    "Governor Kim Dong-yeon said the province will lead the way to carbon neutrality by easing the burden on "
    "companies switching to renewable energy.",
]
# Long enough that the last lines lie beyond the byline search under the title.
LONG_KO = KO * 3
LONG_EN = EN * 3


def ps(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def news_page(body: list[str], *, info: str = "", after: str = "", head: str = "") -> str:
    """A regional paper's article view (ND-soft-like): header, info list, body, side list, footer."""
    return f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{KO_TITLE} - 경기일보</title>{head}
</head><body><header id="header"><a href="/">경기일보</a><ul class="gnb"><li><a href="/news">뉴스</a></li>
<li><a href="/politics">정치</a></li></ul></header>
<article class="article-view"><div class="article-head"><h1 class="heading">{KO_TITLE}</h1>
<ul class="infomation"><li>입력 2024.05.01 09:30</li>{info}</ul></div>
<div class="article-body" id="article-view-content-div">{ps(body)}</div>{after}</article>
<aside class="side"><h3>많이 본 뉴스</h3><ul><li><a href="/1">수원시, 여름철 물놀이 안전 점검</a></li></ul></aside>
<footer><p>저작권자 © 경기일보 무단전재 및 재배포 금지</p></footer></body></html>"""


def gov_page(body: list[str], *, after: str = "") -> str:
    """A 전자정부-style board view of a province's press release."""
    return f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>보도자료 상세보기 | 경기도청</title>
</head><body><div id="header"><ul id="gnb"><li><a href="#">도정소식</a></li></ul></div><div id="contents">
<table class="bbs_view"><tr><th>제목</th><td>{KO_TITLE}</td></tr><tr><th>작성자</th><td>대변인</td>
<th>등록일</th><td>2024-05-01</td></tr><tr><td colspan="4" class="view_cont">{"<br>".join(body)}</td></tr></table>
{after}</div><div id="footer"><p>COPYRIGHT © GYEONGGI PROVINCE. ALL RIGHTS RESERVED.</p></div></body></html>"""


def english_page(body: list[str], *, after: str = "") -> str:
    """An English-language paper's or province's article view."""
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{EN_TITLE} | The Daily</title>
</head><body><nav><a href="/">Home</a> <a href="/national">National</a></nav><main><article>
<h1 class="title">{EN_TITLE}</h1><div class="date">Published : May 2, 2024 - 09:30</div>
<div class="article-body">{ps(body)}</div>{after}</article></main>
<footer>Copyright (c) The Daily. All rights reserved.</footer></body></html>"""


def opened_by(dateline: str, *, head: str = "") -> str:
    """A news page whose first paragraph opens with a wire dateline ("(수원=연합뉴스) 홍길동 기자 = ")."""
    return news_page([dateline + KO[0], *KO[1:], "hong@yna.co.kr"], head=head)


MONEYS_BOX = (
    '<div class="reporter_box"><p class="name">광주=정태관 <a href="mailto:ctk3312@mt.co.kr">ctk3312@mt.co.kr</a>'
    '</p><p>머니S 호남지사 기자입니다.</p><a href="/reporter/123">이 기자의 다른기사 보기 &gt;</a></div>'
)

BYLINES = [
    # Korean wire datelines opening the article
    pytest.param(opened_by("(수원=연합뉴스) 홍길동 기자 = "), "홍길동 기자", id="yonhap"),
    pytest.param(opened_by("[창원=뉴시스] 김민수 기자 = "), "김민수 기자", id="newsis-bracket"),
    pytest.param(opened_by("【서울=뉴시스】윤서준 기자 = "), "윤서준 기자", id="newsis-lenticular"),
    pytest.param(opened_by("(세종=연합뉴스) 박준호 최유진 기자 = "), "박준호·최유진 기자", id="two"),
    pytest.param(opened_by("(워싱턴=연합뉴스) 강동원 특파원 = "), "강동원 특파원", id="correspondent"),
    pytest.param(opened_by("[경남일보 사회부 이서연 기자] "), "이서연 기자", id="bracket-desk"),
    # Korean signatures closing it
    pytest.param(news_page([*LONG_KO, "이서연 기자 seoyeon@kyeonggi.com"]), "이서연 기자", id="name-address"),
    pytest.param(news_page([*LONG_KO, "<정하늘 기자>"]), "정하늘 기자", id="angle"),
    pytest.param(news_page([*LONG_KO, "[임태희 기자]", "기자 구독", "기자 프로필"]), "임태희 기자", id="square"),
    pytest.param(news_page([*LONG_KO, "글·사진 한지민"]), "한지민", id="text-and-photos"),
    pytest.param(news_page([*LONG_KO, "취재 서지훈 기자"]), "서지훈 기자", id="credit"),
    pytest.param(news_page([*LONG_KO, "장미란 기자(miran@example.com)"]), "장미란 기자", id="address-in-brackets"),
    pytest.param(
        news_page([*LONG_KO[:-1], LONG_KO[-1] + " /수원=신동엽 기자 sdy@kyeonggi.com"]), "신동엽 기자", id="slash"
    ),
    pytest.param(
        news_page([*LONG_KO, "홍길동 선임기자 hong@kyeonggi.com", "저작권자 © 경기일보 무단전재 및 재배포 금지"]),
        "홍길동 선임기자",
        id="senior-above-copyright",
    ),
    pytest.param(news_page(LONG_KO, after=MONEYS_BOX), "정태관", id="reporter-box-dateline"),
    pytest.param(news_page(LONG_KO, info="<li>홍길동 기자</li>"), "홍길동 기자", id="under-title"),
    pytest.param(
        opened_by("(수원=연합뉴스) 홍길동 기자 = ", head='<meta name="author" content="정태관">'),
        "정태관",
        id="metadata-first",
    ),
    pytest.param(
        gov_page([*LONG_KO, "추적사건25시 유규상 기자"]).replace('class="view_cont"', 'id="bo_v_con"'),
        "유규상 기자",
        id="board-repost",
    ),
    # English
    pytest.param(english_page(["By Jane Doe", *EN]), "Jane Doe", id="by"),
    pytest.param(english_page([*LONG_EN, "By Park Ji-won, Staff Reporter"]), "Park Ji-won", id="by-title"),
    pytest.param(english_page(["Reporter: Kim Min-ji", *EN]), "Kim Min-ji", id="reporter-label"),
    pytest.param(english_page([*LONG_EN, "Jane Doe / Korea Herald (jane@heraldcorp.com)"]), "Jane Doe", id="signature"),
    pytest.param(
        english_page(["[Asia Economy Yeongnam Reporting Headquarters Reporter Kim Gui-yeol] " + EN[0], *EN[1:]]),
        "Kim Gui-yeol",
        id="bracket-reporter",
    ),
    pytest.param(english_page(LONG_EN, after='<p class="byline">By Choi Soo-bin</p>'), "Choi Soo-bin", id="box"),
    pytest.param(english_page(["BY LEE HYUN-WOO", *EN]), "Lee Hyun-woo", id="capitals"),
    pytest.param(
        english_page([*LONG_EN, "(Reporting by Jane Doe; Editing by John Roe)"]), "Jane Doe", id="reporting-by"
    ),
]

NO_BYLINE = [
    pytest.param(
        gov_page(
            [
                *KO,
                "(사진=경기도 제공)",
                "담당부서 : 기후환경정책과 / 담당자 : 홍길동 (031-8008-4512)",
                "문의 : 기후환경정책과 김민수 주무관 031-8008-4512",
                "press@gg.go.kr",
            ]
        ),
        id="government-contact",
    ),
    pytest.param(
        news_page(
            [
                *LONG_KO,
                "이 기자의 다른기사 보기",
                "기자 구독",
                "기자 프로필",
                "홍길동기자의 기사 더보기",
                "기사제보 press@kyeonggi.com",
                "저작권자 © 경기일보 무단전재 및 재배포 금지",
            ]
        ),
        id="reporter-widgets-without-a-name",
    ),
    pytest.param(news_page([*LONG_KO, "머니S 호남지사 기자입니다."]), id="desk-self-introduction"),
    pytest.param(news_page([*LONG_KO, "사진=이민호 기자"]), id="photographer"),
    pytest.param(news_page([*KO, "/사진=경기도"]), id="photo-credit"),
    pytest.param(gov_page([*KO, "대상 연합뉴스 홍길동 기자", "최우수상 경기일보 김철수 기자"]), id="prize-winners"),
    pytest.param(gov_page(["서울시장 기자 간담회", *KO]), id="press-conference"),
    pytest.param(gov_page([*KO, "주최=경기도", "장소=경기도청 대강당"]), id="event-fields"),
    pytest.param(
        english_page(
            [
                "By 2030, the province plans to supply all ten complexes with power from solar panels and wind "
                "farms built on reclaimed land along the coast.",
                *EN,
                "By Monday, the city will finish.",
                "Photo by Jane Doe",
                "Source: Gyeonggi Province",
                "International Cooperation (intl@gg.go.kr)",
            ]
        ),
        id="english-release",
    ),
    pytest.param(english_page(["By The Numbers", *EN, "Seoul / Busan"]), id="english-headings"),
]


@pytest.mark.parametrize(("page", "byline"), BYLINES)
def test_byline_is_the_reporters_name(page: str, byline: str) -> None:
    assert extract_article(page).byline == byline


@pytest.mark.parametrize("page", NO_BYLINE)
def test_no_reporter_no_byline(page: str) -> None:
    assert extract_article(page).byline is None


@pytest.mark.parametrize(
    "line",
    ["Reporter: Kim Min-ji", "Written by Jane Doe", "Jane Doe / Korea Herald (jane@heraldcorp.com)", "By Jane Doe"],
)
def test_an_english_byline_line_is_read_and_left_out_of_the_text(line: str) -> None:
    article = extract_article(english_page([line, *EN]))
    assert article.byline in ("Kim Min-ji", "Jane Doe")
    assert article.text.startswith(EN[0])


def test_a_sentence_opening_with_by_stays_in_the_text() -> None:
    sentence = "By Monday, all ten will be open."  # short, as a byline is: it was dropped as one
    assert sentence in extract_article(english_page([EN[0], sentence, *EN[1:]])).text


def test_reading_the_byline_keeps_the_lines_the_cleaner_keeps() -> None:
    dropped = extract_article(opened_by("(수원=연합뉴스) 홍길동 기자 = ")).text
    assert dropped.startswith(KO[0]) and "홍길동" not in dropped and "hong@" not in dropped


@pytest.mark.parametrize(
    "dateline",
    [
        "(수원=연합뉴스) 홍길동 기자 = ",
        "[창원=뉴시스] 김민수 기자 = ",  # square brackets: the dateline stayed in the text
        "【서울=뉴시스】윤서준 기자 = ",
        "(서울=뉴스1) 홍길동 김철수 기자 = ",  # two reporters: their names stayed in the text
        "(서울=연합뉴스) 홍길동·김철수 기자 = ",
        "[창원=뉴시스] ",
    ],
)
def test_a_wire_dateline_leaves_the_first_sentence_whole(dateline: str) -> None:
    assert extract_article(opened_by(dateline)).text.startswith(KO[0])


def test_a_reporter_named_inside_a_sentence_stays() -> None:
    line = "정부는 홍길동 기자 = 이라는 표기를 바로잡았다고 밝혔다."  # no dateline: the sentence's own words
    assert line in extract_article(news_page([KO[0], line, *KO[1:]])).text


GOLDEN_BYLINES = {
    "03_gnuboard_seoul_summit": "유규상 기자",  # its signature closes a long body
    "04_gnuboard_sejong_library": "유규상 기자",
    "08_news_moneys_gwangju": "정태관",  # meta author
    "09_news_moneys_gyeonggi": "정태관",
    "10_news_euckr_busan": "김영희 기자",
    "11_news_euckr_nodecl_daejeon": "김영희 기자",
    "12_news_euckr_ksc_sejong": "김영희 기자",
    "15_wordpress_ulsan_comments": "Lee Soo-jin",
    "16_wordpress_gyeongnam_comments": "Lee Soo-jin",
    "23_wire_gangneung": "Kim Ji-hoon",
    "24_wire_gyeongbuk": "Kim Ji-hoon",
    "25_wire_gyeongbuk_discussion": "Kim Ji-hoon",
    "28_comments_goyang_bike": "고양시청 대변인실",  # meta author, as the page gives it
    "29_comments_goyang_euckr": "고양시청 대변인실",
}


def test_golden_pages_bylines() -> None:
    found = {page.stem: extract_article(page.body, page.expected["url"]).byline for page in golden_pages()}
    assert {stem: byline for stem, byline in found.items() if byline} == GOLDEN_BYLINES


SEED_BYLINES = {
    "000_c845fa445833806d.txt": None,
    "001_17da3bc4084f6922.txt": "Kim Gui-yeol",  # [Asia Economy … Reporter Kim Gui-yeol] opening a paragraph
    "002_c232df0707fb9e00.txt": "정태관",  # 광주=정태관 ctk3312@mt.co.kr | twitter facebook
    "003_67c7c1009b582a96.txt": "유규상 기자",  # 추적사건25시 유규상 기자
    "004_0f270b59d6216975.txt": None,
}


@pytest.mark.parametrize("name", sorted(SEED_BYLINES))
def test_seed_byline(name: str) -> None:
    title, *lines = seed_text(name).splitlines()
    page = f"<html><body><h1>{html.escape(title)}</h1><div class='article'>{ps(lines)}</div></body></html>"
    assert extract_article(page).byline == SEED_BYLINES[name]
