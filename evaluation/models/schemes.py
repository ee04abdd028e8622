"""Indicator schemes, periods and the imported or entered inputs (clauses 2, 3, 15, 16)."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from records.models import Unit

from ..choices import AppliesTo, Direction, InputKind, SchemeStatus, ScoringRule
from ..periods import period_label


class Scheme(models.Model):
    """One year's indicator scheme: weighted indicators and the published methodology."""

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    name = models.CharField(_("方案名称"), max_length=200)
    status = models.CharField(_("状态"), max_length=10, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT)
    total_weight = models.DecimalField(_("权重合计"), max_digits=6, decimal_places=2, default=Decimal("100"),
                                       help_text=_("各指标权重之和须等于此值。"))
    excellent_from = models.DecimalField(_("优秀分数线"), max_digits=5, decimal_places=2, default=Decimal("90"))
    good_from = models.DecimalField(_("良好分数线"), max_digits=5, decimal_places=2, default=Decimal("80"))
    pass_from = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=2, default=Decimal("60"))
    methodology = models.TextField(_("考核办法说明"), help_text=_("在公众网站公开。"))
    activated_at = models.DateTimeField(_("启用时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                name="scheme_grade_lines_ordered",
                condition=Q(excellent_from__gte=models.F("good_from")) & Q(good_from__gte=models.F("pass_from")),
                violation_error_message=_("分数线须满足：优秀 ≥ 良好 ≥ 合格。"),
            ),
            models.CheckConstraint(name="scheme_total_weight_positive", condition=Q(total_weight__gt=0)),
        ]

    def __str__(self):
        return f"{self.year} {self.name}"

    @property
    def is_active(self) -> bool:
        return self.status == SchemeStatus.ACTIVE


class Indicator(models.Model):
    """A weighted indicator of a scheme; ``key`` names its source in ``evaluation.indicators``."""

    scheme = models.ForeignKey(Scheme, verbose_name=_("考核方案"), on_delete=models.PROTECT,
                               related_name="indicators")
    key = models.SlugField(_("指标来源"), max_length=48, help_text=_("见“指标来源”清单，如 dishonesty_records。"))
    name = models.CharField(_("指标名称"), max_length=100)
    weight = models.DecimalField(_("权重（分值）"), max_digits=6, decimal_places=2,
                                 validators=[MinValueValidator(Decimal("0.01"))])
    direction = models.CharField(_("方向"), max_length=16, choices=Direction.choices,
                                 default=Direction.HIGHER_BETTER)
    rule = models.CharField(_("计分规则"), max_length=12, choices=ScoringRule.choices, default=ScoringRule.LINEAR)
    params = models.JSONField(
        _("计分参数"), default=dict, blank=True,
        help_text=_("线性：{\"lower\": 80, \"upper\": 100}；分档：{\"bands\": [[95, 1], [90, 0.8]]}；"
                    "扣分：{\"per_item\": 2, \"cap\": 10} 或 {\"per_kind\": {\"serious\": 5}}。"),
    )
    applies_to = models.CharField(_("适用单位"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL)
    methodology = models.TextField(_("计分说明"), help_text=_("在公众网站公开。"))
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("考核指标")
        verbose_name_plural = _("考核指标")
        ordering = ["scheme", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "key"], name="indicator_key_once_per_scheme",
                                    violation_error_message=_("同一方案中每个指标来源只能使用一次。")),
            models.CheckConstraint(name="indicator_weight_positive", condition=Q(weight__gt=0),
                                   violation_error_message=_("权重须大于 0。")),
        ]

    def __str__(self):
        return gettext("%(name)s（%(weight)s）") % {"name": self.name, "weight": self.weight}

    def clean(self):
        from ..indicators import SOURCES
        from ..scoring import check_params

        if self.key and self.key not in SOURCES:
            raise ValidationError({"key": _("未知的指标来源：%(key)s") % {"key": self.key}})
        problems = check_params(self.rule, self.params or {})
        if problems:
            raise ValidationError({"params": problems})


