"""Pages of a 머니S 호남-like regional news site (source honam-news), encoded in EUC-KR/CP949."""

# ruff: noqa: E501 -- the HTML templates keep each element on one line, as the imitated sites print them.

from __future__ import annotations

from pressroom.sample_site.markup import (
    attr,
    dotted,
    esc,
    html_page,
    json_ld,
    link_list,
    published_meta,
    stub_pages,
)
from pressroom.sample_site.model import SampleArticle, SitePage

ENCODING = "cp949"  # CP949 is the superset real "EUC-KR" sites write; 똠 exists only here.
PER_PAGE = 5
LIST_PATHS = ["/honam/mnews/list/1.html", "/honam/mnews/list/2.html"]
PHOTO = "/honam/img/photo.gif"
TICKER = [
    "코스피 : 3085.90하락 64.0318:03 01/15",
    "코스닥 : 964.44하락 15.8518:03 01/15",
    "원달러 : 1099.40상승 1.418:03 01/15",
    "두바이유 : 55.10하락 1.3218:03 01/15",
    "금 : 55.39하락 0.3118:03 01/15",
]
PHOTO_NEWS = [
    "[머니S포토] 코로나19 대응 및 백신 접종 계획 관련 간담회",
    "[머니S포토] 기아차 31년만에 '기아'로 사명 공식 변경",
    "[머니S포토] 새롭게 선보인 '갤럭시 S21' 전작 대비 뭐가 달라졌을까",
    '[머니S포토] 이낙연 "불평등해소TF, 이익공유제부터 논의"',
]
MENU = [
    ("경제", "/honam/section/economy.html"),
    ("정치·사회", "/honam/section/society.html"),
    ("광주", "/honam/section/gwangju.html"),
    ("전남", "/honam/section/jeonnam.html"),
    ("전북", "/honam/section/jeonbuk.html"),
    ("포토", "/honam/section/photo.html"),
]
FOOTER_LINKS = [
    ("회사소개", "/honam/company.html"),
    ("광고안내", "/honam/ad.html"),
    ("정기구독신청", "/honam/subscribe.html"),
    ("독자의견", "/honam/opinion.html"),
    ("개인정보처리방침", "/honam/privacy.html"),
    ("청소년보호정책", "/honam/youth.html"),
]
# A 1x1 transparent GIF: the photo placeholder the articles' figures point at.
PIXEL_GIF = bytes.fromhex("47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b")


def render_honam(articles: list[SampleArticle]) -> list[SitePage]:
    """All pages of the site; `articles` newest first."""
    pages = [_list_page(articles, number) for number in range(1, len(LIST_PATHS) + 1)]
    pages.append(_page("/honam/index.html", _frame("머니S 호남", _headlines(articles[:5]) + _cover())))
    for index, article in enumerate(articles):
        pages.append(_article_page(article, index, articles))
    pages += stub_pages([*MENU, *FOOTER_LINKS], encoding="euc-kr")
    pages.append(SitePage(PHOTO, PIXEL_GIF, {"Content-Type": "image/gif"}))
    return pages


def _page(path: str, text: str, charset: str = "declared") -> SitePage:
    """Encode as CP949; `charset` says what the page and its header claim about that."""
    if charset == "declared":
        return html_page(path, text, ENCODING, "text/html; charset=euc-kr")
    return html_page(path, text, ENCODING, "text/html")


def _meta_charset(charset: str, index: int) -> str:
    if charset == "none":
        return ""
    if charset == "wrong":
        return '<meta charset="utf-8">'
    # Both spellings occur on real EUC-KR sites.
    if index % 2:
        return '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    return '<meta charset="euc-kr">'


def _frame(title: str, content: str, head: str = '<meta charset="euc-kr">') -> str:
    ticker = "".join(f"<li>{esc(item)}</li>" for item in TICKER)
    return f"""<!DOCTYPE html>
<html lang="ko">
<head>
{head}
<title>{esc(title)}</title>
</head>
<body>
<div id="ticker"><ul class="stock">{ticker}</ul></div>
<div id="header"><a class="logo" href="/honam/index.html">머니S 호남</a>{link_list(MENU, "gnb")}</div>
<div id="container">
{content}
</div>
<div id="footer">
{link_list(FOOTER_LINKS, "foot_link")}
<p>머니S 호남지사 | 광주광역시 서구 상무중앙로 | 대표전화 062-000-0000 | 등록번호 광주 아00000</p>
<p class="copyright">Copyright ⓒ 머니S &amp; moneys.co.kr, 무단전재 및 재배포 금지</p>
</div>
</body>
</html>
"""


