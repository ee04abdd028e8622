"""Hostile-input corpus (issue 9, item 8): every field of every API write operation and every HTML form gets one
hostile value per class (tests/security/hostile.py): markup, an SQL fragment, 100,000 characters, control
characters, huge numbers, dates far out of range, identity numbers and unit codes with a wrong checksum; and
invalid UTF-8 in a raw body (JSON and form-encoded) once per operation and field.

The operations come from the generated OpenAPI schema, the forms from the URL configuration (a view with a form
class, a ``get_form``, or a form bound to ``request.POST``/``GET``); a write operation or a form view without a
case in tests/security/hostile_cases.py fails the completeness tests. Each value is sent as a role allowed to
write there, on top of a valid payload, inside a savepoint rolled back afterwards.

Checks: never a 5xx (nor an exception); a refusal (4xx, or a form shown again) carries a message; an API refusal
never comes from the exception handler's database guard (``out_of_range``: the field let the value through to the
database); a wrong checksum is refused; and where a markup value is accepted, the pages that show it (and the
form page itself when shown again) contain it only escaped. Runs on SQLite and on PostgreSQL (NUL bytes and
integers past 64 bits fail only there). The run ends with the figure of values sent.
"""
from __future__ import annotations

import inspect
import itertools
import json
import re
import time
import traceback
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django import forms as django_forms
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

from tests.security import hostile
from tests.security.hostile_cases import API_CASES, FORM_CASES, NOT_FORMS

# A database test for pytest-django (the test database is built); the world itself is module-scoped.
pytestmark = pytest.mark.django_db

WRITE_METHODS = ("post", "put", "patch", "delete")
TALLY = SimpleNamespace(values=0, fields=set(), targets=set(), server_errors=0, shown=0, base={})
_ADDRESSES = itertools.count(1)
PLATFORM_SECRET = "hostile-inputs-secret"


# --- the schema and the URL configuration -----------------------------------------------------------------------

_SCHEMA: dict = {}


def api_schema() -> dict:
    if not _SCHEMA:
        from drf_spectacular.generators import SchemaGenerator

        _SCHEMA.update(SchemaGenerator().get_schema(request=None, public=True))
    return _SCHEMA


def _resolve(schema: dict, node: dict) -> dict:
    while True:
        if "$ref" in node:
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[-1]]
        elif "allOf" in node:
            node = node["allOf"][0]
        elif "oneOf" in node:
            node = node["oneOf"][0]
        else:
            return node


def _kind_of_property(schema: dict, prop: dict) -> tuple[str, bool]:
    prop = _resolve(schema, prop)
    if prop.get("type") == "array":
        return _kind_of_property(schema, prop.get("items", {}))[0], True
    if prop.get("format") == "binary":
        return "file", False
    if prop.get("type") in ("integer", "number") or prop.get("format") == "decimal":
        return "number", False
    if prop.get("format") in ("date", "date-time"):
        return "date", False
    return "text", False


def write_operations() -> dict[str, dict]:
    """"METHOD /path" -> {"json": bool, "fields": {name: (kind, is_array)}} for every write operation."""
    schema = api_schema()
    operations = {}
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in WRITE_METHODS:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            fields = {}
            for media in content.values():
                body = _resolve(schema, media["schema"])
                fields = {name: _kind_of_property(schema, prop) for name, prop in body.get("properties", {}).items()
                          if not prop.get("readOnly")}
                break
            operations[f"{method.upper()} {path}"] = {"json": "application/json" in content or not content,
                                                     "fields": fields}
    return operations


