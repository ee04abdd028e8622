"""Issue 16 finding 8: the HTML login has a per-address limit, and the lock-out is on the pair (username, address),
so an attacker cannot lock the real user out from elsewhere; the office unlocks."""
import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts import services
from accounts.models import AuditEntry

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-1"  # tests.factories.make_user
ATTACKER, OFFICE_NETWORK = "203.0.113.66", "198.51.100.20"
LOGIN = reverse("accounts:login")
WRONG = "wrong-password"  # noqa: S105 - a wrong password is the point


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def attempt(username, password=WRONG, address=ATTACKER, url=LOGIN):
    return Client().post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_lock_out_is_on_the_pair_so_the_real_user_signs_in_from_elsewhere(cast, settings):
    """Fails before the fix: five failures from the attacker's address locked clerk A out everywhere (429)."""
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(cast.clerk_a.username)
    assert attempt(cast.clerk_a.username, PASSWORD).status_code == 429  # the pair is locked
    assert attempt(cast.clerk_a.username, PASSWORD, address=OFFICE_NETWORK).status_code == 302


def test_many_names_from_one_address_are_refused_past_the_address_limit(cast, settings):
    """Fails before the fix: 25 failures on different usernames from one address were all 200."""
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert limit < 25
    statuses = [attempt(f"guess{i}").status_code for i in range(25)]
    assert set(statuses[:limit - 1]) == {200}
    assert set(statuses[limit:]) == {429}
    refused = attempt(cast.clerk_b.username, PASSWORD)
    assert refused.status_code == 429 and "网络地址" in refused.content.decode()
    assert attempt(cast.clerk_b.username, PASSWORD, address=OFFICE_NETWORK).status_code == 302
    # The admin's login counts towards the same limit.
    assert attempt(cast.office.username, PASSWORD, url=reverse("admin:login")).status_code == 429


def test_a_spoofed_forwarded_for_does_not_reset_the_address_count(cast, settings):
    for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        attempt(f"guess{i}")
    response = Client().post(LOGIN, {"username": "x", "password": "y"}, REMOTE_ADDR=ATTACKER,
                             HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert response.status_code == 429


def test_the_office_unlocks_an_account_and_an_address_with_an_audit_row(cast, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(cast.clerk_a.username)
    assert attempt(cast.clerk_a.username, PASSWORD).status_code == 429
    cleared = services.login_unlock(user=cast.clerk_a, actor=cast.office, reason="本人电话核实")
    assert cleared == 1
    assert attempt(cast.clerk_a.username, PASSWORD).status_code == 302
    row = AuditEntry.objects.get(action="login_unlock", object_id=str(cast.clerk_a.pk))
    assert (row.actor, row.reason) == (cast.office, "本人电话核实")

    for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        attempt(f"guess{i}")
    assert attempt(cast.clerk_b.username, PASSWORD).status_code == 429
    assert services.login_address_unlock(ip_address=ATTACKER, actor=cast.office, reason="已查明为内网扫描") > 0
    assert not AccessAttempt.objects.filter(ip_address=ATTACKER).exists()
    assert attempt(cast.clerk_b.username, PASSWORD).status_code == 302
    assert AuditEntry.objects.filter(action="login_address_unlock", object_id=ATTACKER, actor=cast.office).exists()


def test_only_the_office_unlocks(cast):
    from django.core.exceptions import PermissionDenied

    for who in (cast.clerk_a, cast.leader, cast.supervisor_in):
        with pytest.raises(PermissionDenied):
            services.login_unlock(user=cast.clerk_b, actor=who, reason="r")
        with pytest.raises(PermissionDenied):
            services.login_address_unlock(ip_address=ATTACKER, actor=who, reason="r")


def test_a_request_without_an_address_logs_in_and_stores_no_text_as_an_address(cast, client):
    """axes writes the address into an inet column: a request with no REMOTE_ADDR (Django's force_login) or a
    forwarded value that is not an address must not reach PostgreSQL as text (fails before on PostgreSQL: every
    force_login raised "'unknown' does not appear to be an IPv4 or IPv6 address")."""
    from django.http import HttpRequest

    from integrity_portal.clientip import client_ip

    assert client_ip(HttpRequest()) == ""
    client.force_login(cast.clerk_a)
    assert client.get("/workspace/").status_code == 200


def test_a_forwarded_value_that_is_not_an_address_counts_as_no_address(settings):
    from django.http import HttpRequest

    from integrity_portal.clientip import client_ip

    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    request = HttpRequest()
    request.META.update(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-ip")
    assert client_ip(request) == ""
    request.META["HTTP_X_FORWARDED_FOR"] = "203.0.113.9, 10.0.0.1"
    assert client_ip(request) == "10.0.0.1"
