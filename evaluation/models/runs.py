"""Runs (versions of a period's scores), the scores with their stored inputs, replies, demonstration units."""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import TransitionRow
from records.models import Unit

from ..choices import DemonstrationCategory, Grade, QueryOutcome, QueryState, RunStatus, RunTrigger
from .schemes import Period, Scheme

READ_ALL_ROLES = (Role.CREDIT_OFFICE, Role.LEADER)


def reads_all(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(*READ_ALL_ROLES)))


class RunQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=RunStatus.PUBLISHED)

    def newest_first(self):
        """Newest period first (a year before its first quarter, as the API lists them), then its latest version;
        ``id`` last, so that pages of the list never repeat or skip a run."""
        return self.order_by("-period__start", "period__code", "-version", "-id")

    def visible_to(self, user):
        """Office and leader: every version; a clerk: drafts (their own unit's scores) and published; public:
        published."""
        if reads_all(user):
            return self.all()
        if user and user.is_authenticated and user.unit_id and user.has_role(Role.CLERK):
            return self.filter(status__in=[RunStatus.DRAFT, RunStatus.PUBLISHED])
        return self.published()


class Run(models.Model):
    """One computation of every unit's scores for a period. Finished versions never change."""

    period = models.ForeignKey(Period, verbose_name=_("考核期间"), on_delete=models.PROTECT, related_name="runs")
    version = models.PositiveIntegerField(_("版本"))
    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT, related_name="runs")
    status = models.CharField(_("状态"), max_length=12, choices=RunStatus.choices, default=RunStatus.RUNNING)
    trigger = models.CharField(_("发起方式"), max_length=10, choices=RunTrigger.choices)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发起人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    as_of = models.DateField(_("数据截至"))
    progress_done = models.PositiveIntegerField(_("已完成步骤"), default=0)
    progress_total = models.PositiveIntegerField(_("总步骤"), default=0)
    error = models.TextField(_("错误信息"), blank=True)
    scheme_snapshot = models.JSONField(_("所用方案（快照）"), default=dict)
    unit_count = models.PositiveIntegerField(_("被考核单位数"), default=0)
    stock_count = models.PositiveIntegerField(_("存量（期末在列失信被执行人单位数）"), default=0)
    increment_count = models.PositiveIntegerField(_("增量（期间新列入单位数）"), default=0)
    zero_detail = models.JSONField(_("零存量零增量明细"), default=dict, blank=True)
    inputs_digest = models.CharField(_("输入摘要（SHA-256）"), max_length=64, blank=True)
    reply_until = models.DateField(_("反馈截止"), null=True, blank=True,
                                   help_text=_("最后一日（含）；次日起方可发布。"))
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("发布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核计算")
        verbose_name_plural = _("考核计算")
        ordering = ["-period__start", "period", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["period", "version"], name="run_version_once"),
            models.UniqueConstraint(fields=["period"], condition=Q(status="running"), name="run_one_running",
                                    violation_error_message=_("该期间已有正在进行的计算。")),
            models.UniqueConstraint(fields=["period"], condition=Q(status="published"), name="run_one_published"),
        ]

    def __str__(self):
        return gettext("%(period)s 第%(version)s版（%(status)s）") % {
            "period": self.period, "version": self.version, "status": self.get_status_display()}

    @property
    def zero_stock(self) -> bool:
        return self.stock_count == 0

    @property
    def zero_increment(self) -> bool:
        return self.increment_count == 0

    @property
    def progress_percent(self) -> int:
        return int(100 * self.progress_done / self.progress_total) if self.progress_total else 0


