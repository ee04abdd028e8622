from django import forms
from django.utils.translation import gettext_lazy as _

from .api.serializers import MAX_DAYS, START_RANGE


class WorkdayCalculatorForm(forms.Form):
    start = forms.DateField(
        label=_("起算日"), help_text=_("起算日当天不计入期限。"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), validators=START_RANGE,
    )
    days = forms.IntegerField(
        label=_("工作日数"), min_value=0, max_value=MAX_DAYS, help_text=_("跳过周末和法定节假日，调休上班日计入。"),
    )
