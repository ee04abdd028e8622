"""The 双公示 rules as policy rows (workdays' policy table; DESIGN.md §5) and how a decision's window follows them.

The reporting period (``dual_publication_reporting``) and the penalty disclosure periods
(``penalty_disclosure_{general,serious}_{min,max}``) are workdays defaults already; the fine
threshold and the licence rule are added here (a migration of this app seeds the missing rows,
never overwriting what the office revised).
"""
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from workdays import services as workdays
from workdays.calendar import shift_months

from .choices import REPRIMAND_ONLY, Act, PenaltyCategory, PenaltySeverity, ValidityStatus

REPORTING_POLICY = "dual_publication_reporting"
FINE_THRESHOLD_POLICY = "penalty_minor_fine_threshold"
LICENCE_POLICY = "licence_disclosure_after_expiry"
PENALTY_PERIODS = {
    PenaltySeverity.GENERAL: ("penalty_disclosure_general_min", "penalty_disclosure_general_max"),
    PenaltySeverity.SERIOUS: ("penalty_disclosure_serious_min", "penalty_disclosure_serious_max"),
}
REPAIR = "国家发展改革委《失信行为纠正后的信用信息修复管理办法（试行）》（2023年第58号令）"
DUAL = "国家“双公示”工作要求"

# (key, scope, name, value, unit, start_event, applies_to, legal_basis)
DECISION_POLICIES = [
    ("penalty_minor_fine_threshold", "", "较低数额罚款上限（不予公示）", 10000, "yuan", "处罚决定",
     "仅处较低数额罚款的行政处罚", f"{REPAIR}第十二条：仅受到警告、通报批评和较低数额罚款的行政处罚信息不予公示；数额由区信用办确定"),
    ("licence_disclosure_after_expiry", "", "行政许可有效期届满后公示天数", 0, "calendar_days", "有效期至",
     "行政许可", f"{DUAL}：行政许可信息在当前状态为有效且有效期内公示，有效期届满或状态无效即不再公示"),
]


def seed_decision_policies(apps, schema_editor=None) -> int:
    """Create the rows above that are missing (a migration's RunPython)."""
    Policy = apps.get_model("workdays", "Policy")
    created = 0
    for key, scope, name, value, unit, start_event, applies_to, basis in DECISION_POLICIES:
        if not Policy.objects.filter(key=key, scope=scope).exists():
            Policy.objects.create(key=key, scope=scope, version=1, name=name, value=value, unit=unit,
                                  start_event=start_event, applies_to=applies_to, legal_basis=basis, is_current=True)
            created += 1
    return created


@dataclass(frozen=True)
class Window:
    disclosed: bool
    reason: str = ""
    starts: datetime.date | None = None
    ends: datetime.date | None = None
    repairable_from: datetime.date | None = None


def _months(key: str, policy) -> int:
    policy = policy(key)
    return policy.value * (12 if policy.unit == "years" else 1)


def penalty_not_disclosed_reason(decision, policy=None) -> str:
    """Why a penalty is not published (empty when it is): only 警告 / 通报批评, or a fine under the threshold.
    ``policy(key)`` gives the current policy row (default: the policy table; the scale generator passes its cache)."""
    policy = policy or workdays.policy_current
    categories = set(decision.penalty_categories or [])
    if categories and categories <= REPRIMAND_ONLY:
        return _("仅处警告、通报批评，按规定不予公示。")
    if categories and categories <= REPRIMAND_ONLY | {PenaltyCategory.FINE}:
        threshold = policy(FINE_THRESHOLD_POLICY)
        if (decision.fine_amount or Decimal(0)) * 10000 < threshold.value:
            return _("仅处较低数额罚款（低于%(value)s元），按规定不予公示。") % {"value": threshold.value}
    return ""


def decision_window(decision, *, published_on: datetime.date, policy=None) -> Window:
    """Whether the rules publish the decision, and its window (公示截止期, the earliest repair date).
    ``policy`` as for ``penalty_not_disclosed_reason``."""
    policy = policy or workdays.policy_current
    start = decision.decision_date
    if decision.act == Act.PENALTY:
        reason = penalty_not_disclosed_reason(decision, policy)
        if reason:
            return Window(disclosed=False, reason=reason)
        min_key, max_key = PENALTY_PERIODS[PenaltySeverity(decision.severity or PenaltySeverity.GENERAL)]
        ends = shift_months(start, _months(max_key, policy)) - datetime.timedelta(days=1)
        repairable = shift_months(start, _months(min_key, policy))
        return Window(disclosed=True, starts=published_on, ends=max(ends, published_on), repairable_from=repairable)
    if decision.act == Act.LICENCE:
        if decision.validity_status == ValidityStatus.INVALID:
            return Window(disclosed=False, reason=_("当前状态为无效，不予公示。"))
        if decision.valid_to:
            ends = decision.valid_to + datetime.timedelta(days=policy(LICENCE_POLICY).value)
            if ends < published_on:
                return Window(disclosed=False, reason=_("有效期已届满，不予公示。"))
            return Window(disclosed=True, starts=published_on, ends=ends)
        return Window(disclosed=True, starts=published_on)
    return Window(disclosed=True, starts=published_on)
