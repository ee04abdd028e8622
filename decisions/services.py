"""Use cases of 双公示 decisions (DESIGN.md §3): one function each, transactional, a transition row per move.

Forms, the API, the import (decisions-io), the admin and the daily task all call these. Every row
submitted goes through ``validation.check_decision``; the first outcome per row is kept for the
合规率 (``DecisionCheck``).
"""
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from workdays import services as workdays
from workdays.selectors import clocks_for

from .choices import DECISION_TRANSITIONS, CheckChannel, DecisionStatus, SubjectCategory
from .models import LEGACY_CODES, Decision, DecisionCheck, DecisionTransition, Subject
from .policies import REPORTING_POLICY, decision_window
from .sharing import decision_share
from .validation import Checked, check_decision

REPORTING_CLOCK = "decision_reporting"
#: The cleaned values that are columns of ``Decision`` (the subject's codes go to the register).
DECISION_FIELDS = (
    "act", "subject_category", "subject_name", "legal_representative", "representative_id_type",
    "representative_id_number", "document_name", "document_number", "decision_date", "content", "legal_basis",
    "validity_status", "note", "violation_type", "violation_facts", "penalty_categories", "severity", "fine_amount",
    "confiscated_amount", "licence_suspended", "penalty_valid_until", "licence_category", "certificate_name",
    "certificate_number", "valid_from", "valid_to",
)
#: The row as a form or the API sends it: the decision's fields plus the subject's codes.
ROW_FIELDS = (*DECISION_FIELDS, "subject_code", *LEGACY_CODES, "id_type", "id_number")


