# ruff: noqa: E501  (golden HTML fixtures and article prose: long lines are the data)
"""Write the golden pages of the cleaner's quality gate: `python tests/crawler/golden/build_golden.py`.

Each page is realistic markup written for the gate (never fetched from a live site) around an article
whose text is known exactly; next to each NN_name.html goes NN_name.json with the expected text,
the strings that must remain and must go, and the expected publication day. EUC-KR pages are written
as real CP949 bytes, some with no declaration and some with a wrong one.
"""

from __future__ import annotations

import html
import json
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

import article_texts as art  # noqa: E402

Layout = Callable[[str, list[str], str], tuple[str, list[str]]]


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def ps(paragraphs: list[str], tag: str = "p", attrs: str = "") -> str:
    return "\n".join(f"<{tag}{attrs}>{esc(p)}</{tag}>" for p in paragraphs)


def brs(paragraphs: list[str]) -> str:
    return "<br>\n<br>\n".join(esc(p) for p in paragraphs)


def egov_board(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """eGovFrame-style municipal press board: dl metadata, file list, satisfaction survey, prev/next."""
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{esc(title)} | 보도자료 | 부산광역시</title>
<link rel="stylesheet" href="/css/sub.css"><script>var menuNo = "200071";</script></head>
<body><div id="skipNav"><a href="#contents">본문 바로가기</a></div>
<div id="wrap"><div id="header"><h1><a href="/"><img src="/img/logo.png" alt="부산광역시"></a></h1>
<ul id="gnb"><li><a href="/news">시정소식</a></li><li><a href="/info">정보공개</a></li><li><a href="/civil">민원</a></li></ul></div>
<div id="container"><div id="lnb"><h2>시정소식</h2><ul><li><a href="#">보도자료</a></li><li><a href="#">공지사항</a></li><li><a href="#">고시공고</a></li></ul></div>
<div id="contents"><div class="location">홈 &gt; 시정소식 &gt; 보도자료</div><h3 class="tit_page">보도자료</h3>
<div class="board_view"><div class="view_head"><h4 class="view_tit">{esc(title)}</h4>
<dl class="view_info"><dt>담당부서</dt><dd>시민안전실</dd><dt>등록일</dt><dd>{date}</dd><dt>조회수</dt><dd>1,024</dd></dl></div>
<div class="view_file"><strong>첨부파일</strong><ul><li><a href="/comm/fileDown.do?atchFileId=F0001&amp;fileSn=1">보도자료(침수점검).hwp</a></li>
<li><a href="/upload/press/2023/notice.pdf">보도자료(침수점검).pdf</a></li></ul></div>
<div class="view_cont">{ps(paras)}</div></div>
<div class="satisfaction"><h4>만족도조사</h4><p>이 페이지에서 제공하는 정보에 대하여 만족하십니까?</p><label><input type="radio">매우만족</label></div>
<table class="prev_next"><tr><th>이전글</th><td><a href="#">부산시, 2023년 하반기 공공일자리 참여자 모집 (2023-05-10)</a></td></tr>
<tr><th>다음글</th><td><a href="#">부산시, 해수욕장 개장 준비 상황 점검 (2023-05-15)</a></td></tr></table>
<div class="btn_area"><a href="/list" class="btn">목록</a></div></div></div>
<div id="footer"><p class="addr">(47545) 부산광역시 연제구 중앙대로 1001(연산동)</p><p class="copy">Copyright © Busan Metropolitan City. All Rights Reserved.</p></div></div></body></html>"""
    return page, [
        "시정소식",
        "만족도조사",
        "이 페이지에서 제공하는 정보에 대하여 만족하십니까?",
        "하반기 공공일자리",
        "All Rights Reserved",
        "본문 바로가기",
        "보도자료(침수점검).hwp",
        "조회수",
    ]


def gnuboard(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """gnuboard5 view page: bo_v sections, page info, br-separated body, empty comment box."""
    page = f"""<!doctype html><html lang="ko"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{esc(title)} > 보도자료 | 추적사건25시</title><link rel="stylesheet" href="/theme/basic/css/default.css"></head>
<body><div id="hd"><div id="hd_wrapper"><div id="logo"><a href="/"><img src="/img/logo.png" alt="추적사건25시"></a></div>
<div class="hd_sch_wr"><form name="fsearchbox"><input type="text" name="stx"><button type="submit">검색</button></form></div></div>
<nav id="gnb"><ul id="gnb_1dul"><li class="gnb_1dli"><a href="/bbs/board.php?bo_table=news">뉴스</a></li><li class="gnb_1dli"><a href="#">보도자료</a></li></ul></nav></div>
<div id="wrapper"><div id="container_wr"><div id="container">
<article id="bo_v" style="width:100%"><header><h2 id="bo_v_title"><span class="bo_v_tit">{esc(title)}</span></h2></header>
<section id="bo_v_info"><h2>페이지 정보</h2><span class="sv_member">유규상</span>
<strong class="if_date">작성일{date}</strong> <strong>조회1,305회</strong> <strong>댓글0건</strong></section>
<section id="bo_v_atc"><h2 id="bo_v_atc_title">본문</h2><div id="bo_v_con">{brs(paras)}<br><br>추적사건25시 유규상 기자</div>
<div id="bo_v_share"><a href="#" class="btn_share">공유</a><a href="#" class="btn_scrap">스크랩</a></div></section>
<ul class="bo_v_nb"><li class="btn_prv"><span class="nb_tit">이전글</span><a href="#">서울시, 청년 창업 지원 확대 발표</a> <span class="nb_date">18.09.18</span></li></ul>
<section id="bo_vc"><h2>댓글목록</h2><p id="bo_vc_empty">등록된 댓글이 없습니다.</p></section>
</article></div></div></div><div id="ft"><div id="ft_copy">Copyright &copy; 추적사건25시. All rights reserved.</div></div></body></html>"""
    return page, [
        "페이지 정보",
        "조회1,305회",
        "댓글목록",
        "등록된 댓글이 없습니다.",
        "추적사건25시 유규상 기자",
        "청년 창업 지원",
        "All rights reserved",
    ]


def legacy_table(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """Old table-layout county site (often EUC-KR): font tags, spacer images, body in a td."""
    page = f"""<html><head><title>{esc(title)}</title>
<style>td {{ font-size: 12px }}</style></head><body leftmargin=0 topmargin=0>
<table width=980 border=0 cellpadding=0 cellspacing=0 align=center><tr><td colspan=2><img src="/img/top.gif" width=980 height=90></td></tr>
<tr><td width=180 valign=top class="left_menu"><table><tr><td><a href="/sub1.asp">군정소식</a></td></tr><tr><td><a href="/sub2.asp">보도자료</a></td></tr>
<tr><td><a href="/sub3.asp">공지사항</a></td></tr><tr><td><a href="/sub4.asp">입찰정보</a></td></tr></table></td>
<td width=800 valign=top><table width=100% border=0><tr><td height=30><b>보도자료</b> &nbsp; 홈 &gt; 군정소식 &gt; 보도자료</td></tr></table>
<table width=100% border=1 cellpadding=5 bordercolor="#cccccc" style="border-collapse:collapse">
<tr><td width=90 bgcolor="#f3f3f3" align=center>제목</td><td colspan=3><b>{esc(title)}</b></td></tr>
<tr><td bgcolor="#f3f3f3" align=center>작성자</td><td>홍보담당</td><td bgcolor="#f3f3f3" align=center>작성일</td><td>{date}</td></tr>
<tr><td bgcolor="#f3f3f3" align=center>첨부</td><td colspan=3><a href="/board/download.asp?idx=5512&file=press.hwp">press.hwp</a></td></tr>
<tr><td colspan=4 style="padding:15px" valign=top><font face="굴림" size=2>{brs(paras)}</font></td></tr></table>
<table width=100%><tr><td align=right><a href="list.asp"><img src="/img/btn_list.gif" alt="목록"></a></td></tr></table></td></tr>
<tr><td colspan=2 align=center bgcolor="#eeeeee"><font size=1>주소 : 경상북도 안동시 퇴계로 115 / 대표전화 054-840-6114<br>
COPYRIGHT(C) 2019 ALL RIGHTS RESERVED.</font></td></tr></table></body></html>"""
    return page, ["군정소식", "입찰정보", "홍보담당", "대표전화", "ALL RIGHTS RESERVED", "press.hwp"]


def moneys_news(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """Korean business daily (UTF-8): share bar, captioned photo, reporter box, ticker, photo teasers."""
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="UTF-8"><title>{esc(title)} - 머니S</title>
<meta property="og:title" content="{esc(title)}"><meta property="article:published_time" content="{date}">
<meta name="author" content="정태관"></head><body>
<div class="header_wrap"><a class="logo" href="/">머니S</a><ul class="menu_list"><li><a href="/economy">경제</a></li><li><a href="/stock">증권</a></li></ul></div>
<div class="article_wrap"><div class="article_head"><h1 class="subject">{esc(title)}</h1>
<div class="info"><span class="date">입력 : 2021.01.14 09:12</span><span class="date">수정 : 2021.01.15 10:00</span></div></div>
<div class="articleSnsBox"><strong>기사공유</strong><ul><li><a href="#">카카오톡 공유</a></li><li><a href="#">네이버 블로그</a></li><li><a href="#">url 공유</a></li></ul></div>
<div id="textBody" class="article_body">
<div class="article_photo"><img src="/photo/2021/01/14/001.jpg" alt=""><p class="photo_caption">이용섭 광주광역시장이 지난 7일 업무협약을 체결한 후 기념촬영을 하고 있다./사진=광주광역시</p></div>
{brs(paras)}</div>
<div class="reporter_box"><p class="name">광주=정태관 <a href="mailto:ctk3312@mt.co.kr">ctk3312@mt.co.kr</a></p><p>머니S 호남지사 기자입니다.</p>
<a href="/reporter/123">이 기자의 다른기사 보기 &gt;</a></div>
<div class="copyright">저작권자 © 머니S 무단전재 및 재배포 금지</div></div>
<div class="stock_ticker"><ul><li>코스피 : 3085.90하락 64.03 18:03 01/15</li><li>코스닥 : 964.44하락 15.85 18:03 01/15</li><li>원달러 : 1099.40상승 1.4 18:03 01/15</li></ul></div>
<div class="photo_news"><h3>포토뉴스</h3><ul><li><a href="#">[머니S포토] 코로나19 대응 및 백신 접종 계획 관련 간담회</a></li><li><a href="#">[머니S포토] 기아차 31년만에 '기아'로 사명 공식 변경</a></li></ul></div>
<div class="footer"><a href="#">정기구독신청</a> <a href="#">독자의견</a></div></body></html>"""
    return page, [
        "기사공유",
        "카카오톡 공유",
        "/사진=광주광역시",
        "ctk3312@mt.co.kr",
        "이 기자의 다른기사 보기",
        "코스피",
        "[머니S포토]",
        "정기구독신청",
        "무단전재",
        "머니S 호남지사 기자입니다.",
    ]


def portal_euckr(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """Regional newspaper on an old CMS: body text with <br>, photo table, related and most-read lists."""
    page = f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr"><title>{esc(title)} :: 지역일보</title></head>
<body><table id="top_menu"><tr><td><a href="/">홈</a> | <a href="/news/politics">정치</a> | <a href="/news/society">사회</a> | <a href="/news/local">지역</a></td></tr></table>
<div id="news_body_area"><div class="news_title"><h3>{esc(title)}</h3></div>
<div class="news_date">기사입력 {date} | 최종수정 2019.03.06 09:10</div>
<div id="articleBody"><table class="news_photo" align="center"><tr><td><img src="/news/photo/201903/1.jpg"></td></tr>
<tr><td class="caption">▲ 지난해 여름 침수된 지하차도 모습. (사진=지역일보 DB)</td></tr></table>
{brs(paras)}<br><br>김영희 기자 yhkim@jiyeok.co.kr</div>
<div class="relation_news"><b>관련기사</b><ul><li><a href="#">지하차도 침수 대책 예산 확보 (2019.02.11)</a></li><li><a href="#">시의회, 재난안전 조례 개정안 통과 (2019.01.30)</a></li></ul></div></div>
<div id="best_click"><h4>많이 본 뉴스</h4><ol><li><a href="#">시내버스 파업 사흘째…출근길 혼잡</a></li><li><a href="#">봄철 산불 예방 총력</a></li><li><a href="#">지역 대학 신입생 충원율 하락</a></li></ol></div>
<div id="footer">지역일보 | 등록번호 경북 아00123 | 발행인 홍길동 | 무단 전재 및 재배포 금지</div></body></html>"""
    return page, [
        "관련기사",
        "많이 본 뉴스",
        "시내버스 파업",
        "(사진=지역일보 DB)",
        "yhkim@jiyeok.co.kr",
        "등록번호",
        "최종수정",
    ]


def drupal_city(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """English city site on Drupal: field--name-body, share links, related news block, footer menus."""
    page = f"""<!DOCTYPE html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>{esc(title)} | City News</title>
<meta name="description" content="{esc(paras[0][:120])}"></head><body class="path-node page-node-type-news">
<a href="#main-content" class="visually-hidden focusable skip-link">Skip to main content</a>
<div class="dialog-off-canvas-main-canvas"><header role="banner"><div class="site-branding"><a href="/">Official Website</a></div>
<nav role="navigation" aria-label="Main"><ul class="menu"><li><a href="/residents">Residents</a></li><li><a href="/business">Business</a></li><li><a href="/visitors">Visitors</a></li></ul></nav></header>
<main role="main"><a id="main-content" tabindex="-1"></a><div class="layout-content"><div class="region region-content">
<div class="block-page-title-block"><h1 class="page-title"><span class="field--name-title">{esc(title)}</span></h1></div>
<article class="node node--type-news node--view-mode-full"><div class="node__meta">Published: <time datetime="{date}">{date}</time></div>
<div class="node__content"><div class="clearfix text-formatted field field--name-body field--type-text-with-summary field--label-hidden field__item">
{ps(paras)}</div>
<div class="field field--name-field-tags"><div class="field__label">Tags</div><div class="field__items"><a href="/tags/transport">Transport</a> <a href="/tags/environment">Environment</a></div></div>
<div class="share-links"><span>Share this page</span> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div></div></article>
<div class="views-element-container block-related-news"><h2>Related news</h2><div class="view-content"><div class="views-row"><a href="#">City unveils new bike lanes downtown</a> <span>February 2, 2021</span></div>
<div class="views-row"><a href="#">Council approves 2021 budget</a> <span>January 15, 2021</span></div></div></div></div></div></main>
<footer role="contentinfo"><ul><li><a href="/privacy">Privacy Policy</a></li><li><a href="/contact">Contact Us</a></li></ul><p>© 2021 City Hall. All rights reserved.</p></footer></div></body></html>"""
    return page, [
        "Skip to main content",
        "Visitors",
        "Share this page",
        "Related news",
        "new bike lanes",
        "Privacy Policy",
        "All rights reserved",
        "Transport",
    ]


def wordpress_comments(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """English WordPress news post: JSON-LD date only, sharedaddy, long comment thread, sidebar widgets."""
    comments = "\n".join(
        f'<li class="comment"><article class="comment-body"><footer class="comment-meta"><b class="fn">{who}</b> '
        f'<time datetime="2022-0{n}-1{n}">March 1{n}, 2022 at 9:0{n} am</time></footer>'
        f'<div class="comment-content"><p>{esc(text)}</p></div><div class="reply"><a href="#">Reply</a></div></article></li>'
        for n, (who, text) in enumerate(
            [
                (
                    "Jisoo",
                    "This is great news for commuters on the east side, I have been waiting years for a better connection.",
                ),
                (
                    "Mark T.",
                    "Will the trams run late at night? The article does not say anything about the timetable after ten.",
                ),
                (
                    "Hana",
                    "I hope the construction does not block the market street for months like the last project did.",
                ),
                (
                    "Daniel",
                    "Hydrogen is expensive to produce; I would like to see the full cost comparison with battery trams.",
                ),
                (
                    "Minji",
                    "Finally some green transport in our city. Please add bicycle parking at every station as well.",
                ),
                (
                    "Steve",
                    "The public hearing schedule should be posted in English too, many foreign residents live nearby.",
                ),
            ],
            start=1,
        )
    )
    page = f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="UTF-8"><title>{esc(title)} – Ulsan Today</title>
<script type="application/ld+json">{{"@context":"https://schema.org","@graph":[{{"@type":"WebSite","name":"Ulsan Today"}},
{{"@type":"NewsArticle","headline":"{esc(title)}","datePublished":"{date}","dateModified":"2022-03-20T08:00:00+09:00","author":{{"@type":"Person","name":"Lee Soo-jin"}}}}]}}</script>
</head><body class="post-template-default single single-post">
<div id="page" class="site"><header id="masthead" class="site-header"><p class="site-title"><a href="/">Ulsan Today</a></p>
<nav id="site-navigation" class="main-navigation"><ul><li><a href="/city">City</a></li><li><a href="/economy">Economy</a></li></ul></nav></header>
<div id="content" class="site-content"><div id="primary" class="content-area"><main id="main" class="site-main">
<article id="post-2231" class="post-2231 post type-post status-publish"><header class="entry-header"><h1 class="entry-title">{esc(title)}</h1>
<div class="entry-meta"><span class="byline">By <a href="/author/lee">Lee Soo-jin</a></span></div></header>
<div class="entry-content">{ps(paras)}
<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Share this:</h3><ul><li><a href="#">Twitter</a></li><li><a href="#">Facebook</a></li></ul></div>
<div id="jp-relatedposts" class="jp-relatedposts"><h3 class="jp-relatedposts-headline"><em>Related</em></h3></div></div></article>
<div id="comments" class="comments-area"><h2 class="comments-title">6 thoughts on “{esc(title)}”</h2><ol class="comment-list">{comments}</ol>
<div id="respond" class="comment-respond"><h3 id="reply-title">Leave a Reply</h3><form><textarea name="comment"></textarea></form></div></div>
</main></div><aside id="secondary" class="widget-area"><section class="widget widget_recent_entries"><h2>Recent Posts</h2><ul><li><a href="#">Port traffic hits record high</a></li></ul></section></aside></div>
<footer id="colophon" class="site-footer"><div class="site-info">Proudly powered by WordPress</div></footer></div></body></html>"""
    return page, [
        "thoughts on",
        "waiting years for a better connection",
        "full cost comparison",
        "Leave a Reply",
        "Recent Posts",
        "Port traffic",
        "Proudly powered",
        "Share this",
    ]


def bilingual_gov(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """Provincial news page showing the Korean release and its English version one after the other."""
    en_title, en_paras = art.ANDONG_BILINGUAL_EN if "안동" in title else art.CHEONAN_EN
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{esc(title)} - 도정뉴스</title>
<meta property="og:title" content="{esc(title)}"></head><body>
<div id="top"><ul class="top_util"><li><a href="#">로그인</a></li><li><a href="#">English</a></li></ul></div>
<div class="sub_container"><div class="sub_left"><div class="left_menu"><h2>도정소식</h2><ul><li><a href="#">도정뉴스</a></li><li><a href="#">보도자료</a></li></ul></div></div>
<div class="sub_content"><div class="cont_head"><h3>도정뉴스</h3></div>
<div class="bbs_view"><div class="bbs_view_top"><p class="bbs_subject">{esc(title)}</p>
<ul class="bbs_info"><li><span>작성자</span> 대변인실</li><li><span>등록일</span> {date}</li><li><span>조회</span> 310</li></ul></div>
<div class="bbs_view_body"><div class="ko">{ps(paras)}</div>
<div class="en" lang="en"><p><strong>{esc(en_title)}</strong></p>{ps(en_paras)}</div></div>
<div class="bbs_btn"><a href="#" class="btn_list">목록</a></div></div></div></div>
<div id="footer"><div class="foot_link"><a href="#">개인정보처리방침</a> <a href="#">저작권정책</a></div><address>경상북도 안동시 풍천면 도청대로 455</address></div></body></html>"""
    return page, ["로그인", "도정소식", "개인정보처리방침", "저작권정책", "조회 310", "대변인실"]


def short_with_lists(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """A two-paragraph article beside long related lists with summaries, under obscure class names."""
    items = "\n".join(
        f'<li><a href="/news/{n}"><strong>{esc(head)}</strong></a><p class="s">{esc(summary)}</p><span class="d">{day}</span></li>'
        for n, (head, summary, day) in enumerate(
            [
                (
                    "Port of Incheon expands cold-chain terminal",
                    "The new terminal adds 40,000 square metres of refrigerated storage for food and pharmaceutical imports arriving from Southeast Asia.",
                    "Mar 2, 2024",
                ),
                (
                    "Incheon Airport tops service ranking again",
                    "Passengers rated the airport first for cleanliness and waiting times in an international survey for the twelfth consecutive year.",
                    "Feb 27, 2024",
                ),
                (
                    "City council passes youth housing ordinance",
                    "The ordinance sets aside 1,000 rental homes a year for residents under 34 at rents below 80 percent of the market rate.",
                    "Feb 20, 2024",
                ),
                (
                    "Songdo to host global climate forum in June",
                    "More than 60 countries are expected to send delegations to discuss adaptation finance for coastal cities at the forum.",
                    "Feb 14, 2024",
                ),
                (
                    "New ferry route links Incheon and Baengnyeong",
                    "A larger car ferry will cut travel time to the northernmost island to three and a half hours from next month.",
                    "Feb 9, 2024",
                ),
                (
                    "Wolmido sea train resumes after maintenance",
                    "The elevated tourist train around Wolmido island reopened to visitors after two months of safety inspections and repairs.",
                    "Feb 1, 2024",
                ),
            ],
            start=100,
        )
    )
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title></head><body>
<div class="t-bar"><a href="/">INCHEON CITY NEWS</a> <a href="/ko">한국어</a></div>
<div class="grid"><div class="col-main"><div class="k1"><h1>{esc(title)}</h1><div class="k2">Posted on {date} · City Hall Press Office</div>
<div class="k3">{ps(paras)}</div></div></div>
<div class="col-r"><div class="box_type3"><div class="hd">More from the city</div><ul>{items}</ul></div></div></div>
<div class="bottom">Incheon Metropolitan City, 29 Jeonggak-ro, Namdong-gu. Copyright © Incheon. All rights reserved.</div></body></html>"""
    return page, [
        "Port of Incheon",
        "youth housing ordinance",
        "Wolmido sea train",
        "INCHEON CITY NEWS",
        "Press Office",
        "All rights reserved",
        "More from the city",
    ]


def korea_kr(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """National policy portal: view title, info spans, body paragraphs, source note, keyword tags."""
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="UTF-8"><title>{esc(title)} | 브리핑룸 | 대한민국 정책브리핑</title>
<meta property="og:title" content="{esc(title)}"><meta name="dc.date" content="{date}"></head><body>
<ul id="accessibility"><li><a href="#container">본문 바로가기</a></li></ul>
<div class="gnb_wrap"><ul class="gnb"><li><a href="#">뉴스</a></li><li><a href="#">정책자료</a></li><li><a href="#">브리핑룸</a></li></ul></div>
<div id="container"><div class="article_view"><div class="view_title"><span class="cate">보도자료</span><h1>{esc(title)}</h1>
<div class="info"><span>{date.replace("-", ".")}</span><span>국토교통부</span></div></div>
<div class="view_cont">{ps(paras)}
<p class="source">[자료제공 : (www.korea.kr)]</p></div>
<div class="article_util"><button type="button" class="btn_print">인쇄</button><a href="#" class="btn_kakao">카카오톡</a></div>
<div class="keyword_tag"><strong>키워드</strong><a href="#">#전세대출</a><a href="#">#청년</a></div>
<div class="list_btn"><a href="#">목록</a></div></div>
<div class="other_news"><h3>이 부처의 다른 뉴스</h3><ul><li><a href="#">국토부, 철도 안전 강화 대책 발표</a></li><li><a href="#">공공임대주택 입주자 모집</a></li></ul></div></div>
<div id="footer"><p>정책브리핑의 정책뉴스자료는 공공누리 제1유형에 따라 자유롭게 이용할 수 있습니다.</p></div></body></html>"""
    return page, [
        "본문 바로가기",
        "[자료제공 : (www.korea.kr)]",
        "#전세대출",
        "철도 안전 강화",
        "공공누리",
        "이 부처의 다른 뉴스",
    ]


def english_wire(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """English-language Korean daily: byline, captioned figure, tags, most-read list, copyright."""
    page = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{esc(title)} - The Korea Daily Times</title>
<meta property="og:title" content="{esc(title)}"><meta property="og:type" content="article"></head><body>
<div id="header"><div class="gnb"><a href="/national">National</a><a href="/business">Business</a><a href="/culture">Culture</a></div></div>
<div id="contents"><div class="view_headline"><h1 class="view_tit">{esc(title)}</h1>
<div class="view_info"><span class="writer">By Kim Ji-hoon</span><span class="date">Published : {date} - 15:02 Updated : Sep 23, 2022 - 09:00</span></div></div>
<div class="view_con"><figure class="img_box"><img src="/photo/1.jpg"><figcaption>Visitors sample coffee at last year's festival. (Gangneung City)</figcaption></figure>
<div class="view_con_t">{ps(paras)}</div>
<p class="view_writer">(jhkim@koreadaily.example)</p></div>
<div class="view_tag"><span>#coffee</span><span>#Gangneung</span></div>
<div class="most_read"><h3>Most Popular</h3><ol><li><a href="#">BTS member begins military service</a></li><li><a href="#">Won hits 13-year low against dollar</a></li></ol></div></div>
<div id="footer"><p>Copyright (c) The Korea Daily Times. All rights reserved.</p></div></body></html>"""
    return page, [
        "By Kim Ji-hoon",
        "Visitors sample coffee",
        "jhkim@koreadaily.example",
        "Most Popular",
        "BTS member",
        "#coffee",
        "All rights reserved",
    ]


def html5_sections(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """Modern HTML5 page: <article> with <time>, sections and subheads inside the body, aside with links."""
    half = len(paras) // 2
    page = f"""<!DOCTYPE html><html lang="ko-KR"><head><meta charset="utf-8"><title>{esc(title)}</title></head><body>
<header class="site"><a href="/" class="brand">경기도 뉴스포털</a><nav><a href="/">홈</a><a href="/news">뉴스</a></nav></header>
<main><article><header><p class="kicker">복지</p><h1>{esc(title)}</h1><p class="meta"><time datetime="{date}">{date[:10].replace("-", ". ")}.</time> · 경기도 여성가족국</p></header>
<section class="lead">{ps(paras[:half])}</section>
<section class="detail">{ps(paras[half:])}</section>
<footer class="article-footer"><p>문의: 경기도 보육정책과 031-8008-0000</p></footer></article>
<aside class="more"><h2>많이 본 뉴스</h2><ol><li><a href="#">경기도, 청년기본소득 신청 접수</a></li><li><a href="#">도내 미세먼지 저감 대책</a></li></ol></aside></main>
<footer class="site"><small>© 경기도. 무단 전재 금지</small></footer></body></html>"""
    return page, ["경기도 뉴스포털", "많이 본 뉴스", "청년기본소득", "무단 전재", "복지"]


def korean_comments(title: str, paras: list[str], date: str) -> tuple[str, list[str]]:
    """Korean city news with a long citizen comment thread under an unhelpful class name."""
    replies = "\n".join(
        f'<div class="t_item"><span class="nick">{nick}</span><span class="when">2020.11.0{n} 1{n}:2{n}</span><p>{esc(text)}</p></div>'
        for n, (nick, text) in enumerate(
            [
                (
                    "시민1",
                    "요금이 오르는 건 아쉽지만 자전거가 새로 바뀐다니 기대됩니다. 대여소도 우리 동네에 생기면 좋겠네요.",
                ),
                (
                    "자전거사랑",
                    "정기권 가격이 너무 많이 오르는 것 같습니다. 학생들에게는 부담이 될 수 있으니 재고해 주세요.",
                ),
                (
                    "일산주민",
                    "대여소 위치를 지하철역 출구 가까이에 만들어 주시면 출퇴근에 훨씬 편리할 것 같습니다.",
                ),
                (
                    "라이더",
                    "노후 자전거 교체는 정말 필요했습니다. 브레이크가 고장 난 자전거가 많아서 위험했거든요.",
                ),
                (
                    "행신동",
                    "1년권 3만원이면 다른 도시와 비교해도 저렴한 편이라고 생각합니다. 잘 결정하셨네요.",
                ),
                (
                    "익명",
                    "앱에서 대여가 자주 안 되는 문제부터 해결해 주셨으면 합니다. 결제 오류도 종종 있어요.",
                ),
                ("화정역", "어르신 할인은 좋은 정책입니다. 다만 헬멧 대여도 함께 해주시면 좋겠습니다."),
            ],
            start=1,
        )
    )
    page = f"""<!DOCTYPE html><html lang="ko"><head><meta charset="utf-8"><title>{esc(title)}</title>
<meta name="author" content="고양시청 대변인실"></head><body>
<div class="top"><a href="/">고양시 뉴스</a></div><div class="wrap"><div class="news_view"><h2 class="h_title">{esc(title)}</h2>
<p class="w_info">고양시청 대변인실 | 게시일 {date}</p>
<div class="news_txt">{ps(paras)}</div></div>
<div class="talk"><h3>시민 의견 7건</h3>{replies}<div class="t_write"><textarea></textarea><button>의견 등록</button></div></div></div>
<div class="bottom">고양시 덕양구 고양시청로 10 | Copyright © Goyang City. All rights reserved.</div></body></html>"""
    return page, [
        "자전거사랑",
        "학생들에게는 부담이 될 수 있으니",
        "앱에서 대여가 자주 안 되는 문제",
        "시민 의견 7건",
        "All rights reserved",
    ]


# (file stem, layout, article, date as shown, expected day, group, bytes encoding, declared charset)
PAGES: list[tuple[str, Layout, tuple[str, list[str]], str, str, str, str, str | None]] = [
    (
        "01_egov_busan_flood",
        egov_board,
        art.BUSAN_FLOOD,
        "2023-05-12",
        "2023-05-12",
        "gov_board",
        "utf-8",
        "utf-8",
    ),
    (
        "02_egov_daejeon_bus",
        egov_board,
        art.DAEJEON_BUS,
        "2022.08.03",
        "2022-08-03",
        "gov_board",
        "utf-8",
        "utf-8",
    ),
    (
        "03_gnuboard_seoul_summit",
        gnuboard,
        art.SEOUL_SUMMIT,
        "18-09-19 21:37",
        "2018-09-19",
        "gov_board",
        "utf-8",
        "utf-8",
    ),
    (
        "04_gnuboard_sejong_library",
        gnuboard,
        art.SEJONG_LIBRARY,
        "21-04-07 10:05",
        "2021-04-07",
        "gov_board",
        "utf-8",
        "utf-8",
    ),
    (
        "05_legacy_table_andong_nodecl",
        legacy_table,
        art.ANDONG_BILINGUAL_KO,
        "2019-09-02",
        "2019-09-02",
        "table_layout",
        "cp949",
        None,
    ),
    (
        "06_legacy_table_suwon_wrongdecl",
        legacy_table,
        art.SUWON_CULTURE,
        "2019/08/21",
        "2019-08-21",
        "table_layout",
        "cp949",
        "utf-8",
    ),
    (
        "07_legacy_table_jeju_short",
        legacy_table,
        art.JEJU_SHORT,
        "2020년 10월 5일",
        "2020-10-05",
        "table_layout",
        "cp949",
        "euc-kr",
    ),
    (
        "08_news_moneys_gwangju",
        moneys_news,
        art.GWANGJU_AI,
        "2021-01-14T09:12:00+09:00",
        "2021-01-14",
        "ko_news",
        "utf-8",
        "utf-8",
    ),
    (
        "09_news_moneys_gyeonggi",
        moneys_news,
        art.GYEONGGI_CARE,
        "2023-03-08T14:30:00+09:00",
        "2023-03-08",
        "ko_news",
        "utf-8",
        "utf-8",
    ),
    (
        "10_news_euckr_busan",
        portal_euckr,
        art.BUSAN_FLOOD,
        "2019.03.05 14:21",
        "2019-03-05",
        "ko_news",
        "cp949",
        "euc-kr",
    ),
    (
        "11_news_euckr_nodecl_daejeon",
        portal_euckr,
        art.DAEJEON_BUS,
        "2019.07.03 11:00",
        "2019-07-03",
        "ko_news",
        "cp949",
        None,
    ),
    (
        "12_news_euckr_ksc_sejong",
        portal_euckr,
        art.SEJONG_LIBRARY,
        "2018-11-20 08:40",
        "2018-11-20",
        "ko_news",
        "cp949",
        "ks_c_5601-1987",
    ),
    (
        "13_drupal_ulsan_tram",
        drupal_city,
        art.ULSAN_HYDROGEN,
        "2021-03-19",
        "2021-03-19",
        "en_city",
        "utf-8",
        "utf-8",
    ),
    (
        "14_drupal_changwon_parking",
        drupal_city,
        art.CHANGWON_EN,
        "2020-06-30",
        "2020-06-30",
        "en_city",
        "utf-8",
        "utf-8",
    ),
    (
        "15_wordpress_ulsan_comments",
        wordpress_comments,
        art.ULSAN_HYDROGEN,
        "2022-03-14T10:00:00+09:00",
        "2022-03-14",
        "comments",
        "utf-8",
        "utf-8",
    ),
    (
        "16_wordpress_gyeongnam_comments",
        wordpress_comments,
        art.GYEONGNAM_SW,
        "2020-06-17T18:20:00+09:00",
        "2020-06-17",
        "comments",
        "utf-8",
        "utf-8",
    ),
    (
        "17_bilingual_cheonan",
        bilingual_gov,
        art.CHEONAN_KO,
        "2024.04.03",
        "2024-04-03",
        "bilingual",
        "utf-8",
        "utf-8",
    ),
    (
        "18_bilingual_andong",
        bilingual_gov,
        art.ANDONG_BILINGUAL_KO,
        "2023-09-20",
        "2023-09-20",
        "bilingual",
        "utf-8",
        "utf-8",
    ),
    (
        "19_short_incheon_shuttle",
        short_with_lists,
        art.INCHEON_SHORT,
        "March 19, 2024",
        "2024-03-19",
        "short_lists",
        "utf-8",
        "utf-8",
    ),
    (
        "20_short_gangneung_coffee",
        short_with_lists,
        art.GANGNEUNG_EN,
        "19 March 2018",
        "2018-03-19",
        "short_lists",
        "utf-8",
        "utf-8",
    ),
    (
        "21_korea_kr_housing",
        korea_kr,
        art.MOLIT_HOUSING,
        "2022-07-28",
        "2022-07-28",
        "gov_portal",
        "utf-8",
        "utf-8",
    ),
    (
        "22_korea_kr_gwangju",
        korea_kr,
        art.GWANGJU_AI,
        "2021-01-13",
        "2021-01-13",
        "gov_portal",
        "utf-8",
        "utf-8",
    ),
    (
        "23_wire_gangneung",
        english_wire,
        art.GANGNEUNG_EN,
        "Sep 22, 2022",
        "2022-09-22",
        "en_news",
        "utf-8",
        "utf-8",
    ),
    (
        "24_wire_gyeongbuk",
        english_wire,
        art.GYEONGBUK_METAVERSE,
        "Jul 21, 2022",
        "2022-07-21",
        "en_news",
        "utf-8",
        "utf-8",
    ),
    (
        "25_wire_gyeongbuk_discussion",
        english_wire,
        art.GYEONGBUK_DISCUSSION,
        "Jul 22, 2022",
        "2022-07-22",
        "en_news",
        "utf-8",
        "utf-8",
    ),
    (
        "26_html5_gyeonggi_care",
        html5_sections,
        art.GYEONGGI_CARE,
        "2023-03-08T09:00:00+09:00",
        "2023-03-08",
        "gov_portal",
        "utf-8",
        "utf-8",
    ),
    (
        "27_html5_molit_housing",
        html5_sections,
        art.MOLIT_HOUSING,
        "2022-07-28T11:00:00+09:00",
        "2022-07-28",
        "gov_portal",
        "utf-8",
        "utf-8",
    ),
    (
        "28_comments_goyang_bike",
        korean_comments,
        art.GOYANG_NOTICE,
        "2020-11-02",
        "2020-11-02",
        "comments",
        "utf-8",
        "utf-8",
    ),
    (
        "29_comments_goyang_euckr",
        korean_comments,
        art.GOYANG_NOTICE,
        "2020.11.02",
        "2020-11-02",
        "comments",
        "cp949",
        "euc-kr",
    ),
]


def with_declaration(page: str, declared: str | None) -> str:
    """Replace the layout's own charset declaration by the one this page should carry (or none)."""
    import re

    page = re.sub(r'<meta charset="[^"]*">|<meta http-equiv="Content-Type" content="[^"]*">', "", page, flags=re.I)
    if declared:
        page = page.replace(
            "<head>", f'<head><meta http-equiv="Content-Type" content="text/html; charset={declared}">', 1
        )
    return page


def build() -> None:
    for stem, layout, (title, paras), shown_date, day, group, encoding, declared in PAGES:
        page, must_go = layout(title, paras, shown_date)
        page = with_declaration(page, declared)
        (HERE / f"{stem}.html").write_bytes(page.encode(encoding, "xmlcharrefreplace"))
        expected = {
            "group": group,
            "url": f"https://example.go.kr/news/{stem}",
            "encoding": "cp949" if encoding == "cp949" else "utf-8",
            "title": title,
            "date": day,
            "text": "\n\n".join(paras),
            "must_remain": [p[:60] for p in paras],
            "must_go": must_go,
        }
        if layout is bilingual_gov:
            en_title, en_paras = art.ANDONG_BILINGUAL_EN if "안동" in title else art.CHEONAN_EN
            expected["text"] += "\n\n" + "\n\n".join([en_title, *en_paras])
            expected["must_remain"] += [p[:60] for p in en_paras]
        (HERE / f"{stem}.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
