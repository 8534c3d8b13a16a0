"""The cleaner never raises (except PageTooLarge), decodes what pages really are, and honours its options."""

from __future__ import annotations

import base64
import signal
import sys
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.cleaning import (
    Article,
    ExtractionError,
    ExtractionOptions,
    PageTooLarge,
    clean_text,
    decode_html,
    extract_article,
)
from crawler.cleaning.dates import parse_date
from crawler.items import Attachment

sys.path.insert(0, str(Path(__file__).parent / "golden"))
from scoring import golden_pages

SAMPLE = golden_pages()[0].body.decode("utf-8")
FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.binary(max_size=4000))
def test_arbitrary_bytes_never_raise(body: bytes) -> None:
    article = extract_article(body)
    assert isinstance(article, Article)
    assert isinstance(article.text, str)


@FAST
@given(st.text(max_size=3000))
def test_arbitrary_text_never_raises(text: str) -> None:
    assert isinstance(extract_article(text), Article)
    assert isinstance(clean_text(text), str)


@FAST
@given(
    st.integers(0, len(SAMPLE)),
    st.integers(0, len(SAMPLE)),
    st.sampled_from(["<", ">", "</div>", "<p", "&#", "\x00", "<![CDATA[", "<!--", "<table><tr><td>", "\ufffd"]),
)
def test_mangled_html_never_raises(cut: int, insert_at: int, junk: str) -> None:
    mangled = SAMPLE[:insert_at] + junk * 3 + SAMPLE[insert_at:cut]
    article = extract_article(mangled.encode("utf-8", "surrogatepass"))
    assert isinstance(article, Article)


@pytest.mark.parametrize("odd_date", ["ſep 3, 2019", "2019-03-08T10:00+24:00", "2019.03.08 10:00+23:60"])
def test_a_date_that_is_no_date_loses_nothing(odd_date: str) -> None:
    # A long-s month and a zone of a day or more match the date patterns; they once made the page come back empty.
    plain = extract_article(SAMPLE)
    page = SAMPLE.replace("</body>", f"<p>{odd_date}</p></body>", 1)
    assert page != SAMPLE
    odd = extract_article(page)
    assert odd.text and plain.text.splitlines()[-1] in odd.text
    assert odd.published_at == plain.published_at


def test_a_control_character_reference_never_empties_an_article() -> None:
    # libxml2 turns "&#12;" into the character, which lxml refused to move when a pruned element's tail
    # joined its neighbour's: the whole page came back empty.
    emptied = []
    for number, page in enumerate(golden_pages()):
        html = page.body.decode("utf-8", "replace")
        if not extract_article(html).text:
            continue
        for tag in ("</li>", "</a>"):
            parts = html.split(tag)
            for at in range(1, min(len(parts), 6)):
                changed = tag.join(parts[:at]) + tag + "x&#12;y" + tag.join(parts[at:])
                if not extract_article(changed).text:
                    emptied.append((number, tag, at))
    assert emptied == []


BODY = "<h1>벚꽃길 야간 개방 안내</h1><p>테스트시는 다음 달 1일부터 벚꽃길을 밤 10시까지 개방한다고 밝혔다.</p>"
LAST = "<p>시 관계자는 안전 관리에 만전을 기하겠다고 말했다.</p>"


@pytest.mark.parametrize(
    "page",
    [
        f"<html><head><title>안내</title></head></html><body>{BODY}{LAST}</body></html>",  # stray one in the head
        f"<html><head><title>안내</title></head><body>{BODY}</body></html>{LAST}",  # last paragraph after it
        f"<HTML><head></head><body>{BODY}</body></HTML >\n{LAST}\n</html>",
        f"<html><head></head><body>{BODY}</body>{LAST}</html>",  # after </body>: libxml2 keeps it
    ],
)
def test_text_after_a_stray_html_end_tag_is_kept(page: str) -> None:
    # libxml2 2.14 ends the document at </html> and dropped what followed without an error.
    for source in (page, page.encode()):
        article = extract_article(source)
        assert "밤 10시까지 개방" in article.text
        assert "안전 관리에 만전을" in article.text


def test_deep_nesting_does_not_raise() -> None:
    page = "<html><body>" + "<div>" * 5000 + "깊은 문단입니다. " * 20 + "</div>" * 5000 + "</body></html>"
    assert isinstance(extract_article(page), Article)


@pytest.mark.parametrize("depth", [300, 2000])
def test_text_nested_hundreds_deep_is_kept(depth: int) -> None:
    # libxml2 stops at 256 levels unless told the tree may be huge; the text inside and after was lost.
    deep = "<span>" * depth + "깊은 곳의 문장입니다. 도청은 이날 발표했다." + "</span>" * depth
    first, last = "<p>첫 문단입니다. 테스트시는 축제를 연다.</p>", "<p>그 뒤의 문단입니다. 시청이 밝혔다.</p>"
    page = f"<html><body><h1>깊은 문서</h1><div>{first}<p>{deep}</p>{last}</div></body></html>"
    text = extract_article(page.encode()).text
    assert "깊은 곳의 문장입니다" in text
    assert "그 뒤의 문단입니다" in text