def _who(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _transition(decision: Decision, to_state: str, *, actor, reason: str = "", from_state: str = "") -> None:
    DecisionTransition.objects.create(decision=decision, from_state=from_state, to_state=to_state,
                                      actor=_who(actor), reason=reason)


def _require(decision: Decision, target: str) -> None:
    if target not in DECISION_TRANSITIONS[DecisionStatus(decision.status)]:
        raise TransitionNotAllowed(_("“%(status)s”状态的决定不能%(action)s。")
                                   % {"status": decision.get_status_display(), "action": DecisionStatus(target).label})


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().get(pk=decision.pk)


# --- the subject register --------------------------------------------------------

def subject_resolve(values: Mapping) -> Subject:
    """The register's row for the subject of a checked row: found by code (USCC, then the person's ID, then a
    legacy code), its name and missing codes brought up to date; created when no code matches."""
    uscc, id_type, id_number = values.get("subject_code", ""), values.get("id_type", ""), values.get("id_number", "")
    lookups = []
    if uscc:
        lookups.append(Q(uscc=uscc))
    if id_number:
        lookups.append(Q(id_type=id_type, id_number=id_number))
    lookups += [Q(**{code: values[code]}) for code in LEGACY_CODES if values.get(code)]
    subject = None
    for lookup in lookups:
        subject = Subject.objects.select_for_update().filter(lookup).first()
        if subject is not None:
            break
    if subject is None:
        subject = Subject(category=values["subject_category"])
    subject.name = values["subject_name"]
    if values["subject_category"] == SubjectCategory.NATURAL_PERSON:
        subject.id_type, subject.id_number = id_type, id_number
    else:
        subject.uscc = uscc or subject.uscc
        for code in LEGACY_CODES:
            if values.get(code) and not getattr(subject, code):
                setattr(subject, code, values[code])
    subject.full_clean()
    subject.save()
    return subject


# --- checks (合规率) ---------------------------------------------------------------

def decision_check_record(*, department, checked: Checked, channel: str, today: datetime.date) -> None:
    """Keep the first outcome of the checks for a row (keyed by act and document number); count the attempts."""
    act, number = checked.values.get("act"), checked.values.get("document_number")
    if not (act and number):
        return
    updated = DecisionCheck.objects.filter(department=department, act=act, document_number=number).update(
        attempts=F("attempts") + 1)
    if not updated:
        DecisionCheck.objects.create(department=department, act=act, document_number=number,
                                     first_checked_on=today, passed=checked.ok, errors=checked.errors,
                                     channel=channel)


# --- creating drafts ------------------------------------------------------------

def _previous(department, values) -> Decision | None:
    """The latest version of the same document number from the same department (a new row is its next version)."""
    previous = (Decision.objects.select_for_update().filter(department=department,
                                                            document_number=values["document_number"])
                .order_by("-version").first())
    if previous is not None and previous.act != values["act"]:
        raise ValidationError({"document_number": [_("该文书号已用于本机关的%(act)s决定。")
                                                   % {"act": previous.get_act_display()}]})
    return previous


def _build(*, actor, department, checked: Checked) -> Decision:
    values = checked.values
    previous = _previous(department, values)
    decision = Decision(department=department, subject=subject_resolve(values), created_by=_who(actor),
                        completeness=checked.completeness, **{name: values[name] for name in DECISION_FIELDS})
    for name in ("legal_representative", "representative_id_type", "representative_id_number", "document_name",
                 "legal_basis", "note", "violation_type", "violation_facts", "severity", "licence_suspended",
                 "licence_category", "certificate_name", "certificate_number"):
        setattr(decision, name, getattr(decision, name) or "")
    if previous is not None:
        decision.version, decision.previous = previous.version + 1, previous
    decision.full_clean(exclude=["previous"])
    return decision


def decision_create(*, actor, department, row: Mapping, channel: str = CheckChannel.FORM,
                    today: datetime.date | None = None) -> Decision:
    """A new draft (or the next version of the same document number). 400 with field errors when a check fails;
    the first outcome is kept for the 合规率 either way. Starts the 7-working-day reporting clock."""
    today = today or timezone.localdate()
    checked = check_decision(row, today=today)
    with transaction.atomic():  # its own transaction: the check row stays when the submission is refused
        decision_check_record(department=department, checked=checked, channel=channel, today=today)
    if not checked.ok:
        raise ValidationError(checked.errors)
    with transaction.atomic():
        return _create(actor=actor, department=department, checked=checked, today=today)


def _create(*, actor, department, checked: Checked, today: datetime.date) -> Decision:
    decision = _build(actor=actor, department=department, checked=checked)
    decision.save()
    _transition(decision, DecisionStatus.DRAFT, actor=actor,
                reason=_("新版本（第%(v)s版）") % {"v": decision.version} if decision.version > 1 else "")
    if decision.version == 1:
        workdays.clock_start(subject=decision, purpose=REPORTING_CLOCK, policy_key=REPORTING_POLICY,
                             start_date=decision.decision_date, actor=actor, today=today)
    return decision


@dataclass
class BulkResult:
    rows: int = 0
    created: list[Decision] = field(default_factory=list)
    errors: dict[int, dict[str, list[str]]] = field(default_factory=dict)  # row index (0-based) → field errors


def decisions_create_bulk(*, actor, department, rows: Iterable[Mapping], channel: str = CheckChannel.IMPORT,
                          today: datetime.date | None = None, dry_run: bool = False) -> BulkResult:
    """Many drafts at once, all or nothing: every row is checked; if any fails nothing is created (the first
    outcomes are kept for the 合规率 unless ``dry_run``). ``errors`` is keyed by the row's index in ``rows``."""
    today = today or timezone.localdate()
    result = BulkResult()
    checked_rows = []
    for index, row in enumerate(rows):
        checked = check_decision(row, today=today)
        checked_rows.append(checked)
        if not checked.ok:
            result.errors[index] = checked.errors
    result.rows = len(checked_rows)
    if not dry_run:
        with transaction.atomic():
            for checked in checked_rows:
                decision_check_record(department=department, checked=checked, channel=channel, today=today)
    if result.errors or dry_run:
        return result
    with transaction.atomic():
        try:
            for index, checked in enumerate(checked_rows):
                try:
                    decision = _build(actor=actor, department=department, checked=checked)
                except ValidationError as exc:
                    result.errors[index] = exc.message_dict
                    continue
                decision.save()
                _transition(decision, DecisionStatus.DRAFT, actor=actor)
                result.created.append(decision)
            if result.errors:
                raise _Rollback
            firsts = [(d, d.decision_date) for d in result.created if d.version == 1]
            workdays.clocks_start_bulk(starts=firsts, purpose=REPORTING_CLOCK, policy_key=REPORTING_POLICY,
                                       actor=actor, today=today)
        except _Rollback:
            result.created = []
    return result


class _Rollback(Exception):
    pass


@transaction.atomic
def decision_update(*, decision: Decision, actor, row: Mapping, channel: str = CheckChannel.FORM,
                    today: datetime.date | None = None) -> Decision:
    """Change a draft: the changed fields merged into the current row and every check run again."""
    today = today or timezone.localdate()
    decision = _lock(decision)
    if decision.status != DecisionStatus.DRAFT:
        raise TransitionNotAllowed(_("只有草稿可以修改；已公示的决定以同一文书号报送新版本。"))
    merged = {**decision_row(decision), **row}
    if merged["document_number"] != decision.document_number or merged["act"] != decision.act:
        raise ValidationError({"document_number": [_("草稿的决定类别与文书号不能修改。")]})
    checked = check_decision(merged, today=today)
    if not checked.ok:
        raise ValidationError(checked.errors)
    decision.subject = subject_resolve(checked.values)
    for name in DECISION_FIELDS:
        value = checked.values[name]
        setattr(decision, name, "" if value is None and isinstance(getattr(decision, name), str) else value)
    decision.completeness = checked.completeness
    decision.full_clean(exclude=["previous"])
    decision.save()
    return decision


def decision_row(decision: Decision) -> dict:
    """A decision as a row of ``ROW_FIELDS`` (what a form or PATCH starts from)."""
    row = {name: getattr(decision, name) for name in DECISION_FIELDS}
    subject = decision.subject
    row.update({"subject_code": subject.uscc, "id_type": subject.id_type, "id_number": subject.id_number,
                **{code: getattr(subject, code) for code in LEGACY_CODES}})
    return row


# --- publication ---------------------------------------------------------------------

def _stop_reporting_clock(decision: Decision, actor, today: datetime.date) -> bool | None:
    """Stop the reporting clock of the decision's first version; True when published by its due date."""
    root = decision
    while root.previous_id:
        root = root.previous
    clock = clocks_for(root).filter(purpose=REPORTING_CLOCK).exclude(state="stopped").first()
    if clock is None:
        return None
    workdays.clock_stop(clock=clock, actor=actor, reason=_("已公示"))
    return today <= clock.due_date


@transaction.atomic
def decision_publish(*, decision: Decision, actor, today: datetime.date | None = None) -> Decision:
    """Draft → published: the rules decide whether the public sees it and until when (公示截止期, stored).
    A new version replaces the published one before it and goes to the city platform as an update."""
    today = today or timezone.localdate()
    decision = _lock(decision)
    _require(decision, DecisionStatus.PUBLISHED)
    if Decision.objects.filter(previous=decision).exists():
        raise TransitionNotAllowed(_("该决定已有新版本，请公示最新版本。"))
    window = decision_window(decision, published_on=today)
    decision.disclosed, decision.not_disclosed_reason = window.disclosed, window.reason
    decision.publication_starts, decision.publication_ends = window.starts, window.ends
    decision.repairable_from = window.repairable_from
    decision.status, decision.published_at = DecisionStatus.PUBLISHED, timezone.now()
    on_time = _stop_reporting_clock(decision, actor, today)
    decision.published_on_time = on_time if decision.version == 1 else None
    decision.save()
    _transition(decision, DecisionStatus.PUBLISHED, actor=actor, from_state=DecisionStatus.DRAFT,
                reason=window.reason)
    event = "published"
    previous = decision.previous
    if previous is not None and previous.status == DecisionStatus.PUBLISHED and previous.replaced_at is None:
        Decision.objects.filter(pk=previous.pk).update(replaced_at=timezone.now(), updated_at=timezone.now())
        event = "corrected"
    decision_share(decision, event)
    return decision


@transaction.atomic
def decisions_publish(*, decisions: Iterable[Decision], actor, today: datetime.date | None = None) -> int:
    """Publish several drafts at once (the bulk action after an import): all or none."""
    count = 0
    for decision in decisions:
        decision_publish(decision=decision, actor=actor, today=today)
        count += 1
    return count


@transaction.atomic
def decision_revoke(*, decision: Decision, actor, reason: str) -> Decision:
    """Published → revoked (the decision was revoked by review or by a court): leaves public view; sent as an update."""
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("撤销须说明理由。")]})
    decision = _lock(decision)
    _require(decision, DecisionStatus.REVOKED)
    decision.status = DecisionStatus.REVOKED
    decision.save(update_fields=["status", "updated_at"])
    _transition(decision, DecisionStatus.REVOKED, actor=actor, from_state=DecisionStatus.PUBLISHED, reason=reason)
    decision_share(decision, "revoked")
    return decision


