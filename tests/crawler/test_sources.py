"""The sources registry: valid rows load, invalid rows are refused naming the row and the field."""

from pathlib import Path

import pytest

from crawler.sources import SourceError, load_sources, parse_schedule, parse_sources, select_sources

REPO = Path(__file__).resolve().parents[2]
GOOD = {
    "id": "seoul-press",
    "name_ko": "서울특별시 보도자료",
    "name_en": "Seoul press releases",
    "region": "KR-11",
    "kind": "board",
    "start_urls": ["http://127.0.0.1:8765/seoul/"],
    "article_url": r"/seoul/press/\d+\.html",
}


@pytest.mark.parametrize("path", ["sources/sample.yaml", "sources/korea.yaml"])
def test_bundled_sources_files_load(path):
    sources = load_sources(REPO / path)
    assert len({s.id for s in sources}) == len(sources) > 0


def test_korea_file_covers_all_seventeen_provincial_governments():
    regions = {s.region for s in load_sources(REPO / "sources/korea.yaml") if s.region}
    expected = {f"KR-{n}" for n in (11, 26, 27, 28, 29, 30, 31, 41, 43, 44, 46, 47, 48, 49, 50, 51, 52)}
    assert expected <= regions


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"region": "Seoul"}, "row 2 (id 'seoul-press'): field region: must be an ISO 3166-2:KR code"),
        ({"kind": "forum"}, "field kind"),
        ({"article_url": "("}, "field article_url: is not a valid regular expression"),
        ({"start_urls": ["ftp://x"]}, "field start_urls"),
        ({"schedule": "sometimes"}, "field schedule"),
        ({"encoding": "klingon"}, "field encoding: unknown encoding"),
        ({"colour": "red"}, "field colour: is not a known field"),
        ({"name_en": None}, "field name_en"),
    ],
)
def test_invalid_row_names_row_and_field(change, message):
    other = {**GOOD, "id": "other"}
    with pytest.raises(SourceError, match="row 2") as caught:
        parse_sources([other, {**GOOD, **change}], "test.yaml")
    assert message in str(caught.value)


def test_missing_field_and_duplicate_id():
    row = {k: v for k, v in GOOD.items() if k != "article_url"}
    with pytest.raises(SourceError, match="field article_url: is required"):
        parse_sources([row])
    with pytest.raises(SourceError, match="duplicate id"):
        parse_sources([GOOD, GOOD])


def test_unreadable_files_are_source_errors(tmp_path):
    with pytest.raises(SourceError, match="cannot read"):
        load_sources(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("- id: [unclosed", encoding="utf-8")
    with pytest.raises(SourceError, match="not valid YAML"):
        load_sources(bad)


def test_schedules():
    assert parse_schedule("every 6h") == ("interval", 21600)
    assert parse_schedule("every 2s") == ("interval", 2)
    assert parse_schedule("0 */6 * * *") == ("cron", ["0", "*/6", "*", "*", "*"])


def test_select_sources_by_id():
    sources = parse_sources([GOOD, {**GOOD, "id": "other"}])
    assert [s.id for s in select_sources(sources, ["other"])] == ["other"]
    assert len(select_sources(sources, [])) == 2
    with pytest.raises(SourceError, match="unknown source id"):
        select_sources(sources, ["nope"])
