"""`pressroom crawl --store http://…`: the crawl's indexing process writes to a real Elasticsearch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from indexer.document import document_id
from indexer.es_store import ElasticsearchStore
from pressroom.sample_site.server import SampleSiteServer
from tests.conftest import FAST_CRAWL, run_pressroom, sources_for

pytestmark = [pytest.mark.slow, pytest.mark.elasticsearch]


def test_a_crawl_indexes_its_articles_into_elasticsearch(
    sample_site: SampleSiteServer, manifest: list[dict], es_url: str, tmp_path: Path
) -> None:
    articles = [a for a in manifest if a["source_id"] == "daejeon-en" and not a.get("robots_disallowed")]
    ids = {document_id(sample_site.url + a["path"]): a for a in articles}
    store = ElasticsearchStore(es_url)  # the CLI's own index prefix, as an operator's crawl uses it
    store.ensure_index()
    for key in ids:  # this node may have served an earlier run: start from none of them
        store.client.options(ignore_status=404).delete(index=store.write_alias, id=key, refresh=True)
    result = run_pressroom(
        "crawl", "daejeon-en", "--sources", str(sources_for(sample_site, tmp_path)), "--store", es_url, "--json",
        *FAST_CRAWL, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["new"] == len(ids) >= 5 and summary["failed"] == summary["spooled"] == 0
    try:
        for key, article in ids.items():
            stored = store.get(key)
            assert stored is not None, article["path"]
            assert stored.title == article["title"] and stored.language == article["language"] == "en"
            assert stored.region == article["region"]
    finally:
        store.close()
