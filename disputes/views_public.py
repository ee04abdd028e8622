"""The public clue pages (no login, no JavaScript needed): submit, the receipt shown once, tracking by receipt code
(add information, rate, ask to reopen), and the published clearance reports.

The receipt code travels only in POST bodies here (never in a URL of these pages), and the pages that show it
are not cached. Submissions and look-ups are rate-limited per address (429).
"""
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from integrity_portal.errors import PortalError
from integrity_portal.paging import ListPaginator
from workdays.services import policy_text

from . import ratelimit, selectors, services
from .forms import AddInfoForm, ClueSubmitForm, RateForm, ReopenForm, TrackForm, add_service_errors, read_files
from .services.tracking import REOPEN_WINDOW_POLICY

RECEIPT_SESSION_KEY = "disputes_receipt"
NOT_FOUND = gettext_lazy("未找到该回执码对应的线索，请核对后重新输入。")
PAGE_SIZE = 30


def _too_many(request):
    return render(request, "disputes/rate_limited.html", {"message": ratelimit.MESSAGE}, status=429)


@method_decorator(never_cache, name="dispatch")
class SubmitView(View):
    template_name = "disputes/public_submit.html"

    def get(self, request):
        return render(request, self.template_name, {"form": ClueSubmitForm()})

    def post(self, request):
        if not ratelimit.hit(request, "submit"):
            return _too_many(request)
        form = ClueSubmitForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                clue, code = services.clue_submit(
                    category=data["category"], description=data["description"], body_unit=data["body_unit"],
                    body_name=data["body_name"], amount=data["amount"], happened_on=data["happened_on"],
                    contact_name=data["contact_name"], contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"], share_contact=data["share_contact"],
                    attachments=read_files(data["attachments"]),
                )
            except services.AttachmentTooLarge as exc:
                form.add_error("attachments", str(exc))
                status = 413
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                # POST → redirect → GET: a refresh shows the receipt again instead of submitting again; the code
                # stays in this browser's session, never in a URL.
                request.session[RECEIPT_SESSION_KEY] = {"code": code, "clue": clue.pk}
                return _see_other("disputes:public_receipt")
        return render(request, self.template_name, {"form": form}, status=status)


def _see_other(name):
    response = redirect(name)
    response.status_code = 303
    return response


@method_decorator(never_cache, name="dispatch")
class ReceiptView(View):
    """The receipt of the clue this browser just submitted (from the session); without one, says so."""

    def get(self, request):
        receipt = request.session.get(RECEIPT_SESSION_KEY) or {}
        clue = services.clue_by_code(receipt["code"]) if receipt.get("code") else None
        if clue is None:
            return render(request, "disputes/public_receipt.html", {"track": None})
        return render(request, "disputes/public_receipt.html", {
            "code": services.format_code(receipt["code"]), "raw_code": receipt["code"],
            "track": services.tracking_view(clue)})


def _tracking_page(request, clue, code, *, status=200, forms=None):
    forms = forms or {}
    context = {
        "track": services.tracking_view(clue), "code": code,
        "info_form": forms.get("info") or AddInfoForm(initial={"code": code}),
        "rate_form": forms.get("rate") or RateForm(initial={"code": code}),
        "reopen_form": forms.get("reopen") or ReopenForm(initial={"code": code}),
        "message": forms.get("message"),
        "reopen_window": policy_text(REOPEN_WINDOW_POLICY),  # the row in force, never a literal
    }
    return render(request, "disputes/public_track.html", context, status=status)


@method_decorator(never_cache, name="dispatch")
class TrackView(View):
    """GET: the look-up form. POST ``code``: the clue's progress; unknown and malformed codes are the same 404."""

    def get(self, request):
        return render(request, "disputes/public_track_form.html", {"form": TrackForm()})

    def post(self, request):
        if not ratelimit.hit(request, "track"):
            return _too_many(request)
        form = TrackForm(request.POST)
        clue = services.clue_by_code(form.data.get("code"))
        if clue is None:
            form = TrackForm(initial={"code": ""})
            return render(request, "disputes/public_track_form.html", {"form": form, "not_found": NOT_FOUND},
                          status=404)
        return _tracking_page(request, clue, services.normalise_code(form.data.get("code")))


@method_decorator(never_cache, name="dispatch")
class TrackActionView(View):
    """The submitter's actions on the tracking page; each carries the code in a hidden field."""

    action = ""
    form_class = None

    def post(self, request):
        if not ratelimit.hit(request, "track"):
            return _too_many(request)
        clue = services.clue_by_code(request.POST.get("code"))
        if clue is None:
            return render(request, "disputes/public_track_form.html", {"form": TrackForm(), "not_found": NOT_FOUND},
                          status=404)
        code = services.normalise_code(request.POST.get("code"))
        form = self.form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                message = self.perform(clue, form.cleaned_data)
            except services.AttachmentTooLarge as exc:
                form.add_error("attachments", str(exc))
                return _tracking_page(request, clue, code, status=413, forms={self.action: form})
            except ValidationError as exc:
                add_service_errors(form, exc)
            except PortalError as exc:
                return _tracking_page(request, clue, code, status=exc.status_code, forms={"message": exc.message})
            else:
                return _tracking_page(request, clue, code, forms={"message": message})
        return _tracking_page(request, clue, code, status=400, forms={self.action: form})


class AddInfoView(TrackActionView):
    action, form_class = "info", AddInfoForm

    def perform(self, clue, data):
        services.clue_add_info(clue=clue, body=data["body"], files=read_files(data["attachments"]))
        return _("补充信息已提交。")


class RateView(TrackActionView):
    action, form_class = "rate", RateForm

    def perform(self, clue, data):
        services.clue_rate(clue=clue, rating=data["rating"], comment=data["comment"])
        return _("感谢您的评价。")


class ReopenView(TrackActionView):
    action, form_class = "reopen", ReopenForm

    def perform(self, clue, data):
        services.reopen_request(clue=clue, reason=data["reason"])
        return _("重新办理申请已提交，区信用办将作出决定。")


class ReportListView(TemplateView):
    template_name = "disputes/public_reports.html"

    def get_context_data(self, **kwargs):
        reports = selectors.reports_for(None).order_by("-period_start", "-id")
        return {**super().get_context_data(**kwargs),
                "page_obj": ListPaginator(reports, PAGE_SIZE).get_page(self.request.GET.get("page"))}


class ReportDetailView(TemplateView):
    template_name = "disputes/public_report.html"

    def get_context_data(self, **kwargs):
        report = get_object_or_404(selectors.reports_for(None), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "report": report,
                "rows": list(report.rows.select_related("unit"))}
