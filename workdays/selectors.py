"""Reads of the workdays app."""
from django.db.models import Count, QuerySet

from .models import CalendarYear, Clock, Policy


def calendar_year_list() -> QuerySet[CalendarYear]:
    return CalendarYear.objects.annotate(exception_count=Count("exceptions")).order_by("-year")


def policy_list_current() -> QuerySet[Policy]:
    return Policy.objects.filter(is_current=True).order_by("key", "scope")


def clocks_for(subject) -> QuerySet[Clock]:
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(subject, for_concrete_model=False)
    return Clock.objects.filter(content_type=content_type, object_id=subject.pk).select_related("policy")


def clock_list_open() -> QuerySet[Clock]:
    """Clocks still running (any state but paused or stopped), soonest due first."""
    return (Clock.objects.exclude(state__in=["paused", "stopped"]).select_related("policy", "content_type")
            .order_by("due_date", "pk"))
