"""Copies kept in step: the repair applications' copy of their servant's current unit (``follow_transfer``), and
the version of the office's cached per-unit objection statistics (``selectors.cached_unit_statistics``, issue 18).

The statistics read the objections' states, answer times and providers, the state of each open objection's
answer clock, and the units' names. Every change of an objection saves it; every change of a clock's state
(start, pause, resume, extension, stop, the daily advance to overdue, a calendar recompute) writes a clock
event; a unit's rename saves the unit. Each bumps the version at once and after commit.
"""
from django.db.models.signals import post_save

from integrity_portal.pagecache import bump_version
from records.models import CivilServant, Unit
from records.signals import servant_transferred
from workdays.models import ClockEvent

from .models import Objection, Repair
from .selectors import STATISTICS_SCOPE


def _changed(sender, instance, **kwargs):
    bump_version(STATISTICS_SCOPE)


def _clock_event(sender, instance, **kwargs):
    from .services import OBJECTION_CLOCK

    if instance.clock.purpose == OBJECTION_CLOCK:
        bump_version(STATISTICS_SCOPE)


def follow_transfer(sender, servant, **kwargs):
    """The servant's applications name the unit the servant is in now (``Repair.subject_servant_unit``)."""
    Repair.objects.filter(subject_servant=servant).exclude(subject_servant_unit=servant.unit_id).update(
        subject_servant_unit=servant.unit_id)


def connect() -> None:
    servant_transferred.connect(follow_transfer, sender=CivilServant, dispatch_uid="repair_follow_transfer")
    for model in (Objection, Unit):
        post_save.connect(_changed, sender=model, dispatch_uid=f"objection_statistics_{model.__name__}")
    post_save.connect(_clock_event, sender=ClockEvent, dispatch_uid="objection_statistics_clock_event")
