"""Joint punishment use cases (clauses 2, 4, 6): rectification, accountability, notices (通报),
restriction flags while a unit is listed as 失信被执行人, clause-4 notices, zero stock / zero increment.

Every case transition locks the row, checks it is allowed (``TransitionNotAllowed`` → 409) and
writes a ``RectificationTransition`` in the same transaction. Notices go through the outbox, keyed
per cause, so running any of these twice sends nothing twice. The records app calls
``punishment_record_changed`` whenever a record is published, corrected, revoked, repaired or expired.
"""
import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from integrity_portal.errors import TransitionNotAllowed
from notifications.services import notice_send
from workdays import services as workdays
from workdays.parties import credit_office_users

from ..choices import DISHONESTY_KINDS, Punishment, RecordKind, RecordStatus, Severity, SubjectType
from ..effects import LISTING_STATUSES
from ..models import CreditRecord, Unit
from ..models.punishment import (
    RECTIFICATION_TRANSITIONS,
    AccountabilityForm,
    AttachmentStep,
    PunishmentNotice,
    RectificationAttachment,
    RectificationCase,
    RectificationCaseRecord,
    RectificationOrigin,
    RectificationRule,
    RectificationState,
    RectificationTransition,
    RestrictionFlag,
    RestrictionKind,
    ZeroStatusRevision,
    ZeroStatusSnapshot,
)
from ..uploads import upload_check
from .credit import record_create

__all__ = [
    "EXPLANATION_CLOCK", "REPORT_CLOCK", "rectification_open", "rectification_open_for_record",
    "rectification_explain", "rectification_report", "rectification_accept", "rectification_return",
    "rectification_accountability_decide", "rectification_settle_for_record", "punishment_notice_publish", "flags_sync_for_unit", "flags_sync_all",
    "record_published_notices", "punishment_record_changed", "zero_status_compute", "zero_status_refresh",
    "period_bounds",
]

EXPLANATION_CLOCK = "rectification_explanation"  # the purposes are also the policy keys
REPORT_CLOCK = "rectification_report"
MAX_ATTACHMENTS = 10
FLAG_BASIS = "《莱芜区政务诚信建设工作实施方案》第六条"


