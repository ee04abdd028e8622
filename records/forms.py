from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CivilServant, Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "code", "kind", "superior", "discipline_unit", "audit_unit", "address", "phone"]


class CivilServantForm(forms.ModelForm):
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
