"""Credit-record use cases: create, edit a draft, publish, revoke, correct, expire, attach.

Every transition locks the row, checks it is allowed (``TransitionNotAllowed`` → 409),
and writes its history (``RecordEvent``; a ``CreditRecordVersion`` snapshot for each
publication and correction) in the same transaction.
"""
import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import PortalError, TransitionNotAllowed
from notifications.payloads import record_share
from notifications.services import notice_send
from workdays import services as workdays
from workdays.calendar import shift_months
from workdays.choices import PolicyUnit

from ..choices import (
    DISHONESTY_KINDS,
    DUAL_PUBLICATION_KINDS,
    ENTRY_KINDS,
    GOVERNMENT_SANCTIONS,
    PARTY_SANCTIONS,
    PERSON_ONLY_KINDS,
    RECORD_TRANSITIONS,
    SANCTION_POLICY,
    UNIT_ONLY_KINDS,
    EventAudience,
    Punishment,
    RecordKind,
    RecordStatus,
    Severity,
    SubjectType,
)
from ..fieldsets import body_of, clean_details, detail_date
from ..models import Attachment, CadreCheck, CreditRecord, CreditRecordVersion, FileAccess, RecordEvent
from ..uploads import ALLOWED_TYPES, UploadTooLarge, upload_check

__all__ = [
    "RECORD_FIELDS", "record_create", "records_prepare", "records_create_bulk", "record_update_draft",
    "record_publish", "record_revoke", "record_correct",
    "record_mark_repaired", "record_flag_decision_changed", "records_expire", "record_attach", "record_window",
    "cadre_check_start", "file_access_log", "DUAL_PUBLICATION_CLOCK", "DECISION_CHANGE_CLOCK",
    "StaleEdit", "edit_revision", "require_revision",
]

DUAL_PUBLICATION_CLOCK = "dual_publication"
DUAL_PUBLICATION_POLICY = "dual_publication_reporting"
DECISION_CHANGE_CLOCK = "record_update"
RECORD_FIELDS = (
    "subject_type", "civil_servant", "subject_unit", "kind", "severity", "sanction_type", "assessment_grade",
    "title", "facts", "legal_basis", "decision_body", "decision_number", "decision_date", "act_start", "act_end",
    "details",
)
# Fields a correction may change (the subject and kind of a record never change: that is a new record).
CORRECTABLE_FIELDS = tuple(f for f in RECORD_FIELDS if f not in {"subject_type", "civil_servant", "subject_unit", "kind"})
ALLOWED_ATTACHMENT_TYPES = ALLOWED_TYPES
AttachmentTooLarge = UploadTooLarge  # the name the views and other apps use


# --- optimistic concurrency ---------------------------------------------------
# An edit form or a PATCH carries the revision the client saw (hidden ``revision`` field,
# ``If-Match: "<revision>"``); the service compares it under the row lock and refuses a
# stale edit instead of overwriting someone else's change. No revision sent: no check.

_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)


class StaleEdit(PortalError):
    """The object changed since the client read it (HTTP 409)."""

    status_code = 409
    code = "stale_edit"


def edit_revision(obj) -> str:
    """``"<pk>-<updated_at in µs since the epoch>"``: the ETag (unquoted) and the forms' hidden field."""
    return f"{obj.pk}-{(obj.updated_at - _EPOCH) // datetime.timedelta(microseconds=1)}"


def require_revision(obj, expected: str | None) -> None:
    """Raise ``StaleEdit`` unless ``expected`` (when given) is ``obj``'s current revision; call under lock."""
    if expected is not None and str(expected).strip() != edit_revision(obj):
        raise StaleEdit(_("该记录已被他人修改，请刷新后重试。"))


# --- validation ------------------------------------------------------------

