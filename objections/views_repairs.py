"""Credit-repair pages: apply from a record, the list, the detail and the office's decision."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin
from integrity_portal.errors import TransitionNotAllowed
from integrity_portal.paging import ListPaginator

from . import selectors, services
from .choices import Punishment
from .filtersets import RepairFilterSet
from .forms import RepairDecideForm, RepairForm
from .models import Repair
from .views import APPLICANTS, PAGE_SIZE, READERS, ServiceForm, uploaded


class _RepairApplicationView(ServiceForm):
    """An application form (about a record or a 双公示 decision): a refusal the form can explain (``refused``)
    comes back on the form with 409; the applicant's answers go to the service as one set of keywords."""

    form_class = RepairForm
    refused: type[TransitionNotAllowed] = TransitionNotAllowed

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except self.refused as exc:
            form.add_error(None, exc.message)
            return render(self.request, self.template_name, self.get_context_data(form=form), status=409)

    def application(self, form) -> dict:
        data = form.cleaned_data
        return {"applicant": self.request.user, "statement": data["statement"],
                "losses_recovered": data["losses_recovered"], "effects_removed": data["effects_removed"],
                "harm_stopped": data["harm_stopped"], "evidence": uploaded(form)}


class RepairCreateView(_RepairApplicationView):
    allowed_roles = APPLICANTS
    template_name = "objections/repair_form.html"
    refused = services.RepairTooEarly
    success_message = _("信用修复申请已提交，区信用办将审核并答复。")

    def record(self):
        if not hasattr(self, "_record"):
            self._record = get_object_or_404(
                services.records_subject_to(self.request.user).select_related("provider"), pk=self.kwargs["record_pk"])
        return self._record

    def get_context_data(self, **kwargs):
        record = self.record()
        return {**super().get_context_data(**kwargs), "record": record,
                "earliest_date": services.repair_earliest_date(record)}

    def save(self, form):
        return services.repair_apply(record=self.record(), **self.application(form))


class DecisionRepairCreateView(_RepairApplicationView):
    """A 行政相对人's application to end a 双公示 penalty's publication early, registered by the issuing department's
    clerk (or the office) from the paper or counter application received: subjects have no accounts."""

    allowed_roles = {Role.CLERK, Role.CREDIT_OFFICE}
    template_name = "objections/repair_form_decision.html"
    success_message = _("已登记信用修复申请，区信用办将审核并决定。")

    def decision(self):
        if not hasattr(self, "_decision"):
            from decisions.choices import DecisionStatus
            from decisions.models import Decision

            user = self.request.user
            decisions = Decision.objects.all() if user.is_office else Decision.objects.writable_by(user)
            self._decision = get_object_or_404(decisions.filter(status=DecisionStatus.PUBLISHED).select_related("department"),
                                               pk=self.kwargs["decision_pk"])
        return self._decision

    def get_context_data(self, **kwargs):
        decision = self.decision()
        return {**super().get_context_data(**kwargs), "decision": decision,
                "too_early": decision.repairable_from and timezone.localdate() < decision.repairable_from}

    def save(self, form):  # refused: too early, not being published, or an application already open
        return services.repair_apply_decision(decision=self.decision(), **self.application(form))


class RepairListView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "objections/repair_list.html"

    def get_context_data(self, **kwargs):
        filterset = RepairFilterSet(self.request.GET or None, queryset=selectors.repair_list(self.request.user))
        page = ListPaginator(filterset.qs, PAGE_SIZE, exact=filterset.counts_exactly).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page}


class RepairDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "objections/repair_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        repair = get_object_or_404(selectors.repair_list(user), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "repair": repair, "record": repair.record,
                "transitions": repair.transitions.select_related("actor"), "evidence": repair.evidence.all(),
                "can_decide": repair.is_open and user.is_office, "form": RepairDecideForm()}


class RepairDecideView(ServiceForm):
    allowed_roles = {Role.CREDIT_OFFICE}
    template_name = "objections/repair_decide.html"
    form_class = RepairDecideForm

    def repair(self) -> Repair:
        if not hasattr(self, "_repair"):
            self._repair = get_object_or_404(Repair.objects.visible_to(self.request.user).select_related("record", "decision"),
                                             pk=self.kwargs["pk"])
        return self._repair

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "decision": self.repair().decision}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "repair": self.repair(), "record": self.repair().record}

    def save(self, form):
        data = form.cleaned_data
        repair = services.repair_decide(repair=self.repair(), actor=self.request.user, outcome=data["outcome"],
                                        reason=data["reason"], punishment=data.get("punishment", Punishment.UNCHANGED))
        messages.success(self.request, _("已作出决定：%(state)s。") % {"state": repair.get_state_display()})
        return repair
