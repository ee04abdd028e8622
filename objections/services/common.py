"""Shared pieces of the objection and repair use cases: evidence, the record's marker, notices."""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.errors import TransitionNotAllowed
from notifications.services import notice_send
from records.choices import EventAudience, RecordStatus, SubjectType
from records.clocks import unit_parties
from records.models import CreditRecord, RecordEvent
from records.uploads import UploadTooLarge as AttachmentTooLarge
from records.uploads import upload_check

from ..models import Evidence

__all__ = ["AttachmentTooLarge", "EVIDENCE_MAX_FILES", "check_evidence", "save_evidence", "set_objection_marker",
           "records_subject_to", "require_reason", "tell", "provider_clerks", "actor_or_none"]

EVIDENCE_MAX_FILES = 10


def actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def require_reason(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


def check_evidence(files) -> list[tuple[str, bytes, str]]:
    """``files``: (name, bytes) pairs. Too large → ``AttachmentTooLarge`` (413); bad type → 400."""
    files = list(files or [])
    if len(files) > EVIDENCE_MAX_FILES:
        raise ValidationError({"evidence": [_("证明材料最多 %(n)d 个文件。") % {"n": EVIDENCE_MAX_FILES}]})
    return [(name[:200], data, upload_check(name, data, field="evidence")) for name, data in files]


def save_evidence(checked, *, uploader, objection=None, repair=None) -> list[Evidence]:
    saved = []
    for name, data, content_type in checked:
        evidence = Evidence(objection=objection, repair=repair, original_name=name, content_type=content_type,
                            size=len(data), sha256=Evidence.digest(data), uploaded_by=uploader)
        evidence.file.save(name, ContentFile(data), save=False)
        evidence.save()
        saved.append(evidence)
    return saved


def records_subject_to(user):
    """Records the user is the subject of: their own (a civil servant), or their unit's records provided
    by another unit (a clerk). Any status: the caller decides what the status allows."""
    if not user or not user.is_authenticated:
        return CreditRecord.objects.none()
    if user.username == settings.CITY_PLATFORM_USERNAME and not user.has_usable_password():
        # Forwards from the city credit platform: the inbound endpoint has checked the subject's code.
        return CreditRecord.objects.exclude(status=RecordStatus.DRAFT)
    scope = Q(pk__in=[])
    if user.civil_servant_id and user.has_role(Role.CIVIL_SERVANT):
        scope |= Q(subject_type=SubjectType.PERSON, civil_servant_id=user.civil_servant_id)
    if user.unit_id and user.has_role(Role.CLERK):
        scope |= Q(subject_type=SubjectType.UNIT, subject_unit_id=user.unit_id) & ~Q(provider_id=user.unit_id)
    return CreditRecord.objects.filter(scope)


def set_objection_marker(record: CreditRecord, value: bool, *, actor, reason: str) -> None:
    """Set or clear ``objection_open`` on the locked record and log it (inside the caller's transaction)."""
    locked = CreditRecord.objects.select_for_update().get(pk=record.pk)
    if locked.objection_open == value:
        if value:
            raise TransitionNotAllowed(_("该记录已有正在处理的异议。"))
        return
    marked = {"objected": True} if value else {}  # for the objection lists' search (records 0021)
    CreditRecord.objects.filter(pk=record.pk).update(objection_open=value, updated_at=timezone.now(), **marked)
    RecordEvent.objects.create(
        record=locked, action="objection_opened" if value else "objection_closed", actor=actor_or_none(actor),
        from_status=locked.status, to_status=locked.status, version=locked.version,
        changes={"objection_open": [locked.objection_open, value]}, reason=reason,
        audience=EventAudience.OBJECTION_READERS,  # the objection's reason: only for those who may read it
    )
    record.objection_open = value


def provider_clerks(record: CreditRecord) -> list:
    parties = unit_parties(record.provider)
    seen, users = set(), []
    for user in parties.handlers + parties.heads:
        if user.pk not in seen:
            seen.add(user.pk)
            users.append(user)
    return users


def tell(users, *, title: str, body: str, link: str, key: str, level: str = "info") -> None:
    seen = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notice_send(recipient=user, title=title, body=body, link=link, key=key, level=level)
