"""Routing and handling: re-routing history, "not ours", acknowledgement, outcomes, one extension, breach →
draft record, contact reveals, reopening."""
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from disputes import services
from disputes.choices import AssignmentHow, ClueState
from disputes.models import ClueAssignment, ContactReveal, DisputeClue
from integrity_portal.errors import TransitionNotAllowed
from notifications.models import Notice
from notifications.services import outbox_sweep
from records.choices import RecordStatus, SubjectType
from workdays.choices import ClockState

from .conftest import D, submit

pytestmark = pytest.mark.django_db


def test_not_ours_returns_the_clue_to_the_office_and_every_assignment_is_kept(cast, django_capture_on_commit_callbacks):
    clue, _ = submit()
    with django_capture_on_commit_callbacks(execute=True):
        services.clue_route(clue=clue, actor=cast.office, unit=cast.unit_b, note="先交街道")
        clue = services.clue_refuse(clue=clue, actor=cast.clerk_b, reason="不属本街道管辖")
        clue = services.clue_route(clue=clue, actor=cast.office, unit=cast.unit_a)
    outbox_sweep()
    rows = list(ClueAssignment.objects.filter(clue=clue).order_by("assigned_at", "id"))
    assert [(r.unit, r.how) for r in rows] == [
        (None, AssignmentHow.INTAKE), (cast.unit_b, AssignmentHow.OFFICE), (None, AssignmentHow.NOT_OURS),
        (cast.unit_a, AssignmentHow.OFFICE)]
    refused = rows[1]
    assert refused.refused_by == cast.clerk_b and refused.refusal_reason == "不属本街道管辖" and refused.ended_at
    assert [r.ended_at is None for r in rows] == [False, False, False, True]
    assert clue.state == ClueState.ASSIGNED and clue.handling_unit == cast.unit_a
    assert list(clue.transitions.values_list("to_state", flat=True)) == ["triage", "assigned", "triage", "assigned"]
    assert Notice.objects.filter(recipient=cast.office, title__contains="被退回").count() == 1
    assert Notice.objects.filter(recipient=cast.clerk_a, title__contains="收到分办").count() == 1


def test_not_ours_needs_a_reason_and_an_unacknowledged_clue(cast, acknowledged):
    clue, _ = acknowledged
    with pytest.raises(ValidationError):
        services.clue_refuse(clue=clue, actor=cast.clerk_a, reason=" ")
    with pytest.raises(TransitionNotAllowed):
        services.clue_refuse(clue=clue, actor=cast.clerk_a, reason="不归我们")


def test_acknowledging_stops_the_first_clock_and_starts_the_60_day_clock(cast, acknowledged):
    clue, _ = acknowledged
    assert clue.state == ClueState.ACKNOWLEDGED and clue.acknowledged_on_time is True
    assert clue.acknowledge_clock.state == ClockState.STOPPED
    assert clue.conclude_clock.start_date == D(2026, 3, 5)
    # 60 calendar days end on 4 May, a Labour Day holiday: the next working day (民法典 art. 203)
    assert clue.conclude_clock.due_date == D(2026, 5, 6)
    with pytest.raises(TransitionNotAllowed):
        services.clue_acknowledge(clue=clue, actor=cast.clerk_a)


def test_the_period_extends_once_by_30_days_with_a_reason(cast, acknowledged):
    clue, _ = acknowledged
    with pytest.raises(ValidationError):
        services.clue_extend(clue=clue, actor=cast.clerk_a, reason="")
    clue = services.clue_extend(clue=clue, actor=cast.clerk_a, reason="需审计核实", today=D(2026, 4, 1))
    assert clue.conclude_clock.due_date == D(2026, 6, 5)
    assert clue.extended_on == D(2026, 4, 1) and clue.extension_reason == "需审计核实"
    with pytest.raises(TransitionNotAllowed):
        services.clue_extend(clue=clue, actor=cast.office, reason="再延一次")
    clue.refresh_from_db()
    assert clue.conclude_clock.due_date == D(2026, 6, 5)