def _validate(record: CreditRecord, *, today: datetime.date, offline: bool = False) -> None:
    """Cross-field rules of a record; raises field errors, changes nothing.

    ``offline``: the same checks without a query, for many rows at once (``records_prepare``): the
    foreign keys are taken to be rows that exist (the caller looked them up) and the check
    constraints are evaluated in Python (``_RECORD_CHECKS``).
    """
    errors: dict[str, list[str]] = {}
    kind = record.kind
    if record.subject_type == SubjectType.UNIT and kind in PERSON_ONLY_KINDS:
        errors.setdefault("subject_type", []).append(_("此类记录只能针对公务员。"))
    if record.subject_type == SubjectType.PERSON and kind in UNIT_ONLY_KINDS:
        errors.setdefault("subject_type", []).append(_("此类记录只能针对单位。"))
    if kind in DISHONESTY_KINDS and not record.severity:
        errors.setdefault("severity", []).append(_("失信记录须注明失信程度。"))
    if kind not in DISHONESTY_KINDS and record.severity:
        errors.setdefault("severity", []).append(_("此类记录不区分失信程度。"))
    if kind == RecordKind.GOVERNMENT_SANCTION and record.sanction_type not in GOVERNMENT_SANCTIONS:
        errors.setdefault("sanction_type", []).append(_("请选择政务处分种类（警告、记过、记大过、降级、撤职、开除）。"))
    elif kind == RecordKind.PARTY_SANCTION and record.sanction_type not in PARTY_SANCTIONS:
        errors.setdefault("sanction_type", []).append(_("请选择党纪处分种类。"))
    elif kind not in {RecordKind.GOVERNMENT_SANCTION, RecordKind.PARTY_SANCTION} and record.sanction_type:
        errors.setdefault("sanction_type", []).append(_("只有处分记录才有处分种类。"))
    if kind == RecordKind.ANNUAL_ASSESSMENT and not record.assessment_grade:
        errors.setdefault("assessment_grade", []).append(_("请选择年度考核等次。"))
    elif kind != RecordKind.ANNUAL_ASSESSMENT and record.assessment_grade:
        errors.setdefault("assessment_grade", []).append(_("只有年度考核结果才有考核等次。"))
    if record.decision_date and record.decision_date > today:
        errors.setdefault("decision_date", []).append(_("决定日期不能晚于今天。"))
    if record.act_start and record.act_start > today:
        errors.setdefault("act_start", []).append(_("行为开始日期不能晚于今天。"))
    if record.act_end and record.act_end > today:
        errors.setdefault("act_end", []).append(_("行为终止日期不能晚于今天。"))
    if record.act_start and record.act_end and record.act_end < record.act_start:
        errors.setdefault("act_end", []).append(_("行为终止日期不能早于行为开始日期。"))
    try:
        record.details = clean_details(kind, record.details)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    else:
        # 处分机关 / 处分党组织 is the sanction's deciding body: the common column holds it too (one body).
        record.decision_body = body_of(kind, record.decision_body, record.details)
    if errors:
        raise ValidationError(errors)
    if not offline:
        record.full_clean(exclude=["details"])
        _validate_window(record)  # after full_clean: the window needs valid choices (severity, kind)
        return
    failed: dict = {}
    try:
        record.full_clean(exclude=["details", *_RECORD_FOREIGN_KEYS], validate_constraints=False)
    except ValidationError as exc:
        failed = exc.error_dict
    for constraint in CreditRecord._meta.constraints:  # as Model.validate_constraints: skip a failed field's
        refs, holds = _RECORD_CHECKS[constraint.name]
        if not (set(refs) & set(failed)) and not holds(record):
            failed.setdefault(NON_FIELD_ERRORS, []).append(
                ValidationError(constraint.get_violation_error_message(), code=constraint.violation_error_code))
    if failed:
        raise ValidationError(failed)


