"""Subjects that keep a copy of their clock's due date, so that their lists sort and filter on an indexed
column of their own instead of joining every clock (issue 18). Each app registers the field per purpose:

    register_due_date_mirror("objection_answer", Objection, "due_date")

The clock services call ``mirror_due_dates`` in the same transaction whenever a due date is set or moves
(start, resume, extend, calendar recompute); pausing and stopping keep the date. A stopped clock's subject
keeps the last date, as the clock does.
"""
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType


@dataclass(frozen=True)
class DueDateMirror:
    model: type
    field: str


_mirrors: dict[str, DueDateMirror] = {}


def register_due_date_mirror(purpose: str, model, field: str = "due_date") -> None:
    """Keep ``model.<field>`` equal to the due date of the subject's clocks of ``purpose``."""
    _mirrors[purpose] = DueDateMirror(model, field)


def unregister_due_date_mirror(purpose: str) -> None:
    _mirrors.pop(purpose, None)


def mirror_due_dates(clocks, subjects=()) -> int:
    """Write each clock's due date to its subject: one UPDATE per purpose and due date, so a recompute of
    thousands of clocks writes as many statements as there are distinct dates. ``subjects`` (the instances
    in hand, e.g. the one ``clock_start`` timed) get the value too, so a later ``save()`` keeps it.
    Returns the number of subject rows written."""
    groups: dict[tuple[str, object], list[int]] = defaultdict(list)
    for clock in clocks:
        mirror = _mirrors.get(clock.purpose)
        if mirror is not None and clock.content_type_id == _content_type_id(mirror.model):
            groups[(clock.purpose, clock.due_date)].append(clock.object_id)
    written = 0
    for (purpose, due), ids in groups.items():
        mirror = _mirrors[purpose]
        written += mirror.model._default_manager.filter(pk__in=ids).update(**{mirror.field: due})
    by_subject = {(clock.purpose, clock.object_id): clock.due_date for clock in clocks}
    for subject in subjects:
        for purpose, mirror in _mirrors.items():
            if isinstance(subject, mirror.model) and (purpose, subject.pk) in by_subject:
                setattr(subject, mirror.field, by_subject[(purpose, subject.pk)])
    return written


def _content_type_id(model) -> int:
    return ContentType.objects.get_for_model(model, for_concrete_model=False).pk
