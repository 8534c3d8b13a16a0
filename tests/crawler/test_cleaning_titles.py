"""Title choice on board pages whose <title> is generic or decorated (pages trimmed from the quality audit).

Each page: its expected title, and the first line the article text must open with (never the title again).
"""

from __future__ import annotations

import pytest

from crawler.cleaning import extract_article
from crawler.cleaning.board_names import is_board_name, without_board_label, without_board_parts
from crawler.cleaning.text_lines import clean_lines

HEAD = '<html><head><meta charset="utf-8"><title>{title}</title></head><body>'
RE100 = "경기도, RE100 산업단지 10곳 조성 추진"
RE100_FIRST = "경기도가 2030년까지 도내 산업단지 10곳을 재생에너지 100% 사용 산업단지로 전환한다고 1일 밝혔다."
RE100_BODY = (
    f"<p>{RE100_FIRST}</p>"
    "<p>도는 올해 안산과 평택 산업단지를 시범단지로 선정하고, 공장 지붕 태양광 설치비의 최대 70%를 지원한다.</p>"
)
BUS = "Gyeonggi Province to Expand Free Bus Rides for Seniors"
BUS_BODY = (
    "<p>Gyeonggi Province announced on May 2 that it will expand its free bus ride program for residents aged 65"
    " and over to all 31 cities and counties.</p>"
    "<p>Seniors will receive a refund of up to 240,000 won a year for fares paid on city and village buses.</p>"
)
BUS_FIRST = "Gyeonggi Province announced on May 2 that it will expand its free bus ride program"


def re100_board(declared_title: str) -> str:
    """A 전자정부 board view of the RE100 release whose <title> is `declared_title`."""
    return (
        HEAD.format(title=declared_title)
        + '<h3 class="tit_page">보도자료</h3><div class="board_view"><h4 class="view_tit">'
        + RE100
        + '</h4><span>등록일 2024-05-01</span><div class="view_cont">'
        + RE100_BODY
        + "</div></div></body></html>"
    )


PAGES = {
    # eGovFrame table view: the board heading agrees with "보도자료 상세보기"; the title is the cell after "제목".
    "egov_table_label": (
        HEAD.format(title="보도자료 상세보기 | 경기도청")
        + '<h3 class="sub_tit">보도자료</h3><table class="bbs_view"><tr><th>제목</th><td>'
        + RE100
        + '</td></tr><tr><th>등록일</th><td>2024-05-01</td></tr><tr><td colspan="2">'
        + RE100_BODY
        + "</td></tr></table></body></html>",
        RE100,
        RE100_FIRST,
    ),
    # An English board: "Press Releases" is both the page heading and the <title>'s first part.
    "english_board_heading": (
        HEAD.format(title="Press Releases | Gyeonggi Province").replace("<html>", '<html lang="en">')
        + '<h3 class="page_title">Press Releases</h3><div class="board_view"><h4 class="view_title">'
        + BUS
        + '</h4><span>Date : 2024-05-02</span><div class="view_content">'
        + BUS_BODY
        + "</div></div></body></html>",
        BUS,
        BUS_FIRST,
    ),
    # A breadcrumb <title> that names the board between the site and the article.
    "breadcrumb_declared_title": (re100_board(f"경기도 &gt; 보도자료 &gt; {RE100}"), RE100, RE100_FIRST),
    # A site-name <title> that agrees with nothing: the title-classed h4 right above the prose is the title.
    "generic_title_h4": (re100_board("경기도청"), RE100, RE100_FIRST),
    # The title in a div.subject inside a div.view_head that also holds the date line: the inner one.
    "generic_title_div_in_head": (
        HEAD.format(title="보도자료 | 경기도청")
        + '<h3 class="tit_page">보도자료</h3><div class="board_view"><div class="view_head"><div class="subject">'
        + RE100
        + '</div><div class="view_info"><span>등록일 2024-05-01</span> <span>조회 532</span></div></div>'
        + '<div class="view_cont">'
        + RE100_BODY
        + "</div></div></body></html>",
        RE100,
        RE100_FIRST,
    ),
    # A <p class="tit"> under a breadcrumb <title> made of site and section names only.
    "generic_title_p_strong": (
        HEAD.format(title="수원시 - 시정소식 - 보도자료")
        + '<h3 class="tit_page">보도자료</h3><div class="board_view"><p class="tit"><strong>'
        + RE100
        + '</strong></p><span>등록일 2024-05-01</span><div class="view_cont">'
        + RE100_BODY
        + "</div></div></body></html>",
        RE100,
        RE100_FIRST,
    ),
    # English, with a title that shares no word with the <title>.
    "english_title_no_shared_word": (
        HEAD.format(title="Press Releases | 전라남도").replace("<html>", '<html lang="en">')
        + '<div class="location">Home &gt; News &gt; Press Releases</div><h3 class="page_title">Press Releases</h3>'
        + '<div class="board_view"><h4 class="view_title">Jeollanam-do Launches Offshore Wind Power Cluster</h4>'
        + '<div class="info"><span>Date : 2024-03-05</span></div><div class="view_content">'
        + BUS_BODY
        + "</div></div></body></html>",
        "Jeollanam-do Launches Offshore Wind Power Cluster",
        BUS_FIRST,
    ),
    # 그누보드5's stock theme: "제목 > 보도자료" in the hidden h1#hd_h1, og:title and <title>; the title is
    # h2#bo_v_title.
    "gnuboard_title": (
        HEAD.format(title=f"{RE100} &gt; 보도자료 | 경기도청").replace(
            "</title>", f'</title><meta property="og:title" content="{RE100} &gt; 보도자료 | 경기도청">'
        )
        + f'<h1 id="hd_h1">{RE100} &gt; 보도자료</h1><article id="bo_v"><header><h2 id="bo_v_title">'
        + f'<span class="bo_v_tit">{RE100}</span></h2></header><section id="bo_v_info">'
        + '<strong class="if_date">24-05-01 10:22</strong></section><div id="bo_v_con">'
        + RE100_BODY
        + "</div></article></body></html>",
        RE100,
        RE100_FIRST,
    ),
    # The same theme with no title heading of its own: the clean part of h1#hd_h1.
    "gnuboard_decorated_heading_only": (
        HEAD.format(title=f"{RE100} &gt; 보도자료 | 경기도청")
        + f'<h1 id="hd_h1">{RE100} &gt; 보도자료</h1><article id="bo_v"><div id="bo_v_con">'
        + RE100_BODY
        + "</div></article></body></html>",
        RE100,
        RE100_FIRST,
    ),
    # The board's label in brackets on the article's own heading, on <title> and on the body's first line.
    "bracketed_board_label": (
        HEAD.format(title=f"[보도자료] {RE100} | 경기도청")
        + f'<div class="view"><h4 class="view_tit">[보도자료] {RE100}</h4><div class="view_cont">'
        + f"<p>[보도자료] {RE100}</p>"
        + RE100_BODY
        + "</div></div></body></html>",
        RE100,
        RE100_FIRST,
    ),
    # ...and on <title> alone, in other brackets, with no heading to read.
    "bracketed_board_label_declared_only": (
        HEAD.format(title=f"【보도자료】{RE100} - 경기도청")
        + '<div class="view"><div class="view_cont">'
        + RE100_BODY
        + "</div></div></body></html>",
        RE100,
        RE100_FIRST,
    ),
    # A body that opens with the title and its board's name, under a title chosen elsewhere.
    "body_opens_with_decorated_title": (
        HEAD.format(title=f"{RE100} | 경기도청")
        + f'<div class="view"><h4 class="view_tit">{RE100}</h4><div class="view_cont">'
        + f"<p>{RE100} &gt; 보도자료</p>"
        + RE100_BODY
        + "</div></div></body></html>",
        RE100,
        RE100_FIRST,
    ),
}