def _validate_window(record: CreditRecord) -> None:
    """The disclosure window must not end before it starts: name the date that ends it too early."""
    start, end, _effect_end = record_window(record)
    if start and end and end < start:
        field = {RecordKind.ADMINISTRATIVE_LICENCE: "details.valid_to",
                 RecordKind.JUDGMENT_DEFAULTER: "details.delisting_date"}.get(record.kind, "act_end")
        raise ValidationError({field: [_("该日期使公示期在开始（%(start)s）之前就已结束，请核对。")
                                       % {"start": start}]})


_RECORD_FOREIGN_KEYS = ("civil_servant", "subject_unit", "provider", "created_by")
# CreditRecord's check constraints in Python: (fields referenced, test). Each must agree with the
# database's own check (tests/records/test_import_batch.py compares them).
_RECORD_CHECKS = {
    "record_subject_matches_type": (
        ("subject_type", "civil_servant", "subject_unit"),
        lambda r: (r.subject_type == SubjectType.PERSON and r.civil_servant_id is not None
                   and r.subject_unit_id is None)
        or (r.subject_type == SubjectType.UNIT and r.subject_unit_id is not None and r.civil_servant_id is None)),
    "record_act_end_after_start": (
        ("act_start", "act_end"),
        lambda r: r.act_end is None or r.act_start is None or r.act_end >= r.act_start),
    "record_window_end_after_start": (
        ("window_start", "window_end"),
        lambda r: r.window_end is None or r.window_start is None or r.window_end >= r.window_start),
}


