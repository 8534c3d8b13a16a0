"""Pages of the 천안시 보도자료 board (source cheonan-press), some articles bilingual."""

# ruff: noqa: E501 -- the HTML templates keep each element on one line, as the imitated sites print them.

from __future__ import annotations

from pressroom.sample_site.markup import (
    clock,
    dotted,
    esc,
    html_page,
    korean_date,
    link_list,
    published_meta,
    stub_pages,
)
from pressroom.sample_site.model import SampleArticle, SitePage

PER_PAGE = 3
LIST_PATHS = ["/cheonan/news/press/index.html", "/cheonan/news/press/list-2.html"]
MENU = [
    ("천안소식", "/cheonan/news/index.html"),
    ("참여마당", "/cheonan/participation.html"),
    ("정보공개", "/cheonan/openinfo.html"),
    ("분야별정보", "/cheonan/fields.html"),
    ("천안소개", "/cheonan/about.html"),
]
FOOTER_LINKS = [
    ("개인정보처리방침", "/cheonan/privacy.html"),
    ("영상정보처리기기 운영방침", "/cheonan/cctv.html"),
    ("저작권보호정책", "/cheonan/copyright.html"),
    ("찾아오시는 길", "/cheonan/location.html"),
]


def render_cheonan(articles: list[SampleArticle]) -> list[SitePage]:
    """All pages of the board; `articles` newest first."""
    pages = [_list_page(articles, number) for number in range(1, len(LIST_PATHS) + 1)]
    pages += [html_page(a.path, _article_page(a, i)) for i, a in enumerate(articles)]
    pages += stub_pages([*MENU, *FOOTER_LINKS])
    return pages


def _frame(title: str, content: str, head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{esc(title)}</title>
{head}
</head>
<body class="sub">
<div class="skip"><a href="#contents">본문내용 바로가기</a></div>
<div id="header">
  <h1><a href="/cheonan/news/index.html">천안시청 CHEONAN CITY</a></h1>
  <div id="gnb">{link_list(MENU, "depth1")}</div>
</div>
<div id="sub_visual"><p>행복한 변화 새로운 천안</p></div>
<div id="contents">
  <div class="path">HOME &gt; 천안소식 &gt; 시정소식 &gt; 보도자료</div>
{content}
</div>
<div id="footer">
  {link_list(FOOTER_LINKS, "foot_menu")}
  <address>(31151) 충청남도 천안시 서북구 번영로 156 (불당동) 천안시청 | 대표전화 041-521-2114 | 당직실 041-521-2020</address>
  <p class="copy">COPYRIGHT (C) CHEONAN CITY. ALL RIGHTS RESERVED.</p>
</div>
</body>
</html>
"""


def _list_page(articles: list[SampleArticle], number: int) -> SitePage:
    chunk = articles[(number - 1) * PER_PAGE : number * PER_PAGE]
    items = "\n".join(
        f'    <li><a href="{a.path}"><strong>{esc(a.title)}</strong></a>'
        f'<span class="writer">{esc(a.department or "")}</span><span class="date">{dotted(a.day)}</span></li>'
        for a in chunk
    )
    links = [f'<a href="{path}">{i}</a>' for i, path in enumerate(LIST_PATHS, start=1)]
    if number < len(LIST_PATHS):
        links.append(f'<a class="next" href="{LIST_PATHS[number]}">다음 페이지</a>')
    content = f"""  <h3 class="tit">보도자료</h3>
  <ul class="bbs_list">
{items}
  </ul>
  <div class="pagination">{" ".join(links)}</div>"""
    return html_page(LIST_PATHS[number - 1], _frame("보도자료 | 천안시청", content))


def _article_page(article: SampleArticle, index: int) -> str:
    # Half the pages show a Korean long date, half the dotted one; the meta tag is the only place a time
    # appears, so pages whose manifest date has a time always carry it and date-only pages only sometimes.
    shown = korean_date(article.day) if index % 2 else dotted(article.day)
    head = published_meta(article) if index % 2 == 0 or clock(article) else ""
    english_title = article.extra.get("english_title")
    body = []
    for paragraph in article.paragraphs:
        if paragraph == english_title:
            body.append(f'    <h4 class="eng_tit" lang="en">{esc(paragraph)}</h4>')
        else:
            body.append(f"    <p>{esc(paragraph)}</p>")
    content = f"""  <div class="bbs_view">
    <h3 class="subject">{esc(article.title)}</h3>
    <ul class="info">
      <li>작성자 : {esc(article.department or "")} {esc(article.extra.get("author", ""))}</li>
      <li>등록일 : <span class="date">{shown}</span></li>
      <li>조회수 : {article.views}</li>
    </ul>
    <div class="bbs_content">
{chr(10).join(body)}
    </div>
    <div class="dept">담당부서 : {esc(article.department or "")} ☎ 041-521-5000</div>
    <div class="kogl">천안시청이(가) 창작한 이 저작물은 공공누리 제1유형: 출처표시 조건에 따라 이용할 수 있습니다.</div>
    <div class="sns"><a href="#">페이스북</a> <a href="#">블로그</a> <a href="#">카카오스토리</a> <a href="#">인쇄</a></div>
    <a class="btn_list" href="{LIST_PATHS[0]}">목록</a>
  </div>"""
    return _frame(f"{article.title} | 보도자료 | 천안시청", content, head)
