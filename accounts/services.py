from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry, User


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
