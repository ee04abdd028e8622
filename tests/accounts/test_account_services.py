"""Accounts are managed through services that write a sealed audit row (issue 16 finding 1)."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts import services
from accounts.choices import Role
from accounts.ledger import entry_for, ledger_seal_all
from accounts.models import ConfigurationChange, User
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def audit_rows(user, action):
    return ConfigurationChange.objects.filter(table="accounts.User", object_id=str(user.pk), action=action)


def test_assigning_a_role_writes_a_sealed_audit_row_with_old_and_new(cast):
    user = services.user_role_assign(user=cast.clerk_a, role=Role.SUPERVISOR, unit=cast.discipline,
                                     actor=cast.office, reason="调任纪委监委", via="workspace")
    assert user.roles == {Role.SUPERVISOR}
    assert user.unit == cast.discipline
    row = audit_rows(user, "change").get()
    assert (row.actor, row.reason, row.via) == (cast.office, "调任纪委监委", "workspace")
    assert (row.old, row.new) == ({"role": Role.CLERK, "unit_id": cast.unit_a.pk},
                                  {"role": Role.SUPERVISOR, "unit_id": cast.discipline.pk})
    ledger_seal_all()
    assert entry_for(row) is not None


def test_a_role_change_needs_a_reason_and_a_valid_combination(cast):
    with pytest.raises(ValidationError) as exc:
        services.user_role_assign(user=cast.clerk_a, role=Role.CLERK, unit=cast.unit_a, actor=cast.office,
                                  reason=" ")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.user_role_assign(user=cast.leader, role=Role.CLERK, unit=None, actor=cast.office, reason="r")
    assert "unit" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.user_role_assign(user=cast.leader, role=Role.LEADER, is_unit_head=True, actor=cast.office,
                                  reason="r")
    assert "is_unit_head" in exc.value.message_dict
    assert cast.leader.roles == {Role.LEADER}
    assert not ConfigurationChange.objects.filter(table="accounts.User").exists()


def test_the_office_cannot_grant_the_office_role_nor_touch_a_superuser_or_a_colleague(cast):
    root = make_user("root", is_staff=True, is_superuser=True)
    colleague = make_user("office2", Role.CREDIT_OFFICE)
    with pytest.raises(PermissionDenied):
        services.user_role_assign(user=cast.leader, role=Role.CREDIT_OFFICE, actor=cast.office, reason="r")
    for target in (root, colleague):
        with pytest.raises(PermissionDenied):
            services.user_role_assign(user=target, role=Role.LEADER, actor=cast.office, reason="r")
        with pytest.raises(PermissionDenied):
            services.user_active_set(user=target, active=False, actor=cast.office, reason="r")
    for role_holder in (cast.clerk_a, cast.leader, cast.supervisor_in):
        with pytest.raises(PermissionDenied):
            services.user_role_assign(user=cast.user_x, role=Role.LEADER, actor=role_holder, reason="r")
    # A superuser may.
    services.user_role_assign(user=cast.leader, role=Role.CREDIT_OFFICE, actor=root, reason="新任信用办")
    assert User.objects.get(pk=cast.leader.pk).roles == {Role.CREDIT_OFFICE}


def test_creating_an_account_never_makes_staff_and_checks_the_password(cast):
    with pytest.raises(ValidationError) as exc:
        services.user_create(actor=cast.office, username="newclerk", password="123", role=Role.CLERK,
                             unit=cast.unit_b, reason="新入职")
    assert "password" in exc.value.message_dict
    user = services.user_create(actor=cast.office, username="newclerk", password="Strong-Pass-2026",
                                role=Role.CLERK, unit=cast.unit_b, is_unit_head=True, full_name="新经办人",
                                reason="新入职")
    assert (user.is_staff, user.is_superuser, user.roles, user.is_unit_head) == (False, False, {Role.CLERK}, True)
    assert user.check_password("Strong-Pass-2026")
    row = audit_rows(user, "create").get()
    assert row.new["role"] == Role.CLERK and row.new["is_staff"] is False and "password" not in str(row.new)


def test_deactivating_never_deletes_and_stops_the_session(cast, client):
    client.force_login(cast.clerk_b)
    user = services.user_active_set(user=cast.clerk_b, active=False, actor=cast.office, reason="调离")
    assert User.objects.filter(pk=user.pk, is_active=False).exists()
    assert client.get("/workspace/").status_code == 302
    row = audit_rows(user, "change").get()
    assert (row.old, row.new) == ({"is_active": True}, {"is_active": False})
    with pytest.raises(PermissionDenied):
        services.user_active_set(user=cast.office, active=False, actor=cast.office, reason="r")