def _snapshot(record: CreditRecord) -> dict:
    data = {}
    for name in RECORD_FIELDS + ("provider", "status", "version", "window_start", "window_end", "effect_end"):
        value = getattr(record, f"{name}_id" if name in {"civil_servant", "subject_unit", "provider"} else name)
        data[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return data


def _changes(before: dict, after: dict) -> dict:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def _event(record, action, *, actor, from_status="", to_status="", changes=None, reason="", audience=None):
    """A history row. While the record is a draft its history is the provider's own (issue 16)."""
    RecordEvent.objects.create(
        record=record, action=action, actor=actor if actor is not None and actor.pk else None,
        from_status=from_status, to_status=to_status, version=record.version, changes=changes or {}, reason=reason,
        audience=audience or event_audience(record),
    )


def event_audience(record: CreditRecord) -> str:
    return EventAudience.PROVIDER if record.status == RecordStatus.DRAFT else EventAudience.RECORD_READERS


def _lock(record: CreditRecord) -> CreditRecord:
    return CreditRecord.objects.select_for_update().get(pk=record.pk)


def _require(record: CreditRecord, target: str) -> None:
    if target not in RECORD_TRANSITIONS[RecordStatus(record.status)]:
        raise TransitionNotAllowed(
            _("记录当前状态为“%(status)s”，不能%(action)s。")
            % {"status": record.get_status_display(), "action": RecordStatus(target).label}
        )


# --- windows ---------------------------------------------------------------

def _policy_months(key: str) -> int:
    """A period policy in months (the disclosure and sanction periods are months or years)."""
    policy = workdays.policy_current(key)
    if policy.unit == PolicyUnit.MONTHS:
        return policy.value
    if policy.unit == PolicyUnit.YEARS:
        return 12 * policy.value
    raise ValueError(f"policy {key} is in {policy.unit}, expected months or years")


def record_window(record: CreditRecord) -> tuple[datetime.date | None, datetime.date | None, datetime.date | None]:
    """(window_start, window_end, effect_end) per DESIGN.md §5; None end = open-ended."""
    kind, start = record.kind, record.decision_date
    if kind in ENTRY_KINDS:
        return None, None, None
    if kind == RecordKind.ADMINISTRATIVE_LICENCE:
        return start, detail_date(record.details, "valid_to"), None
    if kind == RecordKind.JUDGMENT_DEFAULTER:
        # In force from listing until the court's delisting date; the 5-year cap does not apply.
        listed = detail_date(record.details, "publication_date") or start
        return listed, detail_date(record.details, "delisting_date"), None
    cap = shift_months(record.act_end or start, _policy_months("dishonesty_disclosure_cap"))
    effect_end = None
    if kind == RecordKind.ADMINISTRATIVE_PENALTY:
        key = {Severity.SERIOUS: "penalty_disclosure_serious_max", Severity.GENERAL: "penalty_disclosure_general_max",
               Severity.MINOR: "penalty_disclosure_general_min"}[Severity(record.severity)]
        end = shift_months(start, _policy_months(key))
    elif kind in {RecordKind.GOVERNMENT_SANCTION, RecordKind.PARTY_SANCTION}:
        key = SANCTION_POLICY.get(record.sanction_type)
        effect_end = shift_months(start, _policy_months(key)) - datetime.timedelta(days=1) if key else None
        end = effect_end or cap
    else:
        end = cap
    return start, min(end, cap), effect_end


# --- use cases ---------------------------------------------------------------

def _record_new(*, actor, provider, fields: dict) -> CreditRecord:
    record = CreditRecord(provider=provider, created_by=actor if actor is not None and actor.pk else None,
                          **{k: v for k, v in fields.items() if k in RECORD_FIELDS})
    if record.subject_type == SubjectType.PERSON:
        record.subject_unit = None
    elif record.subject_type == SubjectType.UNIT:
        record.civil_servant = None
    return record


@transaction.atomic
def record_create(*, actor, provider, today: datetime.date | None = None, **fields) -> CreditRecord:
    """A new record, always a draft. A 双公示 decision starts its 7-working-day reporting clock.

    ``records_prepare`` + ``records_create_bulk`` are the same for many records at once (the import).
    """
    today = today or timezone.localdate()
    record = _record_new(actor=actor, provider=provider, fields=fields)
    _validate(record, today=today)
    record.save()
    _event(record, "create", actor=actor, to_status=record.status, changes=_changes({}, _snapshot(record)))
    if record.kind in DUAL_PUBLICATION_KINDS:
        workdays.clock_start(subject=record, purpose=DUAL_PUBLICATION_CLOCK, policy_key=DUAL_PUBLICATION_POLICY,
                             start_date=record.decision_date, actor=actor, today=today)
    return record


def records_prepare(*, actor, provider, rows: Iterable[dict], today: datetime.date | None = None,
                    on_progress: Callable[[int], None] | None = None) -> list[CreditRecord | ValidationError]:
    """Each row of fields checked as ``record_create`` checks it, without a query per row.

    Returns, per row, the unsaved draft or the ``ValidationError`` ``record_create`` would raise for it
    (the missing 双公示 reporting rule included). The subjects, the provider and the actor must be rows
    that exist: the caller looks them up once (the import does, per file). ``on_progress(n)`` after
    each row. Nothing is written; ``records_create_bulk`` saves the drafts.
    """
    today = today or timezone.localdate()
    try:  # the reporting rule a 双公示 record's clock will need, looked up once
        workdays.policy_required(DUAL_PUBLICATION_POLICY)
        no_policy = None
    except ValidationError as exc:
        no_policy = exc
    results: list[CreditRecord | ValidationError] = []
    for done, fields in enumerate(rows, start=1):
        record = _record_new(actor=actor, provider=provider, fields=fields)
        try:
            _validate(record, today=today, offline=True)
            if no_policy is not None and record.kind in DUAL_PUBLICATION_KINDS:
                raise no_policy
            results.append(record)
        except ValidationError as exc:
            results.append(exc)
        if on_progress is not None:
            on_progress(done)
    return results


@transaction.atomic
def records_create_bulk(*, actor, records: list[CreditRecord], today: datetime.date | None = None,
                        batch_size: int = 2000) -> list[CreditRecord]:
    """Save drafts checked by ``records_prepare``: the rows ``record_create`` writes one by one (the record,
    its ``create`` event, the 双公示 reporting clock and its start event), written with ``bulk_create``."""
    today = today or timezone.localdate()
    CreditRecord.objects.bulk_create(records, batch_size=batch_size)
    who = actor if actor is not None and actor.pk else None
    RecordEvent.objects.bulk_create(
        [RecordEvent(record=record, action="create", actor=who, from_status="", to_status=record.status,
                     version=record.version, changes=_changes({}, _snapshot(record)), reason="",
                     audience=event_audience(record))
         for record in records], batch_size=batch_size)
    workdays.clocks_start_bulk(starts=[(r, r.decision_date) for r in records if r.kind in DUAL_PUBLICATION_KINDS],
                               purpose=DUAL_PUBLICATION_CLOCK, policy_key=DUAL_PUBLICATION_POLICY, actor=actor,
                               today=today, batch_size=batch_size)
    return records


@transaction.atomic
def record_update_draft(*, record: CreditRecord, actor, today: datetime.date | None = None,
                        expected_revision: str | None = None, **fields) -> CreditRecord:
    """Edit a draft. ``expected_revision``: the revision the editor saw (``StaleEdit`` → 409 when it moved on)."""
    record = _lock(record)
    if record.status != RecordStatus.DRAFT:
        raise TransitionNotAllowed(_("只有草稿可以直接修改；已发布的记录请使用“更正”，会生成新版本。"))
    require_revision(record, expected_revision)
    before = _snapshot(record)
    for name, value in fields.items():
        if name in RECORD_FIELDS:
            setattr(record, name, value)
    _validate(record, today=today or timezone.localdate())
    record.save()
    changes = _changes(before, _snapshot(record))
    if changes:
        _event(record, "edit", actor=actor, changes=changes)
    return record


@transaction.atomic
def record_publish(*, record: CreditRecord, actor, today: datetime.date | None = None) -> CreditRecord:
    """Draft → published: the window is computed now; a late 双公示 publication is counted."""
    today = today or timezone.localdate()
    record = _lock(record)
    _require(record, RecordStatus.PUBLISHED)
    _validate(record, today=today)
    record.window_start, record.window_end, record.effect_end = record_window(record)
    record.status, record.published_at = RecordStatus.PUBLISHED, timezone.now()
    clock = _open_clock(record, DUAL_PUBLICATION_CLOCK)
    if clock is not None:
        record.published_late = today > clock.due_date
        workdays.clock_stop(clock=clock, actor=actor, reason=_("已公示"))
    record.save()
    CreditRecordVersion.objects.create(record=record, version=record.version, snapshot=_snapshot(record),
                                       created_by=actor if actor is not None and actor.pk else None)
    _event(record, "publish", actor=actor, from_status=RecordStatus.DRAFT, to_status=record.status)
    _tell_subject(record, _("您的诚信档案新增一条记录"), key=f"record:{record.pk}:published")
    _after_change(record, "published", actor, today)
    return record


@transaction.atomic
def record_revoke(*, record: CreditRecord, actor, reason: str) -> CreditRecord:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("撤销须说明理由。")]})
    record = _lock(record)
    _require(record, RecordStatus.REVOKED)
    old = record.status
    record.status = RecordStatus.REVOKED
    record.save(update_fields=["status", "updated_at"])
    _stop_clock(record, DECISION_CHANGE_CLOCK, actor, _("记录已撤销"))
    _event(record, "revoke", actor=actor, from_status=old, to_status=record.status, reason=reason)
    _tell_subject(record, _("您的诚信档案中有一条记录已撤销"), key=f"record:{record.pk}:revoked")
    _after_change(record, "revoked", actor)
    return record