@pytest.mark.parametrize("label", ["blog ", "twitter ", "인쇄 ", "스크랩 "])
def test_a_line_of_repeated_share_labels_is_cleaned_at_once(label: str) -> None:
    # Two boilerplate patterns tried every split of the spaces between labels: a line of ~30 of them, not
    # ending as a widget does, took minutes. SIGALRM turns such a stall into a failure.
    page = f"<html><body><h1>안내</h1><p>{label * 36}확인 바랍니다.</p><p>본문 문장입니다.</p></body></html>"
    previous = signal.signal(signal.SIGALRM, lambda *_: pytest.fail("the cleaner stalled on the line"))
    signal.alarm(5)
    try:
        article = extract_article(page.encode())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert "확인 바랍니다" in article.text


def test_ten_megabyte_page_is_refused_with_a_clear_reason() -> None:
    page = ("<html><body>" + "<p>" + "가나다라 마바사. " * 60 + "</p>" * 1) * 1 + "<p>filler text</p>" * 600_000
    body = page.encode("utf-8")
    assert len(body) > 10_000_000
    with pytest.raises(PageTooLarge, match="over the cleaner's cap") as raised:
        extract_article(body)
    assert isinstance(raised.value, ExtractionError)


def test_a_page_that_is_mostly_an_inline_image_is_processed() -> None:
    # Releases pasted from HWP carry their images as base64 data: URIs; 6 MB of them exceeded the markup cap.
    image = base64.b64encode(bytes(range(256)) * 18_000).decode()
    paragraphs = "<p>테스트시는 다음 달 1일 해수욕장을 개장한다고 밝혔다. 안전요원이 배치된다.</p>" * 3
    figure = f"<p><img src='data:image/png;base64,{image}'></p>"
    page = f"<html><body><h1>해수욕장 개장 안내</h1>{figure}{paragraphs}</body></html>"
    for source in (page, page.encode()):
        assert len(source) > 6_000_000
        assert "해수욕장을 개장한다고" in extract_article(source).text
    # Markup itself still counts, inline data or not.
    with pytest.raises(PageTooLarge, match="without its inline data"):
        extract_article(page.replace("</body>", "<p>filler text</p>" * 300_000 + "</body>"))


def test_ten_megabyte_page_is_processed_when_the_cap_is_raised() -> None:
    body = (
        "<html><body><div class='article'>"
        + "<p>Seoul city said on Monday it will expand buses.</p>" * 200_000
        + "</div></body></html>"
    ).encode()
    assert len(body) > 10_000_000
    article = extract_article(body, options=ExtractionOptions(max_bytes=20_000_000))
    assert article.text.startswith("Seoul city said on Monday")


def test_euc_kr_page_without_declaration_is_read_as_cp949() -> None:
    body = "<html><body><p>똠방각하 서울시는 19일 행사를 개최한다고 밝혔다.</p></body></html>".encode("cp949")
    text, encoding = decode_html(body)
    assert encoding == "cp949"
    assert "똠방각하" in text


def test_wrong_declarations_lose_to_bytes_that_decode() -> None:
    cp949 = '<meta charset="utf-8"><p>보도자료 본문입니다.</p>'.encode("cp949")
    assert decode_html(cp949) == ('<meta charset="utf-8"><p>보도자료 본문입니다.</p>', "cp949")
    utf8 = '<meta charset="euc-kr"><p>보도자료 본문입니다.</p>'.encode()
    assert decode_html(utf8)[1] == "utf-8"
    assert decode_html("<p>가</p>".encode("cp949"), http_charset="EUC-KR")[1] == "cp949"


def test_a_legacy_declaration_stands_when_its_bytes_only_look_like_utf8_by_chance() -> None:
    # 홍천 and 화천 in CP949 are also valid two-byte UTF-8 ("ȫõ", "ȭõ"): the header was right.
    page = "<html><body><h1>Hongcheon and Hwacheon festival</h1><p>Crowds in 홍천 and 화천.</p></body></html>"
    body = page.encode("cp949")
    assert body.decode("utf-8")  # the trap: it decodes
    assert decode_html(body, http_charset="euc-kr") == (page, "cp949")
    assert "홍천 and 화천" in extract_article(body, options=ExtractionOptions(http_charset="euc-kr")).text
    # Mislabelled UTF-8 still wins: Hangul (three-byte sequences), or only Latin-1 symbols.
    for text in ("<p>Crowds in 홍천 and 화천.</p>", "<p>Café © 2024 · 10 °C</p>"):
        assert decode_html(text.encode(), http_charset="euc-kr") == (text, "utf-8")
        assert decode_html(f'<meta charset="euc-kr">{text}'.encode())[1] == "utf-8"


