from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.choices import STAFF_ROLES, Role
from integrity_portal.access import role_required

from . import selectors
from .calendar import get_calendar
from .forms import WorkdayCalculatorForm


@require_GET
def workday_calculator(request):
    """Public: 工作日计算器 — the date N working days after a start date, with the explanation."""
    form = WorkdayCalculatorForm(request.GET or None)
    result = None
    if form.is_valid():
        result = get_calendar().add_working_days(form.cleaned_data["start"], form.cleaned_data["days"])
    return render(request, "workdays/calculator.html", {"form": form, "result": result})


@require_GET
@role_required(Role.CREDIT_OFFICE, Role.LEADER)
def calendar_year_list(request):
    return render(request, "workdays/calendar_years.html", {"years": selectors.calendar_year_list()})


@require_GET
@role_required(*STAFF_ROLES)
def policy_list(request):
    return render(request, "workdays/policies.html", {"policies": selectors.policy_list_current()})
