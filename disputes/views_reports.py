"""The office's clearance reports (通报) in the workspace: list, build for a period, detail, Excel, publish."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from accounts.services import audit_log
from integrity_portal.access import RoleRequiredMixin
from integrity_portal.paging import ListPaginator
from integrity_portal.workbooks import download_response

from . import selectors, services
from .forms import ReportBuildForm

READERS = {Role.CREDIT_OFFICE, Role.LEADER}
PAGE_SIZE = 50


class ReportListView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "disputes/report_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        page = ListPaginator(selectors.reports_for(user), PAGE_SIZE).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "page_obj": page,
                "can_build": user.is_superuser or user.has_role(Role.CREDIT_OFFICE)}


class ReportBuildView(RoleRequiredMixin, FormView):
    allowed_roles = {Role.CREDIT_OFFICE}
    template_name = "disputes/report_build.html"
    form_class = ReportBuildForm

    def form_valid(self, form):
        report = services.clearance_report_build(period_start=form.cleaned_data["period_start"],
                                                 period_end=form.cleaned_data["period_end"], actor=self.request.user)
        messages.success(self.request, _("通报已生成。"))
        return redirect("disputes:report_detail", pk=report.pk)


class ReportDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "disputes/report_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        report = get_object_or_404(selectors.reports_for(user), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "report": report,
                "rows": list(report.rows.select_related("unit")),
                "can_publish": (user.is_superuser or user.has_role(Role.CREDIT_OFFICE)) and not report.is_published}


class ReportExportView(RoleRequiredMixin, View):
    allowed_roles = READERS

    def get(self, request, pk):
        report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
        content = services.clearance_report_xlsx(report)
        audit_log(actor=request.user, action="export", subject=report, changes={"what": "clearance_report.xlsx"})
        name = f"{_('涉政纠纷线索清理情况通报')}-{report.period_start:%Y%m%d}-{report.period_end:%Y%m%d}.xlsx"
        return download_response(content, ascii_name=f"clearance-{report.pk}.xlsx", local_name=name)


class ReportPublishView(RoleRequiredMixin, View):
    allowed_roles = {Role.CREDIT_OFFICE}

    def post(self, request, pk):
        report = get_object_or_404(selectors.reports_for(request.user), pk=pk)
        services.clearance_report_publish(report=report, actor=request.user)
        messages.success(request, _("通报已在公众网站公开。"))
        return redirect("disputes:report_detail", pk=report.pk)
