"""Fuzz the API from its own OpenAPI document (schemathesis): whatever a client sends, no 500.

Examples are bounded (30 per operation and mode, no deadline) so that the suite stays fast. The cases are drawn
with schemathesis' strategies and run by hypothesis directly (its pytest plugin does not run under the
installed pytest)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")
from api_fixtures import build_database  # noqa: E402
from hypothesis import HealthCheck, Phase, given, settings  # noqa: E402
from schemathesis import GenerationMode  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import (  # noqa: E402
    content_type_conformance,
    response_schema_conformance,
)

from eventwire.api import create_app  # noqa: E402

TOKEN = "fuzz-token"
OPERATIONS = [
    "GET /api/events", "GET /api/actors", "GET /api/actors/{actor_id}", "GET /api/dyads", "GET /api/network",
    "GET /api/locations", "GET /api/articles/{article_id}", "POST /api/code",
]
# Operations whose only parameter is a free string in the path: no request breaks their schema.
NOTHING_TO_NEGATE = {"GET /api/actors/{actor_id}", "GET /api/articles/{article_id}"}
CASES = [(label, mode) for label in OPERATIONS for mode in GenerationMode
         if not (mode is GenerationMode.NEGATIVE and label in NOTHING_TO_NEGATE)]
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture(scope="module")
def operations(tmp_path_factory, coder):
    path = build_database(tmp_path_factory.mktemp("fuzz") / "events.duckdb", coder)
    app = create_app(path, token=TOKEN, max_body=20_000)
    app.state.coder = coder  # the session's coder: the model is loaded once
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    return {result.ok().label: result.ok() for result in schema.get_all_operations()}


def test_every_operation_is_fuzzed(operations):
    assert sorted(operations) == sorted(OPERATIONS)


@pytest.mark.parametrize(("label", "mode"), CASES, ids=[f"{label}-{mode.value}" for label, mode in CASES])
def test_no_request_gets_a_server_error(operations, label, mode):
    """Valid requests (positive) and requests that break the schema (negative): never a 500."""

    @given(case=operations[label].as_strategy(generation_mode=mode))
    @settings(max_examples=30, deadline=None, phases=[Phase.explicit, Phase.generate], database=None,
              suppress_health_check=list(HealthCheck))
    def call(case):
        case.call_and_validate(checks=CHECKS)

    call()


def test_a_stored_case_with_the_token_is_coded_and_kept(operations):
    """The token path under the same harness: a schema-valid body with store=true and the token stores."""
    case = operations["POST /api/code"].Case(
        body={"text": "Greece accused Turkey of provocations.", "date": "2023-06-02", "id": "fuzz", "store": True},
        headers={"Authorization": f"Bearer {TOKEN}"}, media_type="application/json")
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 200 and response.json()["stored"] is True
