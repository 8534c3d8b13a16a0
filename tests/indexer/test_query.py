"""The query language: how user text becomes a query tree, and what is refused."""

import pytest

from indexer.query import And, Not, Or, Phrase, QuerySyntaxError, Term, parse_query


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", None),
        ("스마트시티 천안", And((Term("스마트시티"), Term("천안")))),
        ('"smart city"', Phrase("smart city")),
        ("드론 OR 무인기 안전", And((Or((Term("드론"), Term("무인기"))), Term("안전")))),
        ("cloud -google", And((Term("cloud"), Not(Term("google"))))),
        ('title:"AI 포럼"', Phrase("AI 포럼", field="title")),
        ("title:포럼", Term("포럼", field="title")),
        ("metaverse*", Term("metaverse", prefix=True)),
        (
            "(드론 OR 무인기) -(서울 OR 부산)",
            And((Or((Term("드론"), Term("무인기"))), Not(Or((Term("서울"), Term("부산")))))),
        ),
        # Lenient readings, documented in docs/query-language.md.
        ('"unclosed phrase', Phrase("unclosed phrase")),
        ("OR 드론 OR", Term("드론")),
        ("http://example.go.kr", Term("http://example.go.kr")),
        ("   ", None),
        # As typed in other engines: AND is the implicit AND, NOT is '-'; a field can take a group.
        ("서울 NOT 청년", And((Term("서울"), Not(Term("청년"))))),
        ("드론 AND 안전", And((Term("드론"), Term("안전")))),
        (
            "title:(드론 OR 무인기) -TITLE:(서울)",
            And((Or((Term("드론", "title"), Term("무인기", "title"))), Not(Term("서울", "title")))),
        ),
    ],
)
def test_parse_query(text, expected):
    assert parse_query(text) == expected


@pytest.mark.parametrize("text", ["(드론", "드론)", "((a) b", "a ) ( b"])
def test_unbalanced_parentheses_are_refused_with_a_message(text):
    with pytest.raises(QuerySyntaxError, match="parenthes"):
        parse_query(text)


@pytest.mark.parametrize("text", ["(a " * 11 + ")" * 11, "-(" * 40 + "a" + ")" * 40])
def test_groups_nested_too_deep_are_refused_with_a_message(text):
    with pytest.raises(QuerySyntaxError, match="nested more than 10 deep"):
        parse_query(text)


@pytest.mark.parametrize("text", ["*", '""', "()", "OR", 'title:""', "NOT"])
def test_a_query_with_nothing_to_search_is_refused_not_read_as_everything(text):
    with pytest.raises(QuerySyntaxError, match="no searchable words"):
        parse_query(text)