class RunTransition(TransitionRow):
    """A run's rows name their state ``status`` (as the run does), hence its own columns and ``__str__``."""

    subject_field = "run"

    run = models.ForeignKey(Run, verbose_name=_("考核计算"), on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(_("原状态"), max_length=12, choices=RunStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=12, choices=RunStatus.choices)

    class Meta:
        verbose_name = _("考核计算状态记录")
        verbose_name_plural = _("考核计算状态记录")
        ordering = ["run", "at", "id"]

    def __str__(self):
        return f"#{self.run_id} {self.from_status or '—'} → {self.to_status}"


class ScoreQuerySet(models.QuerySet):
    def published(self):
        return self.filter(run__status=RunStatus.PUBLISHED)

    def visible_to(self, user):
        """Office and leader: all; a clerk: their unit's draft scores and every published score; public:
        published."""
        if reads_all(user):
            return self.all()
        scope = Q(run__status=RunStatus.PUBLISHED)
        if user and user.is_authenticated and user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(run__status=RunStatus.DRAFT, unit_id=user.unit_id)
        return self.filter(scope)


class Score(models.Model):
    """A unit's result in a run. Names and kinds are copied so a later rename changes nothing here."""

    run = models.ForeignKey(Run, verbose_name=_("考核计算"), on_delete=models.PROTECT, related_name="scores")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="evaluation_scores")
    unit_name = models.CharField(_("单位名称"), max_length=100)
    unit_kind = models.CharField(_("单位类别"), max_length=20)
    total = models.DecimalField(_("总分"), max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField(_("排名"))
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    veto_detail = models.JSONField(_("否决依据"), default=dict, blank=True)
    award_ineligible_reason = models.TextField(
        _("不具备评优资格的原因"), blank=True,
        help_text=_("数据截至日整改未完成或被列为失信被执行人（第六条）：不得评为优秀，不得认定为诚信示范单位。"))

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        ordering = ["run", "rank", "unit_name"]
        indexes = [models.Index(fields=["unit", "run"], name="score_unit_run_idx")]
        constraints = [models.UniqueConstraint(fields=["run", "unit"], name="score_once_per_run_unit")]

    def __str__(self):
        return f"{self.unit_name} {self.total}"

    @property
    def veto_reason(self) -> str:
        """Why the veto applies, in words (shown next to the score): clause 2 of the evaluation rules."""
        if not self.vetoed:
            return ""
        count = len([ref for ref in str(self.veto_detail.get("records", "")).split(",") if ref.strip()])
        return _("一票否决：考核期内被列为失信被执行人（%(n)s 条记录），等次定为不合格") % {"n": count or 1}


class IndicatorScore(models.Model):
    """One indicator of one score, with the exact inputs it used: the value, the counts and the references
    (``kind:id`` or ``kind:id@version``) of every record, case, clue or figure behind it."""

    score = models.ForeignKey(Score, verbose_name=_("考核得分"), on_delete=models.PROTECT, related_name="items")
    indicator_key = models.SlugField(_("指标来源"), max_length=48)
    name = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    value = models.DecimalField(_("指标值"), max_digits=14, decimal_places=4, null=True, blank=True)
    points = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True,
                                 help_text=_("空表示该指标不适用于此单位。"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    detail = models.JSONField(_("计数明细"), default=dict, blank=True)
    evidence = models.TextField(_("计入的明细"), blank=True)
    held_out = models.TextField(_("暂不计入的明细（异议处理中）"), blank=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("指标得分")
        verbose_name_plural = _("指标得分")
        ordering = ["score", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["score", "indicator_key"], name="indicator_score_once")]

    def __str__(self):
        return f"{self.name}: {self.points}"

    @property
    def applicable(self) -> bool:
        return self.points is not None


class ReplyQuery(models.Model):
    """A unit's query about one indicator value of a draft run (right of reply)."""

    run = models.ForeignKey(Run, verbose_name=_("考核计算"), on_delete=models.PROTECT, related_name="queries")
    score = models.ForeignKey(Score, verbose_name=_("考核得分"), on_delete=models.PROTECT, related_name="queries")
    indicator_key = models.SlugField(_("指标来源"), max_length=48)
    reason = models.TextField(_("反馈理由"))
    raised_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("提出人"), on_delete=models.PROTECT,
                                  related_name="+")
    raised_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    state = models.CharField(_("状态"), max_length=10, choices=QueryState.choices, default=QueryState.OPEN)
    outcome = models.CharField(_("答复结论"), max_length=12, choices=QueryOutcome.choices, blank=True)
    answer = models.TextField(_("答复意见"), blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("答复人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    rerun = models.ForeignKey(Run, verbose_name=_("更正后的版本"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="answered_queries")

    class Meta:
        verbose_name = _("考核结果反馈")
        verbose_name_plural = _("考核结果反馈")
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(name="query_answer_complete",
                                   condition=Q(state="open") | (~Q(answer="") & ~Q(outcome=""))),
        ]

    def __str__(self):
        """By the indicator's name (12345热线按期办结率), not its key (hotline_on_time_rate)."""
        from ..labels import indicator_label

        return f"#{self.pk} {self.score.unit_name} {indicator_label(self.indicator_key)}"


class DemonstrationUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(revoked_on__isnull=True)


class DemonstrationUnit(models.Model):
    """An integrity demonstration unit (诚信示范街道/乡镇/社区, clause 19) designated from a published run."""

    year = models.PositiveSmallIntegerField(_("年度"))
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="demonstrations")
    category = models.CharField(_("类别"), max_length=12, choices=DemonstrationCategory.choices)
    community = models.CharField(_("社区名称"), max_length=100, blank=True, help_text=_("诚信示范社区填写。"))
    run = models.ForeignKey(Run, verbose_name=_("依据的考核结果"), on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("考核总分"), max_digits=6, decimal_places=2)
    reason = models.TextField(_("认定理由"))
    designated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("认定人"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    designated_on = models.DateField(_("认定日期"))
    revoked_on = models.DateField(_("撤销日期"), null=True, blank=True)
    revoke_reason = models.TextField(_("撤销理由"), blank=True)

    objects = DemonstrationUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("诚信示范单位")
        verbose_name_plural = _("诚信示范单位")
        ordering = ["-year", "category", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["year", "unit", "category", "community"], name="demonstration_once"),
        ]

    def __str__(self):
        return gettext("%(year)s %(category)s：%(name)s") % {
            "year": self.year, "category": self.get_category_display(), "name": self.community or self.unit.name}
