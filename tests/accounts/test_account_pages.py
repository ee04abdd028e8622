"""The office's account pages (issue 16 finding 1): list with search, create, change role / unit / unit-head flag,
deactivate, unlock — through the services, never touching superuser, staff, groups, permissions or passwords."""
import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from accounts.models import ConfigurationChange, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_office_lists_and_searches_the_accounts_it_manages(cast):
    root = make_user("root", is_staff=True, is_superuser=True)
    colleague = make_user("office2", Role.CREDIT_OFFICE)
    office = client_of(cast.office)
    page = office.get(reverse("useraccounts:list"))
    assert page.status_code == 200
    listed = {account.username for account in page.context["page_obj"]}
    assert {"clerk_a", "servant_x", "apiclient"} <= listed
    assert not {root.username, colleague.username, cast.office.username} & listed
    found = office.get(reverse("useraccounts:list"), {"q": "clerk_b"}).context["page_obj"]
    assert [account.username for account in found] == ["clerk_b"]
    assert office.get(reverse("useraccounts:detail", args=[root.pk])).status_code == 404
    assert office.get(reverse("useraccounts:detail", args=[colleague.pk])).status_code == 404


@pytest.mark.parametrize("who", ["clerk_a", "head_a", "leader", "supervisor_in", "cadre", "user_x"])
def test_no_other_role_manages_accounts(cast, who):
    client = client_of(getattr(cast, who))
    assert client.get(reverse("useraccounts:list")).status_code == 403
    response = client.post(reverse("useraccounts:role", args=[cast.clerk_b.pk]),
                           {"role": Role.CLERK, "unit": cast.unit_a.pk, "reason": "r"})
    assert response.status_code == 403
    assert User.objects.get(pk=cast.clerk_b.pk).unit == cast.unit_b


def test_the_office_creates_an_account_with_a_role_and_never_staff(cast):
    office = client_of(cast.office)
    response = office.post(reverse("useraccounts:create"), {
        "username": "newclerk", "full_name": "新经办人", "password1": "Strong-Pass-2026",
        "password2": "Strong-Pass-2026", "role": Role.CLERK, "unit": cast.unit_b.pk, "reason": "新入职",
        "is_staff": "on", "is_superuser": "on"})
    assert response.status_code == 302
    user = User.objects.get(username="newclerk")
    assert (user.roles, user.unit, user.is_staff, user.is_superuser) == ({Role.CLERK}, cast.unit_b, False, False)
    assert ConfigurationChange.objects.filter(table="accounts.User", object_id=str(user.pk), via="workspace",
                                              actor=cast.office).exists()
    # The office's own role is not on offer; choosing it anyway is a field error and writes nothing.
    refused = office.post(reverse("useraccounts:create"), {
        "username": "newoffice", "password1": "Strong-Pass-2026", "password2": "Strong-Pass-2026",
        "role": Role.CREDIT_OFFICE, "reason": "r"})
    assert refused.status_code == 400 and "role" in refused.context["form"].errors
    assert not User.objects.filter(username="newoffice").exists()


def test_changing_a_role_goes_through_the_service_and_cannot_touch_privileged_fields(cast):
    office = client_of(cast.office)
    office_group = Group.objects.get(name=Role.CREDIT_OFFICE)
    password = User.objects.get(pk=cast.clerk_b.pk).password
    response = office.post(reverse("useraccounts:role", args=[cast.clerk_b.pk]), {
        "role": Role.CLERK, "unit": cast.unit_b.pk, "is_unit_head": "on", "reason": "任单位主要负责人",
        "is_superuser": "on", "is_staff": "on", "groups": [office_group.pk], "password": "x",
        "password1": "Known-Pass-2026!", "password2": "Known-Pass-2026!"})
    assert response.status_code == 302
    user = User.objects.get(pk=cast.clerk_b.pk)
    assert (user.is_unit_head, user.is_superuser, user.is_staff, user.roles, user.password) == \
        (True, False, False, {Role.CLERK}, password)
    change = ConfigurationChange.objects.get(table="accounts.User", object_id=str(user.pk))
    assert (change.old, change.new, change.reason) == ({"is_unit_head": False}, {"is_unit_head": True},
                                                       "任单位主要负责人")
    # A wrong combination is a field error (400) and changes nothing.
    wrong = office.post(reverse("useraccounts:role", args=[cast.leader.pk]),
                        {"role": Role.CLERK, "reason": "r"})
    assert wrong.status_code == 400 and "unit" in wrong.context["role_form"].errors
    assert User.objects.get(pk=cast.leader.pk).roles == {Role.LEADER}


def test_the_office_deactivates_and_unlocks(cast):
    office = client_of(cast.office)
    assert office.post(reverse("useraccounts:active", args=[cast.clerk_a.pk]), {"active-reason": ""}).status_code == 400
    assert User.objects.get(pk=cast.clerk_a.pk).is_active
    response = office.post(reverse("useraccounts:active", args=[cast.clerk_a.pk]), {"active-reason": "调离本区"})
    assert response.status_code == 302
    assert User.objects.filter(pk=cast.clerk_a.pk, is_active=False).exists()  # never deleted

    AccessAttempt.objects.create(username=cast.clerk_b.username, ip_address="203.0.113.5", user_agent="t",
                                 failures_since_start=5, attempt_time=timezone.now(), get_data="", post_data="",
                                 http_accept="", path_info="/accounts/login/")
    detail = office.get(reverse("useraccounts:detail", args=[cast.clerk_b.pk]))
    assert "203.0.113.5" in detail.content.decode()
    assert office.get(reverse("useraccounts:lockouts")).status_code == 200
    response = office.post(reverse("useraccounts:unlock", args=[cast.clerk_b.pk]), {"unlock-reason": "本人核实"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(username=cast.clerk_b.username).exists()


def test_the_office_unlocks_an_address(cast, settings):
    for i in range(settings.LOGIN_ADDRESS_FAILURE_LIMIT):
        AccessAttempt.objects.create(username=f"guess{i}", ip_address="203.0.113.9", user_agent="t",
                                     failures_since_start=1, attempt_time=timezone.now(), get_data="",
                                     post_data="", http_accept="", path_info="/accounts/login/")
    office = client_of(cast.office)
    page = office.get(reverse("useraccounts:lockouts"))
    assert [row["ip_address"] for row in page.context["addresses"]] == ["203.0.113.9"]
    response = office.post(reverse("useraccounts:lockouts"), {"ip_address": "203.0.113.9", "reason": "内网扫描"})
    assert response.status_code == 302
    assert not AccessAttempt.objects.filter(ip_address="203.0.113.9").exists()
