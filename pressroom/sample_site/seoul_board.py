"""Pages of the 서울특별시 보도자료 board (source seoul-press): list pages, article views, menus, files."""

# ruff: noqa: E501 -- the HTML templates keep each element on one line, as the imitated sites print them.

from __future__ import annotations

from pressroom.sample_site.markup import (
    attr,
    dotted,
    esc,
    html_page,
    json_ld,
    link_list,
    paragraphs_html,
    published_meta,
    stub_pages,
)
from pressroom.sample_site.model import SampleArticle, SitePage

PER_PAGE = 5
LIST_PATHS = ["/seoul/press/index.html", "/seoul/press/page/2/", "/seoul/press/page/3/"]
# A deleted post still listed on the board: the site's one dead link, matching the article pattern.
DEAD_LINK = ("[삭제된 게시물] 2018년 서울시 보도자료 정정 안내", "/seoul/press/view/1000.html")

MENU = [
    ("서울소식", "/seoul/news/index.html"),
    ("시민참여", "/seoul/participation/index.html"),
    ("분야별 정보", "/seoul/fields/index.html"),
    ("정보공개", "/seoul/openinfo/index.html"),
    ("서울시 소개", "/seoul/about/index.html"),
]
SUBMENU = [
    ("보도자료", "/seoul/press/index.html"),
    ("해명자료", "/seoul/news/explain.html"),
    ("공지사항", "/seoul/news/notice.html"),
    ("고시공고", "/seoul/news/gosi.html"),
]
FOOTER_LINKS = [
    ("개인정보처리방침", "/seoul/policy/privacy.html"),
    ("저작권정책", "/seoul/policy/copyright.html"),
    ("이메일무단수집거부", "/seoul/policy/email.html"),
    ("웹접근성 품질인증", "/seoul/policy/accessibility.html"),
    ("찾아오시는 길", "/seoul/about/location.html"),
    ("사이트맵", "/seoul/sitemap.html"),
    ("120다산콜센터", "/seoul/dasan.html"),
    ("서울시 조직도", "/seoul/about/organization.html"),
]


def render_seoul(articles: list[SampleArticle]) -> list[SitePage]:
    """All pages of the board; `articles` newest first."""
    pages = [_list_page(articles, number) for number in range(1, len(LIST_PATHS) + 1)]
    for index, article in enumerate(articles):
        newer = articles[index - 1] if index > 0 else None
        older = articles[index + 1] if index + 1 < len(articles) else None
        pages.append(html_page(article.path, _article_page(article, index, newer, older)))
    home = '<p><a href="/seoul/press/index.html">보도자료</a></p>'
    pages.append(html_page("/seoul/index.html", _frame("서울특별시", home)))
    pages += stub_pages([*MENU, *SUBMENU[1:], *FOOTER_LINKS])
    return pages


def _frame(title: str, content: str, head: str = "") -> str:
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{esc(title)}</title>
  {head}
</head>
<body>
  <div id="skip-nav"><a href="#content">본문 바로가기</a> <a href="#gnb">주메뉴 바로가기</a></div>
  <header id="header">
    <div class="top-links"><a href="/seoul/index.html">서울특별시</a> | <a href="/seoul/about/index.html">ENGLISH</a> | 글자크기 <button>+</button><button>-</button></div>
    <h1 class="logo"><a href="/seoul/index.html">서울특별시 Seoul Metropolitan Government</a></h1>
    <nav id="gnb">{link_list(MENU, "gnb")}</nav>
  </header>
  <div id="container">
    <aside class="lnb"><h2>서울소식</h2>{link_list(SUBMENU, "lnb-menu")}</aside>
    <main id="content">
      <div class="location">홈 &gt; 서울소식 &gt; 보도자료</div>
{content}
    </main>
  </div>
  <footer id="footer">
    {link_list(FOOTER_LINKS, "footer-links")}
    <address>(04524) 서울특별시 중구 세종대로 110 서울특별시청 | 대표전화 02-120 (다산콜센터, 24시간) | 민원 안내 02-2133-7114</address>
    <p class="copyright">Copyright © Seoul Metropolitan Government. All rights reserved.</p>
    <p class="mark">이 누리집은 웹 접근성 품질인증을 받았습니다. 서울특별시 누리집은 정보통신 접근성 인증을 받았습니다.</p>
  </footer>
