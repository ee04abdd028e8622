from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .choices import ConfigAction
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


def configuration_change_record(
    *, actor: User | None, instance: models.Model, old: dict | None, new: dict | None,
    reason: str = "", via: str = "", reason_required: bool = False,
) -> ConfigurationChange | None:
    """Write the audit row of one change of a configuration row; call it inside the change's transaction.

    ``old`` is ``None`` on creation, ``new`` ``None`` on deletion; on a change only the keys whose values
    differ are kept, and nothing is written when none does. ``reason_required`` refuses (400) a change
    without a reason, for the tables whose rule needs one.
    """
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
    return ConfigurationChange.objects.create(
        actor=actor if actor is not None and actor.pk else None, table=table_label(instance),
        object_id=str(instance.pk), object_repr=str(instance)[:200], action=action,
        old=old, new=new, reason=reason, via=via,
    )


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
