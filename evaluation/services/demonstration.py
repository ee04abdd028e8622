"""Integrity demonstration units (clause 19), designated from a published run's results."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from records import effects
from records.choices import UnitKind

from ..choices import TOWN_KINDS, DemonstrationCategory, Grade, RunStatus
from ..models import DemonstrationUnit, Run, Score
from .common import actor_or_none

CATEGORY_KINDS = {
    DemonstrationCategory.STREET: (UnitKind.STREET,),
    DemonstrationCategory.TOWN: (UnitKind.TOWN,),
    DemonstrationCategory.COMMUNITY: TOWN_KINDS,
}


def demonstration_candidates(run: Run):
    """Towns and streets rated excellent, not vetoed and eligible for awards in a published run."""
    return run.scores.filter(unit_kind__in=TOWN_KINDS, grade=Grade.EXCELLENT, vetoed=False,
                             award_ineligible_reason="").order_by("rank")


@transaction.atomic
def demonstration_designate(*, run: Run, score: Score, category: str, reason: str, actor, community: str = "",
                            today: datetime.date | None = None) -> DemonstrationUnit:
    if run.status != RunStatus.PUBLISHED:
        raise ValidationError(_("只能依据已发布的考核结果认定诚信示范单位。"))
    today = today or timezone.localdate()
    if score.run_id != run.pk:
        raise ValidationError(_("只有考核等次为优秀且未被一票否决的镇（街道）可以认定。"))
    # Clause 6, asked of records.effects today (a case may have opened since the run), then as the run stored it.
    eligibility = effects.unit_award_eligibility(score.unit, today)
    if not eligibility.eligible or score.award_ineligible_reason:
        raise ValidationError(_("该单位不具备评选评优资格，不能认定为诚信示范单位：%(reason)s")
                              % {"reason": eligibility.reason or score.award_ineligible_reason})
    if not demonstration_candidates(run).filter(pk=score.pk).exists():
        raise ValidationError(_("只有考核等次为优秀且未被一票否决的镇（街道）可以认定。"))
    if category not in DemonstrationCategory.values or score.unit_kind not in CATEGORY_KINDS[category]:
        raise ValidationError({"category": [_("示范类别与单位类别不符。")]})
    if category == DemonstrationCategory.COMMUNITY and not community.strip():
        raise ValidationError({"community": [_("请填写社区名称。")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("请填写认定理由。")]})
    demo = DemonstrationUnit(year=run.period.year, unit_id=score.unit_id, category=category,
                             community=community.strip(), run=run, total=score.total, reason=reason.strip(),
                             designated_by=actor_or_none(actor), designated_on=today)
    demo.full_clean()
    demo.save()
    return demo