@transaction.atomic
def decision_mark_repaired(*, decision: Decision, actor, reason: str, today: datetime.date | None = None) -> Decision:
    """Credit repair approved by the office: publication ends early (only after the minimum period)."""
    today = today or timezone.localdate()
    decision = _lock(decision)
    _require(decision, DecisionStatus.REPAIRED)
    if decision.repairable_from is None or today < decision.repairable_from:
        raise TransitionNotAllowed(_("最短公示期届满前不能修复（可申请日：%(day)s）。")
                                   % {"day": decision.repairable_from or "—"})
    decision.status = DecisionStatus.REPAIRED
    decision.save(update_fields=["status", "updated_at"])
    _transition(decision, DecisionStatus.REPAIRED, actor=actor, from_state=DecisionStatus.PUBLISHED, reason=reason)
    decision_share(decision, "repaired")
    return decision


def decisions_expire(*, today: datetime.date | None = None) -> int:
    """Daily: published decisions past their 公示截止期 leave public view. Idempotent (a conditional update claims
    each row once)."""
    today = today or timezone.localdate()
    expired = 0
    due = Decision.objects.filter(status=DecisionStatus.PUBLISHED, publication_ends__lt=today)
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            claimed = Decision.objects.filter(pk=pk, status=DecisionStatus.PUBLISHED,
                                              publication_ends__lt=today).update(
                status=DecisionStatus.EXPIRED, updated_at=timezone.now())
            if claimed:
                decision = Decision.objects.get(pk=pk)
                _transition(decision, DecisionStatus.EXPIRED, actor=None, from_state=DecisionStatus.PUBLISHED,
                            reason=_("公示截止期（%(end)s）届满。") % {"end": decision.publication_ends})
                decision_share(decision, "expired")
                expired += 1
    return expired
