"""API fuzzing with schemathesis (issue 9, item 2).

Every operation of ``/api/schema/`` is called with generated data as each main role (anonymous,
office, clerk, civil servant, api client; token auth), a bounded number of examples each
(``FUZZ_EXAMPLES``, deterministic, no shrinking). Checks: no 5xx, the status code is declared, the
content type and body match the schema. Each example runs inside a savepoint rolled back after it, so
examples do not depend on one another. The log prints the examples run per operation and role.

Runs only in CI's PostgreSQL + Redis stage (``requires("postgresql")``); ``FUZZ_EXAMPLES=…`` changes
the bound. The declarations themselves (schemas and error statuses of every operation) are checked
by ``test_every_operation_declares_its_schemas_and_error_statuses`` on any database.
"""
import os
from collections import defaultdict

import pytest
import schemathesis
from django.core.cache import cache
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from integrity_portal.wsgi import application

FUZZ_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
SCHEMA_URL = "/api/schema/?format=json"
ROLES = ("anonymous", "office", "clerk", "civil_servant", "api_client")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
METHODS = ("get", "post", "put", "patch", "delete")

# role -> operation label -> [examples run, failures]
RESULTS: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, []]))


def _user_for(cast, role):
    return {"anonymous": None, "office": cast.office, "clerk": cast.clerk_a, "civil_servant": cast.user_x,
            "api_client": cast.api_client}[role]


@pytest.fixture(scope="module")
def fuzz_report(request):
    yield RESULTS
    if not RESULTS:
        return
    roles = [r for r in ROLES if r in RESULTS]
    operations = sorted({op for per_role in RESULTS.values() for op in per_role})
    lines = ["", f"API fuzzing: examples run per operation ({FUZZ_EXAMPLES} at most per role)",
             f"{'operation':<58}" + "".join(f"{r:>14}" for r in roles)]
    lines += [f"{op:<58}" + "".join(f"{RESULTS[r][op][0]:>14}" for r in roles) for op in operations]
    total = sum(n for per_role in RESULTS.values() for n, _f in per_role.values())
    failures = sum(len(f) for per_role in RESULTS.values() for _n, f in per_role.values())
    lines.append(f"API fuzzing: {len(operations)} operations x {len(roles)} roles, {total} examples, "
                 f"{failures} failures")
    # Printed past pytest's output capture: CI's log shows the figures even when everything passes.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        print("\n".join(lines), flush=True)


def _run_operation(operation, headers, record):
    @given(case=operation.as_strategy())
    @settings(max_examples=FUZZ_EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
    def run(case):
        record[0] += 1
        savepoint = transaction.savepoint()
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, BaseExceptionGroup) as exc:  # every failure is collected and reported, not just the first
            first = str(exc).strip().splitlines()[:6]
            record[1].append(f"{case.method} {case.formatted_path} {case.query or ''}: " + " | ".join(first))
        finally:
            transaction.savepoint_rollback(savepoint)
            connection.needs_rollback = False

    run()


@pytest.fixture
def _keep_the_test_connection():
    """schemathesis calls the WSGI app directly: without this, request_finished closes the database
    connection inside the test's transaction (PostgreSQL: "the connection is closed"). Django's test
    client disconnects the same handlers."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.mark.requires("postgresql")
@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
def test_every_operation_survives_fuzzing_and_answers_as_declared(role, cast, fuzz_report, db,
                                                                    _keep_the_test_connection):
    cache.clear()  # rate-limit counters from other tests
    user = _user_for(cast, role)
    headers = {}
    if user is not None:
        token, _created = Token.objects.get_or_create(user=user)
        headers["Authorization"] = f"Token {token.key}"
    schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, application)
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        label = f"{operation.method.upper()} {operation.path}"
        record = fuzz_report[role][label]
        _run_operation(operation, headers, record)
        operations += 1
        failures += [f"[{role}] {f}" for f in record[1]]
    cache.clear()
    assert operations > 50
    assert not failures, f"{len(failures)} fuzzing failures:\n" + "\n".join(failures[:60])


# --- declarations ---------------------------------------------------------------------------

# Operations whose success answer has no body schema or that take a body without declaring it.
# Each is a gap to close in its app's API view with ``extend_schema(request=…, responses=…)``.
KNOWN_GAPS: set[str] = set()


def _declaration_gaps(spec: dict) -> list[str]:
    gaps = []
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in METHODS:
                continue
            label = f"{method.upper()} {path}"
            responses = operation.get("responses", {})
            successes = {code: r for code, r in responses.items() if code.startswith("2")}
            if not successes:
                gaps.append(f"{label}: no success response")
            for code, response in successes.items():
                if code != "204" and not (response.get("content") or {}):
                    gaps.append(f"{label}: {code} has no body schema")
            if method in ("put", "patch") and "requestBody" not in operation:
                gaps.append(f"{label}: no request body schema")
            # Public operations are rate limited and declare 429; every other one may answer 403.
            public = "429" in responses
            needed = {"401", "404"} | ({"403"} if not public else set())
            if method != "get":
                needed |= {"400", "409"}
            if "{" in path:
                needed.add("404")
            missing = sorted(needed - set(responses))
            if missing:
                gaps.append(f"{label}: error statuses not declared: {', '.join(missing)}")
    return gaps


@pytest.fixture
def api_spec(client):
    response = client.get(SCHEMA_URL)
    assert response.status_code == 200
    return response.json()


def test_no_operation_adds_a_declaration_gap(api_spec):
    """A new operation without request/response schemas or error statuses fails here."""
    new = [gap for gap in _declaration_gaps(api_spec) if gap not in KNOWN_GAPS]
    assert not new, "undeclared schemas or error statuses:\n" + "\n".join(new)


def test_every_operation_declares_its_schemas_and_error_statuses(api_spec):
    gaps = _declaration_gaps(api_spec)
    assert not gaps, "\n".join(gaps)
