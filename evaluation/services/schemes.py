"""Schemes: checking weights and rules, activating, the default scheme of the district."""
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_log

from ..choices import AppliesTo, Direction, SchemeStatus, ScoringRule
from ..indicators import SOURCES
from ..models import Indicator, Scheme
from ..scoring import check_params
from .common import actor_or_none


def scheme_check(scheme: Scheme) -> None:
    """Weights must add up to the scheme's total; every indicator needs a known source and valid rule."""
    indicators = list(scheme.indicators.all())
    if not indicators:
        raise ValidationError({"indicators": [_("方案中没有指标。")]})
    problems = []
    for indicator in indicators:
        if indicator.key not in SOURCES:
            problems.append(_("指标“%(name)s”的来源未知：%(key)s") % {"name": indicator.name, "key": indicator.key})
        problems += [f"{indicator.name}：{p}" for p in check_params(indicator.rule, indicator.params or {})]
    total = sum((i.weight for i in indicators), Decimal(0))
    if total != scheme.total_weight:
        problems.append(_("各指标权重之和为 %(sum)s，方案要求为 %(total)s。") % {"sum": total, "total": scheme.total_weight})
    if problems:
        raise ValidationError({"indicators": problems})


def scheme_snapshot(scheme: Scheme) -> dict:
    """What a run uses, copied into the run so a later edit of the scheme changes no stored version."""
    return {
        "year": scheme.year, "name": scheme.name, "total_weight": str(scheme.total_weight),
        "excellent_from": str(scheme.excellent_from), "good_from": str(scheme.good_from),
        "pass_from": str(scheme.pass_from),
        "indicators": [
            {"key": i.key, "name": i.name, "weight": str(i.weight), "direction": i.direction, "rule": i.rule,
             "params": i.params, "applies_to": i.applies_to, "methodology": i.methodology}
            for i in scheme.indicators.order_by("order", "id")
        ],
    }


@transaction.atomic
def scheme_activate(*, scheme: Scheme, actor) -> Scheme:
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    scheme_check(scheme)
    if scheme.status != SchemeStatus.ACTIVE:
        scheme.status, scheme.activated_at = SchemeStatus.ACTIVE, timezone.now()
        scheme.save(update_fields=["status", "activated_at"])
        audit_log(actor=actor_or_none(actor), action="evaluation_scheme_activate", subject=scheme,
                  changes={"status": [SchemeStatus.DRAFT, SchemeStatus.ACTIVE]})
    return scheme


