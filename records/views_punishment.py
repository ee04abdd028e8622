"""Pages of joint punishment: rectification cases, notices, restriction flags, the court's list, zero status.

Every page fetches through ``visible_to(user)`` (out of scope → 404) and calls the same services
as the API; ``PortalError`` (409) is rendered by ``RoleRequiredMixin``.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin
from integrity_portal.paging import ListPaginator

from . import court_list
from . import forms_punishment as f
from . import selectors_punishment as selectors
from .models import CourtListImport, PunishmentNotice, RectificationCase, ZeroStatusSnapshot
from .models.punishment import CourtEntryOutcome, RectificationState
from .services import punishment as services
from .uploads import UploadTooLarge

CASE_READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR}
OFFICE = {Role.CREDIT_OFFICE}
OVERVIEW = {Role.CREDIT_OFFICE, Role.LEADER}
FORM_TEMPLATE = "records/punishment_form.html"
PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 30


def _apply_errors(form, exc: ValidationError, fields: dict | None = None) -> None:
    """Service field errors onto the form (service field name → form field name)."""
    fields = fields or {}
    if hasattr(exc, "error_dict"):
        for name, messages in exc.message_dict.items():
            target = fields.get(name, name)
            for message in messages:
                form.add_error(target if target in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


class CaseListView(RoleRequiredMixin, TemplateView):
    allowed_roles = CASE_READERS
    template_name = "records/punishment_case_list.html"

    def get_context_data(self, **kwargs):
        cases = selectors.rectification_case_list(self.request.user)
        today = timezone.localdate()
        state = self.request.GET.get("state")
        if state in RectificationState.values:
            cases = cases.filter(state=state)
        overdue = self.request.GET.get("overdue")
        if overdue in selectors.CASE_OVERDUE_STEPS:  # from the leadership dashboard's overdue figures
            cases = selectors.rectification_cases_past_due(cases, step=overdue, today=today)
        page = ListPaginator(cases, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page_obj": page, "states": RectificationState.choices,
                "state": state, "overdue_steps": [(key, label) for key, (label, _purpose)
                                                  in selectors.CASE_OVERDUE_STEPS.items()],
                "overdue": overdue, "today": today}


class CaseDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = CASE_READERS
    template_name = "records/punishment_case_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        case = get_object_or_404(selectors.rectification_case_list(user), pk=kwargs["pk"])
        handles = RectificationCase.objects.handled_by(user).filter(pk=case.pk).exists()
        office = user.is_superuser or user.has_role(Role.CREDIT_OFFICE)
        return {
            **super().get_context_data(**kwargs), "case": case, "records": case.records.select_related("provider"),
            "transitions": case.transitions.select_related("actor"), "attachments": case.attachments.all(),
            "can_explain": handles and case.state == RectificationState.OPEN,
            "can_report": handles and case.state in (RectificationState.EXPLAINED, RectificationState.RETURNED),
            "can_review": office and case.state == RectificationState.RECTIFIED,
            "can_decide_accountability": office and not case.accountability_form and bool(case.head_name),
            "notices": case.notices.public(),
        }


class CaseActionView(RoleRequiredMixin, View):
    """One form per transition: GET shows it, POST calls the service."""

    form_class = None
    heading = ""
    submit_label = ""
    handled_only = False  # explanation and report: only the unit's own clerks
    multipart = False

    def get_case(self):
        qs = selectors.rectification_case_list(self.request.user)
        if self.handled_only:
            qs = qs.filter(pk__in=RectificationCase.objects.handled_by(self.request.user).values("pk"))
        return get_object_or_404(qs, pk=self.kwargs["pk"])

    def page(self, case, form, status=200):
        return render(self.request, FORM_TEMPLATE, {
            "case": case, "form": form, "heading": self.heading, "submit_label": self.submit_label,
            "multipart": self.multipart}, status=status)

    def get(self, request, pk):
        return self.page(self.get_case(), self.form_class())

    def post(self, request, pk):
        case = self.get_case()
        form = self.form_class(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(case, form, status=400)
        try:
            self.run(case, form)
        except UploadTooLarge as exc:
            form.add_error(None, str(exc))
            return self.page(case, form, status=413)
        except ValidationError as exc:
            _apply_errors(form, exc, self.field_map)
            return self.page(case, form, status=400)
        return redirect("punishment:case_detail", pk=case.pk)

    field_map: dict = {}

    def run(self, case, form):
        raise NotImplementedError


class CaseExplainView(CaseActionView):
    allowed_roles = {Role.CLERK}
    form_class = f.ExplainForm
    handled_only = multipart = True
    heading, submit_label = gettext_lazy("报送书面说明"), gettext_lazy("报送")
    field_map = {"explanation": "explanation", "attachments": "attachments"}

    def run(self, case, form):
        services.rectification_explain(case=case, actor=self.request.user, explanation=form.cleaned_data["explanation"],
                                       attachments=form.files_for_service())


class CaseReportView(CaseActionView):
    allowed_roles = {Role.CLERK}
    form_class = f.ReportForm
    handled_only = multipart = True
    heading, submit_label = gettext_lazy("报送整改报告"), gettext_lazy("报送")
    field_map = {"report_measures": "measures", "report_results": "results", "report_completed_on": "completed_on"}

    def run(self, case, form):
        data = form.cleaned_data
        services.rectification_report(case=case, actor=self.request.user, measures=data["measures"],
                                      results=data["results"], completed_on=data["completed_on"],
                                      attachments=form.files_for_service())


class CaseAcceptView(CaseActionView):
    allowed_roles = OFFICE
    form_class = f.AcceptForm
    heading, submit_label = gettext_lazy("整改验收通过"), gettext_lazy("验收通过")

    def run(self, case, form):
        services.rectification_accept(case=case, actor=self.request.user, note=form.cleaned_data["note"])


class CaseReturnView(CaseActionView):
    allowed_roles = OFFICE
    form_class = f.ReturnForm
    heading, submit_label = gettext_lazy("退回重新整改"), gettext_lazy("退回")

    def run(self, case, form):
        services.rectification_return(case=case, actor=self.request.user, reason=form.cleaned_data["reason"])


class CaseAccountabilityView(CaseActionView):
    allowed_roles = OFFICE
    form_class = f.AccountabilityDecideForm
    heading, submit_label = gettext_lazy("记录问责决定"), gettext_lazy("保存")

    def run(self, case, form):
        services.rectification_accountability_decide(case=case, actor=self.request.user, **form.cleaned_data)


class OfficeFormView(RoleRequiredMixin, View):
    """An office form that is not about one case (open a case, publish a notice, compute zero status)."""

    allowed_roles = OFFICE
    form_class = None
    heading = submit_label = ""

    def page(self, form, status=200):
        return render(self.request, FORM_TEMPLATE, {"form": form, "heading": self.heading,
                                                    "submit_label": self.submit_label}, status=status)

    def get(self, request):
        return self.page(self.form_class())

    def post(self, request):
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self.page(form, status=400)
        try:
            return self.run(form)
        except ValidationError as exc:
            _apply_errors(form, exc)
            return self.page(form, status=400)


class CaseOpenView(OfficeFormView):
    form_class = f.CaseOpenForm
    heading, submit_label = gettext_lazy("整改立案"), gettext_lazy("立案")

    def run(self, form):
        case = services.rectification_open(actor=self.request.user, **form.cleaned_data)
        return redirect("punishment:case_detail", pk=case.pk)


class NoticePublishView(OfficeFormView):
    form_class = f.NoticePublishForm
    heading, submit_label = gettext_lazy("发布失信通报"), gettext_lazy("发布")

    def run(self, form):
        services.punishment_notice_publish(actor=self.request.user, **form.cleaned_data)
        return redirect("punishment:case_list")


class FlagListView(RoleRequiredMixin, TemplateView):
    allowed_roles = OVERVIEW
    template_name = "records/punishment_flag_list.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "today": timezone.localdate(),
                "flags": selectors.flags_active().order_by("unit__name", "kind")}


class ZeroStatusView(RoleRequiredMixin, TemplateView):
    allowed_roles = OVERVIEW
    template_name = "records/punishment_zero_status.html"

    def get_context_data(self, **kwargs):
        """Reads only: the current quarter counted live (never saved here — snapshots are the daily job's and
        the office's explicit action's), that quarter's stored snapshot if any, and the stored history, each period
        with the number of times its figures changed. ``?period=2026Q1`` shows that period's earlier figures
        (who, when, why) in place of the history, paged."""
        today = timezone.localdate()
        period = _quarter(today)
        snapshots = ZeroStatusSnapshot.objects.all()
        context = {**super().get_context_data(**kwargs),
                   "current": selectors.zero_status_live(period=period, today=today),
                   "current_snapshot": snapshots.filter(period=period).first(),
                   "latest": snapshots.order_by("-computed_at").first(),
                   "can_compute": self.request.user.is_superuser or self.request.user.has_role(Role.CREDIT_OFFICE)}
        chosen = self.request.GET.get("period")
        if chosen:
            snapshot = get_object_or_404(snapshots, period=chosen.strip().upper()[:10])
            revisions = snapshot.revisions.select_related("actor").order_by("-changed_at", "-id")
            return {**context, "chosen": snapshot,
                    "page_obj": ListPaginator(revisions, PAGE_SIZE).get_page(self.request.GET.get("page"))}
        # A GROUP BY query leaves the model's ordering out: name it.
        history = snapshots.annotate(revision_count=Count("revisions")).order_by(*ZeroStatusSnapshot._meta.ordering)
        return {**context, "page_obj": ListPaginator(history, PAGE_SIZE).get_page(self.request.GET.get("page"))}


def _quarter(day) -> str:
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


class ZeroStatusComputeView(OfficeFormView):
    """The office's explicit action: store (or bring up to date) a period's snapshot now, the current quarter
    proposed, rather than waiting for the daily job."""

    form_class = f.ZeroStatusForm
    heading, submit_label = gettext_lazy("计算零存量零增量状态"), gettext_lazy("计算")

    def get(self, request):
        return self.page(self.form_class(initial={"period": _quarter(timezone.localdate())}))

    def run(self, form):
        started = timezone.now()
        snapshot = services.zero_status_compute(period=form.cleaned_data["period"], actor=self.request.user,
                                                reason=form.cleaned_data["reason"])
        if snapshot.computed_at >= started:
            messages.success(self.request, _("已保存%(period)s的快照。") % {"period": snapshot.period_display})
        else:  # the stored figures already say what the count says: nothing written, the reason not kept
            messages.info(self.request, _("%(period)s的数字与已保存的快照相同，未作更改。") % {
                "period": snapshot.period_display})
        return redirect("punishment:zero_status")


class CourtUploadView(RoleRequiredMixin, View):
    allowed_roles = OFFICE
    template_name = "records/punishment_court_upload.html"

    def page(self, form, status=200):
        imports = CourtListImport.objects.visible_to(self.request.user).select_related("uploaded_by")
        page = ListPaginator(imports, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return render(self.request, self.template_name, {"form": form, "page_obj": page}, status=status)

    def get(self, request):
        return self.page(f.CourtUploadForm())

    def post(self, request):
        form = f.CourtUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=400)
        upload = form.cleaned_data["file"]
        job = court_list.court_list_import(actor=request.user, name=upload.name, file_bytes=upload.read())
        return redirect("punishment:court_import_detail", pk=job.pk)


class CourtTemplateView(RoleRequiredMixin, View):
    allowed_roles = OFFICE

    def get(self, request):
        response = HttpResponse(court_list.court_list_template(),
                                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        response["Content-Disposition"] = "attachment; filename*=UTF-8''court-list-template.xlsx"
        return response


class CourtImportDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = OFFICE
    template_name = "records/punishment_court_import.html"

    def get_context_data(self, **kwargs):
        job = get_object_or_404(CourtListImport.objects.visible_to(self.request.user), pk=kwargs["pk"])
        entries = job.entries.select_related("unit", "record")
        return {**super().get_context_data(**kwargs), "job": job, "entries": entries,
                "unmatched": [e for e in entries if e.outcome == CourtEntryOutcome.UNMATCHED],
                "matched": [e for e in entries if e.outcome != CourtEntryOutcome.UNMATCHED]}


# --- public ---------------------------------------------------------------------------

class PublicNoticeListView(TemplateView):
    template_name = "records/punishment_public_notice_list.html"

    def get_context_data(self, **kwargs):
        notices = PunishmentNotice.objects.public()  # the list shows each notice's own fields only
        return {**super().get_context_data(**kwargs),
                "page_obj": ListPaginator(notices, PUBLIC_PAGE_SIZE).get_page(self.request.GET.get("page"))}


class PublicNoticeDetailView(TemplateView):
    template_name = "records/punishment_public_notice_detail.html"

    def get_context_data(self, **kwargs):
        notice = get_object_or_404(PunishmentNotice.objects.public(), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "notice": notice,
                "units": sorted({case.unit.name for case in notice.cases.select_related("unit")}),
                "title_label": _("失信通报")}
