"""Scoring rules: an indicator value → points out of the indicator's weight.

- ``linear``: ``lower``/``upper`` bounds; higher-better scores 0 at or below ``lower`` and full at or above
  ``upper`` (lower-better the other way round), straight line between.
- ``thresholds``: ``bands`` = [[bound, fraction], …]; the first band the value reaches (≥ bound when higher is
  better, ≤ bound when lower is better) gives ``fraction`` × weight; none reached → ``otherwise`` (default 0).
- ``deduction``: full weight minus ``per_item`` per counted item (or ``per_kind`` amounts per counted kind,
  e.g. per severity), the deduction capped at ``cap`` (default: the weight).
"""
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .choices import Direction, ScoringRule

TWO = Decimal("0.01")


def _dec(value) -> Decimal:
    return Decimal(str(value))


def check_params(rule: str, params: dict) -> list[str]:
    """Problems with a rule's parameters (empty = fine)."""
    try:
        if rule == ScoringRule.LINEAR:
            if "lower" not in params or "upper" not in params:
                return [_("线性计分须给出 lower 和 upper。")]
            if _dec(params["lower"]) >= _dec(params["upper"]):
                return [_("线性计分的 lower 须小于 upper。")]
        elif rule == ScoringRule.THRESHOLDS:
            bands = params.get("bands")
            if not bands or not all(isinstance(b, list | tuple) and len(b) == 2 for b in bands):
                return [_("分档计分须给出 bands：[[界值, 得分比例], …]。")]
            for _bound, fraction in bands:
                if not 0 <= _dec(fraction) <= 1:
                    return [_("分档得分比例须在 0 到 1 之间。")]
        elif rule == ScoringRule.DEDUCTION:
            per_kind = params.get("per_kind")
            if per_kind is None and "per_item" not in params:
                return [_("扣分计分须给出 per_item 或 per_kind。")]
            amounts = list((per_kind or {}).values()) + ([params["per_item"]] if "per_item" in params else [])
            if any(_dec(a) < 0 for a in amounts) or ("cap" in params and _dec(params["cap"]) < 0):
                return [_("扣分值和封顶值不能为负数。")]
        else:
            return [_("未知的计分规则：%(rule)s") % {"rule": rule}]
    except (InvalidOperation, TypeError, ValueError):
        return [_("计分参数须为数字。")]
    return []


def score(*, rule: str, direction: str, params: dict, weight: Decimal, value: Decimal | None,
          detail: dict | None = None) -> Decimal:
    """Points in [0, weight], rounded to 0.01."""
    weight = _dec(weight)
    if rule == ScoringRule.DEDUCTION:
        per_kind = params.get("per_kind")
        if per_kind:
            counts = (detail or {}).get("counts", {})
            deduction = sum((_dec(amount) * _dec(counts.get(kind, 0)) for kind, amount in per_kind.items()),
                            Decimal(0))
        else:
            deduction = _dec(params.get("per_item", 0)) * _dec(value or 0)
        cap = min(_dec(params.get("cap", weight)), weight)
        points = weight - min(deduction, cap)
    elif rule == ScoringRule.LINEAR:
        lower, upper, value = _dec(params["lower"]), _dec(params["upper"]), _dec(value)
        fraction = (value - lower) / (upper - lower)
        if direction == Direction.LOWER_BETTER:
            fraction = (upper - value) / (upper - lower)
        points = weight * min(max(fraction, Decimal(0)), Decimal(1))
    else:
        value, points = _dec(value), weight * _dec(params.get("otherwise", 0))
        for bound, fraction in params["bands"]:
            reached = value >= _dec(bound) if direction == Direction.HIGHER_BETTER else value <= _dec(bound)
            if reached:
                points = weight * _dec(fraction)
                break
    return min(max(points, Decimal(0)), weight).quantize(TWO, rounding=ROUND_HALF_UP)


def describe(rule: str, direction: str, params: dict) -> str:
    """The rule in words, for the methodology page."""
    if rule == ScoringRule.LINEAR:
        if direction == Direction.LOWER_BETTER:
            return _("不高于 %(lower)s 得满分，达到 %(upper)s 不得分，其间按比例计分。") % params
        return _("达到 %(upper)s 得满分，不高于 %(lower)s 不得分，其间按比例计分。") % params
    if rule == ScoringRule.THRESHOLDS:
        op = "≥" if direction == Direction.HIGHER_BETTER else "≤"
        bands = pgettext("list separator", "；").join(
            _("%(op)s%(bound)s 得 %(share)s%%") % {"op": op, "bound": bound, "share": f"{_dec(fraction) * 100:.0f}"}
            for bound, fraction in params["bands"])
        return _("分档计分：%(bands)s；其余得 %(other)s%%。") % {
            "bands": bands, "other": f"{_dec(params.get('otherwise', 0)) * 100:.0f}"}
    per_kind = params.get("per_kind")
    cap = params.get("cap")
    from .labels import detail_label

    text = (pgettext("list separator", "；").join(_("%(kind)s每项扣 %(n)s 分") % {"kind": detail_label(kind), "n": amount}
                     for kind, amount in per_kind.items()) if per_kind
            else _("每项扣 %(n)s 分") % {"n": params.get("per_item")})
    return text + (_("，最多扣 %(cap)s 分。") % {"cap": cap} if cap is not None else _("，扣完为止。"))
