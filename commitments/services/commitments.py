"""Commitment use cases: register, edit a draft, publish, conclude, change or terminate, officials.

Each is one transaction: the row is locked, the transition checked (``TransitionNotAllowed`` → 409),
an event row written, and the city platform's outbox row queued with it (clause 8).
"""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from records.services.credit import require_revision

from ..choices import (
    CONCLUDED_STATUSES,
    IN_FORCE_STATUSES,
    ORGANISATION_TYPES,
    RESHUFFLE_WORDS,
    ChangeKind,
    CommitmentKind,
    CommitmentStatus,
    LegalBasis,
    PppStage,
)
from ..models import Commitment, CommitmentChange, ResponsibleOfficial, units_answered_for
from .common import actor_or_none, event, jsonable, lock, recompute_progress, require, share, touch_public

__all__ = ["COMMITMENT_FIELDS", "commitment_create", "commitment_update", "commitment_publish",
           "commitment_conclude", "commitment_change", "official_assign", "official_on", "reshuffle_words_in"]

COMMITMENT_FIELDS = (
    "code", "title", "kind", "service_area", "reason", "content", "liability", "committed_on", "valid_until",
    "amount", "publication_type", "counterparty_name", "counterparty_type", "counterparty_code", "accepting_unit",
    "parent", "weight",
)
CLAUSE_9 = _("《实施方案》第9条：不得以政府换届、相关责任人更替等理由不予履行；"
             "因国家利益、公共利益或其他法定事由需要改变的，须依照法定权限和程序进行，并对相关主体的财产损失依法予以补偿。")


# --- validation ---------------------------------------------------------------

def _validate(commitment: Commitment, *, today: datetime.date) -> None:
    errors: dict[str, list[str]] = {}

    def add(field, message):
        errors.setdefault(field, []).append(message)

    if commitment.kind == CommitmentKind.PUBLIC_SERVICE and not commitment.service_area:
        add("service_area", _("镇（街道）公共服务承诺须选择公共服务领域。"))
    if commitment.kind != CommitmentKind.PUBLIC_SERVICE and commitment.service_area:
        add("service_area", _("只有镇（街道）公共服务承诺填写公共服务领域。"))
    if commitment.counterparty_code and commitment.counterparty_type not in ORGANISATION_TYPES:
        add("counterparty_code", _("只有法人及非法人组织、个体工商户填写统一社会信用代码。"))
    if commitment.counterparty_name and not commitment.counterparty_type:
        add("counterparty_type", _("请选择承诺对象类别。"))
    if commitment.committed_on and commitment.committed_on > today:
        add("committed_on", _("承诺作出日期不能晚于今天。"))
    parent = commitment.parent
    if parent is not None:
        if parent.parent_id is not None:
            add("parent", _("承诺清单只分一级：所选清单本身属于另一清单。"))
        if commitment.pk and parent.pk == commitment.pk:
            add("parent", _("承诺不能属于自身。"))
        if commitment.pk and commitment.children.exists():
            add("parent", _("本承诺下已有子项，不能再归入其他清单。"))
        if parent.unit_id not in units_answered_for(commitment.unit.current_successor().pk):
            add("parent", _("只能归入本单位的承诺清单。"))
    if commitment.pk and commitment.valid_until:
        late = commitment.milestones.filter(due_date__gt=commitment.valid_until).order_by("due_date").first()
        if late is not None:
            add("valid_until", _("节点“%(title)s”的计划完成日期（%(due)s）晚于有效期。")
                % {"title": late.title, "due": late.due_date})
    if errors:
        raise ValidationError(errors)
    commitment.full_clean(exclude=["code"] if not commitment.code else None)


def _new_code(commitment: Commitment) -> str:
    prefix = f"CN-{commitment.unit.code}-{commitment.committed_on.year}-"
    number = Commitment.objects.filter(code__startswith=prefix).count() + 1
    while Commitment.objects.filter(code=f"{prefix}{number:04d}").exists():
        number += 1
    return f"{prefix}{number:04d}"


