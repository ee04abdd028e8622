"""Issue 16, finding 11: personal pages, API answers that are not public and every export download say
``Cache-Control: private, no-store`` — one rule (integrity_portal.middleware.PrivateAnswersMiddleware): an answer
to a request that carries credentials (a session or a token), to a write, or a download. Public pages for
anonymous visitors keep their own caching; static files are served before the rule."""
import pytest
from django.urls import reverse
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


def private(response) -> bool:
    directives = {d.strip() for d in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives or directives == {"no-store"}


@pytest.mark.parametrize("who, name, args", [
    ("user_x", "records:my_file", []),
    ("user_x", "objections:objection_list", []),
    ("cadre", "records:cadre_check_list", []),
    ("office", "records:servant_detail", ["servant_x"]),
    ("clerk_a", "records:record_list", []),
    ("office", "records:record_export", []),
    ("office", "objections:office_export", []),
    ("clerk_a", "commitments:export", []),
    ("clerk_a", "commitments:public_list", []),  # a signed-in user may see limited ones: never shared
])
def test_pages_and_downloads_for_a_signed_in_user_are_private_no_store(client, cast, who, name, args):
    client.force_login(getattr(cast, who))
    response = client.get(reverse(name, args=[getattr(cast, a).pk for a in args]))
    assert response.status_code == 200
    assert private(response), response.get("Cache-Control")


@pytest.mark.parametrize("who, path", [
    ("user_x", "/api/v1/me/file/"),
    ("clerk_a", "/api/v1/records/"),
    ("office", "/api/v1/civil-servants/"),
    ("leader", "/api/v1/commitments/"),
])
def test_api_answers_with_a_token_are_private_no_store(client, cast, who, path):
    token = Token.objects.create(user=getattr(cast, who))
    response = client.get(path, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 200
    assert private(response), response.get("Cache-Control")


def test_an_anonymous_write_is_private(client, cast):
    response = client.post("/api/v1/workdays/add/", {})
    assert private(response), response.get("Cache-Control")


def test_public_answers_to_anonymous_visitors_stay_cacheable(client, cast):
    for path in (reverse("commitments:public_list"), "/api/v1/commitments/", reverse("home")):
        response = client.get(path)
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", ""), path
