"""Objection pages: file one from a record, the lists and the clerk's inbox, the detail with the
clock explanation, and the review / decide / withdraw / clock forms.

Reads go through ``Objection.objects.visible_to(user)``; an action narrows it further
(``answerable_by``, ``withdrawable_by``): anything else is a 404. Every write calls a service.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin
from integrity_portal.paging import ListPaginator
from records.forms_records import add_service_errors
from workdays.calendar import get_calendar

from . import selectors, services
from .filtersets import ObjectionFilterSet
from .forms import DecideForm, ExtendForm, ObjectionForm, OptionalReasonForm, PeriodForm, ReasonForm
from .models import Evidence, Objection, Repair

READERS = {Role.CIVIL_SERVANT, Role.CLERK, Role.CREDIT_OFFICE, Role.SUPERVISOR}
APPLICANTS = {Role.CIVIL_SERVANT, Role.CLERK}
PAGE_SIZE = 50


def uploaded(form) -> list[tuple[str, bytes]]:
    upload = form.cleaned_data.get("evidence")
    return [(upload.name, upload.read())] if upload else []


class ServiceForm(RoleRequiredMixin, FormView):
    """A form whose save calls a service: field errors back on the form, 413 for oversized evidence."""

    success_message = ""

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except services.AttachmentTooLarge as exc:
            form.add_error("evidence", str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=413)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(obj.get_absolute_url())


# --- filing ---------------------------------------------------------------------

class ObjectionCreateView(ServiceForm):
    """“提出异议” from a record of one's own file (or a record against one's unit)."""

    allowed_roles = APPLICANTS
    template_name = "objections/objection_form.html"
    form_class = ObjectionForm

    def record(self):
        if not hasattr(self, "_record"):
            self._record = get_object_or_404(
                services.records_subject_to(self.request.user).select_related("provider"), pk=self.kwargs["record_pk"])
        return self._record

    def get_context_data(self, **kwargs):
        record = self.record()
        return {**super().get_context_data(**kwargs), "record": record,
                "policy_key": services.objection_policy_key(record.kind)}

    def save(self, form):
        objection = services.objection_submit(record=self.record(), applicant=self.request.user,
                                              reason=form.cleaned_data["reason"], evidence=uploaded(form))
        self.success_message = _("异议已提交，信息提供单位应于 %(due)s 前答复。") % {"due": objection.clock.due_date}
        return objection


# --- lists ----------------------------------------------------------------------

class ObjectionListView(RoleRequiredMixin, TemplateView):
    """All objections the user may see (filters: state, clock state, unit, dates); a clerk's inbox on top."""

    allowed_roles = READERS
    template_name = "objections/objection_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filterset = ObjectionFilterSet(self.request.GET or None, queryset=selectors.objection_list(user))
        page = ListPaginator(filterset.qs, PAGE_SIZE, exact=filterset.counts_exactly).get_page(self.request.GET.get("page"))
        page.object_list = rows = list(page.object_list)
        inbox = list(selectors.objection_inbox(user)) if user.has_role(Role.CLERK) else []
        cal = get_calendar()
        for objection in rows + inbox:
            objection.days_left = selectors.days_left(objection, cal=cal)
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page, "inbox": inbox,
                "is_clerk": user.has_role(Role.CLERK), "is_office": user.is_office}


# --- detail and actions ---------------------------------------------------------

class ObjectionDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "objections/objection_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        objection = get_object_or_404(selectors.objection_list(user), pk=kwargs["pk"])
        is_open = objection.is_open
        answerable = is_open and Objection.objects.answerable_by(user).filter(pk=objection.pk).exists()
        return {
            **super().get_context_data(**kwargs),
            "objection": objection,
            "record": objection.record,
            "clock": selectors.objection_clock_view(objection),
            "transitions": objection.transitions.select_related("actor"),
            "evidence": objection.evidence.all(),
            "can_review": answerable and objection.state == "submitted",
            "can_decide": answerable and objection.state == "under_review",
            "can_withdraw": is_open and Objection.objects.withdrawable_by(user).filter(pk=objection.pk).exists(),
            "can_manage_clock": is_open and user.is_office,
            "extend_form": ExtendForm(), "reason_form": ReasonForm(),
        }