@transaction.atomic
def record_correct(*, record: CreditRecord, actor, reason: str, today: datetime.date | None = None,
                   **fields) -> CreditRecord:
    """A published record gets a new version; both versions are kept, the record stays published."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("更正须说明理由。")]})
    today = today or timezone.localdate()
    record = _lock(record)
    if record.status != RecordStatus.PUBLISHED:
        raise TransitionNotAllowed(_("只有已发布的记录可以更正。"))
    before = _snapshot(record)
    for name, value in fields.items():
        if name in CORRECTABLE_FIELDS:
            setattr(record, name, value)
    _validate(record, today=today)
    record.window_start, record.window_end, record.effect_end = record_window(record)
    changes = _changes(before, _snapshot(record))
    if not changes:
        raise ValidationError({"__all__": [_("更正内容与现版本相同。")]})
    record.version += 1
    record.decision_changed_on = None
    record.save()
    CreditRecordVersion.objects.create(record=record, version=record.version, snapshot=_snapshot(record),
                                       reason=reason, created_by=actor if actor is not None and actor.pk else None)
    _stop_clock(record, DECISION_CHANGE_CLOCK, actor, _("记录已更正"))
    _event(record, "correct", actor=actor, from_status=record.status, to_status=record.status,
           changes=changes, reason=reason)
    _tell_subject(record, _("您的诚信档案中有一条记录已更正"), key=f"record:{record.pk}:v{record.version}")
    _after_change(record, "corrected", actor, today)
    return record


@transaction.atomic
def record_mark_repaired(*, record: CreditRecord, actor, reason: str, punishment: str = Punishment.UNCHANGED,
                         today: datetime.date | None = None) -> CreditRecord:
    """Credit repair approved: the record leaves public view (clause 11). ``punishment`` is kept on the record:
    ``records.effects`` weighs it (lighter: a fraction, waived: nothing) and a waiver settles the unit's
    rectification case."""
    if punishment not in Punishment.values:
        raise ValidationError({"punishment": [_("请选择惩戒措施：不变、从轻或免于惩戒。")]})
    record = _lock(record)
    _require(record, RecordStatus.REPAIRED)
    record.status, record.repair_punishment = RecordStatus.REPAIRED, punishment
    record.save(update_fields=["status", "repair_punishment", "updated_at"])
    _event(record, "repair", actor=actor, from_status=RecordStatus.PUBLISHED, to_status=record.status, reason=reason,
           changes={"repair_punishment": [None, punishment]})
    _after_change(record, "repaired", actor, today)
    return record


@transaction.atomic
def record_flag_decision_changed(*, record: CreditRecord, actor, on: datetime.date, reason: str) -> CreditRecord:
    """The underlying decision was revoked or changed: the provider must update within 3 working days."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请说明原决定撤销或变更的情况。")]})
    record = _lock(record)
    if record.status != RecordStatus.PUBLISHED:
        raise TransitionNotAllowed(_("只有已发布的记录需要按原决定变更情况更新。"))
    if on > timezone.localdate():
        raise ValidationError({"on": [_("日期不能晚于今天。")]})
    record.decision_changed_on = on
    record.save(update_fields=["decision_changed_on", "updated_at"])
    workdays.clock_start(subject=record, purpose=DECISION_CHANGE_CLOCK, policy_key="record_update_after_decision_change",
                         start_date=on, actor=actor)
    _event(record, "decision_changed", actor=actor, changes={"decision_changed_on": [None, on.isoformat()]},
           reason=reason)
    return record