def test_true_euc_kr_eight_byte_syllables_are_composed() -> None:
    # EUC-KR spells a syllable outside KS X 1001 as the filler and three jamo; CP949 read "ㅤㄸㅗㅁ".
    text = "<p>똠방각하 전시회에 뷁 캐릭터가 나온다.</p>"
    assert decode_html(text.encode("euc_kr"), http_charset="euc-kr") == (text, "cp949")
    assert decode_html("<p>ㅤ ㄸㅗㅁ 자모 ㅤ</p>".encode("cp949"))[0] == "<p>ㅤ ㄸㅗㅁ 자모 ㅤ</p>"  # spells nothing


def test_bom_then_override_win() -> None:
    assert decode_html(b"\xef\xbb\xbf<p>x</p>") == ("<p>x</p>", "utf-8")
    assert decode_html("<p>가</p>".encode("cp949"), override="euc-kr")[1] == "cp949"


@pytest.mark.parametrize(
    ("written", "day"),
    [
        ("2018-09-19", "2018-09-19"),
        ("2018.09.19", "2018-09-19"),
        ("2018년 9월 19일", "2018-09-19"),
        ("작성일18-09-19 21:37", "2018-09-19"),
        ("19 March 2018", "2018-03-19"),
        ("Mar 19, 2018", "2018-03-19"),
        ("2018-09-19T21:37:00+09:00", "2018-09-19"),
        ("20180919213700", "2018-09-19"),
    ],
)
def test_date_forms(written: str, day: str) -> None:
    parsed = parse_date(written)
    assert parsed is not None and parsed.tzinfo is not None
    assert parsed.date().isoformat() == day


def test_publication_beats_modification_and_related_list_dates() -> None:
    page = """<html><head><title>시청 보도자료</title>
    <meta property="article:modified_time" content="2020-01-09"></head>
    <body><ul class="list"><li><a href="#">다른 기사</a> 2019-12-01</li></ul>
    <h1>시청 보도자료</h1><p>수정 2020-01-09 | 입력 2020-01-07</p>
    <div><p>서울시는 7일 새해 첫 보도자료를 배포하고 주요 정책 방향을 발표했다고 밝혔다.</p></div>
    </body></html>"""
    article = extract_article(page)
    assert article.published_at is not None
    assert article.published_at.date().isoformat() == "2020-01-07"
    assert article.published_at.tzinfo is not None


def test_metadata_attachments_language_and_byline() -> None:
    page = """<html lang="en-GB"><head><title>Budget 2024 | City</title>
    <meta name="author" content="Press Office"></head><body><h1>Budget 2024</h1><div class="body">
    <p>The city council approved the 2024 budget on Friday, raising spending on
    transport, housing and social care by four percent.</p>
    <p>The full budget is attached below for residents to read.</p>
    <a href="/files/budget%202024.pdf">Budget 2024 (PDF)</a> <a href="download.do?id=7">예산안.hwp</a>
    <a href="javascript:down(1)">x.hwp</a> <a href="JAVASCRIPT:alert(1)//report.zip">report.zip</a>
    <a href="java&#09;script:alert(1)//data.xlsx">data.xlsx</a> <a href="http://[broken/x.pdf">x.pdf</a>
    </div></body></html>"""
    article = extract_article(page, url="https://city.example/news/1")
    assert article.language_hint == "en"
    assert article.byline == "Press Office"
    assert article.attachments == [
        Attachment("Budget 2024 (PDF)", "https://city.example/files/budget%202024.pdf"),
        Attachment("예산안.hwp", "https://city.example/news/download.do?id=7"),
    ]
    assert article.title == "Budget 2024"
    assert isinstance(article.published_at, datetime | None)


def test_source_selectors_override_the_generic_choice() -> None:
    page = """<html><body><h1>Site name</h1><div id="x"><span class="t">Real title</span>
    <em class="d">2021.02.03</em>
    <div class="b">Short body text that the generic scorer might not prefer.</div></div>
    <div class="other"><p>Much longer unrelated text, with commas, clauses, and more commas, that wins.</p>
    <p>Another long unrelated paragraph, with commas, and clauses, to make this box the winner.</p></div>
    </body></html>"""
    options = ExtractionOptions(title_selector=".t", body_selector=".b", date_selector=".d")
    article = extract_article(page, options=options)
    assert article.title == "Real title"
    assert article.text == "Short body text that the generic scorer might not prefer."
    assert article.published_at is not None and article.published_at.date().isoformat() == "2021-02-03"


def test_invalid_selector_is_ignored() -> None:
    article = extract_article(
        "<p>본문입니다. 충분히 긴 문장으로 된 보도자료 본문입니다.</p>",
        options=ExtractionOptions(body_selector="[[["),
    )
    assert "본문입니다" in article.text