def _fields(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if k in COMMITMENT_FIELDS}


def _snapshot(commitment: Commitment) -> dict:
    return {name: jsonable(getattr(commitment, f"{name}_id" if name == "parent" else name))
            for name in COMMITMENT_FIELDS}


# --- use cases ----------------------------------------------------------------

@transaction.atomic
def commitment_create(*, actor, unit, today: datetime.date | None = None, **fields) -> Commitment:
    """A new commitment, always a draft, of ``unit`` (the clerk's unit; the office names one)."""
    commitment = Commitment(unit=unit, created_by=actor_or_none(actor), **_fields(fields))
    commitment.code = (commitment.code or "").strip()
    _validate(commitment, today=today or timezone.localdate())
    if not commitment.code:
        commitment.code = _new_code(commitment)
    commitment.save()
    event(commitment, "create", actor=actor, to_status=commitment.status,
          changes={k: [None, v] for k, v in _snapshot(commitment).items() if v not in (None, "")})
    if commitment.parent_id:
        recompute_progress(commitment.parent)
    return commitment


@transaction.atomic
def commitment_update(*, commitment: Commitment, actor, today: datetime.date | None = None,
                      expected_revision: str | None = None, **fields) -> Commitment:
    """Edit a draft. Published terms change only by a lawful change (``commitment_change``).

    ``expected_revision``: the revision the editor saw (``StaleEdit`` → 409 when it moved on).
    """
    commitment = lock(commitment)
    if commitment.status != CommitmentStatus.DRAFT:
        raise TransitionNotAllowed(_("只有草稿可以直接修改；已公开的承诺须依法办理变更或终止（实施方案第9条）。"))
    require_revision(commitment, expected_revision)
    before = _snapshot(commitment)
    old_parent = commitment.parent_id
    for name, value in _fields(fields).items():
        setattr(commitment, name, value)
    _validate(commitment, today=today or timezone.localdate())
    commitment.save()
    after = _snapshot(commitment)
    changes = {k: [before[k], v] for k, v in after.items() if before[k] != v}
    if changes:
        event(commitment, "edit", actor=actor, changes=changes)
    if old_parent != commitment.parent_id:
        for parent in Commitment.objects.filter(pk__in=[p for p in (old_parent, commitment.parent_id) if p]):
            recompute_progress(parent)
    return commitment


@transaction.atomic
def commitment_publish(*, commitment: Commitment, actor, today: datetime.date | None = None) -> Commitment:
    """Draft → in force: from now the public sees it if its type is public; the platform gets it."""
    commitment = lock(commitment)
    require(commitment, CommitmentStatus.IN_FORCE)
    _validate(commitment, today=today or timezone.localdate())
    commitment.status = CommitmentStatus.IN_FORCE
    commitment.published_at = timezone.now()
    touch_public(commitment)
    commitment.save(update_fields=["status", "published_at", "public_updated_at", "updated_at"])
    event(commitment, "publish", actor=actor, from_status=CommitmentStatus.DRAFT, to_status=commitment.status)
    share(commitment, "published")
    return commitment


