"""Pages of the Excel import: template download, upload, the job page and the confirmation."""
import io

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin

from . import imports
from .choices import RecordKind
from .models import ImportJob, ImportStatus, Unit

IMPORTERS = {Role.CLERK, Role.CREDIT_OFFICE}
RECENT_JOBS = 10


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("记录类别"), choices=[("", "---------"), *RecordKind.choices])
    provider = forms.ModelChoiceField(
        label=gettext_lazy("信息提供单位"), queryset=Unit.objects.active(),
        help_text=gettext_lazy("区信用办代其他单位导入时选择。"),
    )
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"),
        help_text=gettext_lazy("请使用该类别的导入模板填写；按列名识别各列。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + imports.XLSX_CONTENT_TYPE}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_office or user.is_superuser:
            self.fields["provider"].initial = user.unit_id
        else:
            del self.fields["provider"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise ValidationError(_("只接受 .xlsx 格式的 Excel 文件（旧版 .xls 请另存为 .xlsx）。"))
        return upload

    def provider_unit(self):
        if "provider" in self.fields:
            return self.cleaned_data["provider"]
        return self.user.unit


class ImportUploadView(RoleRequiredMixin, View):
    allowed_roles = IMPORTERS
    template_name = "records/import_upload.html"

    def get(self, request):
        return self.page(ImportUploadForm(user=request.user))

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        upload = request.FILES.get("file")
        limit = settings.MAX_ATTACHMENT_BYTES
        if upload is not None and upload.size > limit:
            form.is_valid()
            form.add_error("file", _("文件过大（上限 %(mb)d MB），请拆分后分批导入。") % {"mb": limit // (1024 * 1024)})
            return self.page(form, status=413)
        if not form.is_valid():
            return self.page(form, status=400)
        provider = form.provider_unit()
        if provider is None:
            form.add_error(None, _("您的账号未关联单位，不能导入记录。"))
            return self.page(form, status=400)
        try:
            job = imports.import_submit(actor=request.user, provider=provider, kind=form.cleaned_data["kind"],
                                        name=upload.name, file_bytes=upload.read())
        except ValidationError as exc:
            for field, messages in exc.message_dict.items() if hasattr(exc, "error_dict") else [("file", exc.messages)]:
                for message in messages:
                    form.add_error(field if field in form.fields else None, message)
            return self.page(form, status=400)
        return redirect("records:import_job", pk=job.pk)

    def page(self, form, status=200):
        jobs = ImportJob.objects.visible_to(self.request.user).select_related("provider", "uploader")[:RECENT_JOBS]
        return render(self.request, self.template_name, {
            "form": form, "jobs": jobs, "kinds": RecordKind.choices, "max_rows": imports.max_rows(),
            "max_mb": settings.MAX_ATTACHMENT_BYTES // (1024 * 1024),
        }, status=status)


class ImportTemplateView(RoleRequiredMixin, View):
    allowed_roles = IMPORTERS

    def get(self, request, kind):
        if kind not in RecordKind.values:
            raise Http404
        data = imports.import_template(kind)
        name = _("%(kind)s导入模板.xlsx") % {"kind": RecordKind(kind).label}
        response = FileResponse(io.BytesIO(data), as_attachment=True, filename=name,
                                content_type=imports.XLSX_CONTENT_TYPE)
        response["Content-Length"] = str(len(data))
        return response


class ImportJobView(RoleRequiredMixin, View):
    allowed_roles = IMPORTERS
    template_name = "records/import_job.html"

    def get(self, request, pk):
        job = get_object_or_404(ImportJob.objects.visible_to(request.user).select_related("provider", "uploader"),
                                pk=pk)
        return render(request, self.template_name, {
            "job": job,
            "ImportStatus": ImportStatus,
            "can_import_all": job.status == ImportStatus.READY,
            "can_import_valid": job.status == ImportStatus.FAILED and job.valid_rows > 0 and job.created_count == 0,
            "errors_truncated": len(job.errors) >= imports.MAX_STORED_ERRORS,
        })


class ImportStartView(RoleRequiredMixin, View):
    """POST only: the clerk confirms the import (all rows, or explicitly only the valid ones)."""

    allowed_roles = IMPORTERS
    http_method_names = ["post"]

    def post(self, request, pk):
        job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
        imports.import_start(job=job, actor=request.user, only_valid=request.POST.get("only_valid") == "1")
        return redirect("records:import_job", pk=job.pk)
