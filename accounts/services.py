from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from .choices import ConfigAction, Role
from .models import AuditEntry, ConfigurationChange, User


def audit_log(
    *, actor: User | None, action: str, subject: models.Model, reason: str = "",
    from_state: str = "", to_state: str = "", changes: dict | None = None,
) -> AuditEntry:
    """Write an audit row; call it inside the transaction of the change it describes."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        content_type=ContentType.objects.get_for_model(subject, for_concrete_model=False),
        object_id=str(subject.pk),
        from_state=from_state,
        to_state=to_state,
        changes=changes or {},
        reason=reason,
    )


def field_changes(instance: models.Model, new_values: dict) -> dict:
    """``{"field": [old, new]}`` for the values that differ, JSON-friendly."""
    changes = {}
    for name, new in new_values.items():
        old = getattr(instance, name)
        if isinstance(old, models.Model):
            old = old.pk
        if isinstance(new, models.Model):
            new = new.pk
        if old != new:
            changes[name] = [_plain(old), _plain(new)]
    return changes


def _plain(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


# --- configuration changes -----------------------------------------------------------------

def table_label(model: type[models.Model] | models.Model) -> str:
    """``app_label.ModelName`` of a model or instance, the ``table`` of a configuration change."""
    return f"{model._meta.app_label}.{model._meta.object_name}"


SECRET_FIELDS = frozenset({"password"})


def config_snapshot(instance: models.Model, extra: dict | None = None) -> dict:
    """The JSON values of a row's concrete fields (``attname`` keys), plus ``extra`` (e.g. many-to-many sets).

    Secrets (a password hash) and ``auto_now`` stamps are left out: they are not configuration.
    """
    from .ledger import row_content

    skip = {f.attname for f in instance._meta.concrete_fields
            if f.name in SECRET_FIELDS or getattr(f, "auto_now", False)}
    snapshot = {key: value for key, value in row_content(instance).items() if key not in skip}
    snapshot.update(extra or {})
    return snapshot


def _sealed_repr(instance) -> str:
    """The changed object's name as the ledger keeps it: in the portal's language (zh-hans), whoever made the
    change in whatever language; a sealed row must read the same for every reader (its hash covers it)."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(instance)[:200]


def _change_row(*, actor, instance, old: dict | None, new: dict | None, reason: str, via: str,
                reason_required: bool) -> ConfigurationChange | None:
    if old is None:
        action, old, new = ConfigAction.CREATE, {}, dict(new or {})
    elif new is None:
        action, old, new = ConfigAction.DELETE, dict(old), {}
    else:
        action = ConfigAction.CHANGE
        keys = [key for key in dict.fromkeys((*old, *new)) if old.get(key) != new.get(key)]
        if not keys:
            return None
        old, new = {key: old.get(key) for key in keys}, {key: new.get(key) for key in keys}
    reason = (reason or "").strip()
    if reason_required and not reason:
        raise ValidationError({"reason": _("修改此项配置须说明理由。")})
    return ConfigurationChange(
        actor=actor if actor is not None and actor.pk else None, table=table_label(instance),
        object_id=str(instance.pk), object_repr=_sealed_repr(instance), action=action,
        old=old, new=new, reason=reason, via=via,
    )


def configuration_change_record(
    *, actor: User | None, instance: models.Model, old: dict | None, new: dict | None,
    reason: str = "", via: str = "", reason_required: bool = False,
) -> ConfigurationChange | None:
    """Write the audit row of one change of a configuration row; call it inside the change's transaction.

    ``old`` is ``None`` on creation, ``new`` ``None`` on deletion; on a change only the keys whose values
    differ are kept, and nothing is written when none does. ``reason_required`` refuses (400) a change
    without a reason, for the tables whose rule needs one.
    """
    row = _change_row(actor=actor, instance=instance, old=old, new=new, reason=reason, via=via,
                      reason_required=reason_required)
    if row is not None:
        row.save()
    return row