@transaction.atomic
def commitment_conclude(*, commitment: Commitment, actor, outcome: str, on: datetime.date | None = None,
                        unfulfilled_content: str = "", today: datetime.date | None = None) -> Commitment:
    """In force → fulfilled | partly fulfilled | unfulfilled (履行状态), with what was not kept."""
    today = today or timezone.localdate()
    on = on or today
    if outcome not in CONCLUDED_STATUSES:
        raise ValidationError({"outcome": [_("履行结果只能是全部履行、部分履行或未履行。")]})
    commitment = lock(commitment)
    require(commitment, outcome)
    errors = {}
    if outcome != CommitmentStatus.FULFILLED and not (unfulfilled_content or "").strip():
        errors["unfulfilled_content"] = [_("部分履行或未履行的，须写明未履行内容。")]
    if on > today:
        errors["on"] = [_("认定日期不能晚于今天。")]
    if on < commitment.committed_on:
        errors["on"] = [_("认定日期不能早于承诺作出日期。")]
    if outcome == CommitmentStatus.FULFILLED and commitment.milestones.filter(done_on__isnull=True).exists():
        errors["outcome"] = [_("尚有未完成的履行节点，不能认定为全部履行。")]
    if errors:
        raise ValidationError(errors)
    old = commitment.status
    commitment.status, commitment.concluded_on = outcome, on
    commitment.unfulfilled_content = (unfulfilled_content or "").strip()
    touch_public(commitment)
    commitment.save(update_fields=["status", "concluded_on", "unfulfilled_content", "public_updated_at",
                                   "updated_at"])
    event(commitment, "conclude", actor=actor, from_status=old, to_status=outcome,
          reason=commitment.unfulfilled_content)
    share(commitment, f"concluded:{outcome}")
    return commitment


def reshuffle_words_in(text: str) -> list[str]:
    return [word for word in RESHUFFLE_WORDS if word in (text or "")]