def records_expire(*, today: datetime.date | None = None) -> int:
    """Daily: records past their window leave public view and punishment. Safe to run twice."""
    today = today or timezone.localdate()
    expired = 0
    due = CreditRecord.objects.filter(status=RecordStatus.PUBLISHED, window_end__lt=today).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            claimed = CreditRecord.objects.filter(pk=pk, status=RecordStatus.PUBLISHED, window_end__lt=today).update(
                status=RecordStatus.EXPIRED, updated_at=timezone.now()
            )
            if claimed:
                record = CreditRecord.objects.get(pk=pk)
                _event(record, "expire", actor=None, from_status=RecordStatus.PUBLISHED, to_status=record.status,
                       reason=_("公示期届满（%(end)s），不再公开，不再作为惩戒依据。") % {"end": record.window_end})
                _after_change(record, "expired", None, today)
                expired += 1
    return expired


@transaction.atomic
def record_attach(*, record: CreditRecord, actor, name: str, data: bytes) -> Attachment:
    """Evidence upload: extension, magic number and size are checked; nothing saved on failure."""
    content_type = upload_check(name, data)
    record = _lock(record)
    if record.status not in {RecordStatus.DRAFT, RecordStatus.PUBLISHED}:
        raise TransitionNotAllowed(_("已撤销、修复或到期的记录不能再添加材料。"))
    digest = Attachment.digest(data)
    attachment = Attachment(record=record, original_name=name[:200], content_type=content_type,
                            size=len(data), sha256=digest, uploaded_by=actor)
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    _event(record, "attach", actor=actor, changes={"attachment": [None, name]})
    return attachment


