"""Reads of the workdays app."""
import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, QuerySet

from .choices import ACTIVE_CLOCK_STATES
from .models import CalendarYear, Clock, Policy


def calendar_year_list() -> QuerySet[CalendarYear]:
    return CalendarYear.objects.annotate(exception_count=Count("exceptions")).order_by("-year")


def policy_list_current() -> QuerySet[Policy]:
    return Policy.objects.filter(is_current=True).order_by("key", "scope")


def clocks_for(subject) -> QuerySet[Clock]:
    content_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return Clock.objects.filter(content_type=content_type, object_id=subject.pk).select_related("policy")


def clock_list_open() -> QuerySet[Clock]:
    """Clocks still running (any state but paused or stopped), soonest due first."""
    return (Clock.objects.exclude(state__in=["paused", "stopped"]).select_related("policy", "content_type")
            .order_by("due_date", "pk"))


def clocks_past_due(*, today: datetime.date, purpose: str | None = None, model=None) -> QuerySet[Clock]:
    """Clocks still counting whose due date is before ``today`` (whether or not the daily job has marked them
    overdue yet), of one purpose and one kind of subject if given. The leadership dashboard counts them by
    purpose and the lists it links to filter on the same rows, so the two agree."""
    clocks = Clock.objects.filter(state__in=ACTIVE_CLOCK_STATES, due_date__lt=today)
    if purpose is not None:
        clocks = clocks.filter(purpose=purpose)
    if model is not None:
        clocks = clocks.filter(content_type=ContentType.objects.get_for_model(model))
    return clocks