@transaction.atomic
def commitment_change(*, commitment: Commitment, actor, kind: str, legal_basis: str, legal_basis_text: str,
                      approved_by: str, approved_on: datetime.date, compensation: str,
                      compensation_amount=None, approval_document: str = "", new_terms: str = "",
                      new_valid_until: datetime.date | None = None,
                      today: datetime.date | None = None) -> CommitmentChange:
    """A lawful change (new terms, back in force) or termination — clause 9. Nothing saved on refusal."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if kind not in ChangeKind.values:
        errors["kind"] = [_("请选择变更或终止。")]
    if legal_basis not in LegalBasis.values:
        errors["legal_basis"] = [_("须选择法定事由：国家利益、公共利益或其他法定事由。") + CLAUSE_9]
    words = reshuffle_words_in(legal_basis_text)
    if words:
        errors["legal_basis_text"] = [
            _("不得以政府换届、相关责任人更替等理由改变或不履行承诺（出现“%(words)s”）。")
            % {"words": "、".join(words)} + CLAUSE_9]
    elif len((legal_basis_text or "").strip()) < 10:
        errors["legal_basis_text"] = [_("请写明变更或终止的具体事由及法律依据（不少于10个字）。")]
    if not (approved_by or "").strip():
        errors["approved_by"] = [_("须写明依法批准的机关。")]
    if not approved_on:
        errors["approved_on"] = [_("须写明批准日期。")]
    elif approved_on > today:
        errors["approved_on"] = [_("批准日期不能晚于今天。")]
    if not (compensation or "").strip():
        errors["compensation"] = [_("须写明对相关主体财产损失的补偿决定（无损失的，写明认定情况）。") + CLAUSE_9]
    if compensation_amount is not None and compensation_amount < 0:
        errors["compensation_amount"] = [_("补偿金额不能为负数。")]
    if kind == ChangeKind.CHANGE and not (new_terms or "").strip():
        errors["new_terms"] = [_("变更须写明变更后的承诺内容。")]
    if errors:
        raise ValidationError(errors)
    commitment = lock(commitment)
    target = CommitmentStatus.CHANGED if kind == ChangeKind.CHANGE else CommitmentStatus.TERMINATED
    if commitment.status not in IN_FORCE_STATUSES:
        require(commitment, target)
    if approved_on < commitment.committed_on:
        raise ValidationError({"approved_on": [_("批准日期不能早于承诺作出日期。")]})
    if kind == ChangeKind.CHANGE and new_valid_until:
        if new_valid_until < commitment.committed_on:
            raise ValidationError({"new_valid_until": [_("有效期不能早于承诺作出日期。")]})
        late = commitment.milestones.filter(due_date__gt=new_valid_until, done_on__isnull=True).first()
        if late is not None:
            raise ValidationError({"new_valid_until": [_("节点“%(title)s”的计划完成日期晚于新的有效期，请先调整节点。")
                                                       % {"title": late.title}]})
    change = CommitmentChange(
        commitment=commitment, kind=kind, legal_basis=legal_basis, legal_basis_text=legal_basis_text.strip(),
        approved_by=approved_by.strip(), approval_document=(approval_document or "").strip(), approved_on=approved_on,
        compensation=compensation.strip(), compensation_amount=compensation_amount,
        old_terms=commitment.content, old_valid_until=commitment.valid_until,
        new_terms=(new_terms or "").strip() if kind == ChangeKind.CHANGE else "",
        new_valid_until=new_valid_until if kind == ChangeKind.CHANGE else None, created_by=actor_or_none(actor),
    )
    change.full_clean()
    change.save()
    old = commitment.status
    commitment.status = target
    if kind == ChangeKind.CHANGE:
        commitment.content = change.new_terms
        if new_valid_until:
            commitment.valid_until = new_valid_until
    touch_public(commitment)
    commitment.save(update_fields=["status", "content", "valid_until", "public_updated_at", "updated_at"])
    event(commitment, "change" if kind == ChangeKind.CHANGE else "terminate", actor=actor, from_status=old,
          to_status=target, reason=change.legal_basis_text,
          changes={"change": [None, change.pk], "legal_basis": [None, legal_basis]})
    if target == CommitmentStatus.TERMINATED and commitment.parent_id:
        recompute_progress(commitment.parent)
    share(commitment, f"{kind}:{change.pk}")
    return change


# --- responsible officials (clause 13) -------------------------------------------

@transaction.atomic
def official_assign(*, commitment: Commitment, actor, person_name: str, start: datetime.date, stage: str = "",
                    title: str = "", civil_servant=None) -> ResponsibleOfficial:
    """A new responsible official (per stage for PPP); the previous one's period ends the day before."""
    commitment = lock(commitment)
    if commitment.status not in IN_FORCE_STATUSES | {CommitmentStatus.DRAFT}:
        raise TransitionNotAllowed(_("已办结的承诺不再调整责任人。"))
    if commitment.kind == CommitmentKind.PPP and stage not in PppStage.values:
        raise ValidationError({"stage": [_("PPP 项目须按阶段（筹备、招标投标、政府采购、融资、实施）明确责任人。")]})
    if commitment.kind != CommitmentKind.PPP and stage:
        raise ValidationError({"stage": [_("只有 PPP 项目按阶段明确责任人。")]})
    current = ResponsibleOfficial.objects.filter(commitment=commitment, stage=stage, end__isnull=True).first()
    if current is not None:
        if start <= current.start:
            raise ValidationError({"start": [_("新责任人的负责起日期须晚于现任（%(d)s）。") % {"d": current.start}]})
        current.end = start - datetime.timedelta(days=1)
        current.save(update_fields=["end"])
    official = ResponsibleOfficial(commitment=commitment, stage=stage, person_name=(person_name or "").strip(),
                                   title=title, civil_servant=civil_servant, start=start,
                                   created_by=actor_or_none(actor))
    official.full_clean()
    official.save()
    event(commitment, "official", actor=actor,
          changes={"official": [current.person_name if current else None, official.person_name],
                   "stage": [None, stage], "start": [None, start.isoformat()]})
    return official


def official_on(commitment: Commitment, day: datetime.date, stage: str = "") -> ResponsibleOfficial | None:
    """Who was in charge of the commitment (that stage, for PPP) on ``day``."""
    qs = commitment.officials.filter(start__lte=day).filter(end__isnull=True) | commitment.officials.filter(
        start__lte=day, end__gte=day)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.select_related("civil_servant").order_by("-start", "-id").first()
