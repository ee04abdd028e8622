"""Imported indicators (clauses 3, 15, 16): figures per unit and period from the office's Excel imports.

A unit with no figures for the period is "not reported": the indicator does not apply to it and its total
is scaled over the indicators that do (shown on its page).
"""
from collections import defaultdict
from decimal import Decimal

from django.utils.translation import gettext_noop

from ..choices import InputKind
from .base import Context, Result, Source, not_reported, rate, register

# kind → [(key, label, type, maximum)]: the template columns after the unit's code and name.
INPUT_FIELDS: dict[str, list[tuple[str, str, str, Decimal | None]]] = {
    InputKind.HOTLINE: [
        ("hotline_cases", "受理件数", "int", None),
        ("hotline_on_time_rate", "按期办结率（%）", "decimal", Decimal(100)),
        ("hotline_satisfaction", "群众满意率（%）", "decimal", Decimal(100)),
    ],
    InputKind.TV_SUPERVISION: [
        ("tv_findings", "曝光问题数", "int", None),
        ("tv_rectified", "已整改问题数", "int", None),
    ],
    InputKind.AIR_QUALITY: [
        ("air_targets", "空气质量目标任务数", "int", None),
        ("air_targets_met", "已完成目标任务数", "int", None),
    ],
    InputKind.PROPERTY_RIGHTS: [
        ("property_cases", "受理产权纠纷件数", "int", None),
        ("property_handled", "依法按期处置件数", "int", None),
    ],
}
# (part, whole): the part may not exceed the whole.
INPUT_BOUNDS = {"tv_rectified": "tv_findings", "air_targets_met": "air_targets", "property_handled": "property_cases"}
INPUT_LABELS = {key: label for fields in INPUT_FIELDS.values() for key, label, _t, _m in fields}


def _figures(ctx: Context, keys: list[str]) -> dict[int, dict]:
    from ..models import InputValue

    figures: dict[int, dict] = defaultdict(dict)
    rows = InputValue.objects.filter(period_id=ctx.period_id, key__in=keys, unit_id__in=ctx.unit_ids) \
        .values_list("unit_id", "key", "value", "pk").order_by()
    for unit_id, key, value, pk in rows:
        figures[unit_id][key] = value
        figures[unit_id].setdefault("_refs", []).append(f"input:{pk}")
    return figures


def _result(value, figures: dict, counts: dict | None = None) -> Result:
    shown = {key: str(val.normalize()) for key, val in figures.items() if not key.startswith("_")}
    return Result(value=value, evidence=",".join(sorted(figures["_refs"])),
                  detail={"figures": shown, **({"counts": counts} if counts else {})})


def _direct(key: str):
    def compute(ctx: Context) -> dict[int, Result]:
        keys = ["hotline_cases", key]
        return {unit: _result(f[key], f) for unit, f in _figures(ctx, keys).items() if key in f}
    return compute


def _share(part: str, whole: str):
    def compute(ctx: Context) -> dict[int, Result]:
        results = {}
        for unit, f in _figures(ctx, [part, whole]).items():
            if part in f and whole in f:
                value = rate(int(f[part]), int(f[whole]))
                results[unit] = _result(value, f) if value is not None else Result(
                    value=None, note=gettext_noop("无相关任务，按满分计"), full_marks=True, detail={"figures": {}},
                    evidence=",".join(sorted(f["_refs"])))
        return results
    return compute


def tv_findings(ctx: Context) -> dict[int, Result]:
    results = {}
    for unit, f in _figures(ctx, ["tv_findings", "tv_rectified"]).items():
        if "tv_findings" in f:
            findings, rectified = int(f["tv_findings"]), int(f.get("tv_rectified", 0))
            results[unit] = _result(Decimal(findings), f, {"rectified": rectified,
                                                          "unrectified": findings - rectified})
    return results


NOT_REPORTED = not_reported(gettext_noop("本期未导入该项数据，不参与计分（总分按适用指标折算）"))

register(Source(
    key="hotline_on_time_rate", label=gettext_noop("12345热线按期办结率"), app="evaluation", imported=True, unit="%",
    compute=_direct("hotline_on_time_rate"), empty=NOT_REPORTED,
    explain=gettext_noop("由12345热线主管部门按单位、按期报送，区信用办导入。"),
))
register(Source(
    key="hotline_satisfaction", label=gettext_noop("12345热线群众满意率"), app="evaluation", imported=True, unit="%",
    compute=_direct("hotline_satisfaction"), empty=NOT_REPORTED,
    explain=gettext_noop("由12345热线主管部门按单位、按期报送，区信用办导入。"),
))
register(Source(
    key="tv_supervision_findings", label=gettext_noop("电视问政曝光问题"), app="evaluation", imported=True, unit=gettext_noop("项"),
    compute=tv_findings, empty=NOT_REPORTED,
    explain=gettext_noop("“作风监督面对面”电视问政节目曝光的问题数及整改情况，区信用办导入。"),
))
register(Source(
    key="air_quality_targets", label=gettext_noop("大气污染防治目标完成率"), app="evaluation", imported=True, unit="%",
    compute=_share("air_targets_met", "air_targets"), empty=NOT_REPORTED,
    explain=gettext_noop("空气质量各项目标任务的完成比例，由生态环境部门报送，区信用办导入。"),
))
register(Source(
    key="property_disputes_handled", label=gettext_noop("产权纠纷依法按期处置率"), app="evaluation", imported=True, unit="%",
    compute=_share("property_handled", "property_cases"), empty=NOT_REPORTED,
    explain=gettext_noop("受理的产权纠纷中依法按期处置的比例，由相关部门报送，区信用办导入。"),
))
