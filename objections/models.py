"""Objections to credit records (clause 10) and credit repair applications (clause 11).

Both keep every state change as a transition row (from, to, actor, reason); both allow one
open application per record, enforced by the database.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import TransitionRow, state_fields
from records.choices import RecordKind
from records.models import CivilServant, CreditRecord, Unit
from records.models.directory import supervised_by
from records.uploads import StoredFile, stored_name

from .choices import (
    OPEN_OBJECTION_STATES,
    OPEN_REPAIR_STATES,
    AnswerPolicy,
    ObjectionState,
    Punishment,
    RecordAction,
    RepairState,
)


def _scope(user, *, record_prefix: str = "record__") -> Q | None:
    """Who sees an objection or a repair (DESIGN.md §1). None = everything (the office)."""
    if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
        return None
    scope = Q(applicant_id=user.pk)
    if user.unit_id and user.has_role(Role.CLERK):
        # The providing unit (and its successor) answers; the unit the record is about follows it.
        writable = CreditRecord.objects.writable_by(user).values("pk")
        scope |= Q(**{f"{record_prefix}in": writable})
        scope |= Q(applicant_unit_id=user.unit_id) | Q(**{f"{record_prefix}subject_unit_id": user.unit_id})
    if user.unit_id and user.has_role(Role.SUPERVISOR):
        scope |= supervised_by(user.unit_id, prefix=f"{record_prefix}provider__")
        scope |= supervised_by(user.unit_id, prefix=f"{record_prefix}subject_unit__")
        scope |= supervised_by(user.unit_id, prefix=f"{record_prefix}civil_servant__unit__")
    if user.civil_servant_id and user.has_role(Role.CIVIL_SERVANT):
        scope |= Q(**{f"{record_prefix}civil_servant_id": user.civil_servant_id})
    return scope


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        scope = _scope(user)
        return self.all() if scope is None else self.filter(scope)


class ObjectionQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state__in=OPEN_OBJECTION_STATES)

    def answerable_by(self, user):
        """Objections the user answers (review, decide): those on records their unit provides."""
        if not user or not user.is_authenticated or not (user.is_superuser or user.has_role(Role.CLERK)):
            return self.none()
        return self.filter(record__in=CreditRecord.objects.writable_by(user).values("pk"))

    def withdrawable_by(self, user):
        """The applicant, or (for a unit's objection) any clerk of that unit."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = Q(applicant_id=user.pk)
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(applicant_unit_id=user.unit_id)
        return self.filter(scope)


def validate_record_kind(value: str) -> None:
    if value not in RecordKind.values:
        raise ValidationError(_("未知的记录类别：%(kind)s") % {"kind": value})


class ObjectionPolicy(models.Model):
    """Which answer period applies to objections to a kind of record (default: 10 working days)."""

    # No ``choices`` here: the records app adds kinds, and that must not need a migration in this app.
    kind = models.CharField(_("记录类别"), max_length=32, unique=True, validators=[validate_record_kind])
    policy_key = models.CharField(_("答复期限规则"), max_length=64, choices=AnswerPolicy.choices,
                                  default=AnswerPolicy.DISTRICT)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("异议答复期限（按记录类别）")
        verbose_name_plural = _("异议答复期限（按记录类别）")
        ordering = ["kind"]

    def __str__(self):
        return f"{self.kind_label} → {self.get_policy_key_display()}"

    @property
    def kind_label(self) -> str:
        return str(RecordKind(self.kind).label) if self.kind in RecordKind.values else self.kind


class Objection(models.Model):
    """A civil servant's (or a unit's) challenge to the accuracy of a published record."""

    record = models.ForeignKey(CreditRecord, verbose_name=_("信用记录"), on_delete=models.PROTECT,
                               related_name="objections")
    record_version = models.PositiveIntegerField(_("异议时记录版本"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                  related_name="objections")
    applicant_unit = models.ForeignKey(
        Unit, verbose_name=_("申请单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="objections",
        help_text=_("单位经办人代表本单位提出时填写。"),
    )
    reason = models.TextField(_("异议理由"))
    state = models.CharField(_("状态"), max_length=20, choices=ObjectionState.choices,
                             default=ObjectionState.SUBMITTED)
    policy_key = models.CharField(_("答复期限规则"), max_length=64, choices=AnswerPolicy.choices)
    clock = models.OneToOneField("workdays.Clock", verbose_name=_("答复计时"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    # The answer clock's due date, written by the clock engine (workdays.mirrors) whenever it is set or moves:
    # the lists sort and filter on this indexed column instead of a join to every clock (issue 18).
    due_date = models.DateField(_("答复截止日"), null=True, blank=True, editable=False)
    # The record's providing unit and kind, copied when the objection is filed (a published record's provider and
    # kind never change: a correction keeps them): the lists' filters and the office's per-unit statistics read
    # these columns instead of joining every record (issue 18).
    provider = models.ForeignKey(Unit, verbose_name=_("信息提供单位"), on_delete=models.PROTECT, related_name="+",
                                 editable=False, db_index=False)  # the indexes below lead with it
    record_kind = models.CharField(_("记录类别"), max_length=32, editable=False)
    # The record's subject, copied at filing as well (a published record's subject never changes: only a draft's
    # can, and a correction keeps it): the unit filter reads these instead of the records about the unit. The
    # servant, not the servant's unit: a servant who moves takes the objections about them along.
    subject_unit = models.ForeignKey(Unit, verbose_name=_("主体单位"), null=True, blank=True, editable=False,
                                     on_delete=models.PROTECT, related_name="+")
    subject_servant = models.ForeignKey(CivilServant, verbose_name=_("主体公务员"), null=True, blank=True,
                                        editable=False, on_delete=models.PROTECT, related_name="+")
    filed_on = models.DateField(_("提出日期"))
    filed_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    reviewed_at = models.DateTimeField(_("开始核查时间"), null=True, blank=True)
    decided_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    decided_on = models.DateField(_("答复日期"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_reason = models.TextField(_("核查意见"), blank=True)
    record_action = models.CharField(_("记录处理"), max_length=10, choices=RecordAction.choices, blank=True)
    answered_on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    working_days_taken = models.IntegerField(_("答复用时（工作日）"), null=True, blank=True)

    objects = ObjectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["state", "filed_on"], name="objection_state_filed_idx"),
            # The inbox's order and its date filter (issue 10).
            models.Index(fields=["-filed_at", "-id"], name="objection_order_idx"),
            models.Index(fields=["filed_on"], name="objection_filed_on_idx"),
            # The lists' order, soonest due first (issue 18): an index walk, not a sort of every objection.
            models.Index(fields=["due_date", "-filed_at", "id"], name="objection_due_order_idx"),
            # The provider and kind filters in the same order; the per-unit statistics read the provider's
            # entries with what they count (an index-only scan grouped in index order, issue 18).
            models.Index(fields=["provider", "due_date", "-filed_at", "id"], name="objection_provider_due_idx"),
            models.Index(fields=["record_kind", "due_date", "-filed_at", "id"], name="objection_kind_due_idx"),
            models.Index(fields=["provider", "state"], include=["answered_on_time", "working_days_taken"],
                         name="objection_provider_stats_idx"),
            # The office overview's open objections (a tenth of them), in the lists' order and by the unit
            # filter's three columns: its page walks only open ones and its count is a BitmapOr of the unit's open
            # ones. On the whole-table indexes the walk threw away 44,051 decided objections and the count read
            # every open one (issue 18, the 1M dataset).
            models.Index(fields=["due_date", "-filed_at", "id"], condition=Q(state__in=OPEN_OBJECTION_STATES),
                         name="objection_open_due_idx"),
            models.Index(fields=["provider"], condition=Q(state__in=OPEN_OBJECTION_STATES),
                         name="objection_open_provider_idx"),
            models.Index(fields=["subject_unit"], condition=Q(state__in=OPEN_OBJECTION_STATES),
                         name="objection_open_subj_unit_idx"),
            models.Index(fields=["subject_servant"], condition=Q(state__in=OPEN_OBJECTION_STATES),
                         name="objection_open_servant_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(state__in=OPEN_OBJECTION_STATES), name="objection_one_open_per_record",
                violation_error_message=_("该记录已有正在处理的异议。"),
            ),
            # The answer clock starts on the filing date and its due date only moves later; the filing-date
            # filter relies on it (ObjectionFilterSet.by_filed_from).
            models.CheckConstraint(
                name="objection_due_after_filing",
                condition=Q(due_date__isnull=True) | Q(due_date__gte=models.F("filed_on")),
                violation_error_message=_("答复截止日不能早于提出日期。"),
            ),
            models.CheckConstraint(
                name="objection_decision_has_reason",
                condition=~Q(state__in=["upheld", "partly_upheld", "rejected"]) | ~Q(decision_reason=""),
                violation_error_message=_("答复须说明核查意见。"),
            ),
        ]

    def __str__(self):
        return gettext("异议 #%(id)s：%(title)s") % {"id": self.pk, "title": self.record.title}

    def save(self, *args, **kwargs):
        if self._state.adding or self.provider_id is None or not self.record_kind:  # filing: copy them
            record = self.record
            self.provider_id, self.record_kind = record.provider_id, record.kind
            self.subject_unit_id, self.subject_servant_id = record.subject_unit_id, record.civil_servant_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("objections:objection_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_OBJECTION_STATES


class ObjectionTransition(TransitionRow):
    subject_field = "objection"

    objection = models.ForeignKey(Objection, verbose_name=_("异议"), on_delete=models.PROTECT,
                                  related_name="transitions")
    from_state, to_state = state_fields(ObjectionState, 20)

    class Meta:
        verbose_name = _("异议处理记录")
        verbose_name_plural = _("异议处理记录")
        ordering = ["objection", "at", "id"]


class RepairQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(state__in=OPEN_REPAIR_STATES)

    def visible_to(self, user):
        """Repairs of records as ``_scope`` says; repairs of 双公示 decisions (issue 14): the office, the issuing
        department's clerks (they register the subject's application) and the department's supervisors."""
        if not user or not user.is_authenticated:
            return self.none()
        scope = _scope(user)
        if scope is None:
            return self.all()
        if user.unit_id and user.has_role(Role.CLERK):
            from decisions.models import answered_for

            scope |= Q(decision__department_id__in=answered_for(user.unit_id))
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= supervised_by(user.unit_id, prefix="decision__department__")
        return self.filter(scope)


class Repair(models.Model):
    """An application for credit repair after self-correction (clause 11); the office decides."""

    record = models.ForeignKey(CreditRecord, verbose_name=_("信用记录"), on_delete=models.PROTECT, null=True,
                               blank=True, related_name="repairs")
    decision = models.ForeignKey("decisions.Decision", verbose_name=_("双公示行政决定"), on_delete=models.PROTECT,
                                 null=True, blank=True, related_name="repairs",
                                 help_text=_("行政相对人申请提前结束公示（最短公示期届满后）。"))
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                  related_name="repairs")
    applicant_unit = models.ForeignKey(Unit, verbose_name=_("申请单位"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="repairs")
    # The record's provider and subject, copied when the application is made, as an objection keeps them (a
    # published record's provider and subject never change): the unit filter reads these columns instead of
    # joining every application to its record (issue 18). A 双公示 decision's repair keeps its deciding department
    # (决定机关) as the provider, so the department finds it under its own unit; its subject is no unit.
    provider = models.ForeignKey(Unit, verbose_name=_("信息提供单位"), null=True, blank=True, editable=False,
                                 on_delete=models.PROTECT, related_name="+")
    subject_unit = models.ForeignKey(Unit, verbose_name=_("主体单位"), null=True, blank=True, editable=False,
                                     on_delete=models.PROTECT, related_name="+")
    subject_servant = models.ForeignKey(CivilServant, verbose_name=_("主体公务员"), null=True, blank=True,
                                        editable=False, on_delete=models.PROTECT, related_name="+")
    # The unit that servant is in now: the unit filter's third column (its servants' applications), so the filter
    # is three indexed equalities, not a list of the unit's ~800 servants, for which PostgreSQL estimated twenty
    # times the applications it holds and scanned the table (issue 18). Copied at filing and kept by every transfer
    # (records.signals.servant_transferred → signals.follow_transfer); an application about no servant has none.
    subject_servant_unit = models.ForeignKey(Unit, verbose_name=_("主体公务员现任单位"), null=True, blank=True,
                                             editable=False, on_delete=models.PROTECT, related_name="+")
    losses_recovered = models.BooleanField(_("已主动挽回损失"), default=False)
    effects_removed = models.BooleanField(_("已消除不良影响"), default=False)
    harm_stopped = models.BooleanField(_("已有效阻止危害结果发生"), default=False)
    statement = models.TextField(_("自我纠错情况说明"))
    earliest_date = models.DateField(_("最早可申请日期"))
    state = models.CharField(_("状态"), max_length=20, choices=RepairState.choices, default=RepairState.SUBMITTED)
    filed_on = models.DateField(_("申请日期"))
    filed_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_reason = models.TextField(_("决定理由"), blank=True)
    punishment = models.CharField(_("惩戒措施"), max_length=12, choices=Punishment.choices, blank=True)
    window_end_before = models.DateField(_("原公示止"), null=True, blank=True)
    effect_end_before = models.DateField(_("原影响期止"), null=True, blank=True)

    objects = RepairQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        ordering = ["-filed_at", "-id"]
        indexes = [
            models.Index(fields=["-filed_at", "-id"], name="repair_order_idx"),
            models.Index(fields=["filed_on"], name="repair_filed_on_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record"], condition=Q(state__in=OPEN_REPAIR_STATES), name="repair_one_open_per_record",
                violation_error_message=_("该记录已有待决定的信用修复申请。"),
            ),
            models.UniqueConstraint(
                fields=["decision"], condition=Q(state__in=OPEN_REPAIR_STATES), name="repair_one_open_per_decision",
                violation_error_message=_("该决定已有待决定的信用修复申请。"),
            ),
            models.CheckConstraint(
                name="repair_of_a_record_or_a_decision",
                condition=Q(record__isnull=False, decision__isnull=True) | Q(record__isnull=True, decision__isnull=False),
                violation_error_message=_("信用修复申请针对一条信用记录或一项双公示决定。"),
            ),
            models.CheckConstraint(
                name="repair_states_self_correction",
                condition=Q(losses_recovered=True) | Q(effects_removed=True) | Q(harm_stopped=True),
                violation_error_message=_("请至少说明一项自我纠错情形（挽回损失、消除影响、阻止危害）。"),
            ),
        ]

    def __str__(self):
        return gettext("信用修复 #%(id)s：%(title)s") % {"id": self.pk, "title": self.subject_title}

    def save(self, *args, **kwargs):
        if self._state.adding and self.provider_id is None:  # the application: copy them
            if self.record_id:
                record = self.record
                self.provider_id = record.provider_id
                self.subject_unit_id, self.subject_servant_id = record.subject_unit_id, record.civil_servant_id
                if self.subject_servant_id:
                    self.subject_servant_unit_id = record.civil_servant.unit_id
            elif self.decision_id:  # a 双公示 decision's: its department provided it; its subject is no unit
                self.provider_id = self.decision.department_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("objections:repair_detail", args=[self.pk])

    @property
    def subject_title(self) -> str:
        """What the repair is about: the record's title, or the decision's number and subject."""
        if self.record_id:
            return self.record.title
        return f"{self.decision.document_number} {self.decision.subject_name}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_REPAIR_STATES


class RepairTransition(TransitionRow):
    subject_field = "repair"

    repair = models.ForeignKey(Repair, verbose_name=_("信用修复申请"), on_delete=models.PROTECT,
                               related_name="transitions")
    from_state, to_state = state_fields(RepairState, 20)

    class Meta:
        verbose_name = _("信用修复处理记录")
        verbose_name_plural = _("信用修复处理记录")
        ordering = ["repair", "at", "id"]


def evidence_path(instance, filename):
    return stored_name("objections", instance, filename)


class Evidence(StoredFile):
    """A supporting file of an objection or a repair application (type- and size-checked)."""

    objection = models.ForeignKey(Objection, verbose_name=_("异议"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="evidence")
    repair = models.ForeignKey(Repair, verbose_name=_("信用修复申请"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="evidence_belongs_to_one",
                condition=Q(objection__isnull=False, repair__isnull=True) | Q(objection__isnull=True,
                                                                             repair__isnull=False),
            ),
        ]
