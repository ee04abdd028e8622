"""The scope matrix (issue 9 item 1): every URL × every role × read and write, against the hand-written table
of tests/security/expectations.py (its PRINCIPLES block says how each cell was decided). Refused writes must
change nothing (a fingerprint of the watched tables before and after). The world is built once; each role has one
HTML client (``force_login``) and one API client, made once. ``SCOPE_MATRIX_MISMATCHES=/path`` appends every
mismatch to that file, one a line (a triage list). The run ends with the figure of URL × role cells checked."""
from __future__ import annotations

import os
from http.cookies import SimpleCookie

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.security.expectations import NOT_COVERED, NOT_COVERED_PREFIXES, ROLES, TABLE
from tests.security.world import build_world

# The world fixture builds on the test database: django_db makes pytest-django create it even when this module
# runs alone (without it the module would run against the development database in var/). About 1.5 minutes of
# CPU on SQLite (mostly the test database and the world), so it runs in both CI stages.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]

CHECKED: list[int] = [0]

# Cells where the code breaks the access rule: each one is a strict xfail in test_known_bug below.
KNOWN_BUGS: dict[tuple[str, str, str], str] = {}


# --- the URL configuration ------------------------------------------------------------------------------------

def url_patterns(resolver=None, namespace: str = "", prefix: str = ""):
    """(name, route, kwarg names in order) for every named pattern, walking includes."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from url_patterns(entry, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            groups = sorted(entry.pattern.regex.groupindex.items(), key=lambda item: item[1])
            yield name, prefix + str(entry.pattern), [group for group, _ in groups]


def not_covered(name: str) -> bool:
    return name in NOT_COVERED or any(name.startswith(prefix) for prefix in NOT_COVERED_PREFIXES)


def names_missing_from_the_table() -> list[str]:
    return sorted({name for name, _, _ in url_patterns() if not not_covered(name) and name not in TABLE})


def test_every_url_is_in_the_table():
    missing = names_missing_from_the_table()
    assert not missing, f"URL names with no row in tests/security/expectations.py: {missing}"


def test_the_table_names_no_url_that_does_not_exist():
    known = {name for name, _, _ in url_patterns()}
    assert not set(TABLE) - known


@pytest.mark.urls("tests.security.urls_with_extra")
def test_the_completeness_check_reports_a_url_added_without_a_row():
    assert "security-extra-page" in names_missing_from_the_table()


# --- the world, once per module ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker):
    """Built once inside a transaction that is rolled back at the end: nothing leaks to other modules. One client
    per role and kind (HTML session, API) is made here, outside every savepoint, and reused by every cell."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            built.clients = {(role, is_api): make_client(built, role, is_api)
                             for role in ROLES for is_api in (False, True)}
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            # Printed past pytest's output capture, so CI's -q log shows the figure even when everything passes.
            capture = request.config.pluginmanager.get_plugin("capturemanager")
            with capture.global_and_fixture_disabled():
                print(f"\nscope matrix: {CHECKED[0]} URL × role cells checked", flush=True)


@pytest.fixture
def in_world(world, django_db_blocker):
    """Each test runs in a savepoint rolled back afterwards: a write that succeeds changes no other test."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield world
            transaction.set_rollback(True)


# The tables a refused write must leave alone: the main objects (count and newest change) and every table a
# change writes a row to (the ledger's sealed tables: versions, events, transitions, clock events, audit; notices
# and the outbox, through which every side effect goes).
WATCHED = ("records.CreditRecord", "records.RectificationCase", "records.Unit", "records.CivilServant",
           "objections.Objection", "objections.Repair", "commitments.Commitment", "commitments.Milestone",
           "disputes.DisputeClue", "evaluation.Run", "evaluation.TaskAssignment", "evaluation.ReplyQuery",
           "notifications.Notice", "notifications.OutboxMessage")
_FINGERPRINT_SQL: list[str] = []


def fingerprint() -> tuple:
    """One query: row count (and newest ``updated_at`` where there is one) of every watched table."""
    if not _FINGERPRINT_SQL:
        from django.apps import apps

        from accounts.ledger import SEALED_TABLES

        parts = []
        for label in dict.fromkeys((*WATCHED, *SEALED_TABLES)):
            model = apps.get_model(label)
            table = connection.ops.quote_name(model._meta.db_table)
            parts.append(f"(SELECT COUNT(*) FROM {table})")
            if any(field.name == "updated_at" for field in model._meta.concrete_fields):
                parts.append(f"(SELECT MAX(updated_at) FROM {table})")
        _FINGERPRINT_SQL.append("SELECT " + ", ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL[0])
        return tuple(cursor.fetchone())


def test_the_fingerprint_sees_a_write_and_a_refusal_leaves_it(in_world):
    """The check behind "a refused write changes nothing" would notice a change: publishing the draft moves it."""
    from records import services
    from records.models import CreditRecord

    before = fingerprint()
    assert status_of(in_world, "record-publish", "write", "supervisor_in") == 403
    assert fingerprint() == before
    services.record_publish(record=CreditRecord.objects.get(pk=in_world.ids["draft"]), actor=in_world.cast.clerk_a)
    assert fingerprint() != before


def make_client(world, role: str, is_api: bool):
    user = None if role == "anon" else getattr(world.cast, role)
    if is_api:
        client = APIClient()
        client.force_authenticate(user=user)
    else:
        client = Client()
        if user is not None:
            client.force_login(user)  # no password round trip; the session row lives in the world's transaction
    client.saved_cookies = client.cookies.output(header="", sep=";")
    return client


def client_for(world, role: str, is_api: bool):
    """The role's client with its original session cookie: a cell may log out or rotate the session (rolled back)."""
    client = world.clients[(role, is_api)]
    client.cookies = SimpleCookie(client.saved_cookies)
    return client