def configuration_changes_record(*, actor: User | None, changes, reason: str = "", via: str = "") -> int:
    """Many audit rows at once (an import): ``changes`` are ``(instance, old, new)`` as above. Returns how many."""
    rows = [row for instance, old, new in changes
            if (row := _change_row(actor=actor, instance=instance, old=old, new=new, reason=reason, via=via,
                                   reason_required=False)) is not None]
    ConfigurationChange.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def configuration_save(
    *, instance: models.Model, actor: User | None, reason: str = "", via: str = "",
    reason_required: bool = False, extra_old: dict | None = None, extra_new: dict | None = None,
) -> ConfigurationChange | None:
    """Validate and save a configuration row (new or changed) and write its audit row, in one transaction.

    The stored row is locked and read before and after, so ``old`` and ``new`` are what the database
    held, not what a form was shown or sent. ``extra_old``/``extra_new`` carry values outside the row (e.g. a user's role groups).
    """
    old = None
    if instance.pk is not None:
        stored = type(instance)._default_manager.select_for_update().filter(pk=instance.pk).first()
        if stored is not None:
            old = config_snapshot(stored, extra_old)
    instance.full_clean()
    instance.save()
    stored = type(instance)._default_manager.get(pk=instance.pk)  # as the database holds it (4 decimals…)
    return configuration_change_record(actor=actor, instance=instance, old=old,
                                       new=config_snapshot(stored, extra_new), reason=reason, via=via,
                                       reason_required=reason_required)


@transaction.atomic
def configuration_delete(*, instance: models.Model, actor: User | None, reason: str = "", via: str = "",
                         reason_required: bool = False) -> ConfigurationChange | None:
    """Delete a configuration row (never a record: those are revoked, not deleted) and write its audit row."""
    stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    old = config_snapshot(stored)
    change = configuration_change_record(actor=actor, instance=stored, old=old, new=None, reason=reason, via=via,
                                         reason_required=reason_required)
    stored.delete()
    return change


# --- accounts: roles, activity, lock-outs (issue 16 finding 1) ------------------------------------------------
# The office manages the accounts of the district here; only a superuser makes superusers, staff, permissions or
# sets another user's password (the admin). Every change writes a configuration-change row (table accounts.User,
# old → new, reason), sealed by the ledger.

ACCOUNT_FIELDS = ("unit_id", "civil_servant_id", "is_unit_head")
ROLES_NEEDING_A_UNIT = {Role.CLERK, Role.SUPERVISOR}
ROLES_ONLY_A_SUPERUSER_GRANTS = {Role.CREDIT_OFFICE}


def account_managers_may(actor: User) -> bool:
    return actor.is_superuser or actor.has_role(Role.CREDIT_OFFICE)


def accounts_manageable_by(actor: User) -> models.QuerySet[User]:
    """The accounts ``actor`` may manage: never a superuser's; the office's colleagues only by a superuser."""
    if not account_managers_may(actor):
        return User.objects.none()
    accounts = User.objects.filter(is_superuser=False)
    if not actor.is_superuser:
        accounts = accounts.exclude(groups__name__in=ROLES_ONLY_A_SUPERUSER_GRANTS)
    return accounts


def roles_assignable_by(actor: User) -> list[Role]:
    return [role for role in Role if actor.is_superuser or role not in ROLES_ONLY_A_SUPERUSER_GRANTS]


def _account_state(user: User) -> dict:
    state = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    state["role"] = ",".join(sorted(set(user.groups.values_list("name", flat=True)) & set(Role.values)))
    return state


def _check_manager(*, actor: User, user: User | None, role: str | None = None) -> None:
    if user is not None and not accounts_manageable_by(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("无权管理该账户。"))
    if role is not None and role not in roles_assignable_by(actor):
        raise PermissionDenied(_("只有系统管理员可以授予该角色。"))


def _required_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请说明理由。")})
    return reason


def _check_role_fields(*, role: str, unit, civil_servant, is_unit_head: bool) -> None:
    errors = {}
    if role not in Role.values:
        errors["role"] = _("请选择有效的角色。")
    elif role == Role.CIVIL_SERVANT:
        if civil_servant is None:
            errors["civil_servant"] = _("公务员账户须对应一名公务员。")
        if unit is not None:
            errors["unit"] = _("公务员账户不属于单位，请留空。")
    elif civil_servant is not None:
        errors["civil_servant"] = _("只有公务员账户对应公务员。")
    if role in ROLES_NEEDING_A_UNIT and unit is None:
        errors["unit"] = _("该角色须属于一个单位。")
    if is_unit_head and role != Role.CLERK:
        errors["is_unit_head"] = _("只有信息提供单位经办人可以标记为单位主要负责人。")
    if errors:
        raise ValidationError(errors)


def _account_audit(*, actor: User, user: User, old: dict | None, new: dict, reason: str, via: str
                   ) -> ConfigurationChange | None:
    """The configuration-change row of an account (table ``accounts.User``): only what changed, old → new."""
    return configuration_change_record(actor=actor, instance=user, old=old, new=new, reason=reason, via=via)


