"""Hardening (issue 9, item 5): CSP without inline script, frame denial, login lockout, the token
endpoint's rate limit, the request size cap enforced before the body is read, and production's
cookie and transport settings. (`check --deploy` itself: tests/test_settings_checks.py.)"""
import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from integrity_portal.middleware import BodySizeLimitMiddleware
from records.uploads import upload_check
from tests.test_settings_checks import PORTAL_ENV, ROOT, random_secret

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()  # throttle counters live in the cache
    yield
    cache.clear()


def _directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


# --- Content-Security-Policy and framing ----------------------------------------------------

@pytest.mark.parametrize("url", ["/", reverse("accounts:login"), "/api/docs/", "/api/redoc/"])
def test_pages_send_a_csp_without_inline_or_eval_script(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    script = policy.get("script-src", policy["default-src"])
    assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script
    assert not any(source.startswith(("http:", "https:", "*")) for source in script)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]


def test_the_staff_workspace_also_carries_the_policy(client, cast):
    client.force_login(cast.clerk_a)
    response = client.get(reverse("records:record_list"))
    assert response.status_code == 200
    assert "'unsafe-inline'" not in _directives(response["Content-Security-Policy"])["script-src"]


def test_templates_rendered_have_no_inline_script(client, cast):
    """What the CSP forbids must not be in the pages: no inline <script> body, no on*= handlers."""
    client.force_login(cast.office)
    for url in ("/", reverse("records:record_list"), reverse("records:record_create"), "/api/docs/", "/api/redoc/"):
        html = client.get(url).content.decode()
        assert "https://" not in html.replace("https://www.w3.org", ""), f"a remote asset on {url}"
        for chunk in html.split("<script")[1:]:
            tag, _sep, rest = chunk.partition(">")
            assert "src=" in tag, f"inline script on {url}: <script{tag}>{rest[:80]}"
        assert " onclick=" not in html and " onload=" not in html and " onsubmit=" not in html, url


def test_pages_may_not_be_framed(client):
    response = client.get("/")
    assert response["X-Frame-Options"] == "DENY"


# --- login lockout and the token endpoint's rate limit -------------------------------------