def _actor(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _is_office(actor) -> bool:
    return actor is not None and (actor.is_superuser or actor.has_role(Role.CREDIT_OFFICE))


def _require_office(actor) -> None:
    if not _is_office(actor):
        raise PermissionDenied(_("只有区信用办可以执行此操作。"))


def _require_unit_clerk(case: RectificationCase, actor) -> None:
    if actor is not None and actor.is_superuser:
        return
    if not (actor is not None and actor.has_role(Role.CLERK) and actor.unit_id == case.unit_id):
        raise PermissionDenied(_("只有整改单位的经办人可以报送。"))


def _required_text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


def _unit_staff(unit: Unit | None, roles=(Role.CLERK, Role.SUPERVISOR)) -> list:
    if unit is None:
        return []
    unit = unit.current_successor()
    return list(get_user_model().objects.filter(is_active=True, unit=unit, groups__name__in=roles).distinct())


def _tell(users, *, title: str, body: str, key: str, link: str = "", level: str = "info") -> int:
    seen = set()
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        notice_send(recipient=user, title=title, body=body, link=link, key=key, level=level)
    return len(seen)


def _link(case: RectificationCase) -> str:
    from django.urls import NoReverseMatch

    try:
        return case.get_absolute_url()
    except NoReverseMatch:  # the pages are mounted by the lead's urlconf
        return ""


# --- rectification -------------------------------------------------------------

def _lock(case: RectificationCase) -> RectificationCase:
    return RectificationCase.objects.select_for_update().select_related("unit").get(pk=case.pk)


def _require(case: RectificationCase, target: str) -> None:
    if target not in RECTIFICATION_TRANSITIONS[RectificationState(case.state)]:
        raise TransitionNotAllowed(
            _("整改案件当前状态为“%(state)s”，不能变更为“%(target)s”。")
            % {"state": case.get_state_display(), "target": RectificationState(target).label})


def _transition(case: RectificationCase, to_state: str, *, actor, reason: str = "") -> RectificationTransition:
    row = RectificationTransition.objects.create(case=case, actor=_actor(actor), from_state=case.state,
                                                 to_state=to_state, reason=reason)
    case.state = to_state
    return row


def _stop(clock, actor, reason: str) -> None:
    if clock is not None:
        clock.refresh_from_db()
        if clock.state != "stopped":
            workdays.clock_stop(clock=clock, actor=actor, reason=reason)


def _check_files(files) -> list[tuple[str, bytes, str]]:
    """(name, bytes) pairs → checked (name, bytes, content type); too large → 413, bad type → 400."""
    files = list(files or [])
    if len(files) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": [_("材料最多 %(n)d 个文件。") % {"n": MAX_ATTACHMENTS}]})
    return [(name[:200], data, upload_check(name, data, field="attachments")) for name, data in files]


def _save_files(case, step, checked, actor) -> None:
    for name, data, content_type in checked:
        attachment = RectificationAttachment(case=case, step=step, original_name=name, content_type=content_type,
                                             size=len(data), sha256=RectificationAttachment.digest(data),
                                             uploaded_by=_actor(actor))
        attachment.file.save(name, ContentFile(data), save=False)
        attachment.save()


def _act_date(records) -> datetime.date:
    return min(r.act_start or r.act_end or r.decision_date for r in records)


@transaction.atomic
def rectification_open(*, unit: Unit, records, actor, reason: str = "", origin: str = RectificationOrigin.OFFICE,
                       today: datetime.date | None = None) -> RectificationCase:
    """Open a case against ``unit`` for published dishonesty records about it; both clocks start today.

    The case names the unit's main responsible person on the date of the act (the directory's history).
    """
    today = today or timezone.localdate()
    if origin == RectificationOrigin.OFFICE:
        _require_office(actor)
    records = list(CreditRecord.objects.select_for_update().filter(pk__in=[r.pk for r in records]))
    if not records:
        raise ValidationError({"records": [_("请选择所涉失信记录。")]})
    for record in records:
        if (record.subject_type != SubjectType.UNIT or record.subject_unit_id != unit.pk
                or record.kind not in DISHONESTY_KINDS or record.status != RecordStatus.PUBLISHED):
            raise ValidationError({"records": [_("只能就针对该单位、已发布的失信记录立案：%(title)s")
                                               % {"title": record.title}]})
    taken = RectificationCaseRecord.objects.filter(record__in=records).values_list("record__title", flat=True)
    if taken:
        raise TransitionNotAllowed(_("以下记录已有整改案件：%(titles)s") % {"titles": "、".join(taken)})
    act_date = _act_date(records)
    term = unit.head_on(act_date)
    case = RectificationCase(unit=unit, origin=origin, opened_on=today, opened_by=_actor(actor), reason=reason,
                             act_date=act_date, head_term=term, head_name=term.person_name if term else "",
                             head_servant=term.civil_servant if term else None)
    case.full_clean(exclude=["explanation_clock", "report_clock", "head_term", "head_servant", "opened_by"])
    case.save()
    try:
        with transaction.atomic():
            RectificationCaseRecord.objects.bulk_create([RectificationCaseRecord(case=case, record=r)
                                                         for r in records])
    except IntegrityError:  # another request opened a case for the same record just now
        raise TransitionNotAllowed(_("所涉记录已有整改案件。"))
    RectificationTransition.objects.create(case=case, actor=_actor(actor), to_state=RectificationState.OPEN,
                                           reason=reason or "；".join(r.title for r in records))
    case.explanation_clock = workdays.clock_start(subject=case, purpose=EXPLANATION_CLOCK, policy_key=EXPLANATION_CLOCK,
                                                  start_date=today, actor=actor, today=today)
    case.report_clock = workdays.clock_start(subject=case, purpose=REPORT_CLOCK, policy_key=REPORT_CLOCK,
                                             start_date=today, actor=actor, today=today)
    case.save(update_fields=["explanation_clock", "report_clock"])
    _tell(_unit_staff(unit, roles=(Role.CLERK,)), key=f"rectification:{case.pk}:opened", link=_link(case),
          level="warning", title=_("请就失信记录书面说明原因并限期整改"),
          body=_("所涉记录：%(titles)s。书面说明截止 %(explain)s，整改报告截止 %(report)s。整改完成前贵单位不得参加评选评优。")
          % {"titles": "；".join(r.title for r in records), "explain": case.explanation_clock.due_date,
             "report": case.report_clock.due_date})
    return case


def rectification_open_for_record(*, record: CreditRecord, actor=None,
                                  today: datetime.date | None = None) -> RectificationCase | None:
    """By rule: a published dishonesty record against a unit opens a case when a rule matches it. Idempotent."""
    today = today or timezone.localdate()
    if (record.status != RecordStatus.PUBLISHED or record.subject_type != SubjectType.UNIT
            or record.kind not in DISHONESTY_KINDS or (record.window_end and record.window_end < today)):
        return None
    rule = RectificationRule.objects.filter(kind=record.kind, is_active=True).first()
    if rule is None or not rule.matches(record):
        return None
    if RectificationCaseRecord.objects.filter(record=record).exists():
        return None
    return rectification_open(unit=record.subject_unit, records=[record], actor=actor, today=today,
                              origin=RectificationOrigin.RULE, reason=_("按立案规则：%(rule)s") % {"rule": rule})


@transaction.atomic
def rectification_explain(*, case: RectificationCase, actor, explanation: str, attachments=(),
                          today: datetime.date | None = None) -> RectificationCase:
    """The unit's written explanation of the causes (open → explained)."""
    explanation = _required_text(explanation, "explanation", _("请填写书面说明。"))
    checked = _check_files(attachments)
    case = _lock(case)
    _require_unit_clerk(case, actor)
    _require(case, RectificationState.EXPLAINED)
    case.explanation, case.explained_at = explanation, timezone.now()
    row = _transition(case, RectificationState.EXPLAINED, actor=actor)
    case.save(update_fields=["state", "explanation", "explained_at", "updated_at"])
    _save_files(case, AttachmentStep.EXPLANATION, checked, actor)
    _stop(case.explanation_clock, actor, _("已报送书面说明"))
    _tell(credit_office_users(), key=f"rectification:{case.pk}:{row.pk}", link=_link(case),
          title=_("%(unit)s 已报送失信情况书面说明") % {"unit": case.unit.name}, body=explanation[:200])
    return case


def _clean_report(measures, results, completed_on, case, today) -> dict:
    errors = {}
    if not (measures or "").strip():
        errors["report_measures"] = [_("请填写整改措施。")]
    if not (results or "").strip():
        errors["report_results"] = [_("请填写整改成效。")]
    if not completed_on:
        errors["report_completed_on"] = [_("请填写整改完成日期。")]
    elif completed_on > today:
        errors["report_completed_on"] = [_("整改完成日期不能晚于今天。")]
    elif completed_on < case.act_date:
        errors["report_completed_on"] = [_("整改完成日期不能早于失信行为发生日期。")]
    if errors:
        raise ValidationError(errors)
    return {"report_measures": measures.strip(), "report_results": results.strip(),
            "report_completed_on": completed_on}


@transaction.atomic
def rectification_report(*, case: RectificationCase, actor, measures: str, results: str,
                         completed_on: datetime.date | None, attachments=(),
                         today: datetime.date | None = None) -> RectificationCase:
    """The rectification report (explained or returned → rectified); all three fields are required."""
    today = today or timezone.localdate()
    checked = _check_files(attachments)
    case = _lock(case)
    _require_unit_clerk(case, actor)
    fields = _clean_report(measures, results, completed_on, case, today)
    _require(case, RectificationState.RECTIFIED)
    for name, value in fields.items():
        setattr(case, name, value)
    case.reported_at = timezone.now()
    row = _transition(case, RectificationState.RECTIFIED, actor=actor)
    case.save(update_fields=["state", "reported_at", "updated_at", *fields])
    _save_files(case, AttachmentStep.REPORT, checked, actor)
    _stop(case.report_clock, actor, _("已报送整改报告"))
    _tell(credit_office_users(), key=f"rectification:{case.pk}:{row.pk}", link=_link(case),
          title=_("%(unit)s 已报送整改报告，请验收") % {"unit": case.unit.name}, body=fields["report_measures"][:200])
    return case


@transaction.atomic
def rectification_accept(*, case: RectificationCase, actor, note: str = "",
                         today: datetime.date | None = None) -> RectificationCase:
    """The office accepts the rectification (rectified → accepted); award eligibility returns."""
    _require_office(actor)
    case = _lock(case)
    _require(case, RectificationState.ACCEPTED)
    case.review_note, case.closed_on = (note or "").strip(), today or timezone.localdate()
    _transition(case, RectificationState.ACCEPTED, actor=actor, reason=case.review_note)
    case.save(update_fields=["state", "review_note", "closed_on", "updated_at"])
    _stop(case.explanation_clock, actor, _("整改验收通过"))
    _stop(case.report_clock, actor, _("整改验收通过"))
    _tell(_unit_staff(case.unit, roles=(Role.CLERK,)), key=f"rectification:{case.pk}:accepted", link=_link(case),
          title=_("整改已验收通过"), body=case.review_note)
    return case


def _without_effect(record: CreditRecord) -> bool:
    """Repaired with 免于惩戒, or revoked: the record no longer founds any punishment."""
    return record.status == RecordStatus.REVOKED or (
        record.status == RecordStatus.REPAIRED and record.repair_punishment == Punishment.WAIVED)


@transaction.atomic
def rectification_settle_for_record(*, record: CreditRecord, actor=None,
                                    today: datetime.date | None = None) -> list[RectificationCase]:
    """Clause 11: once every record of an open case is repaired with 免于惩戒 (or revoked), the case is settled
    (closed today, its clocks stopped), so it no longer withdraws the unit's award eligibility. Idempotent."""
    today = today or timezone.localdate()
    settled = []
    for case in RectificationCase.objects.select_for_update().filter(records=record).open().order_by("pk"):
        if not all(_without_effect(r) for r in case.records.all()):
            continue
        reason = _("所涉失信记录均已免于惩戒或撤销，案件结案，恢复评选评优资格。")
        _transition(case, RectificationState.SETTLED, actor=actor, reason=reason)
        case.closed_on = today
        case.save(update_fields=["state", "closed_on", "updated_at"])
        _stop(case.explanation_clock, actor, reason)
        _stop(case.report_clock, actor, reason)
        _tell(_unit_staff(case.unit, roles=(Role.CLERK,)), key=f"rectification:{case.pk}:settled", link=_link(case),
              title=_("整改案件已结案（免于惩戒）"), body=reason)
        settled.append(case)
    return settled


@transaction.atomic
def rectification_return(*, case: RectificationCase, actor, reason: str,
                         today: datetime.date | None = None) -> RectificationCase:
    """The office returns the report (rectified → returned): the unit resubmits against a new due date."""
    _require_office(actor)
    reason = _required_text(reason, "reason", _("退回须说明理由。"))
    today = today or timezone.localdate()
    case = _lock(case)
    _require(case, RectificationState.RETURNED)
    case.review_note = reason
    row = _transition(case, RectificationState.RETURNED, actor=actor, reason=reason)
    _stop(case.report_clock, actor, _("整改报告被退回"))
    case.report_clock = workdays.clock_start(subject=case, purpose=REPORT_CLOCK, policy_key=REPORT_CLOCK,
                                             start_date=today, actor=actor, today=today)
    case.save(update_fields=["state", "review_note", "report_clock", "updated_at"])
    _tell(_unit_staff(case.unit, roles=(Role.CLERK,)), key=f"rectification:{case.pk}:{row.pk}", link=_link(case),
          level="warning", title=_("整改报告被退回，请于 %(due)s 前重新报送") % {"due": case.report_clock.due_date},
          body=reason)
    return case


@transaction.atomic
def rectification_accountability_decide(*, case: RectificationCase, actor, form: str, decision: str,
                                        decided_on: datetime.date, severity: str = Severity.GENERAL,
                                        today: datetime.date | None = None) -> RectificationCase:
    """Record the accountability decided for the main responsible person at the time (clause 6).

    A head who is a known civil servant gets a *draft* ``accountability`` record in their file, provided
    by the office's unit; the office publishes it through the records workflow. Otherwise the name is kept.
    """
    _require_office(actor)
    today = today or timezone.localdate()
    errors = {}
    if form not in AccountabilityForm.values:
        errors["form"] = [_("请选择问责方式：%(choices)s。") % {"choices": "、".join(AccountabilityForm.values)}]
    if not (decision or "").strip():
        errors["decision"] = [_("请填写问责决定。")]
    if not decided_on:
        errors["decided_on"] = [_("请填写问责决定日期。")]
    elif decided_on > today:
        errors["decided_on"] = [_("问责决定日期不能晚于今天。")]
    if errors:
        raise ValidationError(errors)
    case = _lock(case)
    if case.accountability_form:
        raise TransitionNotAllowed(_("该案件已记录问责决定。"))
    if not case.head_name:
        raise TransitionNotAllowed(_("名录中没有失信行为发生时的主要负责人任职记录，请先补录任职历史。"))
    case.accountability_form, case.accountability_decision = form, decision.strip()
    case.accountability_decided_on = decided_on
    if case.head_servant_id:
        provider = actor.unit or case.unit.discipline_unit
        if provider is None:
            raise ValidationError({"provider": [_("您的账号未关联单位，不能生成问责记录。")]})
        case.accountability_record = record_create(
            actor=actor, provider=provider, today=today, subject_type=SubjectType.PERSON,
            civil_servant=case.head_servant, kind=RecordKind.ACCOUNTABILITY, severity=severity,
            title=_("对%(unit)s政务失信负有主要领导责任") % {"unit": case.unit.name}, facts=case.accountability_decision,
            decision_date=decided_on, act_start=case.act_date, details={"accountability_form": form},
            legal_basis=FLAG_BASIS)
    case.full_clean(exclude=["explanation_clock", "report_clock", "head_term", "head_servant", "opened_by"])
    case.save()
    RectificationTransition.objects.create(case=case, actor=_actor(actor), from_state=case.state,
                                           to_state=case.state, reason=_("问责：%(form)s，%(decision)s")
                                           % {"form": form, "decision": case.accountability_decision})
    return case


@transaction.atomic
def punishment_notice_publish(*, cases, number: str, title: str, body: str, actor) -> PunishmentNotice:
    """The office publishes a notice (通报批评) of the cases it chooses; the units are told."""
    _require_office(actor)
    errors = {}
    for field, value, message in (("number", number, _("请填写通报文号。")), ("title", title, _("请填写标题。")),
                                  ("body", body, _("请填写正文。"))):
        if not (value or "").strip():
            errors[field] = [message]
    cases = list(cases)
    if not cases:
        errors["cases"] = [_("请选择要通报的整改案件。")]
    if number and PunishmentNotice.objects.filter(number=number.strip()).exists():
        errors["number"] = [_("通报文号已存在。")]
    if errors:
        raise ValidationError(errors)
    notice = PunishmentNotice.objects.create(number=number.strip(), title=title.strip(), body=body.strip(),
                                             published_at=timezone.now(), published_by=_actor(actor))
    notice.cases.set(cases)
    for case in cases:
        _tell(_unit_staff(case.unit, roles=(Role.CLERK,)), key=f"punishment-notice:{notice.pk}", level="warning",
              title=_("贵单位被公开通报：%(title)s") % {"title": notice.title}, body=notice.number, link=_link(case))
    return notice


# --- restriction flags ----------------------------------------------------------------

def _flag_reason(record: CreditRecord) -> str:
    details = record.details or {}
    return _("被%(court)s列为失信被执行人（案号 %(case)s），依%(basis)s予以限制。") % {
        "court": details.get("court") or record.decision_body or _("人民法院"),
        "case": details.get("case_number") or record.decision_number, "basis": FLAG_BASIS}


@transaction.atomic
def flags_sync_for_unit(unit: Unit, *, today: datetime.date | None = None) -> int:
    """Bring the unit's flags in line with its listings: one flag per measure per listing, from listing
    (publication) until delisting. A revoked or repaired listing ends its flags. Returns rows changed;
    running it twice changes nothing."""
    today = today or timezone.localdate()
    changed = 0
    listings = (CreditRecord.objects.select_for_update().filter(subject_unit=unit, kind=RecordKind.JUDGMENT_DEFAULTER)
                .exclude(status=RecordStatus.DRAFT))
    for record in listings:
        existing = {flag.kind: flag for flag in RestrictionFlag.objects.filter(source_record=record)}
        if record.status in LISTING_STATUSES and record.window_start:
            for kind in RestrictionKind.values:
                wanted = {"unit_id": unit.pk, "since": record.window_start, "until": record.window_end,
                          "reason": _flag_reason(record)}
                flag = existing.get(kind)
                if flag is None:
                    RestrictionFlag.objects.create(source_record=record, kind=kind, **wanted)
                    changed += 1
                elif any(getattr(flag, k) != v for k, v in wanted.items()):
                    RestrictionFlag.objects.filter(pk=flag.pk).update(updated_at=timezone.now(), **wanted)
                    changed += 1
        else:  # revoked or repaired: the listing no longer stands from today
            end = today - datetime.timedelta(days=1)
            for flag in existing.values():
                if flag.until is None or flag.until > end:
                    RestrictionFlag.objects.filter(pk=flag.pk).update(until=max(flag.since, end),
                                                                       updated_at=timezone.now())
                    changed += 1
    return changed


def flags_sync_all(*, today: datetime.date | None = None) -> int:
    """The daily job: every unit with a listing (each in its own transaction)."""
    ids = (CreditRecord.objects.filter(kind=RecordKind.JUDGMENT_DEFAULTER, subject_unit__isnull=False)
           .exclude(status=RecordStatus.DRAFT).values_list("subject_unit_id", flat=True).distinct())
    return sum(flags_sync_for_unit(unit, today=today) for unit in Unit.objects.filter(pk__in=list(ids)))


# --- clause 4 notices -------------------------------------------------------------------

def record_published_notices(record: CreditRecord) -> int:
    """Clause 4: a personal dishonesty record → the person's unit and its discipline unit; an institutional
    one → the superior unit and the audit unit. Once per version (a correction is a new cause)."""
    if record.status != RecordStatus.PUBLISHED or record.kind not in DISHONESTY_KINDS:
        return 0
    if record.subject_type == SubjectType.PERSON:
        home = record.civil_servant.unit
        recipients = _unit_staff(home) + _unit_staff(home.discipline_unit)
        subject = _("%(unit)s 公务员 %(name)s") % {"unit": home.name, "name": record.civil_servant.name}
    else:
        unit = record.subject_unit
        recipients = _unit_staff(unit.superior) + _unit_staff(unit.audit_unit)
        subject = unit.name
    if record.version == 1:
        title = _("失信信息通报：%(subject)s") % {"subject": subject}
    else:
        title = _("失信信息更正通报（第 %(v)s 版）：%(subject)s") % {"v": record.version, "subject": subject}
    body = _("%(kind)s（%(severity)s）：%(title)s。决定日期 %(date)s，信息提供单位 %(provider)s。") % {
        "kind": record.get_kind_display(), "severity": record.get_severity_display(), "title": record.title,
        "date": record.decision_date, "provider": record.provider.name}
    from django.urls import NoReverseMatch, reverse

    try:
        link = reverse("records:record_detail", args=[record.pk])
    except NoReverseMatch:
        link = ""
    return _tell(recipients, title=title, body=body, link=link, key=f"clause4:record:{record.pk}:v{record.version}")


def punishment_record_changed(*, record: CreditRecord, actor=None, today: datetime.date | None = None) -> None:
    """The one hook the records services call after publish, correct, revoke, repair and expiry. Idempotent."""
    record = CreditRecord.objects.select_related("civil_servant__unit", "subject_unit", "provider").get(pk=record.pk)
    if record.status == RecordStatus.PUBLISHED:
        record_published_notices(record)
        rectification_open_for_record(record=record, actor=actor, today=today)
    elif _without_effect(record):
        rectification_settle_for_record(record=record, actor=actor, today=today)
    if record.kind == RecordKind.JUDGMENT_DEFAULTER and record.subject_unit_id:
        flags_sync_for_unit(record.subject_unit, today=today)


# --- zero stock / zero increment --------------------------------------------------------

def period_bounds(period: str) -> tuple[datetime.date, datetime.date]:
    """``2026`` (a year), ``2026Q3`` (a quarter) or ``2026-07`` (a month) → (first day, last day)."""
    text = (period or "").strip().upper()
    try:
        if len(text) == 4:
            year = int(text)
            return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        if len(text) == 6 and text[4] == "Q" and text[5] in "1234":
            year, quarter = int(text[:4]), int(text[5])
            start = datetime.date(year, 3 * quarter - 2, 1)
        elif len(text) == 7 and text[4] == "-":
            start = datetime.date(int(text[:4]), int(text[5:]), 1)
            quarter = None
        else:
            raise ValueError(text)
    except ValueError:
        raise ValidationError({"period": [_("期间格式应为 2026、2026Q3 或 2026-07。")]})
    months = 3 if quarter else 1
    following = datetime.date(start.year + (start.month + months - 1) // 12, (start.month + months - 1) % 12 + 1, 1)
    return start, following - datetime.timedelta(days=1)


@transaction.atomic
def zero_status_compute(*, period: str, today: datetime.date | None = None, actor=None,
                        reason: str = "") -> ZeroStatusSnapshot:
    """Store the period's status as counted now (``selectors_punishment.zero_status_live``): one row per period
    (``period`` is unique), kept over time. A period not yet over is recomputed by the daily job until it ends.

    Idempotent: when the stored row already says what the count says, nothing is written (``computed_at`` keeps
    the time the figures were taken), so running the job twice leaves one unchanged row. Only the daily job
    (``actor`` None) and the office's explicit action call this — never a page view.

    Nothing is lost: when the figures change, the row's previous values are kept as a ``ZeroStatusRevision``
    (who, when, why) in the same transaction. The figures of an ended period (stored ``is_final``) were reported:
    changing them needs a ``reason`` (``ValidationError`` on ``reason`` otherwise, and nothing is written).
    """
    from ..selectors_punishment import zero_status_live  # the selectors import this module

    if actor is not None:
        _require_office(actor)
    reason = (reason or "").strip()
    counted = zero_status_live(period=period, today=today)
    values = {name: getattr(counted, name) for name in ZeroStatusSnapshot.COUNTED}
    now = timezone.now()
    stored, created = ZeroStatusSnapshot.objects.select_for_update().get_or_create(
        period=counted.period, defaults={**values, "computed_at": now})
    if created or all(getattr(stored, name) == value for name, value in values.items()):
        return stored
    if any(getattr(stored, name) != values[name] for name in ZeroStatusSnapshot.FIGURES):
        if stored.is_final and not reason:
            raise ValidationError({"reason": [
                _("%(period)s 已结束，其数字已经报出；更改须说明理由。") % {"period": stored.period_display}]})
        ZeroStatusRevision.objects.create(
            snapshot=stored, **{name: getattr(stored, name) for name in ZeroStatusSnapshot.COUNTED},
            computed_at=stored.computed_at, changed_at=now, actor=_actor(actor), reason=reason)
    for name, value in values.items():
        setattr(stored, name, value)
    stored.computed_at = now
    stored.save(update_fields=[*ZeroStatusSnapshot.COUNTED, "computed_at"])
    return stored


def zero_status_refresh(*, today: datetime.date | None = None) -> list[str]:
    """The daily job: this month, quarter and year, and any earlier period not yet final. A period stored as ended
    is never changed by the job (that is the office's, with a reason), even when run for an earlier day."""
    today = today or timezone.localdate()
    periods = {f"{today:%Y-%m}", f"{today.year}Q{(today.month - 1) // 3 + 1}", str(today.year)}
    periods -= set(ZeroStatusSnapshot.objects.filter(is_final=True, period__in=periods).values_list("period", flat=True))
    periods |= set(ZeroStatusSnapshot.objects.filter(is_final=False).values_list("period", flat=True))
    for period in sorted(periods):
        zero_status_compute(period=period, today=today)
    return sorted(periods)

