"""The leadership dashboard (office and leader): ranking, trend, indicator breakdown, towns vs departments,
what is overdue right now, zero stock / zero increment; SVG charts rendered on the server; Excel export."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.services import audit_log
from integrity_portal.access import RoleRequiredMixin
from integrity_portal.formfields import id_from_query
from integrity_portal.workbooks import Sheet, download_response, xlsx_bytes

from .. import charts, selectors
from ..choices import RunStatus
from ..indicators import Context, zero_status
from ..models import IndicatorScore, Run
from .common import LEADERSHIP

TREND_UNITS = 6


PICKER_RUNS = 12


def picker_runs(shown: Run | None) -> list[Run]:
    """The run picker's latest versions, with the run shown when it is older (opened from the list of every run:
    the select would otherwise name another run than the page's)."""
    runs = list(Run.objects.filter(status__in=[RunStatus.PUBLISHED, RunStatus.DRAFT])
                .select_related("period").newest_first()[:PICKER_RUNS])
    if shown is not None and shown not in runs:
        runs.append(shown)
    return runs


class DashboardView(RoleRequiredMixin, TemplateView):
    allowed_roles = LEADERSHIP
    template_name = "evaluation/dashboard.html"

    def get_context_data(self, **kwargs):
        run = selectors.dashboard_run(id_from_query(self.request.GET.get("run")))
        today = timezone.localdate()
        context = {**super().get_context_data(**kwargs), "run": run,
                   "overdue": selectors.overdue_now(user=self.request.user, today=today),
                   "today": today, "runs": picker_runs(run)}
        year_start = today.replace(month=1, day=1)
        context["zero_now"] = zero_status(Context(period_id=0, start=year_start, end=today, as_of=today, unit_ids=()))
        context["zero_history"] = Run.objects.filter(status=RunStatus.PUBLISHED).select_related("period") \
            .order_by("-period__start")[:8]
        if run is None:
            return context
        scores = list(run.scores.order_by("rank", "unit_name"))
        ranking = [{"label": s.unit_name, "value": s.total, "alert": s.vetoed, "note": _("一票否决") if s.vetoed else "",
                    "url": reverse("evaluation:score_detail", args=[s.pk])} for s in scores]
        breakdown = selectors.indicator_breakdown(run)
        groups = selectors.group_averages(run)
        unit_filter = self.request.GET.getlist("unit")
        trend_units = [s for s in scores if str(s.unit_id) in unit_filter] or scores[:TREND_UNITS]
        codes, series = selectors.trend(run, [s.unit_id for s in trend_units])
        kept = [i for i in range(len(codes)) if any(values[i] is not None for values in series.values())]
        codes, series = [codes[i] for i in kept], {unit: [values[i] for i in kept] for unit, values in series.items()}
        context.update(
            scores=scores, breakdown=breakdown, groups=groups, trend_codes=codes,
            trend_rows=[{"score": s, "values": series[s.unit_id]} for s in trend_units],
            ranking_chart=charts.bar_chart(ranking, title=_("总分排名"), maximum=run.scheme.total_weight),
            breakdown_chart=charts.bar_chart(
                [{"label": b["name"], "value": b["share"]} for b in breakdown], title=_("各指标平均得分率（%）")),
            groups_chart=charts.bar_chart(
                [{"label": g["label"], "value": g["avg"] or 0} for g in groups], title=_("镇（街道）与区直部门平均分")),
            trend_chart=charts.line_chart(
                codes, [{"label": s.unit_name, "values": series[s.unit_id],
                         "url": reverse("evaluation:score_detail", args=[s.pk])} for s in trend_units],
                title=_("得分趋势"), empty=_("已有结果的期间不足两期，暂无趋势可比；各期得分见下表。")),
        )
        return context


class RunExportView(RoleRequiredMixin, View):
    """The ranking with every indicator's points, as Excel."""

    allowed_roles = LEADERSHIP

    def get(self, request, pk):
        run = get_object_or_404(Run.objects.select_related("period"), pk=pk)
        audit_log(actor=request.user, action="export", subject=run, changes={"what": "evaluation_run.xlsx"})
        scores = run.scores.order_by("rank", "unit_name").prefetch_related(
            Prefetch("items", queryset=IndicatorScore.objects.order_by("order")))
        indicators = run.scheme_snapshot["indicators"]
        header = [_("排名"), _("单位"), _("类别"), _("总分"), _("等次"), _("一票否决")] + \
            [f"{i['name']}（{i['weight']}）" for i in indicators]

        def line(score):
            points = {item.indicator_key: item.points for item in score.items.all()}
            return ([score.rank, score.unit_name, score.unit_kind, float(score.total), score.get_grade_display(),
                     _("是") if score.vetoed else ""]
                    + [float(points[i["key"]]) if points.get(i["key"]) is not None else _("不适用")
                       for i in indicators])

        content = xlsx_bytes(Sheet(title=run.period.code, header=header, rows=map(line, scores)))
        name = f"政务诚信考核_{run.period.code}_v{run.version}.xlsx"
        return download_response(content, ascii_name=f"evaluation_{run.period.code}_v{run.version}.xlsx",
                                 local_name=name)


