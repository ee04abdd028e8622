"""Public pages: published rankings, a unit's published breakdown (figures only — personal records are never
public), the methodology, and the integrity demonstration units."""
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from integrity_portal.paging import ListPaginator

from ..choices import SchemeStatus
from ..models import DemonstrationUnit, IndicatorScore, Run, Scheme, Score
from .office import methodology_rows

PAGE_SIZE = 20


class PublicIndexView(TemplateView):
    template_name = "evaluation/public_index.html"

    def get_context_data(self, **kwargs):
        runs = Run.objects.published().select_related("period").newest_first()
        page = ListPaginator(runs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        latest = runs.first() if page.number == 1 else None  # the latest ranking heads the first page only
        return {**super().get_context_data(**kwargs), "page_obj": page, "latest": latest,
                "scores": latest.scores.order_by("rank", "unit_name") if latest else [],
                # Every year's methodology, not the latest five: one scheme a year, and an older year's ranking
                # is read against its own year's rules.
                "schemes": Scheme.objects.filter(status=SchemeStatus.ACTIVE).order_by("-year")}


class PublicRankingView(TemplateView):
    template_name = "evaluation/public_ranking.html"

    def get_context_data(self, code, **kwargs):
        run = get_object_or_404(Run.objects.published().select_related("period"), period__code=code)
        return {**super().get_context_data(**kwargs), "run": run,
                "scores": run.scores.order_by("rank", "unit_name")}


class PublicScoreView(TemplateView):
    template_name = "evaluation/public_score.html"

    def get_context_data(self, pk, **kwargs):
        score = get_object_or_404(
            Score.objects.published().select_related("run__period")
            .prefetch_related(Prefetch("items", queryset=IndicatorScore.objects.order_by("order"))), pk=pk)
        return {**super().get_context_data(**kwargs), "score": score, "items": score.items.all()}


class PublicMethodologyView(TemplateView):
    template_name = "evaluation/public_methodology.html"

    def get_context_data(self, year, **kwargs):
        scheme = get_object_or_404(Scheme, year=year, status="active")
        return {**super().get_context_data(**kwargs), "scheme": scheme, "rows": methodology_rows(scheme)}


class PublicDemonstrationView(TemplateView):
    template_name = "evaluation/public_demonstration.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "units": DemonstrationUnit.objects.current().select_related("unit").order_by("-year", "category")}