PATTERNS: dict[str, tuple[str, list[str]]] = {}


def route_of(name: str) -> tuple[str, list[str]]:
    if not PATTERNS:
        PATTERNS.update({n: (route, groups) for n, route, groups in url_patterns()})
    return PATTERNS[name]


def is_api_route(name: str) -> bool:
    return route_of(name)[0].startswith("api/")


def url_for(name: str, args, ids) -> tuple[str, bool]:
    route, groups = route_of(name)
    kwargs = {group: ids[arg] for group, arg in zip(groups, args, strict=True)}
    return reverse(name, kwargs=kwargs), route.startswith("api/")


def status_of(world, name: str, kind: str, role: str) -> int:
    row = TABLE[name]
    args = row["args"] if kind == "read" else row["write_args"]
    url, is_api = url_for(name, args, world.ids)
    client = client_for(world, role, is_api)
    if kind == "read":
        return client.get(url).status_code
    send = getattr(client, row["method"])
    if is_api:
        return send(url, {}, format="json").status_code
    return send(url, {}).status_code


def matches(expected, actual: int) -> bool:
    return actual in expected if isinstance(expected, frozenset) else actual == expected


def expected_for(name: str, kind: str, role: str):
    """The table's cell; P14: an API-only account's session is no session on the HTML site (as anonymous)."""
    if role == "api_client" and not is_api_route(name):
        role = "anon"
    return TABLE[name][kind][role]


def check(world, name: str, kind: str, role: str, expected) -> str | None:
    """One cell; a refused write must leave the watched tables as they were."""
    refused = kind == "write" and not isinstance(expected, frozenset) and expected >= 400
    cache.clear()  # rate limits (token, public clue forms) count per address: every cell starts afresh
    before = fingerprint() if refused else None
    with transaction.atomic():
        actual = status_of(world, name, kind, role)
        transaction.set_rollback(True)
    CHECKED[0] += 1
    problems = []
    if actual >= 500:
        problems.append(f"{name} {kind} as {role}: {actual} (a server error)")
    elif not matches(expected, actual):
        want = sorted(expected) if isinstance(expected, frozenset) else expected
        problems.append(f"{name} {kind} as {role}: expected {want}, got {actual}")
    if refused and fingerprint() != before:
        problems.append(f"{name} {kind} as {role}: refused with {actual} but rows changed")
    return "; ".join(problems) or None


@pytest.mark.parametrize("name", sorted(TABLE))
def test_the_access_rule_holds(in_world, name):
    row = TABLE[name]
    failures = []
    for kind in ("read", "write"):
        if row[kind] is None:
            continue
        for role in ROLES:
            if (name, kind, role) in KNOWN_BUGS:
                continue
            problem = check(in_world, name, kind, role, expected_for(name, kind, role))
            if problem:
                failures.append(problem)
    if failures and os.environ.get("SCOPE_MATRIX_MISMATCHES"):  # a triage list: one mismatch a line
        with open(os.environ["SCOPE_MATRIX_MISMATCHES"], "a", encoding="utf-8") as out:
            out.write("\n".join(failures) + "\n")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("cell", [pytest.param(cell, marks=pytest.mark.xfail(strict=True, reason=reason))
                                  for cell, reason in KNOWN_BUGS.items()])
def test_known_bug(in_world, cell):
    name, kind, role = cell
    assert check(in_world, name, kind, role, expected_for(name, kind, role)) is None


# --- the user admin's privileged fields (issue 16 finding 1, P15) ------------------------------------------------

def privileged_state(user_id: int) -> tuple:
    from accounts.models import User

    user = User.objects.get(pk=user_id)
    return (user.is_superuser, user.is_staff, user.is_active, user.password,
            sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)))


def test_no_role_sets_a_privileged_field_or_a_password_through_the_admin(in_world):
    """Every role POSTs what would make clerk A a superuser in the office's group with a known password, to the user
    admin's change and password pages: each answer is the table's, and clerk A is exactly as before."""
    from django.contrib.auth.models import Group, Permission

    target = in_world.ids["admin:accounts.user"]
    body = {"username": "sec-clerk_a", "is_superuser": "on", "is_staff": "on", "is_active": "on",
            "groups": [Group.objects.get(name="credit_office").pk],
            "user_permissions": [Permission.objects.get(codename="delete_user").pk], "password": "x",
            "password1": "Known-Pass-2026!", "password2": "Known-Pass-2026!", "usable_password": "true",
            "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    before = privileged_state(target)
    failures = []
    for name in ("admin:accounts_user_change", "admin:auth_user_password_change"):
        url = reverse(name, args=[target])
        for role in ROLES:
            with transaction.atomic():
                status = client_for(in_world, role, False).post(url, body).status_code
                if status != expected_for(name, "write", role) or privileged_state(target) != before:
                    failures.append(f"{name} as {role}: {status}, state {privileged_state(target)}")
                transaction.set_rollback(True)
    assert not failures, "\n".join(failures)
