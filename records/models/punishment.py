"""Joint punishment (clause 6) and the court's list (clause 2): rectification cases, their
notices, restriction flags while a unit is listed as 失信被执行人, court-list imports and the
zero-stock / zero-increment snapshots kept per period.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import TransitionRow, state_fields
from integrity_portal.periods import period_code_label

from ..choices import RecordKind, Severity
from ..uploads import StoredFile, stored_name
from .credit import CreditRecord
from .directory import CivilServant, Unit, UnitHeadTerm, supervised_by

SEVERITY_RANK = {Severity.MINOR: 1, Severity.GENERAL: 2, Severity.SERIOUS: 3}


# --- choices -----------------------------------------------------------------

class RectificationState(models.TextChoices):
    OPEN = "open", _("待说明")
    EXPLAINED = "explained", _("已说明，待报送整改报告")
    RECTIFIED = "rectified", _("已报送整改报告，待验收")
    RETURNED = "returned", _("退回重新整改")
    ACCEPTED = "accepted", _("整改验收通过")
    SETTLED = "settled", _("免于惩戒，结案")


RECTIFICATION_TRANSITIONS = {
    RectificationState.OPEN: {RectificationState.EXPLAINED, RectificationState.SETTLED},
    RectificationState.EXPLAINED: {RectificationState.RECTIFIED, RectificationState.SETTLED},
    RectificationState.RECTIFIED: {RectificationState.ACCEPTED, RectificationState.RETURNED, RectificationState.SETTLED},
    RectificationState.RETURNED: {RectificationState.RECTIFIED, RectificationState.SETTLED},
    RectificationState.ACCEPTED: set(),
    RectificationState.SETTLED: set(),
}
# Closed with a date: accepted after rectification, or settled when every record was repaired with 免于惩戒.
CLOSED_RECTIFICATION_STATES = (RectificationState.ACCEPTED, RectificationState.SETTLED)
OPEN_RECTIFICATION_STATES = (RectificationState.OPEN, RectificationState.EXPLAINED, RectificationState.RECTIFIED,
                             RectificationState.RETURNED)


class RectificationOrigin(models.TextChoices):
    RULE = "rule", _("按规则自动立案")
    OFFICE = "office", _("区信用办立案")


class AccountabilityForm(models.TextChoices):
    """问责方式 (《中国共产党问责条例》第八条; the record kind ``accountability`` uses the same labels)."""

    CIRCULAR = "通报", _("通报")
    ADMONITION = "诫勉", _("诫勉")
    ADJUSTMENT = "组织调整", _("组织调整")
    HANDLING = "组织处理", _("组织处理")
    DISCIPLINE = "纪律处分", _("纪律处分")


class AttachmentStep(models.TextChoices):
    EXPLANATION = "explanation", _("书面说明")
    REPORT = "report", _("整改报告")


class RestrictionKind(models.TextChoices):
    """Clause 6: what a unit listed as 失信被执行人 may not obtain."""

    SUBSIDIES = "subsidies", _("限制取得各级政府性补贴补助资金")
    FINANCING = "financing", _("限制融资授信")
    INVESTMENT_APPROVAL = "investment_approval", _("限制投资项目审批")
    ALLOCATIONS = "allocations", _("除工资及民生保障外停止一切其他财政拨款")


class CourtImportStatus(models.TextChoices):
    FAILED = "failed", _("校验未通过，未导入")
    DONE = "done", _("已导入")


class CourtImportSource(models.TextChoices):
    UPLOAD = "upload", _("上传文件")
    FETCH = "fetch", _("定时获取")


class CourtEntryOutcome(models.TextChoices):
    CREATED = "created", _("已生成待确认的草稿")
    UPDATED = "updated", _("已更新草稿")
    DELISTED = "delisted", _("已撤销失信，名单记录已更正")
    UNCHANGED = "unchanged", _("已有记录，无变化")
    UNMATCHED = "unmatched", _("未匹配到名录中的单位")


# --- rectification -------------------------------------------------------------

class RectificationRule(models.Model):
    """Which published dishonesty records against a unit open a rectification case (data, edited in the admin)."""

    kind = models.CharField(_("记录类别"), max_length=32, choices=RecordKind.choices)
    min_severity = models.CharField(_("最低失信程度"), max_length=10, choices=Severity.choices,
                                    default=Severity.GENERAL)
    is_active = models.BooleanField(_("启用"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("整改立案规则")
        verbose_name_plural = _("整改立案规则")
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["kind"], name="rectification_rule_one_per_kind",
                                               violation_error_message=_("每个记录类别只能有一条立案规则。"))]

    def __str__(self):
        return f"{self.get_kind_display()} ≥ {self.get_min_severity_display()}"

    def matches(self, record: CreditRecord) -> bool:
        return (self.is_active and record.kind == self.kind
                and SEVERITY_RANK.get(record.severity, 0) >= SEVERITY_RANK[Severity(self.min_severity)])


class RectificationCaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office all; leader reads all; clerk their own unit; supervisors the units in their scope."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE, Role.LEADER):
            return self.all()
        scope = Q(pk__in=[])
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(unit_id=user.unit_id)
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= supervised_by(user.unit_id, prefix="unit__")
        return self.filter(scope)

    def handled_by(self, user):
        """Cases the user files explanations and reports for: a clerk's own unit."""
        if not user or not user.is_authenticated or not user.unit_id or not user.has_role(Role.CLERK):
            return self.none()
        return self.filter(unit_id=user.unit_id)

    def open(self):
        return self.filter(state__in=OPEN_RECTIFICATION_STATES)

    def open_on(self, day):
        """Cases open on ``day``: opened by then and not accepted before it."""
        return self.filter(opened_on__lte=day).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class RectificationCase(models.Model):
    """A unit's written explanation and rectification after a dishonesty record (clause 6)."""

    unit = models.ForeignKey(Unit, verbose_name=_("整改单位"), on_delete=models.PROTECT,
                             related_name="rectification_cases")
    records = models.ManyToManyField(CreditRecord, verbose_name=_("所涉失信记录"), through="RectificationCaseRecord",
                                     related_name="rectification_cases")
    origin = models.CharField(_("立案方式"), max_length=10, choices=RectificationOrigin.choices)
    state = models.CharField(_("状态"), max_length=12, choices=RectificationState.choices,
                             default=RectificationState.OPEN)
    opened_on = models.DateField(_("立案日期"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("立案人"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("立案事由"), blank=True)
    act_date = models.DateField(_("失信行为发生日期"))
    # The main responsible person at the time of the act (from the directory's history).
    head_term = models.ForeignKey(UnitHeadTerm, verbose_name=_("时任主要负责人任职"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    head_name = models.CharField(_("时任主要负责人"), max_length=50, blank=True)
    head_servant = models.ForeignKey(CivilServant, verbose_name=_("时任主要负责人（公务员）"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    explanation = models.TextField(_("书面说明"), blank=True)
    explained_at = models.DateTimeField(_("说明报送时间"), null=True, blank=True)
    report_measures = models.TextField(_("整改措施"), blank=True)
    report_results = models.TextField(_("整改成效"), blank=True)
    report_completed_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    reported_at = models.DateTimeField(_("整改报告报送时间"), null=True, blank=True)
    review_note = models.TextField(_("验收意见"), blank=True)
    explanation_clock = models.OneToOneField("workdays.Clock", verbose_name=_("书面说明计时"), null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    report_clock = models.OneToOneField("workdays.Clock", verbose_name=_("整改报告计时"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    closed_on = models.DateField(_("验收日期"), null=True, blank=True)
    accountability_form = models.CharField(_("问责方式"), max_length=10, choices=AccountabilityForm.choices,
                                           blank=True)
    accountability_decision = models.TextField(_("问责决定"), blank=True)
    accountability_decided_on = models.DateField(_("问责决定日期"), null=True, blank=True)
    accountability_record = models.OneToOneField(CreditRecord, verbose_name=_("问责记录"), null=True, blank=True,
                                                 on_delete=models.PROTECT, related_name="accountability_case")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RectificationCaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改案件")
        verbose_name_plural = _("整改案件")
        ordering = ["-opened_on", "-id"]
        indexes = [models.Index(fields=["unit", "state"], name="rectification_unit_state_idx")]
        constraints = [
            models.CheckConstraint(
                name="rectification_closed_only_when_closed",
                condition=Q(closed_on__isnull=True) | Q(state__in=["accepted", "settled"]),
                violation_error_message=_("只有验收通过或免于惩戒结案的整改案件才有结案日期。"),
            ),
            models.CheckConstraint(
                name="rectification_accountability_complete",
                condition=Q(accountability_form="") | (~Q(accountability_decision="")
                                                       & Q(accountability_decided_on__isnull=False)),
                violation_error_message=_("问责须填写问责决定和决定日期。"),
            ),
        ]

    def __str__(self):
        return gettext("整改 #%(id)s：%(unit)s") % {"id": self.pk, "unit": self.unit}

    def get_absolute_url(self):
        return reverse("punishment:case_detail", args=[self.pk])

    @property
    def subject_title(self) -> str:
        """What the case is about: its record's title (the first record's and how many, when it has several).
        Reads ``records.all()``: a list prefetches them."""
        records = sorted(self.records.all(), key=lambda record: record.pk)
        if not records:
            return self.reason or "—"
        if len(records) == 1:
            return records[0].title
        return _("%(title)s 等 %(n)s 条记录") % {"title": records[0].title, "n": len(records)}

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_RECTIFICATION_STATES

    @property
    def award_ineligible(self) -> bool:
        """While a case is open its unit is not eligible for awards or the excellence grade (clause 6)."""
        return self.is_open


class RectificationCaseRecord(models.Model):
    """A triggering record; a record opens at most one case (so opening by rule is idempotent)."""

    case = models.ForeignKey(RectificationCase, verbose_name=_("整改案件"), on_delete=models.PROTECT)
    record = models.OneToOneField(CreditRecord, verbose_name=_("失信记录"), on_delete=models.PROTECT,
                                  related_name="rectification_link")

    class Meta:
        verbose_name = _("整改案件所涉记录")
        verbose_name_plural = _("整改案件所涉记录")

    def __str__(self):
        return f"#{self.case_id} ← #{self.record_id}"


class RectificationTransition(TransitionRow):
    subject_field = "case"

    case = models.ForeignKey(RectificationCase, verbose_name=_("整改案件"), on_delete=models.PROTECT,
                             related_name="transitions")
    from_state, to_state = state_fields(RectificationState, 12)

    class Meta:
        verbose_name = _("整改处理记录")
        verbose_name_plural = _("整改处理记录")
        ordering = ["case", "at", "id"]


def rectification_attachment_path(instance, filename):
    return stored_name("rectification", instance, filename)


class RectificationAttachment(StoredFile):
    case = models.ForeignKey(RectificationCase, verbose_name=_("整改案件"), on_delete=models.PROTECT,
                             related_name="attachments")
    step = models.CharField(_("材料类别"), max_length=12, choices=AttachmentStep.choices)
    file = models.FileField(_("文件"), upload_to=rectification_attachment_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("整改材料")
        verbose_name_plural = _("整改材料")
        ordering = ["case", "uploaded_at"]


class PunishmentNoticeQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published_at__isnull=False)


class PunishmentNotice(models.Model):
    """A public notice (通报批评) of chosen rectification cases; institutional data only."""

    number = models.CharField(_("通报文号"), max_length=100, unique=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"), help_text=_("公开发布，请勿写入个人信息。"))
    cases = models.ManyToManyField(RectificationCase, verbose_name=_("通报的整改案件"), related_name="notices")
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = PunishmentNoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("失信通报")
        verbose_name_plural = _("失信通报")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.number} {self.title}"


# --- restriction flags -------------------------------------------------------------

class RestrictionFlagQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Shown to the office, leadership (and the credit-check API); clerks see their own unit's."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE, Role.LEADER, Role.API_CLIENT):
            return self.all()
        scope = Q(pk__in=[])
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(unit_id=user.unit_id)
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= supervised_by(user.unit_id, prefix="unit__")
        return self.filter(scope)

    def active_on(self, day):
        return self.filter(since__lte=day).filter(Q(until__isnull=True) | Q(until__gte=day))


class RestrictionFlag(models.Model):
    """One measure against a listed unit, from listing until delisting; computed, never typed in."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="restriction_flags")
    kind = models.CharField(_("限制措施"), max_length=24, choices=RestrictionKind.choices)
    since = models.DateField(_("起始日期"))
    until = models.DateField(_("截止日期"), null=True, blank=True, help_text=_("空为仍在限制中。"))
    reason = models.TextField(_("限制理由"))
    source_record = models.ForeignKey(CreditRecord, verbose_name=_("依据的失信被执行人记录"), on_delete=models.PROTECT,
                                      related_name="restriction_flags")
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictionFlagQuerySet.as_manager()

    class Meta:
        verbose_name = _("限制措施")
        verbose_name_plural = _("限制措施")
        ordering = ["unit", "kind", "-since"]
        indexes = [models.Index(fields=["unit", "until"], name="restriction_unit_until_idx")]
        constraints = [
            models.UniqueConstraint(fields=["source_record", "kind"], name="restriction_one_per_listing_kind"),
            models.CheckConstraint(name="restriction_until_after_since",
                                   condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                                   violation_error_message=_("截止日期不能早于起始日期。")),
        ]

    def __str__(self):
        return gettext("%(unit)s：%(kind)s（%(since)s–%(until)s）") % {
            "unit": self.unit, "kind": self.get_kind_display(), "since": self.since, "until": self.until or ""}


# --- the court's list -----------------------------------------------------------------

def court_file_path(instance, filename):
    return f"court-lists/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.xlsx"


class CourtListImportQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        return self.none()


class CourtListImport(models.Model):
    """One file of the court's 失信被执行人 list: checked row by row, imported all-or-nothing."""

    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("来源"), max_length=8, choices=CourtImportSource.choices,
                              default=CourtImportSource.UPLOAD)
    original_name = models.CharField(_("原文件名"), max_length=200)
    file = models.FileField(_("文件"), upload_to=court_file_path, blank=True)
    status = models.CharField(_("状态"), max_length=8, choices=CourtImportStatus.choices)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    matched_rows = models.PositiveIntegerField(_("匹配行数"), default=0)
    created_count = models.PositiveIntegerField(_("生成草稿数"), default=0)
    delisted_count = models.PositiveIntegerField(_("撤销失信数"), default=0)
    errors = models.JSONField(_("错误明细"), default=list, blank=True)
    created_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    objects = CourtListImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("法院失信被执行人名单导入")
        verbose_name_plural = _("法院失信被执行人名单导入")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return gettext("%(file)s（%(status)s）") % {"file": self.original_name, "status": self.get_status_display()}

    def get_absolute_url(self):
        return reverse("punishment:court_import_detail", args=[self.pk])


class CourtListEntry(models.Model):
    """One row of an imported court list and what became of it."""

    court_import = models.ForeignKey(CourtListImport, verbose_name=_("导入批次"), on_delete=models.CASCADE,
                                     related_name="entries")
    row_number = models.PositiveIntegerField(_("行号"))
    name = models.CharField(_("被执行人名称"), max_length=200)
    code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    case_number = models.CharField(_("案号"), max_length=100)
    court = models.CharField(_("执行法院"), max_length=100)
    published_on = models.DateField(_("发布时间"))
    delisted_on = models.DateField(_("撤销日期"), null=True, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("匹配单位"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    matched_by = models.CharField(_("匹配方式"), max_length=8, blank=True)
    record = models.ForeignKey(CreditRecord, verbose_name=_("名单记录"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("处理结果"), max_length=10, choices=CourtEntryOutcome.choices)

    class Meta:
        verbose_name = _("法院名单条目")
        verbose_name_plural = _("法院名单条目")
        ordering = ["court_import", "row_number"]

    def __str__(self):
        return f"{self.name} {self.case_number}"


# --- zero stock / zero increment -----------------------------------------------------

class ZeroStatusFigures(models.Model):
    """What a count of the period says (``selectors_punishment.zero_status_live``): the snapshot holds the current
    figures, each revision the figures it replaced, so the two share these fields."""

    period_start = models.DateField(_("期间起"))
    period_end = models.DateField(_("期间止"))
    as_of = models.DateField(_("统计截至"))
    stock_count = models.PositiveIntegerField(_("存量（在列单位数）"))
    increment_count = models.PositiveIntegerField(_("增量（期间新列入数）"))
    stock_units = models.JSONField(_("在列单位"), default=list, blank=True)
    increment_units = models.JSONField(_("新列入单位"), default=list, blank=True)
    is_final = models.BooleanField(_("期间已结束"), default=False)
    computed_at = models.DateTimeField(_("计算时间"))

    #: The fields a count writes (``computed_at`` is when they were written).
    COUNTED = ("period_start", "period_end", "as_of", "stock_count", "increment_count", "stock_units",
               "increment_units", "is_final")
    #: The figures themselves: a change of one of them keeps the replaced row as a revision. An open period's
    #: ``as_of`` moving on a day, or its ending (``is_final``) with the same figures, replaces nothing.
    FIGURES = ("stock_count", "increment_count", "stock_units", "increment_units")

    class Meta:
        abstract = True

    @property
    def zero_stock(self) -> bool:
        return self.stock_count == 0

    @property
    def zero_increment(self) -> bool:
        return self.increment_count == 0


class ZeroStatusSnapshot(ZeroStatusFigures):
    """The district's 零存量、零增量 status for one period, kept over time (clause 2)."""

    period = models.CharField(_("期间"), max_length=10, unique=True, help_text=_("如 2026、2026Q3、2026-07。"))

    class Meta:
        verbose_name = _("零存量零增量状态")
        verbose_name_plural = _("零存量零增量状态")
        ordering = ["-period_start", "period"]

    def __str__(self):
        return gettext("%(period)s：存量 %(stock)s，增量 %(increment)s") % {
            "period": self.period, "stock": self.stock_count, "increment": self.increment_count}

    @property
    def period_display(self) -> str:
        return period_code_label(self.period)


class ZeroStatusRevision(ZeroStatusFigures):
    """The figures a snapshot held before they were replaced (by the daily job, or by the office's explicit
    action: then with who and why). Written by ``zero_status_compute`` in the transaction that replaces them;
    never edited. The figures of a period are its current snapshot and these rows, newest first."""

    snapshot = models.ForeignKey(ZeroStatusSnapshot, verbose_name=_("零存量零增量状态"), on_delete=models.PROTECT,
                                 related_name="revisions")
    computed_at = models.DateTimeField(_("计算时间"), help_text=_("被替换的数字的计算时间。"))
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+", help_text=_("空：每日定时任务。"))
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("零存量零增量状态变更记录")
        verbose_name_plural = _("零存量零增量状态变更记录")
        ordering = ["snapshot", "-changed_at", "-id"]

    def __str__(self):
        return gettext("%(period)s 变更前：存量 %(stock)s，增量 %(increment)s") % {
            "period": self.snapshot.period, "stock": self.stock_count, "increment": self.increment_count}
