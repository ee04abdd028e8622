"""The evaluation's configuration: the scheme, its indicators (weights, rules) and the figures entered per unit.

Every change goes through these services (admin, pages, API alike) and writes a ``ConfigurationChange`` row
that the ledger seals. Once a run has used a scheme, or a period's figures, a change needs a reason: the
published scores are an important reference for assessing units (clause 2) and must stay explainable.
"""
from accounts.services import configuration_delete, configuration_save

from ..models import Indicator, InputValue, Period, Run, Scheme
from .common import actor_or_none


def scheme_in_use(scheme: Scheme | None) -> bool:
    return scheme is not None and scheme.pk is not None and Run.objects.filter(scheme_id=scheme.pk).exists()


def period_in_use(period: Period | None) -> bool:
    return period is not None and period.pk is not None and Run.objects.filter(period_id=period.pk).exists()


def scheme_save(*, instance: Scheme, actor, reason: str = "", via: str = "", reason_required: bool = False):
    return configuration_save(instance=instance, actor=actor, reason=reason, via=via,
                              reason_required=reason_required or scheme_in_use(instance))


def indicator_save(*, instance: Indicator, actor, reason: str = "", via: str = "", reason_required: bool = False):
    """Save an indicator (its weight, rule, parameters…); after a run of its scheme, only with a reason."""
    return configuration_save(instance=instance, actor=actor, reason=reason, via=via,
                              reason_required=reason_required or scheme_in_use(instance.scheme))


def indicator_delete(*, instance: Indicator, actor, reason: str = "", via: str = "", reason_required: bool = False):
    return configuration_delete(instance=instance, actor=actor, reason=reason, via=via,
                                reason_required=reason_required or scheme_in_use(instance.scheme))


def input_value_save(*, instance: InputValue, actor, reason: str = "", via: str = "",
                     reason_required: bool = False):
    """Enter or correct one unit's figure (hotline, TV supervision, air…); after a run of the period, with a reason."""
    instance.entered_by = actor_or_none(actor)
    return configuration_save(instance=instance, actor=actor, reason=reason, via=via,
                              reason_required=reason_required or period_in_use(instance.period))
