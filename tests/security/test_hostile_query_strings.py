"""Hostile query strings (issue 16 item 6): every HTML page and every admin changelist gets hostile values in each
query parameter it offers, and never answers 5xx.

The parameters of a page are the ones it shows: the inputs of its GET forms, the names in the query strings of its
own links (pagination, filters, the dashboard's run picker), and a fixed list of names views read directly
(``page``, ``run``, ``unit``, ``q`` …). Each is sent alone with one value per hostile class: integers past 64
bits (positive and negative), text where a number is expected, NaN, zero and negatives, an SQL fragment, markup,
a NUL byte, an overlong value, impossible dates, and the parameter repeated. The page is read as a role the scope
matrix lets read it (tests/security/expectations.py), so the filters run on real rows of the shared world.

The admin part does the same for every registered ModelAdmin's changelist as a superuser: its filter links'
parameters, ``o`` (ordering), ``p`` (page) and ``q`` (search). A page may answer 200 (the value ignored or shown as
a field error), 302, 400 or 404 — never a 5xx, never an exception, and never through the middleware's
out-of-range safety net (which would mean the page's own field let the value reach the database). The run ends with the figures.
"""
from __future__ import annotations

import html
import re
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from tests.security.expectations import TABLE
from tests.security.test_scope_matrix import is_api_route, url_for
from tests.security.world import build_world

pytestmark = pytest.mark.django_db
# The sweeps run in CI's PostgreSQL stage, like the API corpus (tests/security/test_hostile_inputs.py): a strict
# database, and `make test` stays quick. The path and dashboard cases below run everywhere.
ON_POSTGRESQL = pytest.mark.requires("postgresql")

HOSTILE_VALUES = (
    "99999999999999999999999",
    "-99999999999999999999999",
    "abc",
    "1e308",
    "a\x00b",
    "长" * 500,
    "9999-99-99",
)
# Names views read from the query string without showing a form for them (grep request.GET in the views).
ALWAYS = ("page", "run", "unit", "state", "servant", "q", "kind", "code")
READER_PREFERENCE = ("office", "clerk_a", "leader", "supervisor_in", "cadre", "user_x", "anon")
# Django's own admin ChangeList turns a date-hierarchy year past C's int range into an OverflowError (it catches
# only ValueError); the middleware's safety net answers those 400, which is the right answer for them.
DATE_HIERARCHY = re.compile(r"^admin:\S+( as \w+)? \?\w+__(year|month|day)\b")
TALLY = SimpleNamespace(pages=0, parameters=0, requests=0, server_errors=[])

_FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S | re.I)
_FIELD = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
_HREF = re.compile(r"href=\"([^\"]*\?[^\"]*)\"", re.I)


def parameters_shown(page: str) -> set[str]:
    """The GET parameters a page offers: its GET forms' fields and its links' query names."""
    names = set()
    for attributes, body in _FORM.findall(page):
        if "post" not in attributes.lower():
            names.update(_FIELD.findall(body))
    for href in _HREF.findall(page):
        names.update(name for name, _ in parse_qsl(urlsplit(html.unescape(href)).query, keep_blank_values=True))
    return {name for name in names if name not in ("csrfmiddlewaretoken", "next", "language")}


def send(client: Client, url: str, query: list[tuple[str, str]], where: str) -> int:
    cache.clear()
    TALLY.requests += 1
    try:
        with transaction.atomic():
            response = client.get(f"{url}?{urlencode(query)}")
            status = response.status_code
            transaction.set_rollback(True)
    except Exception as exc:  # noqa: BLE001 - an exception is the failure being looked for
        TALLY.server_errors.append(f"{where}: {type(exc).__name__}: {str(exc)[:120]}")
        return 500
    if status >= 500:
        TALLY.server_errors.append(f"{where}: {status}")
    elif getattr(response, "portal_error_code", "") == "out_of_range" and not DATE_HIERARCHY.search(where):
        # The middleware's safety net answered 400: the page's own field let the value reach the database.
        TALLY.server_errors.append(f"{where}: reached the database (the out-of-range safety net answered)")
    return status


def hostile_round(client: Client, url: str, shown: set[str], label: str) -> list[str]:
    """Each parameter the page shows alone with each value (and repeated); the names views read without showing
    them all together, one request per value (they are read independently)."""
    before = len(TALLY.server_errors)
    TALLY.pages += 1
    for name in sorted(shown):
        TALLY.parameters += 1
        for value in HOSTILE_VALUES:
            send(client, url, [(name, value)], f"{label} ?{name}={value[:24]!r}")
        send(client, url, [(name, "1"), (name, HOSTILE_VALUES[0])], f"{label} ?{name} repeated")
    unseen = [name for name in ALWAYS if name not in shown]
    TALLY.parameters += len(unseen)
    for value in HOSTILE_VALUES:
        send(client, url, [(name, value) for name in unseen], f"{label} ?{'&'.join(unseen)}={value[:24]!r}")
    return TALLY.server_errors[before:]