class _ObjectionActionMixin:
    """The objection the action is about, from the queryset the action allows (else 404)."""

    def scoped(self):
        return Objection.objects.visible_to(self.request.user)

    def objection(self) -> Objection:
        if not hasattr(self, "_objection"):
            self._objection = get_object_or_404(
                self.scoped().select_related("record", "record__provider", "clock"), pk=self.kwargs["pk"])
        return self._objection

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "objection": self.objection(), "record": self.objection().record,
                "heading": self.heading, "submit_label": self.submit_label}


class ObjectionReviewView(_ObjectionActionMixin, RoleRequiredMixin, View):
    allowed_roles = {Role.CLERK}
    http_method_names = ["post"]

    def scoped(self):
        return Objection.objects.answerable_by(self.request.user)

    def post(self, request, pk):
        services.objection_review(objection=self.objection(), actor=request.user)
        messages.success(request, _("已开始核查。"))
        return redirect(self.objection().get_absolute_url())


class ObjectionDecideView(_ObjectionActionMixin, ServiceForm):
    allowed_roles = {Role.CLERK}
    template_name = "objections/objection_decide.html"
    form_class = DecideForm
    heading = _("答复异议")
    submit_label = _("提交答复")
    success_message = _("已答复，申请人将收到通知。")

    def scoped(self):
        return Objection.objects.answerable_by(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "record": self.objection().record}

    def save(self, form):
        data = form.cleaned_data
        return services.objection_decide(objection=self.objection(), actor=self.request.user,
                                         outcome=data["outcome"], reason=data["reason"],
                                         record_action=data.get("record_action") or "",
                                         corrections=form.corrections())


class ObjectionWithdrawView(_ObjectionActionMixin, ServiceForm):
    allowed_roles = APPLICANTS
    template_name = "objections/objection_action.html"
    form_class = OptionalReasonForm
    heading = _("撤回异议")
    submit_label = _("确认撤回")
    success_message = _("异议已撤回。")

    def scoped(self):
        return Objection.objects.withdrawable_by(self.request.user)

    def save(self, form):
        return services.objection_withdraw(objection=self.objection(), actor=self.request.user,
                                           reason=form.cleaned_data["reason"])


class ObjectionClockView(_ObjectionActionMixin, ServiceForm):
    """The office extends, pauses or resumes an answer clock, each with a logged reason."""

    allowed_roles = {Role.CREDIT_OFFICE}
    template_name = "objections/objection_action.html"
    operation = "extend"
    submit_label = _("确认")

    @property
    def heading(self):
        return {"extend": _("延长答复期限"), "pause": _("暂停计时"), "resume": _("恢复计时"),
                "period": _("调整本案答复期限")}[self.operation]

    def get_form_class(self):
        return {"extend": ExtendForm, "pause": ReasonForm, "resume": OptionalReasonForm,
                "period": PeriodForm}[self.operation]

    def save(self, form):
        user, data = self.request.user, form.cleaned_data
        if self.operation == "period":
            return services.objection_set_period(objection=self.objection(), actor=user, reason=data["reason"],
                                                 policy_key=data["policy_key"])
        if self.operation == "extend":
            return services.objection_clock_extend(objection=self.objection(), actor=user, reason=data["reason"],
                                                   days=data["days"])
        if self.operation == "pause":
            return services.objection_clock_pause(objection=self.objection(), actor=user, reason=data["reason"])
        return services.objection_clock_resume(objection=self.objection(), actor=user, reason=data["reason"])


class EvidenceDownloadView(RoleRequiredMixin, View):
    """A supporting file, to whoever may see its objection or repair."""

    allowed_roles = READERS
    http_method_names = ["get", "head"]

    def get(self, request, pk):
        evidence = get_object_or_404(Evidence, pk=pk)
        owner = (Objection.objects.visible_to(request.user).filter(pk=evidence.objection_id) if evidence.objection_id
                 else Repair.objects.visible_to(request.user).filter(pk=evidence.repair_id))
        if not owner.exists():
            raise Http404
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)

