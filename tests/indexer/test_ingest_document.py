"""build_document: what the crawl found about a page reaches its enrichment (the dateline the cleaner took off)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.cleaning import extract_article
from crawler.items import CrawledArticle
from crawler.sources import Source
from indexer.ingest import MAX_ARTICLE_CHARS, build_document

NEWS = Source.model_validate(
    {
        "id": "test-news",
        "name_ko": "시험 통신",
        "name_en": "Test news agency",
        "kind": "board",
        "publisher": "news",
        "start_urls": ["http://127.0.0.1:9/news/"],
        "article_url": r"/news/\d+$",
    }
)


def news_page(first_paragraph: str, last_paragraph: str = "관계자는 앞으로도 지원을 늘리겠다고 말했다.") -> str:
    return f"""<html lang="ko"><head><meta charset="utf-8"><title>청년 창업 지원 | 시험 통신</title></head>
<body><h1 class="tit">청년 창업 지원</h1><p class="date">입력 2024.05.01 09:30</p>
<div class="article-body"><p>{first_paragraph}</p>
<p>선정된 청년에게는 최대 5천만 원의 사업화 자금이 지원된다. 신청은 다음 달까지 받는다.</p>
<p>{last_paragraph}</p></div></body></html>"""


@pytest.mark.parametrize(
    ("page", "dateline", "region"),
    [
        (news_page("(전주=연합뉴스) 홍길동 기자 = 지역 청년 창업 지원 사업에 300여 명이 신청했다."), "전주", "KR-52"),
        (news_page("【전주=뉴시스】홍길동 기자 = 지역 청년 창업 지원 사업에 300여 명이 신청했다."), "전주", "KR-52"),
        (news_page("지역 청년 창업 지원 사업에 300여 명이 신청했다.", "/전주=홍길동 기자"), "전주", "KR-52"),
        (news_page("(서울=연합뉴스) 홍길동 기자 = 전국 청년 창업 지원 사업에 300여 명이 신청했다."), "서울", None),
        (news_page("(사진=연합뉴스) 지역 청년 창업 지원 사업에 300여 명이 신청했다."), None, None),
    ],
)
def test_the_dateline_the_cleaner_takes_off_is_the_documents_region_cue(
    page: str, dateline: str | None, region: str | None
) -> None:
    cleaned = extract_article(page, "http://127.0.0.1:9/news/1")
    assert cleaned.dateline == dateline
    assert "=" not in cleaned.text.partition("\n")[0]  # the dateline is off the text
    crawled = CrawledArticle(
        url="http://127.0.0.1:9/news/1",
        source_id=NEWS.id,
        fetched_at=datetime(2024, 5, 1, tzinfo=UTC),
        title=cleaned.title,
        text=cleaned.text,
        dateline=cleaned.dateline,
    )
    assert build_document(crawled, NEWS).region == region


PARAGRAPH = "경남도는 도내 산업단지 10곳을 재생에너지 100% 사용 산업단지로 전환한다고 밝혔다. " * 3


def long_article(characters: int) -> CrawledArticle:
    paragraphs = "\n\n".join([PARAGRAPH.strip()] * (characters // len(PARAGRAPH) + 1))
    return CrawledArticle(
        url="http://127.0.0.1:9/news/1",
        source_id=NEWS.id,
        fetched_at=datetime.now(UTC),
        title="산업단지 전환",
        text=paragraphs[:characters],
    )


def test_an_article_past_the_bound_is_stored_up_to_its_last_whole_paragraph_within_it() -> None:
    article = long_article(MAX_ARTICLE_CHARS + 5_000)
    document = build_document(article, NEWS)
    assert len(document.text) <= MAX_ARTICLE_CHARS
    assert article.text.startswith(document.text + "\n\n")  # whole paragraphs, none cut
    assert document.content_hash == build_document(long_article(MAX_ARTICLE_CHARS + 9_000), NEWS).content_hash


def test_an_article_within_the_bound_is_stored_whole() -> None:
    article = long_article(MAX_ARTICLE_CHARS)
    assert build_document(article, NEWS).text == article.text
