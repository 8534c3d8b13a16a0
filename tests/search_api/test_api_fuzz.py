"""Property-based fuzzing of the JSON API against its own OpenAPI schema: no 500, no schema violation."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from search_api.app import create_app
from search_api.settings import ApiSettings

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_schema(crawled_sample):
    app = create_app(ApiSettings(store=crawled_sample.store_url, sources=[str(crawled_sample.sources)]))
    with TestClient(app):  # runs the lifespan: the store is open while the fuzzer calls the app
        yield schemathesis.openapi.from_asgi("/openapi.json", app)


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def test_api_never_fails_and_matches_its_schema(api_schema):
    # Driven through Hypothesis directly: schemathesis' pytest plugin does not run under pytest 9.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {"/v1/search", "/v1/export", "/v1/search.atom", "/v1/documents/{document_id}"} <= {
        op.path for op in operations
    }
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case):
            case.call_and_validate(checks=CHECKS)

        call()
