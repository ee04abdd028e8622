"""Issue 16 finding 1: no escalation through the Django admin.

Only a superuser grants superuser, staff, groups or permissions, or sets another user's password; a superuser
account is not editable by anyone else; the office's user admin is read-only (it manages accounts on the
workspace pages, through ``user_role_assign`` and friends, which cannot touch those fields).
"""
import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from accounts.choices import Role
from accounts.models import User
from tests.factories import make_user

pytestmark = pytest.mark.django_db

PRIVILEGED_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions", "password")


@pytest.fixture
def root(db):
    return make_user("root", is_staff=True, is_superuser=True)


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(user) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def password_url(user) -> str:
    return reverse("admin:auth_user_password_change", args=[user.pk])


def state(user: User) -> tuple:
    user.refresh_from_db()
    return (user.is_superuser, user.is_staff, user.password, sorted(user.groups.values_list("name", flat=True)),
            sorted(user.user_permissions.values_list("codename", flat=True)), user.full_name, user.unit_id)


def escalation_post(user: User) -> dict:
    """Everything an office user would send to make ``user`` a superuser with new groups and a known password."""
    office_group = Group.objects.get(name=Role.CREDIT_OFFICE)
    return {
        "username": user.username, "full_name": "改过的名字", "is_active": "on", "is_staff": "on",
        "is_superuser": "on", "groups": [office_group.pk],
        "user_permissions": [Permission.objects.get(codename="delete_user").pk],
        "password": "pbkdf2_sha256$1$x$y", "last_login_0": "", "last_login_1": "",
        "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "password1": "Known-Pass-2026!", "password2": "Known-Pass-2026!", "usable_password": "true",
    }


def test_the_office_cannot_open_a_superuser_in_the_admin(cast, root):
    """Fails before the fix: the office got the change form of ``admin`` (200)."""
    office = client_of(cast.office)
    assert office.get(change_url(root)).status_code == 403
    assert office.get(reverse("admin:accounts_user_history", args=[root.pk])).status_code == 403
    before = state(root)
    assert office.post(change_url(root), escalation_post(root)).status_code == 403
    assert state(root) == before


def test_the_office_cannot_set_another_users_password_in_the_admin(cast):
    """Fails before the fix: the office got the password form of any user and could set it."""
    office = client_of(cast.office)
    before = state(cast.clerk_a)
    assert office.get(password_url(cast.clerk_a)).status_code == 403
    response = office.post(password_url(cast.clerk_a), {"password1": "Known-Pass-2026!",
                                                         "password2": "Known-Pass-2026!", "usable_password": "true"})
    assert response.status_code == 403
    assert state(cast.clerk_a) == before
    assert not User.objects.get(pk=cast.clerk_a.pk).check_password("Known-Pass-2026!")


def test_the_office_sees_no_privileged_field_and_a_post_changes_nothing(cast):
    """Fails before the fix: the form had is_superuser, groups and permissions, and the POST made clerk A a
    superuser in the office's group."""
    office = client_of(cast.office)
    page = office.get(change_url(cast.clerk_a))
    assert page.status_code == 200  # the office reads accounts in the admin
    form_fields = page.context["adminform"].form.fields
    assert not set(PRIVILEGED_FIELDS) & set(form_fields)
    for name in ("is_superuser", "user_permissions", "groups"):
        assert f'name="{name}"' not in page.content.decode()
    before = state(cast.clerk_a)
    response = office.post(change_url(cast.clerk_a), escalation_post(cast.clerk_a))
    assert response.status_code == 403
    assert state(cast.clerk_a) == before


def test_the_office_cannot_add_a_user_in_the_admin(cast):
    """Accounts are created on the workspace pages (a role through the service, with an audit row)."""
    office = client_of(cast.office)
    assert office.get(reverse("admin:accounts_user_add")).status_code == 403
    response = office.post(reverse("admin:accounts_user_add"), {
        "username": "sneaky", "password1": "Known-Pass-2026!", "password2": "Known-Pass-2026!",
        "usable_password": "true"})
    assert response.status_code == 403
    assert not User.objects.filter(username="sneaky").exists()


def test_the_office_cannot_give_a_role_group_permissions(cast):
    office = client_of(cast.office)
    group = Group.objects.get(name=Role.CLERK)
    count = group.permissions.count()
    response = office.post(reverse("admin:auth_group_change", args=[group.pk]), {
        "name": group.name, "permissions": list(Permission.objects.values_list("pk", flat=True))})
    assert response.status_code == 403
    assert group.permissions.count() == count


def test_a_superuser_still_sets_privileged_fields_and_passwords_with_an_audit_row(cast, root):
    from accounts.models import AuditEntry, ConfigurationChange

    admin = client_of(root)
    page = admin.get(change_url(cast.clerk_a))
    assert page.status_code == 200
    fields = page.context["adminform"].form.fields
    assert {"is_superuser", "is_staff", "user_permissions"} <= set(fields)
    assert "groups" not in fields  # roles only through the service (the workspace account pages)
    response = admin.post(password_url(cast.clerk_a), {"password1": "Known-Pass-2026!",
                                                       "password2": "Known-Pass-2026!", "usable_password": "true"})
    assert response.status_code == 302
    assert User.objects.get(pk=cast.clerk_a.pk).check_password("Known-Pass-2026!")
    assert AuditEntry.objects.filter(action="user_password_set", object_id=str(cast.clerk_a.pk),
                                     actor=root).exists()
    data = {"username": cast.clerk_a.username, "is_active": "on", "is_staff": "on", "full_name": "",
            "unit": cast.unit_a.pk, "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00"}
    assert admin.post(change_url(cast.clerk_a), data).status_code == 302
    assert User.objects.get(pk=cast.clerk_a.pk).is_staff
    row = ConfigurationChange.objects.get(table="accounts.User", object_id=str(cast.clerk_a.pk), via="admin")
    assert (row.actor, row.old, row.new) == (root, {"is_staff": False}, {"is_staff": True})
