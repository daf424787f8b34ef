"""Schemathesis over the API's own OpenAPI document (issue 13): every operation, anonymously
and with a token, with generated paths and query strings; no response may be a server error,
and every response must match the document (status, content type, body schema). Each case is
also sent with the own agency's real code and a year it has data for, so the 200 answers with
real bodies are checked too, not only the 404s of made-up codes. Examples are few (the suite's
time: a few seconds per database); the hypothesis database is off (nothing written)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ita.api.tests.conftest import OWN

CHECKS = [not_a_server_error, response_schema_conformance]
YEARS = {"results": 2565, "disclosure": 2566, "analyses": 2565}
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
# the explicit examples and the generated ones; the coverage phase's hundreds of boundary
# cases per operation are what test_bad_input.py states one by one
schema.config.phases.update(phases=["examples", "fuzzing"])


@pytest.fixture(autouse=True)
def one_connection():
    """The WSGI app closes the database connection after each request (request_finished);
    inside a test's transaction that is the test's own connection, so, as Django's test client
    does, the signal is held off while the test sends its requests."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    yield
    for signal in signals:
        signal.connect(close_old_connections)


def _real_path(case) -> dict:
    """The case's path parameters with the own agency's code and a year it has data for."""
    params = dict(case.path_parameters or {})
    if "code" in params:
        params["code"] = "ita-2566" if case.path.startswith("/api/v1/frameworks") else OWN
    if "year" in params:
        section = case.path.split("/")[5]  # /api/v1/agencies/{code}/<section>/{year}
        params["year"] = YEARS[section]
    return params


def _both(case, headers=None):
    case.call_and_validate(headers=headers, checks=CHECKS)
    if case.path_parameters:
        case.path_parameters = _real_path(case)
        case.call_and_validate(headers=headers, checks=CHECKS)


@schema.parametrize()
@EXAMPLES
def test_anonymous(case, private):
    _both(case)


@schema.parametrize()
@EXAMPLES
def test_with_a_token(case, private, tokens):
    _both(case, headers={"Authorization": f"Bearer {tokens['officer']}"})


def test_the_document_covers_every_operation(api):
    document = api.get("/api/v1/openapi.json").json()
    assert document["openapi"].startswith("3.")
    assert document["info"]["version"] == "1" and "ITA API" in document["info"]["title"]
    operations = [(path, method) for path, ops in document["paths"].items() for method in ops]
    assert len(operations) == 12 and all(m == "get" for _, m in operations)
    for path, ops in document["paths"].items():
        responses = ops["get"]["responses"]
        assert {"200", "401", "404", "422", "429"} <= set(responses), path
    assert document["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"}
    }
