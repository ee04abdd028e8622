"""The 双公示 workspace: the department's clerks enter decisions per act, see and publish them; the office sees all
and the quality of every department; supervisors read in scope. Every write calls a service."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin, user_may
from integrity_portal.paging import ListPaginator

from . import services
from .choices import Act, DecisionStatus, SubjectCategory
from .filtersets import DecisionFilterSet
from .forms import DecisionForm, QualityForm, RevokeForm, add_service_errors
from .models import Decision, answered_for
from .policies import decision_window
from .presentation import detail_rows
from .selectors import decision_quality, decisions_overdue, id_reader

READERS = {Role.CREDIT_OFFICE, Role.CLERK, Role.SUPERVISOR}
WRITERS = {Role.CLERK}
QUALITY_READERS = {Role.CREDIT_OFFICE, Role.CLERK}
PAGE_SIZE = 50


def _visible(user):
    return Decision.objects.visible_to(user).select_related("department", "subject")


def _writable(user, pk) -> Decision:
    if not user_may(user, WRITERS):
        raise Http404
    return get_object_or_404(Decision.objects.writable_by(user).select_related("subject", "department"), pk=pk)


class DecisionListView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "decisions/workspace_list.html"

    def get_context_data(self, **kwargs):
        filterset = DecisionFilterSet(self.request.GET or None, queryset=_visible(self.request.user))
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        can_write = user_may(self.request.user, WRITERS)
        drafts = [d for d in page if d.status == DecisionStatus.DRAFT] if can_write else []
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page,
                "can_write": can_write, "acts": Act.choices, "drafts": drafts,
                "can_read_quality": user_may(self.request.user, QUALITY_READERS)}


class DecisionCreateView(RoleRequiredMixin, FormView):
    """A form per act (``/new/penalty/``…) with only that act's fields."""

    allowed_roles = WRITERS
    template_name = "decisions/workspace_form.html"

    def dispatch(self, request, *args, **kwargs):
        if kwargs["act"] not in Act.values:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return DecisionForm(**self.get_form_kwargs(), act=self.kwargs["act"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs),
                "heading": _("录入%(act)s决定") % {"act": Act(self.kwargs["act"]).label}}

    def form_valid(self, form):
        try:
            decision = services.decision_create(actor=self.request.user, department=self.request.user.unit,
                                                row=form.row())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存为草稿；公示后向社会公开（按公示规则）并报送市平台。"))
        return redirect("decisions:detail", decision.pk)


class DecisionEditView(RoleRequiredMixin, FormView):
    allowed_roles = WRITERS
    template_name = "decisions/workspace_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and user_may(request.user, self.allowed_roles):
            self.decision = _writable(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return DecisionForm(**self.get_form_kwargs(), act=self.decision.act)

    def get_initial(self):
        return services.decision_row(self.decision)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "decision": self.decision,
                "heading": _("修改草稿：%(number)s") % {"number": self.decision.document_number}}

    def form_valid(self, form):
        try:
            services.decision_update(decision=self.decision, actor=self.request.user, row=form.row())
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect("decisions:detail", self.decision.pk)


class DecisionDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "decisions/workspace_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        decision = get_object_or_404(_visible(user).select_related("source_unit", "previous"), pk=kwargs["pk"])
        can_write = user_may(user, WRITERS) and decision.department_id in answered_for(user.unit_id)
        later = Decision.objects.filter(previous=decision).only("pk", "version").first()
        repairs = list(decision.repairs.order_by("-filed_at"))
        return {**super().get_context_data(**kwargs), "decision": decision, "can_write": can_write,
                "rows": detail_rows(decision, sees_id=id_reader(user)(decision)), "later": later,
                "transitions": decision.transitions.select_related("actor").order_by("at", "id"),
                # credit-repair applications about it (objections.Repair, related name "repairs")
                "repairs": repairs,
                "is_draft": decision.status == DecisionStatus.DRAFT,
                "is_published": decision.status == DecisionStatus.PUBLISHED,
                "is_public": Decision.objects.public().filter(pk=decision.pk).exists(),
                # the department (or the office) registers a subject's application once the minimum period is over
                "can_register_repair": (can_write or user.is_office) and decision.repairable_from is not None
                and decision.repairable_from <= timezone.localdate()
                and not any(r.is_open for r in repairs)}


