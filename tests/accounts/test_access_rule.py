"""The access rule of DESIGN.md §1, on the foundation's endpoints and pages."""
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.choices import Role

pytestmark = pytest.mark.django_db


def test_every_role_group_exists_with_its_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(Role.values) <= names
    office = Group.objects.get(name=Role.CREDIT_OFFICE)
    assert office.permissions.filter(codename="change_unit").exists()
    clerk = Group.objects.get(name=Role.CLERK)
    assert clerk.permissions.filter(codename="view_unit").exists()
    assert not clerk.permissions.filter(codename="change_unit").exists()


def test_anonymous_api_request_is_401_with_a_challenge(api, cast):
    response = api.as_(None).get("/api/v1/units/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")


@pytest.mark.parametrize("who", ["user_x", "api_client"])
def test_a_role_never_allowed_is_403(api, cast, who):
    assert api.as_(getattr(cast, who)).get("/api/v1/units/").status_code == 403


def test_an_object_out_of_scope_is_404_not_403(api, cast):
    client = api.as_(cast.clerk_a)
    assert client.get(f"/api/v1/units/{cast.unit_a.pk}/").status_code == 200
    assert client.get(f"/api/v1/units/{cast.unit_b.pk}/").status_code == 404
    assert client.get(f"/api/v1/civil-servants/{cast.servant_y.pk}/").status_code == 404
    assert client.patch(f"/api/v1/civil-servants/{cast.servant_y.pk}/", {"post": "x"}, format="json").status_code == 404


def test_an_unsupported_method_is_405(api, cast):
    client = api.as_(cast.office)
    assert client.delete(f"/api/v1/units/{cast.unit_a.pk}/").status_code == 405
    assert client.delete(f"/api/v1/civil-servants/{cast.servant_x.pk}/").status_code == 405
    assert client.put(f"/api/v1/units/{cast.unit_a.pk}/", {}, format="json").status_code == 405


def test_a_transition_not_allowed_is_409_and_changes_nothing(api, cast):
    client = api.as_(cast.office)
    body = {"successor": cast.unit_b.pk, "status": "merged", "on": "2026-01-01", "reason": "区委编委〔2026〕1号"}
    assert client.post(f"/api/v1/units/{cast.unit_a.pk}/succeed/", body, format="json").status_code == 200
    again = client.post(f"/api/v1/units/{cast.unit_a.pk}/succeed/", body, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "wrong_state"
    cast.unit_a.refresh_from_db()
    assert cast.unit_a.successor_id == cast.unit_b.pk


def test_a_body_over_the_limit_is_413(api, cast, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = api.as_(cast.office).post("/api/v1/units/", {"name": "x" * 4000}, format="json")
    assert response.status_code == 413


def test_anonymous_on_a_staff_page_is_sent_to_login(client, cast):
    response = client.get(reverse("records:unit_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_html_role_and_scope_answers(client, cast):
    client.force_login(cast.user_x)
    assert client.get(reverse("records:unit_list")).status_code == 403
    client.force_login(cast.clerk_a)
    assert client.get(reverse("records:unit_detail", args=[cast.unit_a.pk])).status_code == 200
    assert client.get(reverse("records:unit_detail", args=[cast.unit_b.pk])).status_code == 404


def test_token_endpoint_gives_a_token_that_authenticates(api, cast):
    response = api.as_(None).post("/api/v1/auth/token/", {"username": "clerk_a", "password": "pw-for-tests-1"},
                                  format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["roles"] == ["clerk"]
    assert me.json()["unit"] == cast.unit_a.pk


def test_repeated_failed_logins_lock_the_account(client, cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "clerk_a", "password": "wrong"})
    locked = client.post(reverse("accounts:login"), {"username": "clerk_a", "password": "pw-for-tests-1"})
    assert locked.status_code == 429
    assert "锁定" in locked.content.decode()


def test_login_page_is_in_chinese(client, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="zh-hans"' in html
    assert "登录" in html


def test_english_is_available_through_the_language_switch(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert 'lang="en"' in response.content.decode()


def test_a_browser_asking_for_english_still_gets_chinese_until_the_user_switches(client, db):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="zh-hans"' in response.content.decode()
