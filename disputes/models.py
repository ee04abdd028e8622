"""Dispute clues (涉政纠纷案件线索, seed clause 9): submitted by the public, routed to a responsible unit,
handled on the shared clock engine, tracked with a receipt code, reported per unit by the office.

The receipt code is never stored: only its SHA-256 (``receipt_hash``). Contact details stay on the clue and
are shown only to the office and, when the submitter allows it, to the handling unit (each reveal logged).
"""
import hashlib

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import TransitionRow, state_fields
from integrity_portal.pg import trigram_index
from records.models import Unit
from records.uploads import StoredFile, stored_name

from .choices import (
    CLOSED_CLUE_STATES,
    OPEN_CLUE_STATES,
    AssignmentHow,
    ClueCategory,
    ClueState,
    NoteKind,
    NoteVisibility,
    ReopenState,
)


def units_answering_as(unit_id: int) -> list[int]:
    """The unit and every unit that passed to it in a reform (its predecessors, transitively)."""
    ids, frontier = {unit_id}, [unit_id]
    while frontier:
        frontier = list(Unit.objects.filter(successor_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True))
        ids.update(frontier)
    return sorted(ids)


def is_office(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(Role.CREDIT_OFFICE)))


class ClueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The office sees every clue; a clerk the clues now assigned to their unit (or a unit it succeeded)."""
        if not user or not user.is_authenticated:
            return self.none()
        if is_office(user):
            return self.all()
        if user.unit_id and user.has_role(Role.CLERK):
            return self.filter(handling_unit_id__in=units_answering_as(user.unit_id))
        return self.none()

    def open(self):
        return self.filter(state__in=OPEN_CLUE_STATES)


class DisputeClue(models.Model):
    """One public report of a dispute with a government body."""

    receipt_hash = models.CharField(_("回执码摘要"), max_length=64, unique=True, editable=False,
                                    help_text=_("回执码的 SHA-256，回执码本身不保存。"))
    category = models.CharField(_("线索类别"), max_length=20, choices=ClueCategory.choices)
    body_unit = models.ForeignKey(Unit, verbose_name=_("涉及单位（名录）"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="dispute_clues_about")
    body_name = models.CharField(_("涉及单位（自填）"), max_length=200, blank=True,
                                 help_text=_("名录中找不到时填写单位名称。"))
    description = models.TextField(_("基本情况"))
    amount = models.DecimalField(_("涉及金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    happened_on = models.DateField(_("发生时间"), null=True, blank=True)
    anonymous = models.BooleanField(_("匿名提交"), default=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    contact_email = models.EmailField(_("电子邮箱"), blank=True)
    share_contact = models.BooleanField(_("同意承办单位查看联系方式"), default=False)
    # null (not ""): adding a NOT NULL column would make SQLite rebuild the table, with its PostgreSQL-only indexes.
    referred_to = models.CharField(_("告知的有权处理机关"), max_length=200, null=True, blank=True,
                                   help_text=_("不属本区办理的，告知提交人向该机关反映。"))
    contact_erased_on = models.DateField(_("联系方式删除日期"), null=True, blank=True,
                                         help_text=_("办结后按保留期限删除提交人的联系方式；线索本身保留。"))
    commitment = models.ForeignKey("commitments.Commitment", verbose_name=_("涉及的政务承诺"), null=True,
                                   blank=True, on_delete=models.PROTECT, related_name="dispute_clues")
    state = models.CharField(_("状态"), max_length=20, choices=ClueState.choices, default=ClueState.TRIAGE)
    handling_unit = models.ForeignKey(Unit, verbose_name=_("承办单位"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="dispute_clues")
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now)
    submitted_on = models.DateField(_("收到日期"))
    acknowledged_on = models.DateField(_("受理日期"), null=True, blank=True)
    acknowledged_on_time = models.BooleanField(_("按期受理"), null=True, blank=True)
    concluded_on = models.DateField(_("办结日期"), null=True, blank=True)
    concluded_on_time = models.BooleanField(_("按期办结"), null=True, blank=True)
    outcome_reason = models.TextField(_("办理结果说明"), blank=True)
    merged_into = models.ForeignKey("self", verbose_name=_("并入线索"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="merged_clues")
    breach_found = models.BooleanField(_("认定政务失信"), default=False)
    breach_record = models.ForeignKey("records.CreditRecord", verbose_name=_("失信记录（草稿）"), null=True,
                                      blank=True, on_delete=models.PROTECT, related_name="dispute_clues")
    acknowledge_clock = models.OneToOneField("workdays.Clock", verbose_name=_("受理计时"), null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    conclude_clock = models.OneToOneField("workdays.Clock", verbose_name=_("办结计时"), null=True, blank=True,
                                          on_delete=models.PROTECT, related_name="+")
    extended_on = models.DateField(_("延期日期"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    rating = models.PositiveSmallIntegerField(_("满意度评价"), null=True, blank=True,
                                              validators=[MinValueValidator(1), MaxValueValidator(5)])
    rating_comment = models.TextField(_("评价意见"), blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ClueQuerySet.as_manager()

    class Meta:
        verbose_name = _("涉政纠纷线索")
        verbose_name_plural = _("涉政纠纷线索")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["state", "submitted_on"], name="clue_state_submitted_idx"),
            models.Index(fields=["handling_unit", "state"], name="clue_unit_state_idx"),
            # The list's order, the date and category filters, and q (issue 10).
            models.Index(fields=["-submitted_at", "-id"], name="clue_order_idx"),
            models.Index(fields=["submitted_on"], name="clue_submitted_on_idx"),
            # The latest submission among the clues received by a date (the submitted_before filter, issue 18).
            models.Index(fields=["submitted_on", "submitted_at"], name="clue_received_submitted_idx"),
            models.Index(fields=["category", "submitted_on"], name="clue_category_idx"),
            trigram_index("description", name="clue_description_trgm_idx"),
            trigram_index("body_name", name="clue_body_name_trgm_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="clue_names_a_body", condition=Q(body_unit__isnull=False) | ~Q(body_name=""),
                violation_error_message=_("请选择或填写涉及的单位。"),
            ),
            models.CheckConstraint(
                name="clue_assigned_has_unit",
                condition=Q(state="triage") | Q(state__in=[*CLOSED_CLUE_STATES]) | Q(handling_unit__isnull=False),
                violation_error_message=_("已分办的线索必须有承办单位。"),
            ),
            models.CheckConstraint(
                name="clue_merged_has_target",
                condition=~Q(state="merged") | Q(merged_into__isnull=False),
                violation_error_message=_("合并办理须指明并入的线索。"),
            ),
            models.CheckConstraint(
                name="clue_rejected_has_reason",
                condition=~Q(state="rejected") | ~Q(outcome_reason=""),
                violation_error_message=_("不予受理须说明理由。"),
            ),
            models.CheckConstraint(name="clue_not_merged_into_self", condition=~Q(merged_into=models.F("pk"))),
            models.CheckConstraint(
                name="clue_rating_range", condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.get_category_display()}"

    def get_absolute_url(self):
        return reverse("disputes:workspace_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """A staff-facing number (not a secret): the receipt code is the submitter's key."""
        return f"JF{self.submitted_on:%Y}-{self.pk:06d}" if self.pk and self.submitted_on else "JF-"

    @property
    def body_display(self) -> str:
        return self.body_unit.name if self.body_unit_id else self.body_name

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CLUE_STATES

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)

    @staticmethod
    def hash_code(normalised_code: str) -> str:
        return hashlib.sha256(normalised_code.encode("ascii")).hexdigest()


