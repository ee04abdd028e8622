"""Objections through the services: filing, the clock, review, decisions, withdrawal, bad input."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from integrity_portal.errors import TransitionNotAllowed
from notifications.models import Notice
from notifications.services import outbox_sweep
from objections import services
from objections.choices import ObjectionState
from objections.models import Objection, ObjectionPolicy, ObjectionTransition
from records.choices import RecordStatus
from records.models import CreditRecord, CreditRecordVersion, RecordEvent
from workdays.choices import ClockState

from .conftest import file_objection, published_penalty

D = datetime.date
pytestmark = pytest.mark.django_db


def notices_of(user):
    return list(Notice.objects.filter(recipient=user).values_list("title", flat=True))


def test_filing_marks_the_record_starts_the_clock_and_tells_both_sides(cast, sanction_x, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        objection = file_objection(sanction_x, cast.user_x)
    outbox_sweep()
    sanction_x.refresh_from_db()
    assert sanction_x.objection_open is True
    assert RecordEvent.objects.filter(record=sanction_x, action="objection_opened").exists()
    assert objection.state == ObjectionState.SUBMITTED
    assert objection.clock.due_date == D(2026, 10, 16)  # 10 working days, National Day skipped
    assert objection.clock.policy.key == "objection_answer"
    assert objection.policy_key == "objection_answer"
    transition = ObjectionTransition.objects.get(objection=objection)
    assert (transition.from_state, transition.to_state, transition.actor) == ("", "submitted", cast.user_x)
    assert any("2026-10-16" in t for t in notices_of(cast.user_x))
    assert notices_of(cast.clerk_a) and notices_of(cast.head_a)  # the providing unit's clerks
    assert not notices_of(cast.clerk_b)


def test_a_unit_clerk_objects_for_their_unit(cast, objection_b):
    assert objection_b.applicant_unit == cast.unit_b
    assert objection_b.record.objection_open


def test_the_answer_period_is_selectable_per_record_kind(cast, penalty_b):
    ObjectionPolicy.objects.create(kind="administrative_penalty", policy_key="objection_answer_provincial")
    objection = file_objection(penalty_b, cast.clerk_b)
    assert objection.policy_key == "objection_answer_provincial"
    assert objection.clock.due_date == D(2026, 10, 8)  # 3 working days: 9-29, 9-30, then 10-08 after the holiday


@pytest.mark.parametrize("who", ["user_y", "clerk_a", "office"])
def test_only_the_subject_may_object(cast, sanction_x, who):
    with pytest.raises(PermissionDenied):
        file_objection(sanction_x, getattr(cast, who))
    assert not Objection.objects.exists()


def test_the_provider_cannot_object_to_its_own_record(cast, penalty_b):
    with pytest.raises(PermissionDenied):
        file_objection(penalty_b, cast.clerk_a)


def test_it_rejects_a_second_open_objection(cast, objection_x):
    with pytest.raises(TransitionNotAllowed):
        file_objection(objection_x.record, cast.user_x, reason="再次提出")
    assert Objection.objects.count() == 1


def test_it_rejects_an_objection_to_a_draft_or_a_revoked_record(cast):
    from records import services as records
    from tests.records.test_record_lifecycle import penalty

    draft = penalty(cast)
    with pytest.raises(TransitionNotAllowed):
        file_objection(draft, cast.clerk_b)
    revoked = records.record_revoke(record=published_penalty(cast, title="另一处罚"), actor=cast.clerk_a,
                                    reason="录入错误")
    with pytest.raises(TransitionNotAllowed):
        file_objection(revoked, cast.clerk_b)
    assert not Objection.objects.exists()


def test_an_empty_reason_is_a_field_error(cast, sanction_x):
    with pytest.raises(ValidationError) as caught:
        file_objection(sanction_x, cast.user_x, reason="   ")
    assert "reason" in caught.value.message_dict
    sanction_x.refresh_from_db()
    assert not sanction_x.objection_open


def test_oversized_evidence_is_refused_and_nothing_is_saved(cast, sanction_x, settings):
    settings.MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(services.AttachmentTooLarge):
        file_objection(sanction_x, cast.user_x, evidence=[("证明.pdf", b"%PDF" + b"x" * 200)])
    assert not Objection.objects.exists()


def test_evidence_is_kept_with_its_digest(cast, sanction_x):
    objection = file_objection(sanction_x, cast.user_x, evidence=[("证明.pdf", b"%PDF-1.4 test")])
    evidence = objection.evidence.get()
    assert (evidence.original_name, evidence.size, len(evidence.sha256)) == ("证明.pdf", 13, 64)


def test_evidence_of_the_wrong_type_is_refused(cast, sanction_x):
    with pytest.raises(ValidationError):
        file_objection(sanction_x, cast.user_x, evidence=[("证明.pdf", b"MZ not a pdf")])


def test_upheld_with_a_correction_makes_a_new_version_in_the_same_step(cast, objection_x,
                                                                       django_capture_on_commit_callbacks):
    services.objection_review(objection=objection_x, actor=cast.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        decided = services.objection_decide(
            objection=objection_x, actor=cast.clerk_a, outcome="upheld", reason="经核查处分种类录入错误",
            record_action="correct", corrections={"sanction_type": "warning"}, today=D(2026, 10, 12))
    outbox_sweep()
    record = CreditRecord.objects.get(pk=objection_x.record_id)
    assert (decided.state, decided.record_action, decided.answered_on_time) == ("upheld", "correct", True)
    assert decided.working_days_taken == 6  # 9-29, 9-30, 10-08, 10-09, 10-10 (调休 Saturday), 10-12
    assert (record.version, record.sanction_type, record.objection_open) == (2, "warning", False)
    assert CreditRecordVersion.objects.filter(record=record).count() == 2
    assert decided.clock.state == ClockState.STOPPED
    assert [t.to_state for t in decided.transitions.all()] == ["submitted", "under_review", "upheld"]
    titles = notices_of(cast.user_x)
    assert any("正在核查" in t for t in titles) and any("异议成立" in t for t in titles)


def test_upheld_with_revocation_revokes_the_record(cast, objection_b):
    services.objection_review(objection=objection_b, actor=cast.clerk_a)
    services.objection_decide(objection=objection_b, actor=cast.clerk_a, outcome="partly_upheld",
                              reason="处罚已被复议撤销", record_action="revoke")
    record = CreditRecord.objects.get(pk=objection_b.record_id)
    assert record.status == RecordStatus.REVOKED and not record.objection_open


def test_rejected_leaves_the_record_and_the_applicant_sees_why(cast, objection_x, django_capture_on_commit_callbacks):
    services.objection_review(objection=objection_x, actor=cast.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.objection_decide(objection=objection_x, actor=cast.clerk_a, outcome="rejected",
                                  reason="处分决定书记载无误")
    outbox_sweep()
    record = CreditRecord.objects.get(pk=objection_x.record_id)
    assert (record.version, record.status, record.objection_open) == (1, "published", False)
    body = Notice.objects.filter(recipient=cast.user_x, title__contains="不成立").values_list("body", flat=True).get()
    assert "处分决定书记载无误" in body


@pytest.mark.parametrize("kwargs, field", [
    ({"outcome": "upheld", "reason": ""}, "reason"),
    ({"outcome": "upheld", "reason": "成立"}, "record_action"),
    ({"outcome": "upheld", "reason": "成立", "record_action": "correct"}, "corrections"),
    ({"outcome": "maybe", "reason": "x"}, "outcome"),
    ({"outcome": "rejected", "reason": "x", "record_action": "revoke"}, "record_action"),
])
def test_a_bad_decision_is_a_field_error_and_changes_nothing(cast, objection_x, kwargs, field):
    services.objection_review(objection=objection_x, actor=cast.clerk_a)
    with pytest.raises(ValidationError) as caught:
        services.objection_decide(objection=objection_x, actor=cast.clerk_a, **kwargs)
    assert field in caught.value.message_dict
    objection_x.refresh_from_db()
    assert objection_x.state == ObjectionState.UNDER_REVIEW and objection_x.record.objection_open


def test_a_correction_that_changes_nothing_rolls_the_decision_back(cast, objection_x):
    services.objection_review(objection=objection_x, actor=cast.clerk_a)
    with pytest.raises(ValidationError):
        services.objection_decide(objection=objection_x, actor=cast.clerk_a, outcome="upheld", reason="x",
                                  record_action="correct", corrections={"sanction_type": "demerit"})
    objection_x.refresh_from_db()
    assert objection_x.state == ObjectionState.UNDER_REVIEW
    assert objection_x.clock.state != ClockState.STOPPED


def test_a_decision_after_a_decision_and_a_withdrawal_after_a_decision_are_refused(cast, objection_x):
    services.objection_review(objection=objection_x, actor=cast.clerk_a)
    services.objection_decide(objection=objection_x, actor=cast.clerk_a, outcome="rejected", reason="无误")
    with pytest.raises(TransitionNotAllowed):
        services.objection_decide(objection=objection_x, actor=cast.clerk_a, outcome="upheld", reason="改判",
                                  record_action="revoke")
    with pytest.raises(TransitionNotAllowed):
        services.objection_withdraw(objection=objection_x, actor=cast.user_x)
    assert CreditRecord.objects.get(pk=objection_x.record_id).status == RecordStatus.PUBLISHED


def test_a_decision_needs_a_review_first(cast, objection_x):
    with pytest.raises(TransitionNotAllowed):
        services.objection_decide(objection=objection_x, actor=cast.clerk_a, outcome="rejected", reason="无误")


def test_withdrawal_stops_the_clock_and_clears_the_marker(cast, objection_x):
    services.objection_withdraw(objection=objection_x, actor=cast.user_x, reason="已与单位沟通")
    objection_x.refresh_from_db()
    assert objection_x.state == ObjectionState.WITHDRAWN
    assert objection_x.clock.state == ClockState.STOPPED
    assert not objection_x.record.objection_open
    # A new objection may be filed after the first one closed.
    assert file_objection(objection_x.record, cast.user_x, today=D(2026, 10, 20)).state == "submitted"


def test_the_office_extends_and_pauses_only_with_a_reason(cast, objection_x):
    with pytest.raises(ValidationError):
        services.objection_clock_extend(objection=objection_x, actor=cast.office, reason="", days=3)
    services.objection_clock_extend(objection=objection_x, actor=cast.office, reason="需调取档案", days=3)
    objection_x.refresh_from_db()
    assert objection_x.clock.due_date == D(2026, 10, 21)
    assert objection_x.clock.events.filter(action="extend", reason="需调取档案").exists()
    with pytest.raises(ValidationError):
        services.objection_clock_pause(objection=objection_x, actor=cast.office, reason=" ")
    services.objection_clock_pause(objection=objection_x, actor=cast.office, reason="等待司法机关函复")
    objection_x.refresh_from_db()
    assert objection_x.clock.state == ClockState.PAUSED


@pytest.mark.parametrize("reason", ["维持警告处分", "维持警告处分。"])
def test_the_decision_notice_is_punctuated_once(cast, objection_x, django_capture_on_commit_callbacks, reason):
    services.objection_review(objection=objection_x, actor=cast.clerk_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.objection_decide(objection=objection_x, actor=cast.clerk_a, outcome="partly_upheld", reason=reason,
                                  record_action="correct", corrections={"sanction_type": "warning"},
                                  today=D(2026, 10, 12))
    outbox_sweep()
    body = Notice.objects.filter(recipient=cast.user_x, title__contains="已答复").values_list("body", flat=True).get()
    assert "。。" not in body and "理由：维持警告处分。记录已更正（第 2 版）。" in body
