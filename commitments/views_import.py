"""Excel import of commitment drafts: the template download and one page that validates and imports.

A POST with a file validates every row and shows the report; the file's copy is kept (keyed by a token in
the user's session) so the confirmation re-posts the token, not the file. A POST with "确认导入" ticked
imports in the same request when no row has an error — or, with "只导入无误的行", exactly the valid rows.
Everything happens in one transaction (``imports.import_commitments``).
"""
import io

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from integrity_portal.access import RoleRequiredMixin
from records.models import Unit

from . import imports
from .forms import add_service_errors
from .views_workspace import WRITERS


class CommitmentImportForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("承诺单位"), queryset=Unit.objects.none(),
                                  help_text=gettext_lazy("区信用办代其他单位导入时选择。"))
    file = forms.FileField(
        label=gettext_lazy("Excel 文件（.xlsx）"), required=False,
        help_text=gettext_lazy("请使用政务承诺导入模板填写；按列名识别各列。"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + imports.XLSX_CONTENT_TYPE}),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    confirm = forms.BooleanField(label=gettext_lazy("确认导入"), required=False,
                                 help_text=gettext_lazy("不勾选则只校验、不导入。"))
    only_valid = forms.BooleanField(label=gettext_lazy("只导入无误的行"), required=False,
                                    help_text=gettext_lazy("有误的行不导入；不勾选时任何一行有误则整批不导入。"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_office or user.is_superuser:
            self.fields["unit"].queryset = Unit.objects.active()
            self.fields["unit"].initial = user.unit_id
        else:
            del self.fields["unit"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            if not upload.name.lower().endswith(".xlsx"):
                raise ValidationError(_("只接受 .xlsx 格式的 Excel 文件（旧版 .xls 请另存为 .xlsx）。"))
            limit = settings.MAX_ATTACHMENT_BYTES
            if upload.size > limit:
                raise ValidationError(_("文件过大（上限 %(mb)d MB）。") % {"mb": limit // (1024 * 1024)})
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("token"):
            self.add_error("file", _("请选择要上传的文件。"))
        return data

    def chosen_unit(self):
        return self.cleaned_data["unit"] if "unit" in self.fields else self.user.unit


class CommitmentImportView(RoleRequiredMixin, View):
    allowed_roles = WRITERS
    template_name = "commitments/import_upload.html"

    def get(self, request):
        return self.page(CommitmentImportForm(user=request.user))

    def post(self, request):
        form = CommitmentImportForm(request.POST, request.FILES, user=request.user)
        if not form.is_valid():
            return self.page(form, status=400)
        data = form.cleaned_data
        unit = form.chosen_unit()
        if data["file"]:
            name, content = data["file"].name, data["file"].read()
        else:
            stored = imports.read_stored(request, data["token"])
            if stored is None or stored[0]["unit"] != getattr(unit, "pk", None):
                form.add_error("file", _("上传的文件已失效，请重新上传。"))
                return self.page(form, status=400)
            name, content = stored[0]["name"], stored[1]
        try:
            imports.check_unit(request.user, unit)
            rows = imports.import_parse(content)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                add_service_errors(form, exc)
            else:
                for message in exc.messages:
                    form.add_error("file", message)
            return self.page(form, status=400)
        go = data["confirm"] or data["only_valid"]
        result = imports.import_commitments(actor=request.user, unit=unit, rows=rows, save=go,
                                            only_valid=data["only_valid"])
        if result.created:
            if data["token"]:
                imports.discard_stored(request, data["token"])
            messages.success(request, _("已导入 %(n)d 项政务承诺草稿（%(unit)s），核对后可公开。")
                             % {"n": len(result.created), "unit": unit.name})
            if result.errors:
                messages.warning(request, _("有误的 %(n)d 行未导入。") % {"n": result.error_rows})
            return redirect("commitments:list")
        token = data["token"] if data["token"] and not data["file"] else imports.store_upload(
            request, name=name, data=content, unit=unit)
        return self.page(form, report={"result": result, "name": name, "unit": unit, "token": token},
                         status=400 if go else 200)

    def page(self, form, report=None, status=200):
        return render(self.request, self.template_name, {
            "form": form, "report": report, "max_rows": imports.MAX_ROWS,
            "max_mb": settings.MAX_ATTACHMENT_BYTES // (1024 * 1024),
        }, status=status)


class CommitmentImportTemplateView(RoleRequiredMixin, View):
    allowed_roles = WRITERS

    def get(self, request):
        data = imports.import_template()
        response = FileResponse(io.BytesIO(data), as_attachment=True, filename=_("政务承诺导入模板.xlsx"),
                                content_type=imports.XLSX_CONTENT_TYPE)
        response["Content-Length"] = str(len(data))
        return response
