"""Credit reports in HTML and PDF, and the public verification of a report's code (seed clause 5).

- ``reports/servants/<pk>/`` (and ``reports/me/``): a civil servant's report — preview, then issue.
- ``reports/units/<pk>/``: a unit's report, for anyone — preview, then issue.
- ``reports/<code>/`` and ``reports/<code>/pdf/``: an issued report.
- ``verify/<code>/``: anyone checks a code; no personal data in the answer; unknown → 404.
"""
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from accounts import ledger
from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin

from . import reports
from .forms import ReportVerifyForm
from .models import CreditReport, Unit


def _verify_url(request, report: CreditReport) -> str:
    return request.build_absolute_uri(reverse("reports:verify", args=[report.display_code]))


def _servant_or_404(user, pk):
    return get_object_or_404(reports.reportable_servants(user).select_related("unit"), pk=pk)


class ServantReportView(RoleRequiredMixin, TemplateView):
    """A civil servant's report: GET previews what it would say, POST issues it (code, PDF)."""

    allowed_roles = set(reports.REPORT_ROLES)
    template_name = "records/report_preview.html"

    def content(self, servant):
        user = self.request.user
        records = reports.servant_records(user=user, servant=servant)
        return reports.servant_report_content(servant=servant, records=records)

    def get(self, request, pk):
        servant = _servant_or_404(request.user, pk)
        content = self.content(servant)
        reports.log_report_view(viewer=request.user, servant=servant)
        return self.render_to_response({
            "content": content, "base_template": "staff/base.html", "personal": True,
            "issue_url": reverse("reports:servant", args=[servant.pk]),
        })

    def post(self, request, pk):
        servant = _servant_or_404(request.user, pk)
        report = reports.credit_report_issue(subject=servant, content=self.content(servant), issued_to=request.user,
                                             purpose=request.POST.get("purpose", "")[:200])
        reports.log_report_view(viewer=request.user, servant=servant)
        return redirect("reports:issued", code=report.display_code)


class MyReportView(RoleRequiredMixin, View):
    allowed_roles = {Role.CIVIL_SERVANT}

    def get(self, request):
        if not request.user.civil_servant_id:
            raise Http404
        return redirect("reports:servant", pk=request.user.civil_servant_id)


class UnitReportView(TemplateView):
    """A unit's report for anyone: its institutional public records only."""

    template_name = "records/report_preview.html"

    def get(self, request, pk):
        unit = get_object_or_404(Unit, pk=pk)
        return self.render_to_response({
            "content": reports.unit_report_content(unit=unit), "base_template": "public/base.html", "personal": False,
            "issue_url": reverse("reports:unit", args=[unit.pk]),
        })

    def post(self, request, pk):
        unit = get_object_or_404(Unit, pk=pk)
        user = request.user if request.user.is_authenticated else None
        report = reports.credit_report_issue(subject=unit, content=reports.unit_report_content(unit=unit),
                                             issued_to=user)
        return redirect("reports:issued", code=report.display_code)


def _issued_or_404(request, code):
    report = reports.report_by_code(code)
    if report is None:
        raise Http404
    if not reports.report_readable_by(report, request.user):
        if not request.user.is_authenticated:
            return None
        raise Http404  # out of scope: 404, existence does not leak
    if report.is_personal:
        reports.log_report_view(viewer=request.user, servant=report.civil_servant)
    return report


class IssuedReportView(View):
    def get(self, request, code):
        report = _issued_or_404(request, code)
        if report is None:
            return redirect_to_login(request.get_full_path())
        return render(request, "records/report_issued.html", {
            "report": report, "content": report.content, "personal": report.is_personal,
            "base_template": "staff/base.html" if report.is_personal else "public/base.html",
            "verify_url": _verify_url(request, report),
        })


class ReportPdfView(View):
    def get(self, request, code):
        report = _issued_or_404(request, code)
        if report is None:
            return redirect_to_login(request.get_full_path())
        pdf = reports.render_pdf(report, verify_url=_verify_url(request, report))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="credit-report-{report.code}.pdf"'
        response["Cache-Control"] = "private, no-store" if report.is_personal else "private"
        return response


class VerifyView(View):
    """Anyone: is this report genuine, and when was it made? Never a person's data."""

    def get(self, request, code=None):
        if code is None:
            form = ReportVerifyForm(request.GET if request.GET.get("code") else None)
            if form.is_valid():
                return redirect("reports:verify", code=form.cleaned_data["code"])
            return render(request, "records/report_verify.html", {"form": form})  # 200, a malformed code as a field error
        report = reports.report_by_code(code)
        if report is None:
            return render(request, "records/report_verify.html",
                          {"form": ReportVerifyForm(initial={"code": code}), "unknown": True}, status=404)
        return render(request, "records/report_verify.html", {"answer": reports.verification_answer(report),
                                                              "ledger_entry": ledger.entry_for(report)})