LINEAR_60 = {"lower": 60, "upper": 100}
# (key, name, weight, direction, rule, params, applies_to)
DEFAULT_INDICATORS = [
    ("dishonesty_records", "失信记录", 20, Direction.LOWER_BETTER, ScoringRule.DEDUCTION,
     {"per_kind": {"serious": 10, "general": 4, "minor": 1}, "cap": 20}, AppliesTo.ALL),
    ("objections_on_time", "异议按期答复率", 10, Direction.HIGHER_BETTER, ScoringRule.LINEAR, LINEAR_60, AppliesTo.ALL),
    ("dual_publication_timely", "双公示按期报送率", 6, Direction.HIGHER_BETTER, ScoringRule.LINEAR, LINEAR_60,
     AppliesTo.ALL),
    ("dual_publication_compliance", "双公示数据合规率", 2, Direction.HIGHER_BETTER, ScoringRule.LINEAR, LINEAR_60,
     AppliesTo.ALL),
    ("dual_publication_completeness", "双公示数据完整率", 2, Direction.HIGHER_BETTER, ScoringRule.LINEAR, LINEAR_60,
     AppliesTo.ALL),
    ("rectification_on_time", "失信整改按期完成率", 10, Direction.HIGHER_BETTER, ScoringRule.LINEAR, LINEAR_60,
     AppliesTo.ALL),
    ("commitment_fulfilment", "政务承诺履约率", 10, Direction.HIGHER_BETTER, ScoringRule.LINEAR, LINEAR_60,
     AppliesTo.ALL),
    ("dispute_clues_on_time", "涉政纠纷线索按期受理办结率", 10, Direction.HIGHER_BETTER, ScoringRule.LINEAR,
     LINEAR_60, AppliesTo.ALL),
    ("work_tasks_on_time", "督办任务按期完成率", 10, Direction.HIGHER_BETTER, ScoringRule.THRESHOLDS,
     {"bands": [[100, 1], [90, 0.8], [80, 0.6], [60, 0.3]]}, AppliesTo.ALL),
    ("hotline_on_time_rate", "12345热线按期办结率", 6, Direction.HIGHER_BETTER, ScoringRule.LINEAR,
     {"lower": 80, "upper": 100}, AppliesTo.ALL),
    ("hotline_satisfaction", "12345热线群众满意率", 4, Direction.HIGHER_BETTER, ScoringRule.THRESHOLDS,
     {"bands": [[95, 1], [90, 0.8], [85, 0.6], [80, 0.4]]}, AppliesTo.ALL),
    ("tv_supervision_findings", "电视问政曝光问题", 4, Direction.LOWER_BETTER, ScoringRule.DEDUCTION,
     {"per_kind": {"unrectified": 2, "rectified": 1}, "cap": 4}, AppliesTo.ALL),
    ("air_quality_targets", "大气污染防治目标完成率", 3, Direction.HIGHER_BETTER, ScoringRule.LINEAR, LINEAR_60,
     AppliesTo.ALL),
    ("property_disputes_handled", "产权纠纷依法按期处置率", 3, Direction.HIGHER_BETTER, ScoringRule.LINEAR,
     LINEAR_60, AppliesTo.ALL),
]

DEFAULT_METHODOLOGY = (
    "依据《政务诚信建设工作实施方案》，区政府定期对各镇（街道）、各区直部门进行政务诚信考核评价，"
    "考核结果作为对各镇（街道）、各部门考核的重要参考。\n"
    "一、考核内容：失信记录、异议答复、双公示报送（及时率、合规率、完整率）、失信整改、政务承诺履约、涉政纠纷线索办理、督办任务，"
    "以及12345热线、电视问政、大气污染防治、产权保护等领域的工作绩效，各项权重见指标表，合计100分。\n"
    "二、一票否决：考核期内任何一天被人民法院列为失信被执行人的单位，考核等次为不合格。\n"
    "三、计分：平台数据按考核期自动计算，每一项得分均可追溯到所依据的记录、案件、线索和报送数据；"
    "异议处理中的记录暂不计入，待异议答复后计入；某项数据未报送的，该项不参与计分，总分按适用指标折算为百分制。\n"
    "四、等次：90分及以上为优秀，80分及以上为良好，60分及以上为合格，60分以下为不合格。\n"
    "五、反馈：考核结果先向各单位反馈，各单位可在反馈期内对指标值提出异议，区信用办答复后方可公布。"
)


@transaction.atomic
def scheme_create_default(*, year: int, actor=None, activate: bool = True) -> Scheme:
    """The district's standard scheme for a year (idempotent: an existing scheme is returned unchanged)."""
    scheme = Scheme.objects.filter(year=year).first()
    if scheme is not None:
        return scheme
    scheme = Scheme.objects.create(year=year, name=f"{year}年度政务诚信考核评价方案", methodology=DEFAULT_METHODOLOGY)
    for order, (key, name, weight, direction, rule, params, applies_to) in enumerate(DEFAULT_INDICATORS):
        indicator = Indicator(scheme=scheme, key=key, name=name, weight=Decimal(weight), direction=direction,
                              rule=rule, params=params, applies_to=applies_to, order=order,
                              methodology=SOURCES[key].explain)
        indicator.full_clean()
        indicator.save()
    if activate:
        scheme_activate(scheme=scheme, actor=actor)
    return scheme
