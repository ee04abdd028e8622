"""Workspace pages of runs and scores: start (with a progress bar), ranking, publish, a unit's breakdown with
drill-down and changes since the previous period, queries and answers."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from integrity_portal.access import RoleRequiredMixin, user_may
from integrity_portal.paging import ListPaginator

from .. import charts, selectors, services
from ..choices import RunStatus, RunTrigger
from ..filtersets import RunFilterSet
from ..forms import AnswerForm, QueryForm, RunStartForm, add_service_errors
from ..models import IndicatorScore, ReplyQuery, Run, Score, TaskAssignment, reads_all
from .common import LEADERSHIP, OFFICE, READERS

HOME_RUNS, HOME_SCORES, HOME_TASKS = 20, 12, 10  # the home's short lists; the whole lists are paged elsewhere
PAGE_SIZE = 50


def _first(queryset, count: int) -> tuple[list, bool]:
    """The first ``count`` rows, and whether there are more (one query: a row past the count is read)."""
    rows = list(queryset[:count + 1])
    return rows[:count], len(rows) > count


class WorkspaceHomeView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "evaluation/workspace_home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        runs, more_runs = _first(Run.objects.visible_to(user).select_related("period").order_by("-created_at", "-id"),
                                 HOME_RUNS)
        own_scores, more_scores = [], False
        if user.unit_id and not reads_all(user):
            own_scores, more_scores = _first(Score.objects.visible_to(user).filter(unit_id=user.unit_id)
                                             .select_related("run__period").order_by("-run__created_at", "-id"),
                                             HOME_SCORES)
        tasks, more_tasks = _first(TaskAssignment.objects.visible_to(user).open().select_related("task", "unit")
                                   .order_by("due_date", "id"), HOME_TASKS)
        return {**super().get_context_data(**kwargs), "runs": runs, "own_scores": own_scores, "tasks": tasks,
                "more_runs": more_runs, "more_scores": more_scores, "more_tasks": more_tasks,
                "start_form": kwargs.get("start_form") or RunStartForm(), "is_office": user_may(user, OFFICE),
                "is_leadership": user_may(user, LEADERSHIP), "today": timezone.localdate(),
                **self.open_queries(user)}

    @staticmethod
    def open_queries(user) -> dict:
        """The office's feedback to answer: how much, and the runs whose pages hold it."""
        runs = selectors.runs_with_open_queries() if user_may(user, OFFICE) else []
        return {"query_runs": runs, "open_queries": sum(run.open_queries for run in runs)}


class RunListView(RoleRequiredMixin, TemplateView):
    """Every run the user may read (``Run.objects.visible_to``), newest period first, paged and filtered: the
    workspace home lists only the latest few."""

    allowed_roles = READERS
    template_name = "evaluation/run_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        runs = Run.objects.visible_to(user).select_related("period").newest_first()
        filterset = RunFilterSet(self.request.GET or None, queryset=runs, request=self.request)
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page,
                "is_leadership": user_may(user, LEADERSHIP), "on_dashboard": (RunStatus.PUBLISHED, RunStatus.DRAFT)}


def _shown_again(view_class, request, **kwargs):
    """The page a form lives on, shown again with the form's errors (400). Its GET handler is called directly:
    dispatching the POST to a read-only page would answer 405."""
    view = view_class()
    view.setup(request, **kwargs)
    response = view.get(request, **kwargs)
    response.status_code = 400
    return response


class RunStartView(RoleRequiredMixin, View):
    allowed_roles = OFFICE

    def post(self, request):
        form = RunStartForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    run = services.run_start(period=form.cleaned_data["period"], actor=request.user,
                                             trigger=RunTrigger.OFFICE)
                    transaction.on_commit(lambda: _queue(run.pk), robust=True)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已开始计算 %(p)s 第 %(v)s 版。") % {"p": run.period.label, "v": run.version})
                return redirect("evaluation:run_detail", run.pk)
        return _shown_again(WorkspaceHomeView, request, start_form=form)

    def get(self, request):
        return redirect("evaluation:workspace_home")


def _queue(run_id: int) -> None:
    from ..tasks import execute_run

    execute_run.delay(run_id)


class RunDetailView(RoleRequiredMixin, TemplateView):
    """Office and leader: the whole ranking. A clerk: only their own unit's line."""

    allowed_roles = READERS
    template_name = "evaluation/run_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        run = get_object_or_404(Run.objects.visible_to(user).select_related("period", "scheme", "published_by"), pk=pk)
        scores = Score.objects.visible_to(user).filter(run=run).select_related("unit").order_by("rank", "unit_name")
        queries = ReplyQuery.objects.filter(run=run).select_related("score", "raised_by").order_by("-raised_at")
        if not reads_all(user):
            queries = queries.filter(score__unit_id=user.unit_id)
        today = timezone.localdate()
        return {**super().get_context_data(**kwargs), "run": run, "scores": scores, "queries": queries,
                "progress": charts.progress_bar(run.progress_percent), "is_office": user_may(user, OFFICE),
                "window_open": run.status == RunStatus.DRAFT and run.reply_until and today <= run.reply_until,
                "can_publish": user_may(user, OFFICE) and run.status == RunStatus.DRAFT,
                "transitions": run.transitions.select_related("actor") if reads_all(user) else [],
                "pending_sources": [selectors.source_labels().get(k, k)
                                    for k in (run.zero_detail or {}).get("pending_sources", [])]}