class ClueTransition(TransitionRow):
    subject_field = "clue"

    clue = models.ForeignKey(DisputeClue, verbose_name=_("线索"), on_delete=models.PROTECT, related_name="transitions")
    from_state, to_state = state_fields(ClueState, 20)

    class Meta:
        verbose_name = _("线索处理记录")
        verbose_name_plural = _("线索处理记录")
        ordering = ["clue", "at", "id"]


class ClueAssignment(models.Model):
    """Every assignment of a clue, kept: to a unit, or (unit empty) to the office's triage queue."""

    clue = models.ForeignKey(DisputeClue, verbose_name=_("线索"), on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("承办单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+", help_text=_("为空表示区信用办待分办。"))
    how = models.CharField(_("分办方式"), max_length=20, choices=AssignmentHow.choices)
    rule = models.ForeignKey("RoutingRule", verbose_name=_("分办规则"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("分办人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("分办时间"), default=timezone.now)
    note = models.TextField(_("分办说明"), blank=True)
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    refused_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("退回人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    refusal_reason = models.TextField(_("退回理由"), blank=True)

    class Meta:
        verbose_name = _("线索分办记录")
        verbose_name_plural = _("线索分办记录")
        ordering = ["clue", "assigned_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["clue"], condition=Q(ended_at__isnull=True),
                                    name="clue_one_current_assignment"),
            models.CheckConstraint(name="clue_refusal_has_reason",
                                   condition=Q(refused_by__isnull=True) | ~Q(refusal_reason="")),
        ]

    def __str__(self):
        return f"#{self.clue_id} → {self.unit or _('区信用办待分办')}"


class ClueNote(models.Model):
    """A progress note (public or internal), or information the submitter added."""

    clue = models.ForeignKey(DisputeClue, verbose_name=_("线索"), on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField(_("类型"), max_length=20, choices=NoteKind.choices, default=NoteKind.PROGRESS)
    visibility = models.CharField(_("公开范围"), max_length=10, choices=NoteVisibility.choices,
                                  default=NoteVisibility.INTERNAL)
    body = models.TextField(_("内容"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("填写人"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    author_unit = models.ForeignKey(Unit, verbose_name=_("填写单位"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        verbose_name = _("办理进展")
        verbose_name_plural = _("办理进展")
        ordering = ["clue", "at", "id"]
        indexes = [models.Index(fields=["clue", "visibility"], name="clue_note_visibility_idx")]

    def __str__(self):
        return gettext("#%(clue)s %(kind)s（%(visibility)s）") % {
            "clue": self.clue_id, "kind": self.get_kind_display(), "visibility": self.get_visibility_display()}


def attachment_path(instance, filename):
    return stored_name("disputes", instance, filename)


class ClueAttachment(StoredFile):
    clue = models.ForeignKey(DisputeClue, verbose_name=_("线索"), on_delete=models.PROTECT,
                             related_name="attachments")
    note = models.ForeignKey(ClueNote, verbose_name=_("所属进展"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="attachments")
    from_submitter = models.BooleanField(_("提交人上传"), default=True)
    file = models.FileField(_("文件"), upload_to=attachment_path)

    class Meta:
        verbose_name = _("线索材料")
        verbose_name_plural = _("线索材料")
        ordering = ["uploaded_at", "id"]


class ContactReveal(models.Model):
    """Each time staff see a submitter's contact details (DESIGN.md §1: the reveal is logged)."""

    clue = models.ForeignKey(DisputeClue, verbose_name=_("线索"), on_delete=models.PROTECT, related_name="reveals")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("查看人"), on_delete=models.PROTECT,
                               related_name="+")
    viewer_unit = models.ForeignKey(Unit, verbose_name=_("查看人单位"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("途径"), max_length=10, default="html")
    purpose = models.CharField(_("事由"), max_length=200, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("联系方式查看记录")
        verbose_name_plural = _("联系方式查看记录")
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.viewer} → #{self.clue_id}"


class ReopenRequest(models.Model):
    """The submitter asks to reopen a closed clue within 30 days; the office decides."""

    clue = models.ForeignKey(DisputeClue, verbose_name=_("线索"), on_delete=models.PROTECT,
                             related_name="reopen_requests")
    reason = models.TextField(_("申请理由"))
    state = models.CharField(_("状态"), max_length=10, choices=ReopenState.choices, default=ReopenState.PENDING)
    requested_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("决定人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decision_reason = models.TextField(_("决定理由"), blank=True)

    class Meta:
        verbose_name = _("重新办理申请")
        verbose_name_plural = _("重新办理申请")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["clue"], condition=Q(state="pending"), name="clue_one_pending_reopen"),
        ]

    def __str__(self):
        return f"#{self.clue_id} {self.get_state_display()}"


class RoutingRule(models.Model):
    """Which unit a clue goes to: by category and/or the body named. No rule matches → the office's triage."""

    category = models.CharField(_("线索类别"), max_length=20, choices=ClueCategory.choices, blank=True,
                                help_text=_("为空表示任意类别。"))
    body_unit = models.ForeignKey(Unit, verbose_name=_("涉及单位"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+", help_text=_("为空表示任意单位。"))
    body_keyword = models.CharField(_("单位名称关键词"), max_length=100, blank=True,
                                    help_text=_("匹配提交人自填的单位名称，例如“凤城”。"))
    unit = models.ForeignKey(Unit, verbose_name=_("分办至"), on_delete=models.PROTECT, related_name="+")
    priority = models.PositiveSmallIntegerField(_("优先级"), default=100, help_text=_("数值小者优先。"))
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("分办规则")
        verbose_name_plural = _("分办规则")
        ordering = ["priority", "id"]
        constraints = [
            models.CheckConstraint(
                name="routing_rule_not_empty",
                condition=~Q(category="") | Q(body_unit__isnull=False) | ~Q(body_keyword=""),
                violation_error_message=_("规则至少须指定类别、涉及单位或关键词之一。"),
            ),
        ]

    def __str__(self):
        parts = [str(self.get_category_display()) if self.category else "",
                 self.body_unit.name if self.body_unit_id else "", self.body_keyword]
        return " + ".join(p for p in parts if p) + f" → {self.unit}"

    @property
    def specificity(self) -> int:
        return (2 if self.body_unit_id or self.body_keyword else 0) + (1 if self.category else 0)


class ClearanceReport(models.Model):
    """The office's periodic notice (通报) of how each unit clears its clues."""

    period_start = models.DateField(_("统计起"))
    period_end = models.DateField(_("统计止"))
    title = models.CharField(_("标题"), max_length=200)
    generated_at = models.DateTimeField(_("生成时间"), default=timezone.now)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("生成人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("公开人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    summary = models.TextField(_("通报说明"), blank=True)

    class Meta:
        verbose_name = _("纠纷线索清理情况通报")
        verbose_name_plural = _("纠纷线索清理情况通报")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["period_start", "period_end"], name="clearance_report_one_per_period"),
            models.CheckConstraint(name="clearance_report_period_order",
                                   condition=Q(period_end__gte=models.F("period_start"))),
        ]

    def __str__(self):
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ClearanceRow(models.Model):
    report = models.ForeignKey(ClearanceReport, verbose_name=_("通报"), on_delete=models.CASCADE,
                               related_name="rows")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    received = models.PositiveIntegerField(_("收到线索"), default=0)
    acknowledged_on_time = models.PositiveIntegerField(_("按期受理"), default=0)
    concluded = models.PositiveIntegerField(_("办结"), default=0)
    concluded_on_time = models.PositiveIntegerField(_("按期办结"), default=0)
    open = models.PositiveIntegerField(_("期末在办"), default=0)
    overdue = models.PositiveIntegerField(_("期末逾期"), default=0)
    median_days = models.DecimalField(_("办结用时中位数（日）"), max_digits=7, decimal_places=1, null=True,
                                      blank=True)

    class Meta:
        verbose_name = _("通报明细")
        verbose_name_plural = _("通报明细")
        ordering = ["report", "-overdue", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["report", "unit"], name="clearance_row_one_per_unit")]

    def __str__(self):
        return f"{self.report} · {self.unit}"