def _apply_role(user: User, *, role: str, unit, civil_servant, is_unit_head: bool) -> None:
    user.unit, user.civil_servant, user.is_unit_head = unit, civil_servant, is_unit_head
    user.full_clean(exclude=["password"])
    user.save()
    kept = list(user.groups.exclude(name__in=Role.values))
    user.groups.set([*kept, Group.objects.get(name=role)])
    user.__dict__.pop("roles", None)


@transaction.atomic
def user_role_assign(*, user: User, role: str, unit=None, civil_servant=None, is_unit_head: bool = False,
                     actor: User, reason: str, via: str = "") -> User:
    """Give ``user`` exactly one role (with its unit, civil servant, unit-head flag); audit old → new."""
    reason = _required_reason(reason)
    _check_manager(actor=actor, user=user, role=role)
    user = User.objects.select_for_update().get(pk=user.pk)
    _check_role_fields(role=role, unit=unit, civil_servant=civil_servant, is_unit_head=is_unit_head)
    old = _account_state(user)
    _apply_role(user, role=role, unit=unit, civil_servant=civil_servant, is_unit_head=is_unit_head)
    _account_audit(actor=actor, user=user, old=old, new=_account_state(user), reason=reason, via=via)
    return user


@transaction.atomic
def user_create(*, actor: User, username: str, password: str, role: str, full_name: str = "", email: str = "",
                unit=None, civil_servant=None, is_unit_head: bool = False, reason: str, via: str = "") -> User:
    """A new account with one role and a first password; never staff, never a superuser."""
    reason = _required_reason(reason)
    _check_manager(actor=actor, user=None, role=role)
    _check_role_fields(role=role, unit=unit, civil_servant=civil_servant, is_unit_head=is_unit_head)
    user = User(username=username, full_name=full_name, email=email, is_staff=False, is_superuser=False)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password": exc.messages}) from exc
    user.set_password(password)
    user.full_clean(exclude=["password", "unit", "civil_servant", "is_unit_head"])
    user.save()
    _apply_role(user, role=role, unit=unit, civil_servant=civil_servant, is_unit_head=is_unit_head)
    _account_audit(actor=actor, user=user, old=None, reason=reason, via=via,
                   new={**_account_state(user), "username": username, "full_name": full_name, "email": email,
                        "is_active": True, "is_staff": False, "is_superuser": False})
    return user


@transaction.atomic
def user_active_set(*, user: User, active: bool, actor: User, reason: str, via: str = "") -> User:
    """Deactivate (or reactivate) an account; accounts are never deleted. A deactivated account's sessions and
    tokens stop working at once (Django and DRF refuse inactive users)."""
    reason = _required_reason(reason)
    _check_manager(actor=actor, user=user)
    if user.pk == actor.pk:
        raise PermissionDenied(_("不能停用自己的账户。"))
    user = User.objects.select_for_update().get(pk=user.pk)
    old = {"is_active": user.is_active}
    user.is_active = active
    user.save(update_fields=["is_active"])
    _account_audit(actor=actor, user=user, old=old, new={"is_active": active}, reason=reason, via=via)
    return user


@transaction.atomic
def login_unlock(*, user: User, actor: User, reason: str) -> int:
    """Lift the lock-outs of ``user``'s username (every address); returns how many attempt rows went."""
    from axes.models import AccessAttempt

    reason = _required_reason(reason)
    _check_manager(actor=actor, user=user)
    cleared, _detail = AccessAttempt.objects.filter(username=user.username).delete()
    audit_log(actor=actor, action="login_unlock", subject=user, reason=reason, changes={"attempts": cleared})
    return cleared


@transaction.atomic
def login_address_unlock(*, ip_address: str, actor: User, reason: str) -> int:
    """Lift the per-address lock of ``ip_address`` (the failures of every username from it)."""
    from axes.models import AccessAttempt

    reason = _required_reason(reason)
    if not account_managers_may(actor):
        raise PermissionDenied(_("无权解除登录锁定。"))
    cleared, _detail = AccessAttempt.objects.filter(ip_address=ip_address).delete()
    AuditEntry.objects.create(actor=actor, action="login_address_unlock", reason=reason,
                              content_type=ContentType.objects.get_for_model(AccessAttempt),
                              object_id=ip_address[:64], changes={"attempts": cleared})
    return cleared