def test_resolving_as_a_breach_opens_a_draft_record_against_the_unit(cast, acknowledged):
    clue, _ = acknowledged
    clue = services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="resolved", reason="欠款未付属实，已督促支付",
                                  breach=True, today=D(2026, 4, 1))
    record = clue.breach_record
    assert record.status == RecordStatus.DRAFT and record.subject_type == SubjectType.UNIT
    assert record.subject_unit == cast.unit_a and record.provider == cast.unit_a
    assert record.kind == "property_rights" and clue.reference in record.title
    assert clue.state == ClueState.RESOLVED and clue.concluded_on_time is True
    assert clue.conclude_clock.state == ClockState.STOPPED


def test_outcomes_need_reasons_and_a_merge_target(cast, acknowledged):
    clue, _ = acknowledged
    other, _ = submit()
    with pytest.raises(ValidationError) as exc:
        services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="rejected", reason="")
    assert "reason" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="merged", reason="同一事项")
    with pytest.raises(ValidationError):
        services.clue_conclude(clue=other, actor=cast.office, outcome="rejected", reason="x", breach=True)
    with pytest.raises(TransitionNotAllowed):  # resolved only after acknowledging
        services.clue_conclude(clue=other, actor=cast.office, outcome="resolved", reason="已解决")
    merged = services.clue_conclude(clue=other, actor=cast.office, outcome="merged", reason="同一事项",
                                    merged_into=clue)
    assert merged.state == ClueState.MERGED and merged.merged_into == clue
    assert merged.acknowledge_clock.state == ClockState.STOPPED
    with pytest.raises(TransitionNotAllowed):
        services.clue_conclude(clue=merged, actor=cast.office, outcome="rejected", reason="再驳回")


def test_contact_details_are_revealed_only_to_the_office_and_a_consenting_unit_and_logged(cast, routed):
    clue, _ = routed
    assert services.clue_contact_reveal(clue=clue, viewer=cast.clerk_a)["contact_phone"] == "13900000000"
    assert services.clue_contact_reveal(clue=clue, viewer=cast.office, channel="api")["contact_name"] == "王先生"
    assert list(ContactReveal.objects.order_by("id").values_list("viewer__username", "channel")) == [
        ("clerk_a", "html"), ("office", "api")]
    private, _ = submit(body_unit=cast.unit_a, body_name="", contact_phone="13700000000", share_contact=False)
    with pytest.raises(PermissionDenied):
        services.clue_contact_reveal(clue=private, viewer=cast.clerk_a)
    with pytest.raises(PermissionDenied):
        services.clue_contact_reveal(clue=clue, viewer=cast.clerk_b)
    assert ContactReveal.objects.count() == 2


def test_the_submitter_may_ask_to_reopen_within_30_days_and_the_office_decides(cast, acknowledged):
    clue, _ = acknowledged
    clue = services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="resolved", reason="已支付", today=D(2026, 4, 1))
    with pytest.raises(TransitionNotAllowed):
        services.reopen_request(clue=clue, reason="仍未支付", today=D(2026, 5, 2))
    request = services.reopen_request(clue=clue, reason="仍未支付", today=D(2026, 5, 1))
    with pytest.raises(TransitionNotAllowed):
        services.reopen_request(clue=clue, reason="再申请", today=D(2026, 5, 1))
    services.reopen_decide(request=request, actor=cast.office, grant=True, reason="请重新核实", today=D(2026, 5, 2))
    clue = DisputeClue.objects.get(pk=clue.pk)
    assert clue.state == ClueState.ACKNOWLEDGED and clue.concluded_on is None
    assert clue.conclude_clock.start_date == D(2026, 5, 2) and clue.conclude_clock.state != ClockState.STOPPED
    with pytest.raises(TransitionNotAllowed):
        services.reopen_decide(request=request, actor=cast.office, grant=False, reason="重复")
