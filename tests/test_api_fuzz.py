"""Schemathesis against the portal's own OpenAPI spec, authenticated as each role.

Runs on a database of its own (it POSTs, PUTs and DELETEs at random). Checked: no 5xx, and
responses that the spec documents match their schema. The number of examples per operation is
bounded (FUZZ_EXAMPLES, default 3) to keep the suite fast.
"""

from __future__ import annotations

import collections
import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.conftest import DEMO_PASSWORD, own_app

ROLES = ["beheerder", "projectleider", "rcf", "secretaris", "partner-uwv", "privacy"]
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "3"))
CALLS: collections.Counter = collections.Counter()


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory):
    with own_app(tmp_path_factory.mktemp("fuzzdb")) as app:
        yield app


@pytest.fixture(scope="module")
def tokens(fuzz_app):
    c = fuzz_app.test_client()
    out = {}
    for user in ROLES:
        r = c.post(
            "/api/v1/security/login",
            json={"username": user, "password": DEMO_PASSWORD, "provider": "db"},
        )
        assert r.status_code == 200
        out[user] = r.json["access_token"]
    return out


@pytest.fixture(scope="module")
def api_schema(fuzz_app, tokens):
    return schemathesis.openapi.from_wsgi(
        "/api/v1/_openapi",
        fuzz_app,
        headers={"Authorization": f"Bearer {tokens['beheerder']}"},
    )


def test_api_never_fails_and_matches_its_schema(api_schema, tokens, fuzz_app):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 40, "the spec lists too few operations"
    failures = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            for user, token in tokens.items():
                with fuzz_app.app_context():
                    case.call_and_validate(
                        # The WSGI transport hands over the body as sent; a real client
                        # would inflate a compressed one (tests/test_assets.py checks that).
                        headers={"Authorization": f"Bearer {token}", "Accept-Encoding": "identity"},
                        checks=[not_a_server_error, response_schema_conformance],
                    )
                CALLS[user] += 1

        try:
            run()
        except (Exception, BaseExceptionGroup) as e:  # noqa: BLE001 - collect all, then report
            failures.append(f"{operation.method.upper()} {operation.path}: {_first_line(e)}")
    print(f"\nfuzzed {len(operations)} operations; calls per role: {dict(CALLS)}")
    assert not failures, "\n".join(failures)
    assert set(CALLS) == set(ROLES)


def _first_line(e: BaseException) -> str:
    text = " | ".join(line.strip() for line in str(e).splitlines() if line.strip())
    return text[: int(os.environ.get("FUZZ_MSG_CHARS", "300"))]