def _headlines(articles: list[SampleArticle]) -> str:
    items = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a> <span>{dotted(a.day)}</span></li>' for a in articles)
    return f'<div class="news_list"><h2>최신기사</h2><ul>{items}</ul></div>'


def _cover() -> str:
    return (
        '<div class="cover"><h2>커버스토리</h2><p><a href="/honam/subscribe.html">정기구독신청</a> '
        '<a href="/honam/opinion.html">독자의견</a></p></div>'
    )


def _list_page(articles: list[SampleArticle], number: int) -> SitePage:
    chunk = articles[(number - 1) * PER_PAGE : number * PER_PAGE]
    links = [f'<a href="{path}">{i}</a>' for i, path in enumerate(LIST_PATHS, start=1)]
    if number < len(LIST_PATHS):
        links.append(f'<a class="next" href="{LIST_PATHS[number]}">다음</a>')
    content = f'{_headlines(chunk)}<div class="paging">{" ".join(links)}</div>{_cover()}'
    return _page(LIST_PATHS[number - 1], _frame(f"호남 뉴스 {number} - 머니S", content))


def _article_page(article: SampleArticle, index: int, everything: list[SampleArticle]) -> SitePage:
    charset = article.extra.get("charset", "declared")
    when = article.published
    head = [_meta_charset(charset, index), published_meta(article)]
    if index % 3 == 0:
        head.append(json_ld(article, "NewsArticle", "머니S"))
    shown = f"{dotted(article.day)} {when:%H:%M}" if index % 2 else f"{article.day.isoformat()} {when:%H:%M}"
    subtitle = "".join(f'<h3 class="sub_title">{esc(line)}</h3>' for line in article.subtitle)
    figure = ""
    if article.caption:
        figure = (
            f'<figure class="photo"><img src="{PHOTO}" alt="{attr(article.caption)}">'
            f"<figcaption>{esc(article.caption)}</figcaption></figure>"
        )
    body = "\n".join(f"{p}<br><br>" if index % 2 else f"<p>{p}</p>" for p in map(esc, article.paragraphs))
    byline = article.byline or f"{article.extra.get('dateline', '광주')}=정태관 ctk3312@mt.co.kr"
    name = byline.split(" ")[0]
    others = [a for a in everything if a is not article][:4]
    related = "".join(f'<li><a href="{a.path}">{esc(a.title)}</a></li>' for a in others)
    popular = "".join(f"<li>{esc(item)}</li>" for item in PHOTO_NEWS)
    content = f"""<div class="article_head">
<h1 class="title">{esc(article.title)}</h1>
{subtitle}
<div class="date">입력 : <span class="num">{shown}</span></div>
</div>
<div class="share"><strong>기사공유</strong><ul><li>카카오톡 공유</li><li>카카오톡 공유</li><li>네이버 블로그</li><li>카카오스토리</li><li>텔레그램 공유</li><li>url 공유</li></ul></div>
<div id="textBody" class="article_body">
{figure}
{body}
</div>
<div class="reporter"><strong>{esc(name)}</strong>
<p>{esc(byline)} | <a href="#">twitter</a> <a href="#">facebook</a></p>
<p>머니S 호남지사 기자입니다.</p>
<a href="{LIST_PATHS[0]}">이 기자의 다른기사 보기 &gt;</a></div>
<ul class="reaction"><li>좋아요 0%</li><li>슬퍼요 0%</li></ul>
<div class="related"><h3>관련기사</h3><ul>{related}</ul></div>
<div class="comment"><h3>댓글 0</h3><textarea placeholder="로그인 후 댓글을 작성할 수 있습니다."></textarea><button>등록</button></div>
<div class="popular"><h3>많이 본 포토</h3><ul>{popular}</ul></div>
{_cover()}"""
    return _page(article.path, _frame(f"{article.title} - 머니S", content, "\n".join(h for h in head if h)), charset)