@transaction.atomic
def cadre_check_start(*, reviewer, civil_servant, purpose: str, purpose_note: str) -> CadreCheck:
    """Open a named person's file for a stated purpose; logged, and the person is told."""
    if not (purpose_note or "").strip():
        raise ValidationError({"purpose_note": [_("请说明审查事由。")]})
    today = timezone.localdate()  # open for the policy row cadre_check_access (default 7 days)
    days = (workdays.policy_end("cadre_check_access", today) - today).days
    check = CadreCheck(reviewer=reviewer, civil_servant=civil_servant, purpose=purpose, purpose_note=purpose_note,
                       expires_at=timezone.now() + datetime.timedelta(days=days))
    check.full_clean()
    check.save()
    person_user = getattr(civil_servant, "user", None)
    if person_user is not None:
        notice_send(recipient=person_user, key=f"cadre-check:{check.pk}",
                    title=_("组织人事部门查阅了您的诚信档案"),
                    body=_("用途：%(purpose)s（%(note)s）。查阅人：%(who)s。")
                    % {"purpose": check.get_purpose_display(), "note": purpose_note, "who": reviewer.display_name})
    return check


def file_access_log(*, viewer, servant_ids, purpose: str, channel: str, cadre_check=None) -> int:
    """Log a view of personal files by anyone but the person themself."""
    rows = [FileAccess(viewer=viewer, civil_servant_id=sid, purpose=purpose[:200], channel=channel,
                       cadre_check=cadre_check)
            for sid in set(servant_ids) if sid and sid != getattr(viewer, "civil_servant_id", None)]
    FileAccess.objects.bulk_create(rows)
    return len(rows)


# --- helpers -----------------------------------------------------------------

def _after_change(record: CreditRecord, event: str, actor, today=None) -> None:
    """What every published-state change sets off, in the same transaction: sharing with the city
    platform (outbox), joint punishment (clause-4 notices, rectification by rule, restriction flags)."""
    from .punishment import punishment_record_changed  # that module imports this one

    record_share(record, event)
    punishment_record_changed(record=record, actor=actor, today=today)

def _open_clock(record, purpose):
    from workdays.selectors import clocks_for

    return clocks_for(record).filter(purpose=purpose).exclude(state="stopped").first()


def _stop_clock(record, purpose, actor, reason):
    clock = _open_clock(record, purpose)
    if clock is not None:
        workdays.clock_stop(clock=clock, actor=actor, reason=reason)


def _tell_subject(record: CreditRecord, title: str, *, key: str) -> None:
    """The person is told of every change to their file (province art. 21)."""
    if record.subject_type != SubjectType.PERSON:
        return
    person_user = getattr(record.civil_servant, "user", None)
    if person_user is not None:
        notice_send(recipient=person_user, title=title, key=key,
                    body=f"{record.get_kind_display()}：{record.title}（{record.provider.name}）",
                    link=reverse("records:my_file") + f"?record={record.pk}#record-{record.pk}")