</body>
</html>
"""


def _list_page(articles: list[SampleArticle], number: int) -> SitePage:
    chunk = articles[(number - 1) * PER_PAGE : number * PER_PAGE]
    rows = []
    for offset, article in enumerate(chunk):
        position = len(articles) - (number - 1) * PER_PAGE - offset
        files = "".join(
            f' <a class="file" href="{esc(path)}" title="{attr(name)}">첨부</a>'
            for name, path in article.attachments[:1]
        )
        rows.append(
            f'<tr><td class="num">{position}</td><td class="subject"><a href="{article.path}">{esc(article.title)}</a>'
            f'{files}</td><td>{esc(article.department or "")}</td><td class="date">{dotted(article.day)}</td>'
            f"<td>{article.views:,}</td></tr>"
        )
    if number == len(LIST_PATHS):
        label, href = DEAD_LINK
        rows.append(
            f'<tr><td class="num">-</td><td class="subject"><a href="{href}">{esc(label)}</a></td>'
            '<td>대변인</td><td class="date">2018.01.02</td><td>0</td></tr>'
        )
    pager = [
        f'<a href="{path}" class="{"on" if i == number else "page"}">{i}</a>'
        for i, path in enumerate(LIST_PATHS, start=1)
    ]
    if number > 1:
        pager.insert(0, f'<a class="prev" href="{LIST_PATHS[number - 2]}">이전</a>')
    if number < len(LIST_PATHS):
        pager.append(f'<a class="next" href="{LIST_PATHS[number]}">다음</a>')
        pager.append(f'<a class="last" href="{LIST_PATHS[-1]}">맨끝</a>')
    content = f"""      <h2 class="board-title">보도자료</h2>
      <form class="search" action="/seoul/press/index.html"><label>검색어 <input name="q"></label> <button>검색</button></form>
      <p class="total">전체 {len(articles) + 1}건, 현재 페이지 {number}/{len(LIST_PATHS)}</p>
      <table class="board-list">
        <thead><tr><th>번호</th><th>제목</th><th>담당부서</th><th>작성일</th><th>조회수</th></tr></thead>
        <tbody>
        {"".join(rows)}
        </tbody>
      </table>
      <div class="paging">{" ".join(pager)}</div>"""
    return html_page(LIST_PATHS[number - 1], _frame(f"보도자료 {number}페이지 < 서울소식 < 서울특별시", content))


def _article_page(article: SampleArticle, index: int, newer: SampleArticle | None, older: SampleArticle | None) -> str:
    head = published_meta(article) if index % 2 == 0 else json_ld(article, "NewsArticle", "서울특별시")
    subtitle = "".join(f'<h3 class="view-subtitle">{esc(line)}</h3>' for line in article.subtitle)
    files = "".join(
        f'<li><a href="{esc(path)}">{esc(name)}</a> <a class="btn-preview" href="{esc(path)}">바로보기</a></li>'
        for name, path in article.attachments
    )
    info = _gnuboard_info(article) if article.seed else _info_table(article)
    after = _gnuboard_after(article) if article.seed else ""
    draft = '<p class="notice">내부 검토용 문서입니다. 외부 배포를 금합니다.</p>' if article.robots_disallowed else ""
    nav = [("이전글", older), ("다음글", newer)]
    nav_html = "".join(
        f'<li><span>{label}</span> <a href="{other.path}">{esc(other.title)}</a></li>'
        if other
        else f"<li><span>{label}</span> {label}이 없습니다.</li>"
        for label, other in nav
    )
    content = f"""      <article class="board-view" id="bo_v">
        <h2 class="view-title" id="bo_v_title">{esc(article.title)}</h2>
        {subtitle}
        {draft}
        {info}
        <div class="view-file"><strong>첨부파일</strong><ul>{files}</ul></div>
        <div class="view-content" id="bo_v_con">
{paragraphs_html(article.paragraphs, "          ")}
        </div>
        {after}
        <div class="view-share"><span>공유하기</span> <button>페이스북</button> <button>트위터</button> <button>카카오톡 공유</button> <button>URL 복사</button> <button>인쇄</button></div>
        <div class="kogl">공공누리 제1유형: 출처표시 — 본 저작물은 공공누리 제1유형 조건에 따라 이용할 수 있습니다.</div>
        <form class="satisfaction"><p>이 페이지의 정보에 만족하십니까?</p>
          <label><input type="radio" name="s" value="5"> 매우만족</label> <label><input type="radio" name="s" value="4"> 만족</label>
          <label><input type="radio" name="s" value="3"> 보통</label> <label><input type="radio" name="s" value="2"> 불만족</label>
          <label><input type="radio" name="s" value="1"> 매우불만족</label> <button>평가하기</button></form>
        <ul class="view-nav">{nav_html}</ul>
        <a class="btn-list" href="/seoul/press/index.html">목록</a>
      </article>"""
    return _frame(f"{article.title} < 보도자료 < 서울소식 < 서울특별시", content, head)


def _info_table(article: SampleArticle) -> str:
    return f"""<table class="view-info">
          <tr><th>담당부서</th><td>{esc(article.department or "")}</td><th>작성자</th><td>{esc(article.extra.get("author", ""))}</td></tr>
          <tr><th>작성일</th><td class="date">{article.day.isoformat()}</td><th>조회수</th><td>{article.views:,}</td></tr>
        </table>"""


def _gnuboard_info(article: SampleArticle) -> str:
    """The seed came from a gnuboard page; keep its '페이지 정보' block the way that board prints it."""
    when = article.published
    stamp = f"{when:%y-%m-%d %H:%M}"
    return f"""<section id="bo_v_info" class="view-info">
          <h2>페이지 정보</h2>
          <span class="sv_member">{esc(article.extra.get("author", ""))}</span>
          <strong class="if_date date">작성일{stamp}</strong>
          <strong>조회{article.views:,}회</strong>
          <strong><a href="#bo_vc">댓글0건</a></strong>
        </section>
        <h2 id="bo_v_atc_title">본문</h2>"""


def _gnuboard_after(article: SampleArticle) -> str:
    return f"""<p class="writer">{esc(article.byline or "")}</p>
        <section id="bo_vc"><h2>댓글목록</h2><p id="bo_vc_empty">등록된 댓글이 없습니다.</p></section>"""
