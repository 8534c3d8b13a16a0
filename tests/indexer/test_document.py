"""Document identity: one id per article however its URL is written."""

from indexer.document import canonical_url, document_id


def test_same_article_same_id():
    a = "HTTP://Example.go.kr:80/board/view.do?nttId=12&menu=3#top"
    b = "http://example.go.kr/board//view.do?menu=3&nttId=12&utm_source=twitter"
    assert canonical_url(a) == canonical_url(b) == "http://example.go.kr/board/view.do?menu=3&nttId=12"
    assert document_id(a) == document_id(b)


def test_different_articles_different_ids():
    assert document_id("http://x.kr/view?id=1") != document_id("http://x.kr/view?id=2")
    assert document_id("http://x.kr:8080/a") != document_id("http://x.kr/a")