def test_the_login_page_locks_an_account_after_five_failures(client, cast, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    url = reverse("accounts:login")
    for _ in range(4):
        assert client.post(url, {"username": "clerk_a", "password": "wrong-password"}).status_code == 200
    # The fifth failure locks the account: from then on even the right password is refused.
    assert client.post(url, {"username": "clerk_a", "password": "wrong-password"}).status_code == 429
    locked = client.post(url, {"username": "clerk_a", "password": "pw-for-tests-1"})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()


def test_the_token_endpoint_answers_429_past_its_rate_per_address(client, cast):
    from rest_framework.settings import api_settings

    limit = int(api_settings.DEFAULT_THROTTLE_RATES["auth_token"].split("/")[0])
    statuses = [client.post(TOKEN_URL, {"username": f"nobody{i}", "password": "x"}, REMOTE_ADDR="203.0.113.7").status_code
                for i in range(limit)]
    assert 429 not in statuses and set(statuses) == {400}
    refused = client.post(TOKEN_URL, {"username": "apiclient", "password": "x"}, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) >= 1
    # Another address is counted on its own; a spoofed X-Forwarded-For does not reset the count.
    assert client.post(TOKEN_URL, {"username": "x", "password": "x"}, REMOTE_ADDR="203.0.113.8").status_code == 400
    assert client.post(TOKEN_URL, {"username": "x", "password": "x"}, REMOTE_ADDR="203.0.113.7",
                       HTTP_X_FORWARDED_FOR="198.51.100.1").status_code == 429


# --- request size cap, before the body is read --------------------------------------------

class UnreadableBody:
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def test_an_oversized_body_is_refused_with_413_without_being_read(client, settings):
    too_big = settings.MAX_REQUEST_BODY_BYTES + 1
    response = client.generic("POST", TOKEN_URL, b"", content_type="application/json",
                              CONTENT_LENGTH=str(too_big), **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 413
    assert "请求内容过大" in response.json()["detail"]


def test_an_oversized_upload_to_a_record_is_refused_with_413(api, cast, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    client = api.as_(cast.clerk_a)
    response = client.generic("POST", "/api/v1/records/1/attachments/", b"", content_type="multipart/form-data",
                              CONTENT_LENGTH="4096", **{"wsgi.input": UnreadableBody()})
    assert response.status_code == 413


def test_a_chunked_body_without_length_is_refused_unread(rf):
    request = rf.generic("POST", TOKEN_URL, b"", HTTP_TRANSFER_ENCODING="chunked")
    request.META.pop("CONTENT_LENGTH", None)
    request.META["wsgi.input"] = UnreadableBody()
    response = BodySizeLimitMiddleware(lambda r: pytest.fail("the view ran"))(request)
    assert response.status_code == 411


def test_uploads_are_checked_by_content_not_only_by_name():
    assert upload_check("ok.pdf", b"%PDF-1.4 real") == "application/pdf"
    for name, data in (("fake.pdf", b"MZ\x90\x00 an executable"), ("page.png", b"<script>alert(1)</script>"),
                       ("run.exe", b"%PDF-1.4 renamed")):
        with pytest.raises(ValidationError):
            upload_check(name, data)


# --- production settings ----------------------------------------------------------------------

def test_production_cookies_transport_and_framing_are_locked_down():
    env = {key: value for key, value in os.environ.items() if key not in PORTAL_ENV}
    env.update(DJANGO_SETTINGS_MODULE="integrity_portal.settings.production", SECRET_KEY=random_secret(),
               ALLOWED_HOSTS="credit.example.gov.cn", DATABASE_URL="postgres://u:p@127.0.0.1:5432/x")
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k) "
        "for k in ('SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SESSION_COOKIE_SAMESITE', 'CSRF_COOKIE_SECURE', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_SSL_REDIRECT', 'X_FRAME_OPTIONS', "
        "'SECURE_CONTENT_TYPE_NOSNIFF', 'DEBUG', 'MIDDLEWARE', 'CONTENT_SECURITY_POLICY')}))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    prod = json.loads(result.stdout.strip().splitlines()[-1])
    assert prod["SESSION_COOKIE_SECURE"] and prod["SESSION_COOKIE_HTTPONLY"] and prod["CSRF_COOKIE_SECURE"]
    assert prod["SESSION_COOKIE_SAMESITE"] in ("Lax", "Strict")
    assert prod["SECURE_HSTS_SECONDS"] >= 31536000 and prod["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert prod["SECURE_SSL_REDIRECT"] and prod["SECURE_CONTENT_TYPE_NOSNIFF"] and not prod["DEBUG"]
    assert prod["X_FRAME_OPTIONS"] == "DENY"
    assert "csp.middleware.CSPMiddleware" in prod["MIDDLEWARE"]
    assert "'unsafe-inline'" not in prod["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["script-src"]


# --- uploaded files only through the access-checked views (issue 16 item 10) ----------------------------------

def test_the_dev_settings_serve_no_uploaded_file_by_its_path(tmp_path):
    """With DEBUG on (make run), /media/<path> used to serve an objection's evidence to anyone who knew its hash
    path (fails before the fix: the path resolved to django.views.static.serve). Only the download views, which
    check the reader's scope, hand out uploaded files."""
    env = {key: value for key, value in os.environ.items() if key not in PORTAL_ENV}
    env.update(DJANGO_SETTINGS_MODULE="integrity_portal.settings.dev", PORTAL_VAR_DIR=str(tmp_path))
    probe = ("import django; django.setup(); from django.conf import settings; from django.urls import resolve, "
             "Resolver404\nassert settings.DEBUG\ntry:\n    match = resolve(settings.MEDIA_URL + 'objections/ab/cd.pdf')\n"
             "    print('SERVED', match.func.__module__)\nexcept Resolver404:\n    print('NOT SERVED')")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "NOT SERVED"
