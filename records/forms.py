from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CivilServant, Unit
from .models.reports import normalize_code


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "kind", "superior", "discipline_unit", "audit_unit", "address", "phone"]


class IdNumberNotPrefilled:
    """For a ModelForm of an existing ``CivilServant``: the full ID number is never prefilled (DESIGN.md §3,
    issue 16) — blank keeps the stored number, a new one replaces it (checksum-validated by the model)."""

    def hide_id_number(self):
        if not self.instance.pk or "id_number" not in self.fields:
            return
        self.initial["id_number"] = ""
        field = self.fields["id_number"]
        field.required = False
        field.help_text = _("当前：%(masked)s。留空则保持不变；填写新的 18 位号码将替换原号码（按 GB 11643 校验）。") % {
            "masked": self.instance.masked_id_number}

    def clean_id_number(self):
        value = (self.cleaned_data.get("id_number") or "").replace(" ", "").upper()
        if not value and self.instance.pk:
            return CivilServant.objects.values_list("id_number", flat=True).get(pk=self.instance.pk)
        return value


class CivilServantForm(IdNumberNotPrefilled, forms.ModelForm):
    start = forms.DateField(label=_("任职起"), required=False, help_text=_("留空为今天。"),
                            widget=forms.DateInput(attrs={"type": "date"}))

    class Meta:
        model = CivilServant
        fields = ["name", "id_number", "unit", "post", "rank", "status"]

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).active()
        if self.instance.pk:
            # A move between units is a transfer (with history), not an edit.
            self.fields["unit"].disabled = True
            del self.fields["start"]
        self.hide_id_number()


class CivilServantAdminForm(IdNumberNotPrefilled, forms.ModelForm):
    class Meta:
        model = CivilServant
        fields = ["name", "id_number", "unit", "post", "rank", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.hide_id_number()


class ReportVerifyForm(forms.Form):
    """/verify/: the code as typed (any case, hyphens, spaces); cleaned to the stored form."""

    code = forms.CharField(label=_("验证码"), strip=False,
                           widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}))

    def clean_code(self):
        code = normalize_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("验证码格式不正确：应为 20 位字母和数字（可含连字符）。"), code="malformed")
        return code
