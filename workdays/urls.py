from django.urls import path

from . import views

app_name = "workdays"

urlpatterns = [
    path("workdays/", views.workday_calculator, name="calculator"),
    path("workspace/calendar/", views.calendar_year_list, name="calendar-years"),
    path("workspace/policies/", views.policy_list, name="policies"),
]