def _confirm_publish(request, decisions, *, action: str, back: str):
    """Publishing cannot be undone and may name people: first show each decision, about whom, and whether the
    public will see it (and until when) or why not — the same rules the publication then applies."""
    today = timezone.localdate()
    rows = [{"decision": d, "window": decision_window(d, published_on=today)} for d in decisions]
    return render(request, "decisions/publish_confirm.html", {
        "rows": rows, "action": action, "back": back, "ids": [d.pk for d in decisions],
        "persons": sum(d.subject_category == SubjectCategory.NATURAL_PERSON for d in decisions),
        "disclosed": sum(bool(row["window"].disclosed) for row in rows)})


class DecisionPublishView(RoleRequiredMixin, View):
    allowed_roles = WRITERS
    http_method_names = ["post"]

    def post(self, request, pk):
        decision = _writable(request.user, pk)
        if request.POST.get("confirm") != "1":
            return _confirm_publish(request, [decision], action=reverse("decisions:publish", args=[pk]),
                                    back=reverse("decisions:detail", args=[pk]))
        decision = services.decision_publish(decision=decision, actor=request.user)
        if decision.disclosed:
            messages.success(request, _("已公示，公示截止期：%(end)s。") % {"end": decision.publication_ends or _("有效期内")})
        else:
            messages.success(request, _("已报送；%(reason)s") % {"reason": decision.not_disclosed_reason})
        return redirect("decisions:detail", decision.pk)


class DecisionBulkPublishView(RoleRequiredMixin, View):
    """Publish the ticked drafts of the department (after an import): all or none."""

    allowed_roles = WRITERS
    http_method_names = ["post"]

    def post(self, request):
        ids = {int(pk) for pk in request.POST.getlist("ids") if pk.isdigit() and len(pk) < 19}
        if not ids:
            messages.error(request, _("请选择要公示的草稿。"))
            return redirect("decisions:list")
        decisions = list(Decision.objects.writable_by(request.user).filter(pk__in=ids).order_by("pk"))
        if len(decisions) != len(ids):
            raise Http404
        if request.POST.get("confirm") != "1":
            return _confirm_publish(request, decisions, action=reverse("decisions:bulk_publish"),
                                    back=reverse("decisions:list"))
        count = services.decisions_publish(decisions=decisions, actor=request.user)
        messages.success(request, _("已公示 %(n)s 条决定。") % {"n": count})
        return redirect("decisions:list")


class DecisionRevokeView(RoleRequiredMixin, FormView):
    allowed_roles = WRITERS
    template_name = "decisions/workspace_action.html"
    form_class = RevokeForm

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and user_may(request.user, self.allowed_roles):
            self.decision = _writable(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "decision": self.decision, "heading": _("撤销决定")}

    def form_valid(self, form):
        try:
            services.decision_revoke(decision=self.decision, actor=self.request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        return redirect("decisions:detail", self.decision.pk)


class QualityView(RoleRequiredMixin, TemplateView):
    """及时率, 合规率, 完整率 per department and the overdue list: the office all departments, a clerk their own."""

    allowed_roles = QUALITY_READERS
    template_name = "decisions/quality.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        today = timezone.localdate()
        form = QualityForm(self.request.GET or {"year": today.year})
        year = form.cleaned_data["year"] if form.is_valid() else today.year
        departments = None if (user.is_superuser or user.has_role(Role.CREDIT_OFFICE)) else answered_for(user.unit_id)
        overdue = decisions_overdue(department_ids=departments, today=today)
        return {**super().get_context_data(**kwargs), "form": form, "year": year,
                "rows": decision_quality(year=year, department_ids=departments, today=today),
                "page_obj": ListPaginator(overdue, PAGE_SIZE).get_page(self.request.GET.get("page")),
                "list_url": reverse("decisions:list")}
