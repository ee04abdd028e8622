"""Issue 16 finding 11 (last part): API-only accounts (the ``api_client`` role) cannot use the HTML site."""
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"  # tests.factories.make_user


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_html_login_refuses_an_api_client_with_a_clear_message(cast):
    """Fails before the fix: ``apiclient`` signed in to the workspace (302 to the workspace home)."""
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": cast.api_client.username, "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "仅供外部系统通过接口调用" in response.content.decode()
    assert client.get(reverse("workspace-home")).status_code == 302


def test_a_session_of_an_api_client_gets_no_staff_page(cast):
    """Fails before the fix: the workspace home and the inbox answered 200 to an api_client session."""
    client = Client()
    client.force_login(cast.api_client)
    for name in ("workspace-home", "notifications:inbox", "accounts:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302, name
        assert response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session  # the session is ended, not merely refused once


def test_the_api_client_keeps_its_token_and_the_api(cast, api):
    response = Client().post(reverse("api-token"), {"username": cast.api_client.username, "password": PASSWORD})
    assert response.status_code == 200
    assert api.as_(cast.api_client).get(reverse("api-me")).status_code == 200


def test_other_roles_still_sign_in(cast):
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": cast.clerk_a.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("workspace-home")).status_code == 200
