"""Office pages: importing figures (template, all-or-nothing upload), schemes and methodology, designating
integrity demonstration units."""
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from integrity_portal.access import RoleRequiredMixin

from .. import scoring, services
from ..choices import InputKind, RunStatus
from ..forms import DemonstrationForm, InputImportForm, add_service_errors
from ..indicators import SOURCES
from ..models import DemonstrationUnit, InputBatch, Run, Scheme
from .common import OFFICE, READERS, XLSX_TYPE

MAX_UPLOAD = 5 * 1024 * 1024


class InputImportView(RoleRequiredMixin, TemplateView):
    allowed_roles = OFFICE
    template_name = "evaluation/inputs.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "form": kwargs.get("form") or InputImportForm(),
                "kinds": InputKind.choices, "row_errors": kwargs.get("row_errors", []),
                "batches": InputBatch.objects.select_related("period", "uploaded_by")[:30]}

    def post(self, request):
        form = InputImportForm(request.POST, request.FILES)
        row_errors = []
        if form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > MAX_UPLOAD:
                form.add_error("file", _("文件过大（上限 5 MB）。"))
            else:
                try:
                    batch = services.input_import(actor=request.user, period=form.cleaned_data["period"],
                                                  kind=form.cleaned_data["kind"], name=upload.name,
                                                  file_bytes=upload.read())
                except services.ImportRejected as exc:
                    row_errors = exc.row_errors
                    form.add_error(None, exc.messages)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("已导入 %(n)s 个单位的数据。") % {"n": batch.row_count})
                    return redirect("evaluation:inputs")
        return self.render_to_response(self.get_context_data(form=form, row_errors=row_errors),
                                       status=400 if form.errors else 200)


class InputTemplateView(RoleRequiredMixin, View):
    allowed_roles = OFFICE

    def get(self, request, kind):
        if kind not in InputKind.values:
            raise Http404
        name = f"{InputKind(kind).label}导入模板.xlsx"
        response = HttpResponse(services.input_template(kind), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response


def methodology_rows(scheme: Scheme) -> list[dict]:
    return [{"indicator": i, "source": SOURCES.get(i.key), "rule_text": scoring.describe(i.rule, i.direction, i.params)}
            for i in scheme.indicators.order_by("order", "id")]


class SchemeView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "evaluation/scheme.html"

    def get_context_data(self, year=None, **kwargs):
        schemes = Scheme.objects.order_by("-year")
        scheme = get_object_or_404(Scheme, year=year) if year else schemes.first()
        return {**super().get_context_data(**kwargs), "scheme": scheme, "schemes": schemes,
                "rows": methodology_rows(scheme) if scheme else []}


class DemonstrationView(RoleRequiredMixin, TemplateView):
    allowed_roles = OFFICE
    template_name = "evaluation/demonstration.html"

    def get_context_data(self, **kwargs):
        run = Run.objects.filter(status=RunStatus.PUBLISHED, period__quarter__isnull=True) \
            .select_related("period").order_by("-period__start").first()
        return {**super().get_context_data(**kwargs), "run": run, "form": kwargs.get("form"),
                "candidates": services.demonstration_candidates(run) if run else [],
                "designated": DemonstrationUnit.objects.select_related("unit").order_by("-year", "category")[:50]}

    def post(self, request):
        form = DemonstrationForm(request.POST)
        context = self.get_context_data(form=form)
        run = context["run"]
        if run is None:
            raise Http404
        if form.is_valid():
            score = get_object_or_404(run.scores, pk=form.cleaned_data["score"])
            try:
                services.demonstration_designate(run=run, score=score, actor=request.user,
                                                 category=form.cleaned_data["category"],
                                                 community=form.cleaned_data["community"],
                                                 reason=form.cleaned_data["reason"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已认定。"))
                return redirect("evaluation:demonstration")
        return self.render_to_response(context)
