"""The project's URLs plus one form page no hostile-input case knows: proves the form discovery finds it."""
from django import forms
from django.urls import path
from django.views.generic import FormView

from integrity_portal.urls import urlpatterns as project_urlpatterns


class ExtraForm(forms.Form):
    note = forms.CharField()


class ExtraFormView(FormView):
    form_class = ExtraForm
    template_name = "base.html"


urlpatterns = [
    *project_urlpatterns,
    path("security-extra-form/", ExtraFormView.as_view(), name="security-extra-form"),
]