@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            from tests.factories import make_user

            built.superuser = make_user("sec-superuser", None, is_staff=True, is_superuser=True)
            built.clients = {}
            for role in READER_PREFERENCE:
                client = Client()
                if role != "anon":
                    client.force_login(getattr(built.cast, role))
                built.clients[role] = client
            admin_client = Client()
            admin_client.force_login(built.superuser)
            built.clients["superuser"] = admin_client
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            capture = request.config.pluginmanager.get_plugin("capturemanager")
            with capture.global_and_fixture_disabled():
                print(f"\nhostile query strings: {TALLY.pages} pages, {TALLY.parameters} parameters, "
                      f"{TALLY.requests} requests, {len(TALLY.server_errors)} × 5xx", flush=True)


# Downloads and exports read the same filters as their lists: sent the list's parameters.
EXPORTS = {
    "records:record_export": "records:record_list",
    "objections:office_export": "objections:office_overview",
    "commitments:export": "commitments:list",
}


def html_pages() -> list[str]:
    """URL names of HTML pages some role may read (200 in the scope matrix's table)."""
    names = []
    for name, row in sorted(TABLE.items()):
        read = row["read"]
        # API operations are fuzzed against the schema (tests/security/test_fuzz_api.py), not here.
        if read is None or is_api_route(name) or name in EXPORTS:
            continue
        if any(read.get(role) == 200 for role in READER_PREFERENCE):
            names.append(name)
    return names


@pytest.mark.parametrize("name", html_pages())
@ON_POSTGRESQL
@pytest.mark.slow
def test_an_html_page_never_answers_5xx_to_a_hostile_query_string(world, name):
    row = TABLE[name]
    role = next(role for role in READER_PREFERENCE if row["read"].get(role) == 200)
    url, _ = url_for(name, row["args"], world.ids)
    client = world.clients[role]
    cache.clear()
    with transaction.atomic():
        page = client.get(url)
        transaction.set_rollback(True)
    readable = page.status_code == 200 and not page.streaming  # a download offers no parameters
    shown = parameters_shown(page.content.decode(errors="replace")) if readable else set()
    errors = hostile_round(client, url, shown, f"{name} as {role}")
    assert not errors, "\n".join(errors)




@pytest.mark.parametrize("export,listing", sorted(EXPORTS.items()))
@ON_POSTGRESQL
@pytest.mark.slow
def test_an_export_never_answers_5xx_to_a_hostile_query_string(world, export, listing):
    client = world.clients["office"]
    with transaction.atomic():
        page = client.get(reverse(listing))
        transaction.set_rollback(True)
    errors = hostile_round(client, reverse(export), parameters_shown(page.content.decode()),
                           f"{export} as office")
    assert not errors, "\n".join(errors)


def admin_changelists() -> list[str]:
    return sorted(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist" for m in admin.site._registry)


@pytest.mark.parametrize("name", admin_changelists())
@ON_POSTGRESQL
@pytest.mark.slow
def test_an_admin_changelist_never_answers_5xx_to_a_hostile_filter(world, name):
    client = world.clients["superuser"]
    url = reverse(name)
    with transaction.atomic():
        page = client.get(url)
        transaction.set_rollback(True)
    assert page.status_code == 200, f"{name}: {page.status_code}"
    shown = parameters_shown(page.content.decode())
    errors = hostile_round(client, url, shown | {"o", "p", "q", "e", "_to_field"}, name)
    assert not errors, "\n".join(errors)


def test_an_id_past_64_bits_in_a_path_is_400_not_500(client, cast):
    """``<int:…>`` takes any digits; the lookup of an id the database cannot hold is answered by the safety net
    (fails before the fix: OverflowError, a 500)."""
    client.force_login(cast.cadre)
    response = client.get(reverse("records:cadre_servant_file", args=[10**25]))
    # SQLite: the safety net's 400; PostgreSQL: Django's out-of-range lookup finds nothing, 404.
    assert response.status_code in (400, 404)


def test_a_nul_byte_in_a_query_string_is_400_before_any_view(client):
    """PostgreSQL refuses NUL in text: before the fix a NUL in an admin filter or a search reached it."""
    response = client.get(reverse("public:disclosure_list"), {"q": "a\x00b"})
    assert response.status_code == 400


def test_the_dashboard_ignores_a_run_that_is_not_an_id(client, cast):
    client.force_login(cast.leader)
    assert client.get(reverse("evaluation:dashboard"), {"run": "abc"}).status_code == 200
    assert client.get(reverse("evaluation:dashboard"), {"run": str(10**25)}).status_code == 200
