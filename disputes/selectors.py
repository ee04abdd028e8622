"""Reads of the disputes app: the scoped lists, a clue's full picture for staff, the published reports."""
from django.db.models import Prefetch

from accounts.choices import Role

from .models import ClearanceReport, ClueAssignment, ClueAttachment, ClueNote, ClueTransition, DisputeClue


def clue_list(user):
    return (DisputeClue.objects.visible_to(user)
            .select_related("handling_unit", "body_unit", "acknowledge_clock", "conclude_clock")
            .order_by("-submitted_at", "-id"))


def clue_detail_queryset(user):
    return clue_list(user).select_related("merged_into", "commitment", "breach_record").prefetch_related(
        Prefetch("notes", queryset=ClueNote.objects.select_related("author", "author_unit")
                 .prefetch_related("attachments").order_by("at", "id")),
        Prefetch("assignments", queryset=ClueAssignment.objects.select_related("unit", "assigned_by", "refused_by",
                                                                               "rule")),
        Prefetch("transitions", queryset=ClueTransition.objects.select_related("actor")),
        Prefetch("attachments", queryset=ClueAttachment.objects.filter(note__isnull=True)),
        "reopen_requests",
    )


def reports_for(user):
    """The office and the leadership see every report; everyone else the published ones."""
    qs = ClearanceReport.objects.all()
    if user and user.is_authenticated and (user.is_superuser or user.has_role(Role.CREDIT_OFFICE, Role.LEADER)):
        return qs
    return qs.filter(published_at__isnull=False)


def former_assignments(user, pk: int):
    """A clerk's unit's past assignments of clue ``pk`` when the clue is no longer the unit's (refused as not
    its own, or routed elsewhere by the office): what the unit may still be told about it. Empty otherwise."""
    from .models import units_answering_as

    if not (user.is_authenticated and user.unit_id and user.has_role(Role.CLERK)):
        return ClueAssignment.objects.none()
    return (ClueAssignment.objects.filter(clue_id=pk, unit_id__in=units_answering_as(user.unit_id),
                                          ended_at__isnull=False)
            .select_related("clue", "unit").order_by("assigned_at", "id"))