class RunPublishView(RoleRequiredMixin, View):
    """GET: what publishing the scores does and to whom (no JavaScript needed); POST: publish."""

    allowed_roles = OFFICE

    def get(self, request, pk):
        run = get_object_or_404(Run.objects.select_related("period"), pk=pk)
        if run.status != RunStatus.DRAFT:
            return redirect("evaluation:run_detail", pk)
        return render(request, "evaluation/run_publish_confirm.html", {"run": run, "units": run.scores.count()})

    def post(self, request, pk):
        run = get_object_or_404(Run, pk=pk)
        services.run_publish(run=run, actor=request.user)  # 409 page when not allowed (window, queries)
        messages.success(request, _("考核结果已发布。"))
        return redirect("evaluation:run_detail", pk)


def _score(user, pk) -> Score:
    return get_object_or_404(
        Score.objects.visible_to(user).select_related("run__period", "unit")
        .prefetch_related(Prefetch("items", queryset=IndicatorScore.objects.order_by("order"))), pk=pk)


class ScoreDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "evaluation/score_detail.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        score = _score(user, pk)
        before = selectors.previous_score(score)
        if before is not None and not Score.objects.visible_to(user).filter(pk=before.pk).exists():
            before = None
        run = score.run
        today = timezone.localdate()
        may_query = (run.status == RunStatus.DRAFT and run.reply_until and today <= run.reply_until
                     and user.unit_id == score.unit_id and not reads_all(user))
        form = kwargs.get("query_form") or (QueryForm(items=score.items.all()) if may_query else None)
        return {**super().get_context_data(**kwargs), "score": score, "run": run, "items": score.items.all(),
                "before": before, "changes": selectors.changes_since(score, before),
                "queries": score.queries.select_related("raised_by", "answered_by", "rerun"),
                "veto_records": selectors.referenced_records(user, (score.veto_detail or {}).get("records")),
                "veto_held_out": selectors.referenced_records(user, (score.veto_detail or {}).get("held_out")),
                "query_form": form, "is_office": user_may(user, OFFICE)}


class ScoreQueryView(RoleRequiredMixin, View):
    """A clerk queries one of their unit's indicator values during the reply window."""

    allowed_roles = READERS - LEADERSHIP  # the clerks: the office and the leader never raise a query (403)

    def post(self, request, pk):
        score = _score(request.user, pk)
        if score.unit_id != request.user.unit_id:
            raise Http404
        form = QueryForm(request.POST, items=score.items.all())
        if form.is_valid():
            try:
                services.query_raise(score=score, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("反馈已提交，区信用办答复后会通知您。"))
                return redirect("evaluation:score_detail", pk)
        return _shown_again(ScoreDetailView, request, pk=pk, query_form=form)


class IndicatorDrillView(RoleRequiredMixin, TemplateView):
    """Everything behind one value: the records (as the version used), cases, clues, tasks and figures."""

    allowed_roles = READERS
    template_name = "evaluation/indicator_detail.html"

    def get_context_data(self, pk, key, **kwargs):
        user = self.request.user
        score = _score(user, pk)
        if not reads_all(user) and score.unit_id != user.unit_id:
            raise Http404  # published scores of other units are public figures, not their evidence
        item = get_object_or_404(IndicatorScore, score=score, indicator_key=key)
        source = selectors.SOURCES.get(key)
        return {**super().get_context_data(**kwargs), "score": score, "item": item, "source": source,
                "evidence": selectors.evidence_for(user, item)}


class QueryAnswerView(RoleRequiredMixin, TemplateView):
    allowed_roles = OFFICE
    template_name = "evaluation/query_answer.html"

    def get_context_data(self, pk, **kwargs):
        query = get_object_or_404(ReplyQuery.objects.select_related("score", "run__period", "raised_by"), pk=pk)
        return {**super().get_context_data(**kwargs), "query": query, "form": kwargs.get("form") or AnswerForm()}

    def post(self, request, pk):
        query = get_object_or_404(ReplyQuery, pk=pk)
        form = AnswerForm(request.POST)
        if form.is_valid():
            try:
                query = services.query_answer(query=query, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已答复。") + (_("已开始重新计算。") if query.rerun_id else ""))
                return redirect("evaluation:run_detail", query.rerun_id or query.run_id)
        return self.render_to_response(self.get_context_data(pk=pk, form=form))