@pytest.mark.parametrize("name", PAGES)
def test_board_page_title_and_first_line(name: str) -> None:
    page, title, first_line = PAGES[name]
    article = extract_article(page, "https://example.go.kr/board/view.do?id=1")
    assert article.title == title
    assert article.text.startswith(first_line)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("보도자료", True),
        ("보도/해명 자료", True),
        ("Press Releases", True),
        ("보도자료 상세보기", True),
        ("경기도청", False),
        (RE100, False),
    ],
)
def test_board_names_are_read_without_case_spacing_or_marks(text: str, expected: bool) -> None:
    assert is_board_name(text) is expected


def test_board_names_come_off_the_ends_of_a_heading() -> None:
    assert without_board_parts(f"{RE100} > 보도자료") == RE100
    assert without_board_parts(f"보도자료 :: {RE100}") == RE100
    assert without_board_parts(f"{RE100} | 경기도청") == f"{RE100} | 경기도청"
    assert without_board_parts("보도자료") == "보도자료"


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        (f"[보도자료] {RE100}", RE100),
        (f"(해명자료){RE100}", RE100),
        (f"［Press Release］ {BUS}", BUS),
        (f"[속보] {RE100}", f"[속보] {RE100}"),  # a label that names no board is the title's own
        (f"[2보] {RE100}", f"[2보] {RE100}"),
        ("[보도자료]", "[보도자료]"),  # nothing would be left
        (f"{RE100} [보도자료]", f"{RE100} [보도자료]"),
    ],
)
def test_a_board_label_in_brackets_opening_a_title_comes_off(title: str, expected: str) -> None:
    assert without_board_label(title) == expected


def test_only_an_opening_line_of_the_title_and_a_board_name_goes() -> None:
    lines = [f"{RE100} > 보도자료", RE100_FIRST, f"{RE100} > 보도자료", f"{RE100} > 경기도청"]
    assert clean_lines(lines, title=RE100) == [RE100_FIRST, f"{RE100} > 보도자료", f"{RE100} > 경기도청"]
