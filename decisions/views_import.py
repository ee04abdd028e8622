"""The clerk's import page for 双公示 files (issue 14 item 3): upload (or dry run), the errors by row and header as
written in the file, upload again after fixing; a large file's progress page."""
from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin
from integrity_portal.workbooks import WorkbookTooLarge

from . import imports
from .import_jobs import DecisionImportJob
from .import_layouts import KEY_HEADERS

RECENT_JOBS = 10


class DecisionImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("文件（.xlsx 或 .csv）"),
                           help_text=gettext_lazy("国家双公示数据规范的列名（现行版或 2016 版），列的顺序不限。"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))
    dry_run = forms.BooleanField(label=gettext_lazy("试导入：只校验，不写入"), required=False)


class DecisionImportView(RoleRequiredMixin, View):
    allowed_roles = {Role.CLERK}
    template_name = "decisions/import.html"

    def get(self, request):
        return self.page(DecisionImportForm())

    def post(self, request):
        form = DecisionImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.page(form, status=400)
        upload = form.cleaned_data["file"]
        try:
            result = imports.decisions_import_submit(actor=request.user, department=request.user.unit,
                                                     file_bytes=upload.read(), name=upload.name,
                                                     dry_run=form.cleaned_data["dry_run"])
        except WorkbookTooLarge as exc:
            form.add_error("file", str(exc))
            return self.page(form, status=413)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
            return self.page(form, status=400)
        if isinstance(result, DecisionImportJob):
            return redirect("decisions_import:job", pk=result.pk)
        return self.page(DecisionImportForm(), outcome=result, name=upload.name,
                         status=200 if not result.errors else 400)

    def page(self, form, *, outcome=None, name="", status=200):
        jobs = DecisionImportJob.objects.visible_to(self.request.user).select_related("uploader")[:RECENT_JOBS]
        return render(self.request, self.template_name, {
            "form": form, "outcome": outcome, "name": name, "jobs": jobs, "key_headers": KEY_HEADERS,
            "max_rows": imports.max_rows(), "max_mb": imports.max_bytes() // (1024 * 1024),
            "inline_max_rows": imports.inline_max_rows(),
        }, status=status)


class DecisionImportJobView(RoleRequiredMixin, View):
    allowed_roles = {Role.CLERK, Role.CREDIT_OFFICE}
    template_name = "decisions/import_job.html"

    def get(self, request, pk):
        job = get_object_or_404(DecisionImportJob.objects.visible_to(request.user).select_related(
            "uploader", "department"), pk=pk)
        return render(request, self.template_name, {
            "job": job, "form": DecisionImportForm(), "title": _("双公示导入任务"),
            "errors_truncated": len(job.errors) >= imports.MAX_STORED_ERRORS,
        })