def _url_entries(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            yield from _url_entries(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry.callback


_BOUND_FORM = re.compile(r"\b\w*Form\w*\)?\((?:self\.)?request\.(?:POST|GET)\b")


def _own_sources(callback) -> list[str]:
    view_class = getattr(callback, "view_class", None)
    targets = [k for k in view_class.__mro__ if not k.__module__.startswith(("django.", "rest_framework"))] \
        if view_class else [inspect.unwrap(callback)]
    sources = []
    for target in targets:
        try:
            sources.append(inspect.getsource(target))
        except (OSError, TypeError):
            continue
    return sources


def discover_form_views() -> dict[str, str]:
    """URL name -> why it counts, for every HTML view that takes a form or a POST (admin and API excluded)."""
    found = {}
    for name, callback in _url_entries():
        if name.startswith("admin:") or getattr(callback, "cls", None) is not None:  # DRF views
            continue
        module = getattr(callback, "__module__", "")
        if module.startswith(("rest_framework", "drf_spectacular")):
            continue
        view_class = getattr(callback, "view_class", None)
        sources = _own_sources(callback)
        if view_class is not None and getattr(view_class, "form_class", None) is not None:
            found[name] = "form_class"
        elif view_class is not None and any(k.__dict__.get(m) for k in view_class.__mro__
                                            if not k.__module__.startswith("django.")
                                            for m in ("get_form", "get_form_class")):
            found[name] = "get_form"
        elif any(_BOUND_FORM.search(source) for source in sources):
            found[name] = "a form bound to the request"
        elif (view_class is not None and hasattr(view_class, "post")) or \
                any("POST" in source for source in sources):
            found[name] = "takes a POST"
    return found


# --- the world, once per module ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def world(request, django_db_setup, django_db_blocker):
    from tests.commitments.conftest import make_commitment
    from tests.security.world import build_world

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            w = build_world()
            w.extra = SimpleNamespace(draft_commitment=make_commitment(w.cast, title="草稿承诺"))
            yield w
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            _report(request)


def _report(request):
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is None or not TALLY.values:
        return
    refused = sorted(label for label, status in TALLY.base.items() if not 200 <= status < 400)
    # Past pytest's output capture (this runs in the last test's teardown): CI's log shows the figure.
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled():
        _write_report(reporter, refused)


def _write_report(reporter, refused):
    reporter.ensure_newline()
    reporter.write_line(
        f"hostile inputs: {TALLY.values} values sent to {len(TALLY.fields)} fields of {len(TALLY.targets)} "
        f"operations/forms, {TALLY.server_errors} × 5xx; {TALLY.shown} pages checked for escaping; "
        f"valid base payload accepted by {len(TALLY.base) - len(refused)} of {len(TALLY.base)}")
    if refused:
        reporter.write_line("hostile inputs: base payload refused (values checked at validation only): "
                            + ", ".join(f"{label} ({TALLY.base[label]})" for label in refused))


@pytest.fixture
def in_world(world, django_db_blocker, settings):
    settings.DISPUTES_RATE_LIMITS = {"submit": (10**9, 3600), "track": (10**9, 600)}
    settings.CITY_PLATFORM_SECRET = PLATFORM_SECRET
    with django_db_blocker.unblock():
        with transaction.atomic():
            yield world
            transaction.set_rollback(True)


def _in_savepoint(function):
    savepoint = transaction.savepoint()
    try:
        return function()
    finally:
        transaction.savepoint_rollback(savepoint)
        connection.needs_rollback = False


def _address() -> dict:
    n = next(_ADDRESSES)
    return {"REMOTE_ADDR": f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"}


def _user(w, role):
    return None if role == "anon" else getattr(w.cast, role)


def _arg(w, spec):
    return spec(w) if callable(spec) else w.ids[spec]


# --- checks shared by the API and the forms ---------------------------------------------------------------------

def _html_clients(w) -> dict:
    clients = {}

    def client_for(role):
        if role not in clients:
            client = Client()
            if role != "anon":
                client.force_login(_user(w, role))
            clients[role] = client
        return clients[role]

    return client_for


def check_pages(w, pages, client_for, label, problems):
    for page, role in pages:
        try:
            response = client_for(role).get(page)
        except Exception as exc:  # noqa: BLE001 - an exception is the server error this test looks for
            problems.append(f"{label}: showing {page} as {role} raised {type(exc).__name__}: {exc}"[:300])
            continue
        TALLY.shown += 1
        if response.status_code >= 500:
            problems.append(f"{label}: showing {page} as {role} answered {response.status_code}")
        found = hostile.raw_markup_in(response.content.decode(errors="replace"))
        if found:
            problems.append(f"{label}: {page} as {role} shows the markup unescaped: {found[0]!r}")


def _server_error(label, exc_or_status, problems):
    TALLY.server_errors += 1
    if isinstance(exc_or_status, Exception):
        frames = [f for f in traceback.extract_tb(exc_or_status.__traceback__)
                  if "site-packages" not in f.filename and "/tests/" not in f.filename]
        where = f" at {frames[-1].filename.rsplit('/main/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
        problems.append(f"{label}: raised {type(exc_or_status).__name__}{where}: {exc_or_status}"[:400])
    else:
        problems.append(f"{label}: answered {exc_or_status}")


def _set(payload: dict, dotted: str, value) -> dict:
    payload = json.loads(json.dumps(payload))
    head, _, rest = dotted.partition(".")
    if rest:
        payload[head] = {**(payload.get(head) or {}), rest: value}
    else:
        payload[head] = value
    return payload


def _without(payload: dict, dotted: str) -> dict:
    payload = json.loads(json.dumps(payload))
    head, _, rest = dotted.partition(".")
    if rest:
        payload.get(head, {}).pop(rest, None)
    else:
        payload.pop(head, None)
    return payload


PLACEHOLDER = "__HOSTILE_BYTES__"


def invalid_utf8_bodies(payload_with_placeholders: dict, json_too: bool) -> list[tuple[str, str, bytes]]:
    """Invalid UTF-8 in place of every placeholder: in a JSON body, raw in a form body, and percent-encoded."""
    bad, marker = hostile.INVALID_UTF8, PLACEHOLDER.encode()
    bodies = []
    if json_too:
        bodies.append(("utf8:json", "application/json",
                       hostile.dumps(payload_with_placeholders).replace(b'"' + marker + b'"', b'"' + bad + b'"')))
    form = urlencode(_flat(payload_with_placeholders), doseq=True).encode()
    bodies.append(("utf8:form-raw", "application/x-www-form-urlencoded", form.replace(marker, bad)))
    bodies.append(("utf8:form-pct", "application/x-www-form-urlencoded",
                   form.replace(marker, b"".join(b"%%%02X" % byte for byte in bad))))
    return bodies


def _flat(payload: dict) -> dict:
    return {key: (json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else value)
            for key, value in payload.items() if value is not None}


# --- the API ------------------------------------------------------------------------------------------------

def test_every_api_write_operation_has_a_case():
    operations = set(write_operations())
    assert len(operations) > 40
    assert not operations - set(API_CASES), f"write operations with no hostile-input case: {operations - set(API_CASES)}"
    assert not set(API_CASES) - operations, f"cases for operations that do not exist: {set(API_CASES) - operations}"


def _api_fields(key, case, operation, base) -> dict[str, tuple[str, bool]]:
    fields = dict(operation["fields"]) or {name: (case.kinds.get(name, "text"), False) for name in case.fields}
    for name, value in base.items():  # a nested object's own fields (details.fine_amount, corrections.title)
        if isinstance(value, dict):
            fields.update({f"{name}.{inner}": ("text", False) for inner in value})
    fields = {name: (case.kinds.get(name, kind), is_array) for name, (kind, is_array) in fields.items()
              if kind != "file"}
    return fields


def _api_request(w, key, case, operation, body: bytes | None = None, payload=None, content_type=None):
    method, path = key.split(" ", 1)
    for parameter, spec in case.path.items():
        path = path.replace("{" + parameter + "}", str(_arg(w, spec)))
    client = APIClient()
    user = _user(w, case.role)
    if user is not None:
        client.force_authenticate(user=user)
    extra = _address()
    if body is None and operation["json"]:
        body, content_type = hostile.dumps(payload), "application/json"
    if body is None:  # multipart: every value as text
        data = {k: ([str(i) for i in v] if isinstance(v, list) else str(v)) for k, v in payload.items()
                if v is not None}
        return client.generic(method, path, **_multipart(client, data), **extra)
    if case.signed:
        from notifications.platform import sign

        stamp = str(int(time.time()))
        extra.update(HTTP_X_PORTAL_TIMESTAMP=stamp,
                     HTTP_X_PORTAL_SIGNATURE=sign(body, timestamp=stamp, secret=PLATFORM_SECRET))
    return client.generic(method, path, body, content_type=content_type, **extra)


def _multipart(client, data):
    from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

    return {"data": encode_multipart(BOUNDARY, data), "content_type": MULTIPART_CONTENT}


def _api_answer(response):
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _check_api(w, label, response, hostile_value, case, client_for, problems, field):
    TALLY.values += 1
    status = response.status_code
    if status >= 500:
        return _server_error(label, status, problems)
    answer = _api_answer(response)
    if 400 <= status < 500:
        if not hostile.json_has_message(answer):
            problems.append(f"{label}: {status} without a JSON message: {response.content[:120]!r}")
        if isinstance(answer, dict) and answer.get("code") == "out_of_range":
            problems.append(f"{label}: reached the database (the exception handler's guard answered): "
                            "validate the field")
        return None
    if hostile_value is not None and hostile_value.cls == "checksum":
        problems.append(f"{label}: a wrong checksum was accepted ({status})")
    if hostile_value is not None and hostile_value.is_markup and case.shows:
        check_pages(w, case.shows(w, answer if isinstance(answer, dict) else None), client_for, label, problems)
    return None


# The sending runs in CI's PostgreSQL stage (where NUL bytes and huge integers reach a strict database);
# the completeness checks above run everywhere.
ON_POSTGRESQL = pytest.mark.requires("postgresql")


@pytest.mark.parametrize("key", sorted(API_CASES))
@ON_POSTGRESQL
@pytest.mark.slow
def test_an_api_operation_refuses_hostile_values_cleanly(in_world, key):
    w = in_world
    case = API_CASES[key]
    operation = write_operations().get(key)
    assert operation is not None, f"{key} is not in the schema"
    client_for = _html_clients(w)
    problems: list[str] = []
    TALLY.targets.add(key)
    base = case.body(w)

    def send(label, hostile_value=None, field=None, **request):
        def run():
            if case.prepare:
                case.prepare(w)
            try:
                response = _api_request(w, key, case, operation, **request)
            except Exception as exc:  # noqa: BLE001 - an exception is the server error this test looks for
                TALLY.values += 1
                return _server_error(label, exc, problems)
            if hostile_value is None and field is None:
                TALLY.base[key] = response.status_code
            return _check_api(w, label, response, hostile_value, case, client_for, problems, field)
        _in_savepoint(run)

    send(f"{key} base", payload=base)
    fields = _api_fields(key, case, operation, base)
    for name, (kind, is_array) in fields.items():
        TALLY.fields.add(f"{key} {name}")
        for value in hostile.values_for(kind):
            sent = [value.value] if is_array else value.value
            send(f"{key} {name}={value.label}", value, name, payload=_set(base, name, sent))
    marked = base
    for name, (_kind, is_array) in fields.items():
        if not isinstance(base.get(name), dict):  # an object's own fields are marked one by one
            marked = _set(marked, name, [PLACEHOLDER] if is_array else PLACEHOLDER)
    for label, content_type, body in invalid_utf8_bodies(marked, json_too=True):
        send(f"{key} every field={label}", None, "*", body=body, content_type=content_type)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


# --- the HTML forms -----------------------------------------------------------------------------------------

def test_every_form_view_has_a_case():
    found = discover_form_views()
    assert len(found) > 50
    missing = {name: why for name, why in found.items() if name not in FORM_CASES and name not in NOT_FORMS}
    assert not missing, f"form views with no hostile-input case (add one to FORM_CASES or NOT_FORMS): {missing}"
    assert not (set(FORM_CASES) | set(NOT_FORMS)) - set(found), "cases for views the discovery does not find"


@pytest.mark.urls("tests.security.urls_with_extra_form")
def test_the_form_discovery_finds_a_form_view_added_without_a_case():
    assert discover_form_views().get("security-extra-form") == "form_class"


def _kind_of_field(form_field) -> str:
    if isinstance(form_field, django_forms.FileField):
        return "file"
    if isinstance(form_field, django_forms.IntegerField | django_forms.DecimalField | django_forms.FloatField):
        return "number"
    if isinstance(form_field, django_forms.DateField | django_forms.DateTimeField):
        return "date"
    return "text"


def _choices(form_field) -> list:
    values = []
    for value, label in form_field.choices:
        if isinstance(label, list | tuple):
            values += [inner for inner, _ in label]
        else:
            values.append(value)
    return [getattr(v, "value", v) for v in values if v not in ("", None)]


def _valid_value(bound, form_field):
    initial = bound.value()
    if isinstance(form_field, django_forms.ModelMultipleChoiceField):
        chosen = [getattr(item, "pk", item) for item in (initial or [])]
        return chosen or [form_field.queryset.values_list("pk", flat=True).first()]
    if isinstance(form_field, django_forms.ModelChoiceField):
        if initial not in (None, ""):
            return getattr(initial, "pk", initial)
        return form_field.queryset.values_list("pk", flat=True).first() if form_field.required else ""
    if initial not in (None, "", []):
        if hasattr(initial, "isoformat"):
            return initial.isoformat()
        return initial
    if isinstance(form_field, django_forms.MultipleChoiceField):
        return _choices(form_field)[:1]
    if isinstance(form_field, django_forms.ChoiceField):
        return (_choices(form_field) or [""])[0]
    if isinstance(form_field, django_forms.BooleanField):
        return "on" if form_field.required else None
    if isinstance(form_field, django_forms.DateTimeField):
        return "2026-03-02 10:00"
    if isinstance(form_field, django_forms.DateField):
        return "2026-03-02"
    if isinstance(form_field, django_forms.IntegerField):
        low = form_field.min_value if form_field.min_value is not None else 1
        return str(max(low, 1) if form_field.max_value is None else min(max(low, 1), form_field.max_value))
    if isinstance(form_field, django_forms.DecimalField | django_forms.FloatField):
        return "1"
    if isinstance(form_field, django_forms.EmailField):
        return "wang@example.cn"
    if isinstance(form_field, django_forms.FileField):
        return None
    return "正常内容"


def _page_url(w, name, case) -> str:
    return reverse(name, kwargs={k: _arg(w, spec) for k, spec in case.args.items()}) + case.query


def _the_form(w, name, case, client, user):
    """The form the page shows (or the case's own), unbound: its fields and their valid values."""
    if case.form is not None:
        return case.form(w, user)
    response = client.get(_page_url(w, name, case))
    assert response.status_code == 200, f"{name}: the form page answered {response.status_code}"
    return response.context["form"]


def _form_has_message(response) -> bool:
    for context in response.context or []:
        for value in context.flatten().values() if hasattr(context, "flatten") else []:
            if isinstance(value, django_forms.BaseForm) and value.is_bound and value.errors:
                return True
    if response.status_code < 400:
        return False
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<[^>]+>", "", response.content.decode(errors="replace"),
                  flags=re.S)
    return bool(re.search(r"\w", text))


def _check_form(w, label, response, hostile_value, case, client_for, role, problems):
    TALLY.values += 1
    status = response.status_code
    if status >= 500:
        return _server_error(label, status, problems)
    page = response.content.decode(errors="replace")
    found = hostile.raw_markup_in(page)
    if found:
        problems.append(f"{label}: the answer shows the markup unescaped: {found[0]!r}")
    refused = status >= 400 or _form_has_message(response)
    if refused:
        if status >= 400 and not _form_has_message(response):
            problems.append(f"{label}: refused ({status}) without a message")
        return None
    # Accepted: a redirect, or a page with no form errors (a receipt, a result).
    if hostile_value is not None and hostile_value.cls == "checksum":
        problems.append(f"{label}: a wrong checksum was accepted ({status})")
    if hostile_value is not None and hostile_value.is_markup:
        pages = [(response["Location"], role)] if status in (301, 302, 303) else []
        check_pages(w, pages + (case.shows(w) if case.shows else []), client_for, label, problems)
    return None


@pytest.mark.parametrize("name", sorted(FORM_CASES))
@ON_POSTGRESQL
@pytest.mark.slow
def test_a_form_refuses_hostile_values_cleanly(in_world, name):
    w = in_world
    case = FORM_CASES[name]
    user = _user(w, case.role)
    client_for = _html_clients(w)
    client = client_for(case.role)
    problems: list[str] = []
    TALLY.targets.add(name)

    def setup():
        if case.prepare:
            case.prepare(w)
        page_url = _page_url(w, name, case)
        if case.fields:
            return page_url, {f: case.kinds.get(f, "text") for f in case.fields}, {}
        form = _the_form(w, name, case, client, user)
        kinds = {n: case.kinds.get(n) or _kind_of_field(f) for n, f in form.fields.items()}
        base = {n: _valid_value(form[n], f) for n, f in form.fields.items()}
        return page_url, {n: k for n, k in kinds.items() if k != "file"}, base

    page_url, fields, generated = _in_savepoint(setup)
    base = {k: v for k, v in {**generated, **case.data(w)}.items() if v is not None}

    def send(label, hostile_value=None, data=None, raw=None):
        def run():
            if case.prepare:
                case.prepare(w)
            try:
                if raw is not None:
                    response = client.generic("POST", page_url, raw[1], content_type=raw[0], **_address())
                elif case.method == "get":
                    response = client.get(page_url, data, **_address())
                else:
                    response = client.post(page_url, data, **_address())
            except Exception as exc:  # noqa: BLE001 - an exception is the server error this test looks for
                TALLY.values += 1
                return _server_error(label, exc, problems)
            if hostile_value is None and raw is None:
                TALLY.base[name] = 400 if _form_has_message(response) else response.status_code
            return _check_form(w, label, response, hostile_value, case, client_for, case.role, problems)
        _in_savepoint(run)

    send(f"{name} base", data=_as_form_data(base))
    for field, kind in fields.items():
        TALLY.fields.add(f"{name} {field}")
        for value in hostile.values_for(kind):
            sent = [value.value] if isinstance(base.get(field), list) else value.value
            send(f"{name} {field}={value.label}", value, data=_as_form_data({**base, field: sent}))
    if case.method == "post":
        marked = _as_form_data({**base, **{field: PLACEHOLDER for field in fields}})
        for label, content_type, body in invalid_utf8_bodies(marked, json_too=False):
            send(f"{name} every field={label}", raw=(content_type, body))
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


def _as_form_data(data: dict) -> dict:
    return {k: ([str(i) for i in v] if isinstance(v, list) else str(v)) for k, v in data.items() if v is not None}