class Period(models.Model):
    """A scored period: a year or a quarter."""

    code = models.CharField(_("期间"), max_length=8, unique=True, help_text=_("如 2025 或 2025Q3。"))
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    start = models.DateField(_("起"))
    end = models.DateField(_("止"))

    class Meta:
        verbose_name = _("考核期间")
        verbose_name_plural = _("考核期间")
        ordering = ["-start", "quarter"]
        constraints = [models.CheckConstraint(name="period_end_after_start", condition=Q(end__gte=models.F("start")))]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)


class InputBatch(models.Model):
    """One accepted Excel import of figures for a period (rejected files save nothing)."""

    period = models.ForeignKey(Period, verbose_name=_("考核期间"), on_delete=models.PROTECT, related_name="batches")
    kind = models.CharField(_("数据类别"), max_length=20, choices=InputKind.choices)
    original_name = models.CharField(_("原文件名"), max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    row_count = models.PositiveIntegerField(_("行数"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("导入人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("考核数据导入批次")
        verbose_name_plural = _("考核数据导入批次")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return f"{self.period} {self.get_kind_display()} {self.original_name}"


class InputValue(models.Model):
    """One figure of one unit for one period (imported, or entered by the office)."""

    period = models.ForeignKey(Period, verbose_name=_("考核期间"), on_delete=models.PROTECT, related_name="inputs")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="evaluation_inputs")
    key = models.SlugField(_("数据项"), max_length=48)
    value = models.DecimalField(_("数值"), max_digits=14, decimal_places=4)
    batch = models.ForeignKey(InputBatch, verbose_name=_("导入批次"), null=True, blank=True, on_delete=models.PROTECT,
                              related_name="values")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("考核数据")
        verbose_name_plural = _("考核数据")
        ordering = ["period", "unit", "key"]
        constraints = [models.UniqueConstraint(fields=["period", "unit", "key"], name="input_value_once")]

    def __str__(self):
        from integrity_portal.numbers import plain_number

        from ..labels import detail_label  # the figure's name, not its key (issue 17 item 2)

        return gettext("%(period)s %(unit)s %(figure)s：%(value)s") % {
            "period": self.period, "unit": self.unit, "figure": detail_label(self.key), "value": plain_number(self.value)}

    def clean(self):
        """The rules the import checks, for a figure entered or corrected by hand (the admin, a service): a known
        data item, within its range (an integer where counted, a rate up to 100), and a part no larger than its
        whole already stored for the unit and period. A mistyped item was saved before and read by no indicator."""
        from ..indicators.imported import INPUT_BOUNDS, INPUT_FIELDS, INPUT_LABELS
        from ..services.inputs import figure_number

        fields = {key: (kind, maximum) for columns in INPUT_FIELDS.values() for key, _l, kind, maximum in columns}
        if self.key not in fields:
            raise ValidationError({"key": gettext("没有这个数据项：%(key)s。") % {"key": self.key}})
        if self.value is None:
            return
        try:
            figure_number(self.value, *fields[self.key])
        except ValueError as exc:
            raise ValidationError({"value": str(exc)}) from None
        if not (self.period_id and self.unit_id):
            return
        for part, whole in INPUT_BOUNDS.items():
            if self.key not in (part, whole):
                continue
            other = InputValue.objects.filter(period_id=self.period_id, unit_id=self.unit_id,
                                              key=whole if self.key == part else part) \
                .exclude(pk=self.pk).values_list("value", flat=True).first()
            if other is None:
                continue
            if (self.value > other) if self.key == part else (other > self.value):
                raise ValidationError({"value": gettext("“%(part)s”不能大于“%(whole)s”（%(p)s > %(w)s）。") % {
                    "part": INPUT_LABELS[part], "whole": INPUT_LABELS[whole],
                    "p": self.value if self.key == part else other, "w": other if self.key == part else self.value}})
