"""Region mentions: names with particles, shared names resolved by context, no everyday-word hits."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.items import CrawledArticle
from crawler.sources import Source
from indexer.enrich import RegionMention, enrich_article, tag_regions
from indexer.ingest import build_document


def codes(text: str, **kwargs: str) -> list[str]:
    return [mention.code for mention in tag_regions(text, **kwargs)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("서울시는 19일 포럼을 열었다", ["KR-11"]),
        ("경상남도와 경남도청, 경남의", ["KR-48", "KR-48", "KR-48"]),
        ("강원도와 강원특별자치도", ["KR-51", "KR-51"]),
        ("전북특별자치도와 전라북도", ["KR-52", "KR-52"]),
        ("박상돈 천안시장은 천안에서", ["44130", "44130"]),
        ("충남 천안시청에서", ["KR-44", "44130"]),
        ("부산 중구청은", ["KR-26", "26110"]),
        ("대구 수성구에서", ["KR-27", "27260"]),
        ("마산 어시장", ["48120"]),  # a former city, now part of Changwon
        ("Gyeongsangnam-do and South Gyeongsang Province", ["KR-48", "KR-48"]),
        ("Gyeongbuk Province held a seminar", ["KR-47"]),
        ("Mayor of Cheonan City, Cheonan-si and Cheonan", ["44130", "44130", "44130"]),
        ("Busan's Jung-gu", ["KR-26", "26110"]),
        ("Jung-gu, Daejeon", ["30140", "KR-30"]),
        ("홍성군민 500명과 김해시민들이", ["44800", "48250"]),  # residents, with the plural
        ("경남도민들은", ["KR-48"]),
    ],
)
def test_names_and_forms(text: str, expected: list[str]) -> None:
    assert codes(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "광주리에 과일을 담았다",  # 광주 inside a word
        "홍성민 기자가 취재했다",  # a reporter, not Hongseong's residents (홍성군민)
        "김해민 교수는 말했다",  # a professor, not Gimhae's
        "중구난방으로 흩어진 의견",  # 중구 starting another word
        "집중구역을 지정했다",  # 중구 inside a word
        "동해 바다에서 해돋이를",  # the East Sea, not Donghae City
        "고양이 보호소",  # a cat, not Goyang
        "경기 침체가 이어졌다",  # the economy, not Gyeonggi
        "내년 예산을 편성했다",  # budget, not Yesan County
        "장수 마을 어르신",  # longevity, not Jangsu County
        "강진 피해 복구",  # an earthquake, not Gangjin County
        "중구청장은 말했다",  # which city's 중구? not said
        "Jung-gu office said",  # idem in English
        "the asan medical center",  # lower case: not a proper noun
        "고성이 오갔다",  # raised voices, not Goseong
    ],
)
def test_everyday_words_and_unqualified_shared_names_are_not_tagged(text: str) -> None:
    assert codes(text) == []


def test_gwangju_needs_a_cue() -> None:
    # Honam's press means the metropolitan city by 광주, Gyeonggi's its own 광주시: alone, it is neither.
    assert codes("광주에서 열린 포럼") == []
    assert codes("광주광역시와 광주시") == ["KR-29", "KR-29"]
    assert codes("광주시는 광산구에") == ["KR-29", "29200"]


def test_gwangju_in_gyeonggi_by_qualifier_or_context() -> None:
    assert codes("경기 광주시는 오늘") == ["41610"]
    assert codes("경기도는 광주시, 하남시와 함께") == ["KR-41", "41610", "41450"]
    assert codes("광주시는 오늘", context_province="KR-41") == ["41610"]


def test_goseong_needs_its_province() -> None:
    assert codes("경남 고성군과 강원 고성군") == ["KR-48", "48820", "KR-51", "51820"]
    assert codes("강원도 고성군은 통일전망대") == ["KR-51", "51820"]
    assert codes("고성군은 공룡엑스포를 연다", context_province="KR-48") == ["48820"]
    assert codes("고성군은 공룡엑스포를 연다") == []
    assert codes("Goseong County in Gangwon Province") == ["51820", "KR-51"]


def test_shared_district_resolved_by_the_documents_city() -> None:
    assert codes("부산시는 중구와 동구에") == ["KR-26", "26110", "26170"]
    assert codes("중구청은 오늘", context_province="KR-31") == ["31110"]


def test_mention_positions_and_names() -> None:
    text = "올해 천안시는"
    (mention,) = tag_regions(text)
    assert mention == RegionMention("44130", "KR-44", "천안시", 3, 6)
    assert text[mention.start : mention.end] == "천안시"


@pytest.mark.parametrize("text", ["", "   ", "12345", "!!!", "\x00"])
def test_nothing_to_tag(text: str) -> None:
    assert tag_regions(text) == []


def test_region_of_a_news_report_is_the_government_in_its_lead() -> None:
    title = "경상북도, 메타버스 정책 세미나 개최"
    text = "경상북도는 20일 도청에서 세미나를 열었다.\n\n참석자 가운데 서울시 관계자와 부산시 관계자도 있었다."
    assert enrich_article(title, text).region == "KR-47"


def test_the_government_opening_the_release_outweighs_a_partner_named_as_often() -> None:
    # Hanam's release about a Seoul subway line names Seoul (and Songpa, as "서울 송파구") throughout.
    title = "하남시, 서울 지하철 3호선 연장 위해 서울시와 협약"
    text = (
        "하남시는 서울 송파구 오금역에서 하남 감일지구를 잇는 지하철 3호선 연장사업을 위해 서울시, 송파구와"
        " 업무협약을 맺었다고 9일 밝혔다.\n\n협약에 따라 서울시는 운영 계획 수립을 지원하고, 하남시는 사업비"
        " 분담 방안을 마련한다."
    )
    assert enrich_article(title, text).region == "KR-41"
    # A list of partners opening the text names no issuer.
    assert enrich_article("공동 협약", "서울시와 부산시가 협약을 맺었다. 서울시 관계자가 말했다.").region == "KR-11"


def test_a_province_and_its_municipality_name_one_place_two_municipalities_two() -> None:
    # "경북 포항시는" opens the text as 포항시 does: the issuer, whom a partner named twice does not outweigh.
    text = "경북 포항시는 대구시와 함께 수소 특구로 지정됐다. 대구시는 연구 시설을 맡는다."
    assert enrich_article("수소 특구 지정", text).region == "KR-47"
    # "화성시와 용인시, 성남시" are three places, each counted.
    text = "국토교통부는 경기 화성시와 서울 강남구를 잇는 노선을 확정했다.\n\n화성시와 용인시, 성남시에 역이 생긴다."
    assert enrich_article("광역철도 노선 확정", text).region == "KR-41"


def test_region_is_none_when_no_government_leads() -> None:
    text = "서울시와 부산시, 대구시가 함께 참여했다."
    assert enrich_article("세 도시 공동 행사", text).region is None


def test_source_region_wins_and_municipality_source_is_mentioned() -> None:
    enrichment = enrich_article(
        "보도자료", "서울시와 협약을 맺었다.", source_region="KR-42", source_municipality="51110"
    )
    assert enrichment.region == "KR-51"
    assert {"51110", "KR-51", "KR-11"} <= set(enrichment.regions_mentioned)


def test_municipality_mention_implies_its_province() -> None:
    assert enrich_article("거제시 행사", "거제시는 오늘 행사를 열었다.").regions_mentioned == [
        "48310",
        "KR-48",
    ]


# News copies, no source region: the dateline files the story, the text must tell a shared name apart.
# (title, text, dateline the cleaner took off the text, region, codes mentioned, codes not mentioned)
NEWS = [
    (  # Yonhap's Korean dateline; the text names no place
        "도내 제조업체 수출 회복세",
        "(창원=연합뉴스) 홍길동 기자 = 도내 제조업체들의 상반기 수출이 12% 늘었다고 무역협회가 밝혔다.",
        None, "KR-48", {"48120"}, set(),
    ),
    (  # Newsis' bracket; 전주 is a place in a dateline though the text matcher leaves it alone ("last week")
        "청년 창업 지원에 300여명 몰려",
        "[전주=뉴시스]홍길동 기자 = 지역 청년 창업 지원 사업에 300여 명이 신청했다.",
        None, "KR-52", {"52110"}, set(),
    ),
    (  # the dateline outweighs a place the lead names in passing
        "도내 관광객 역대 최다",
        "(춘천=연합뉴스) 홍길동 기자 = 도내 관광객이 역대 최다를 기록했다. 서울에서 온 방문객이 절반을 넘었다.",
        None, "KR-51", {"51110", "KR-11"}, set(),
    ),
    (  # ... nor the one it opens with, named with its province (a Daegu bureau's Gyeongbuk story)
        "포항시, 수소특구 지정",
        "(대구=연합뉴스) 홍길동 기자 = 경북 포항시가 수소 특구로 지정됐다.\n\n포항시는 수소 생산 설비를 짓는다.",
        None, "KR-47", {"47110"}, set(),
    ),
    (  # ... but not the government the story reports on
        "경남도, 조선업 인력 양성",
        "(부산=연합뉴스) 홍길동 기자 = 경상남도는 조선업 인력 1천명을 양성한다고 밝혔다. 부산과 울산도 협력한다.",
        None, "KR-48", set(), set(),
    ),
    (  # 고성 in the dateline and the text: the province named further on says which
        "고성 통일전망대 관광객 늘어",
        "(고성=뉴스1) 홍길동 기자 = 고성군 통일전망대 관광객이 20% 늘었다.\n\n강원특별자치도는 DMZ 관광을 확대한다.",
        None, "KR-51", {"51820"}, {"48820"},
    ),
    (  # ... or the province's other municipalities
        "고성군, 공룡엑스포 점검",
        "(고성=뉴스1) 홍길동 기자 = 고성군은 통영시, 거제시와 함께 공룡엑스포 준비 상황을 점검했다.",
        None, "KR-48", {"48820"}, {"51820"},
    ),
    (  # ... and with nothing to tell, neither
        "고성군, 봄꽃 축제 개최",
        "(고성=뉴스1) 홍길동 기자 = 고성군은 다음 달 봄꽃 축제를 연다고 밝혔다.",
        None, None, set(), {"48820", "51820"},
    ),
    (  # 광주 in the dateline, Gyeonggi's 광주시 in the text
        "광주시, 경안천 산책로 준공",
        "(광주=연합뉴스) 홍길동 기자 = 경기 광주시는 경안천 수변 산책로 정비를 마쳤다고 10일 밝혔다.",
        None, "KR-41", {"41610"}, {"KR-29"},
    ),
    (  # a byline without brackets
        "AI 집적단지 2단계 착수",
        "광주=정태관 기자 광주시는 광산구 첨단3지구에 인공지능 집적단지 2단계 사업을 시작했다.",
        None, "KR-29", {"29200"}, {"41610"},
    ),
    (  # the national desks file news about the whole country: no region
        "전국 폭염 대책 점검",
        "(서울=연합뉴스) 홍길동 기자 = 정부가 전국 시도와 함께 폭염 대책을 점검한다.",
        None, None, set(), {"KR-11"},
    ),
    (
        "수출 6개월 연속 증가", "(세종=연합뉴스) 산업통상자원부는 수출이 6개월 연속 늘었다고 밝혔다.",
        None, None, set(), {"KR-50"},
    ),
    (  # a national desk's story about one province's cities, named side by side
        "광역급행철도 노선 확정",
        "(서울=연합뉴스) 홍길동 기자 = 국토교통부는 경기 화성시와 서울 강남구를 잇는 노선을 확정했다.\n\n"
        "화성시와 용인시, 성남시 구간에 정거장 5곳이 들어선다.",
        None, "KR-41", {"41590", "41460", "41130"}, set(),
    ),
    (  # Yonhap's English datelines
        "Province to expand support for shipbuilders",
        "CHANGWON, South Korea (Yonhap) -- The provincial government said Monday it will expand its support.",
        None, "KR-48", {"48120"}, set(),
    ),
    (
        "Shipyard orders rise", "(Changwon=Yonhap) -- Orders at local shipyards rose 15 percent.",
        None, "KR-48", {"48120"}, set(),
    ),
    (  # a shared place in an English dateline; Seoul only locates it
        "Uprising remembered",
        "GWANGJU, South Korea (Yonhap) -- A ceremony was held in Gwangju, 330 kilometers south of Seoul.",
        None, None, set(), {"KR-11", "KR-29", "41610"},
    ),
    (  # a paper signing the article with its dateline
        "도, 청년 월세 지원 확대",
        "도는 청년 월세 지원 대상을 1만명으로 늘린다.\n\n신청은 다음 달부터 받는다. /수원=홍길동 기자",
        None, "KR-41", {"41110"}, set(),
    ),
    (  # the crawl: the cleaner took the dateline off the text and hands its place over
        "청년 창업 지원에 300여명 몰려", "지역 청년 창업 지원 사업에 300여 명이 신청했다.",
        "전주", "KR-52", {"52110"}, set(),
    ),
    ("고성군, 봄꽃 축제 개최", "고성군은 다음 달 봄꽃 축제를 연다.", "고성", None, set(), {"48820", "51820"}),
    ("전국 폭염 대책 점검", "정부가 전국 시도와 함께 폭염 대책을 점검한다.", "서울", None, set(), {"KR-11"}),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text", "dateline", "region", "mentioned", "not_mentioned"), NEWS)
def test_news_datelines_and_shared_names(
    title: str, text: str, dateline: str | None, region: str | None, mentioned: set[str], not_mentioned: set[str]
) -> None:
    enrichment = enrich_article(title, text, dateline=dateline)
    assert enrichment.region == region
    assert mentioned <= set(enrichment.regions_mentioned)
    assert not not_mentioned & set(enrichment.regions_mentioned)


# Shared names without a dateline: (title, text, region, the code the shared name gets or None)
SHARED = [
    ("광주시, 경안천 산책로 준공", "광주시는 경안천 수변 산책로 정비를 마쳤다. 퇴촌면 주민의 숙원이었다.", None, None),
    ("광주시, 광역버스 신설", "광주시는 하남시, 성남시와 함께 광역버스 노선을 만든다.", "KR-41", "41610"),
    ("광주시, AI 집적단지 착수", "광주시는 광산구 첨단3지구에 인공지능 집적단지를 만든다.", "KR-29", "KR-29"),
    ("광주시, AI 센터 개소", "광주시는 북구 첨단산단에 AI 센터를 연다.", "KR-29", "29170"),  # Gyeonggi has no 북구
    ("중구, 도심 골목 정비", "중구는 동성로 골목길을 정비한다.\n\n사업비는 대구시가 절반을 댄다.", "KR-27", "27110"),
    (  # the issuer outweighs a city named more often in passing
        "부산시, 원도심 재생 착수",
        "부산시는 원도심인 중구 일대 재생 사업을 시작한다.\n\n서울의 사례를 참고했고, 서울 성수동 모델도 본떴다.",
        "KR-26", "26110",
    ),
    ("남구, 골목길 정원 조성", "남구는 주민이 가꾸는 골목길 정원을 조성한다고 밝혔다.", None, None),
    # Only the province around a metropolitan city is named: 전남 surrounds 광주광역시, not Gyeonggi's 광주시.
    ("광주시, AI 기업 유치", "광주시는 인공지능 기업 30곳을 유치했다.\n\n전남 기업과 실증을 한다.", "KR-29", "KR-29"),
    ("광주·전남 상생 협약", "광주시와 전남도는 에너지 산업 상생 협약을 맺었다.", "KR-29", "KR-29"),
]  # fmt: skip


def test_a_province_around_several_cities_does_not_tell_their_shared_names_apart() -> None:
    # 경남 surrounds both Busan and Ulsan, and each has a 중구.
    enrichment = enrich_article("중구, 전통시장 지원", "중구는 전통시장 지원책을 발표했다.\n\n경남 상인들도 참여한다.")
    assert enrichment.regions_mentioned == ["KR-48"]


@pytest.mark.parametrize(("title", "text", "region", "shared"), SHARED)
def test_shared_names_by_the_documents_other_places(
    title: str, text: str, region: str | None, shared: str | None
) -> None:
    enrichment = enrich_article(title, text)
    assert enrichment.region == region
    if shared is None:
        assert enrichment.regions_mentioned == []
    else:
        assert shared in enrichment.regions_mentioned


@pytest.mark.parametrize(
    ("text", "source", "region", "mentioned"),
    [
        # A government's own release keeps its region whoever it names more often.
        ("경상남도는 서울에서 투자설명회를 열었다. 서울시와 부산시도 참석했다. 서울 행사에 200명이 왔다.",
         {"source_region": "KR-48"}, "KR-48", {"KR-11", "KR-26"}),
        # ... and its province says which place a shared name is, the dateline's too.
        ("(고성=뉴스1) 고성군은 공룡엑스포를 연다.", {"source_region": "KR-48"}, "KR-48", {"48820"}),
        ("광주시는 경안천 수변 산책로를 준공했다.", {"source_municipality": "41610"}, "KR-41", {"41610"}),
    ],
)  # fmt: skip
def test_a_government_source_keeps_its_region(
    text: str, source: dict[str, str], region: str, mentioned: set[str]
) -> None:
    enrichment = enrich_article("보도자료", text, **source)
    assert enrichment.region == region
    assert mentioned <= set(enrichment.regions_mentioned)
    assert not {"KR-29", "51820"} & set(enrichment.regions_mentioned)


# A news outlet's home province (its source row's `region`) and shared names: (title, text, home, region, shared)
TRAIL = ("광주시, 경안천 산책로 준공", "광주시는 경안천 수변 산책로 정비를 마쳤다. 퇴촌면 주민의 숙원이었다.")
HOME = [
    # Gyeonggi's paper means its own 광주시, Honam's the metropolitan city; alone the text does not tell.
    (*TRAIL, "KR-41", "KR-41", "41610"),
    (*TRAIL, "KR-29", "KR-29", "KR-29"),
    ("고성군, 봄꽃 축제 개최", "고성군은 다음 달 봄꽃 축제를 연다.", "KR-51", "KR-51", "51820"),
    # The article's own places outweigh the outlet's home.
    ("광주·전남 상생 협약", "광주시와 전남도는 에너지 산업 상생 협약을 맺었다.", "KR-41", "KR-29", "KR-29"),
    ("광주시, 광역버스 신설", "광주시는 하남시, 성남시와 함께 광역버스 노선을 만든다.", "KR-29", "KR-41", "41610"),
    # A home that has no such place tells nothing, and the home is never the region by itself.
    ("고성군, 봄꽃 축제 개최", "고성군은 다음 달 봄꽃 축제를 연다.", "KR-11", None, None),
    ("전국 폭염 대책 점검", "정부가 전국 시도와 함께 폭염 대책을 점검한다.", "KR-41", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text", "home", "region", "shared"), HOME)
def test_a_news_outlets_home_tells_shared_names_apart_when_the_article_does_not(
    title: str, text: str, home: str, region: str | None, shared: str | None
) -> None:
    enrichment = enrich_article(title, text, home_region=home)
    assert enrichment.region == region
    assert (shared in enrichment.regions_mentioned) if shared else enrichment.regions_mentioned == []


def test_a_news_sources_region_is_its_home_and_a_governments_its_own() -> None:
    row = {"id": "gyeonggi-paper", "name_ko": "경기 신문", "name_en": "Gyeonggi paper", "kind": "board",
           "start_urls": ["http://127.0.0.1:9/"], "article_url": "/news/", "region": "KR-41"}  # fmt: skip
    article = CrawledArticle(
        url="http://127.0.0.1:9/news/1", source_id="gyeonggi-paper", fetched_at=datetime(2026, 11, 1, tzinfo=UTC),
        title="광주시, 경안천 산책로 준공", text="광주시는 경안천 수변 산책로 정비를 마쳤다. 도심에서 가깝다.",
    )  # fmt: skip
    news = build_document(article, Source.model_validate({**row, "publisher": "news"}))
    assert (news.region, "41610" in news.regions_mentioned) == ("KR-41", True)
    government = build_document(article, Source.model_validate({**row, "region": "KR-29"}))
    assert government.region == "KR-29"  # a government's release is its own region's
    national = build_document(article, Source.model_validate({**row, "publisher": "news", "region": None}))
    assert (national.region, national.regions_mentioned) == (None, [])
