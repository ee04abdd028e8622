"""Credit records: validation, the lifecycle, versions, windows, expiry and the reporting clocks."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from integrity_portal.errors import TransitionNotAllowed
from records import services
from records.choices import RecordStatus
from records.models import CreditRecord, CreditRecordVersion, RecordEvent
from workdays.models import Clock

pytestmark = pytest.mark.django_db

PENALTY_DETAILS = {
    "subject_category": "法人及非法人组织", "violation_type": "违反价格法", "penalty_category": "罚款",
    "penalty_content": "罚款人民币伍万元", "fine_amount": "5",
}


def penalty(cast, *, provider=None, decision_date=datetime.date(2026, 3, 2), severity="general", **extra):
    fields = dict(subject_type="unit", subject_unit=cast.unit_b, kind="administrative_penalty", severity=severity,
                  title="未按规定明码标价", decision_number="莱市监罚〔2026〕12号", decision_date=decision_date,
                  legal_basis="《中华人民共和国价格法》第四十二条", details=dict(PENALTY_DETAILS))
    fields.update(extra)
    return services.record_create(actor=cast.clerk_a, provider=provider or cast.unit_a, **fields)


def sanction(cast, sanction_type="demerit", decision_date=datetime.date(2026, 1, 10)):
    return services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="government_sanction", severity="general", sanction_type=sanction_type, title="违反工作纪律",
        decision_date=decision_date, details={"sanction_body": "区纪委监委"},
    )


def test_a_new_record_is_a_draft_with_its_history(cast):
    record = penalty(cast)
    assert record.status == RecordStatus.DRAFT
    event = RecordEvent.objects.get(record=record)
    assert (event.action, event.actor, event.to_status) == ("create", cast.clerk_a, "draft")


@pytest.mark.parametrize("override, field", [
    ({"decision_date": datetime.date(2099, 1, 1)}, "decision_date"),
    ({"act_start": datetime.date(2025, 5, 1), "act_end": datetime.date(2025, 4, 1)}, "act_end"),
    ({"severity": ""}, "severity"),
    ({"details": {**PENALTY_DETAILS, "penalty_category": "打板子"}}, "details.penalty_category"),
    ({"details": {"subject_category": "法人及非法人组织"}}, "details.violation_type"),
    ({"subject_type": "person", "civil_servant": None}, "__all__"),
])
def test_bad_input_is_a_field_error_and_saves_nothing(cast, override, field):
    with pytest.raises(ValidationError) as caught:
        penalty(cast, **override)
    assert field in caught.value.message_dict
    assert not CreditRecord.objects.exists()


def test_sanction_kind_and_subject_rules(cast):
    with pytest.raises(ValidationError) as caught:
        services.record_create(actor=cast.clerk_a, provider=cast.unit_a, subject_type="unit", subject_unit=cast.unit_b,
                               kind="government_sanction", severity="general", sanction_type="party_warning",
                               title="x", decision_date=datetime.date(2026, 1, 1), details={"sanction_body": "x"})
    assert {"subject_type", "sanction_type"} <= set(caught.value.message_dict)


def test_publish_computes_the_window_and_refuses_a_second_time(cast):
    record = services.record_publish(record=penalty(cast), actor=cast.clerk_a, today=datetime.date(2026, 3, 5))
    assert record.status == RecordStatus.PUBLISHED
    assert record.window_start == datetime.date(2026, 3, 2)
    assert record.window_end == datetime.date(2027, 3, 2)  # general penalty: 12 months at most
    assert CreditRecordVersion.objects.filter(record=record).count() == 1
    with pytest.raises(TransitionNotAllowed):
        services.record_publish(record=record, actor=cast.clerk_a)


def test_a_serious_penalty_is_capped_at_five_years_after_the_act(cast):
    record = penalty(cast, severity="serious", act_start=datetime.date(2021, 1, 1), act_end=datetime.date(2021, 6, 30),
                     decision_date=datetime.date(2024, 1, 15))
    record = services.record_publish(record=record, actor=cast.clerk_a, today=datetime.date(2024, 1, 16))
    # start + 36 months = 2027-01-15, but the act ended 2021-06-30: + 5 years = 2026-06-30.
    assert record.window_end == datetime.date(2026, 6, 30)


def test_sanction_effect_periods_come_from_the_policy_table(cast):
    record = services.record_publish(record=sanction(cast, "demerit"), actor=cast.clerk_a)
    assert record.effect_end == datetime.date(2027, 1, 9)  # 记过: 12 months
    expulsion = services.record_publish(record=sanction(cast, "expulsion"), actor=cast.clerk_a)
    assert expulsion.effect_end is None


def test_a_correction_keeps_both_versions_and_stays_published(cast):
    record = services.record_publish(record=penalty(cast), actor=cast.clerk_a)
    corrected = services.record_correct(record=record, actor=cast.clerk_a, reason="文书号录入错误",
                                        decision_number="莱市监罚〔2026〕21号")
    assert corrected.status == RecordStatus.PUBLISHED
    assert corrected.version == 2
    versions = list(CreditRecordVersion.objects.filter(record=record).order_by("version"))
    assert [v.snapshot["decision_number"] for v in versions] == ["莱市监罚〔2026〕12号", "莱市监罚〔2026〕21号"]
    event = RecordEvent.objects.get(record=record, action="correct")
    assert event.changes["decision_number"] == ["莱市监罚〔2026〕12号", "莱市监罚〔2026〕21号"]
    assert event.reason == "文书号录入错误"


def test_a_draft_is_edited_in_place_but_a_published_record_is_not(cast):
    record = penalty(cast)
    services.record_update_draft(record=record, actor=cast.clerk_a, title="新事由")
    assert RecordEvent.objects.filter(record=record, action="edit").exists()
    services.record_publish(record=record, actor=cast.clerk_a)
    with pytest.raises(TransitionNotAllowed):
        services.record_update_draft(record=record, actor=cast.clerk_a, title="再改")


def test_revoke_needs_a_reason_and_only_from_published(cast):
    record = penalty(cast)
    with pytest.raises(TransitionNotAllowed):
        services.record_revoke(record=record, actor=cast.clerk_a, reason="错误录入")
    services.record_publish(record=record, actor=cast.clerk_a)
    with pytest.raises(ValidationError):
        services.record_revoke(record=record, actor=cast.clerk_a, reason="")
    revoked = services.record_revoke(record=record, actor=cast.clerk_a, reason="原处罚决定被复议撤销")
    assert revoked.status == RecordStatus.REVOKED
    with pytest.raises(TransitionNotAllowed):
        services.record_correct(record=revoked, actor=cast.clerk_a, reason="x", title="y")


def test_expiry_withdraws_once_and_is_safe_to_run_twice(cast):
    record = services.record_publish(record=penalty(cast, decision_date=datetime.date(2025, 1, 6)), actor=cast.clerk_a)
    assert CreditRecord.objects.public(today=datetime.date(2025, 6, 1)).filter(pk=record.pk).exists()
    assert services.records_expire(today=datetime.date(2026, 1, 6)) == 0  # last day of the window
    assert services.records_expire(today=datetime.date(2026, 1, 7)) == 1
    assert services.records_expire(today=datetime.date(2026, 1, 7)) == 0
    record.refresh_from_db()
    assert record.status == RecordStatus.EXPIRED
    assert RecordEvent.objects.filter(record=record, action="expire").count() == 1
    assert not CreditRecord.objects.public(today=datetime.date(2026, 1, 7)).exists()


def test_dual_publication_clock_counts_a_late_publication(cast):
    # Decided Monday 2026-09-28; 7 working days skip National Day → due 2026-10-13.
    late = penalty(cast, decision_date=datetime.date(2026, 9, 28))
    clock = Clock.objects.get(purpose=services.DUAL_PUBLICATION_CLOCK, object_id=late.pk)
    assert clock.due_date == datetime.date(2026, 10, 13)
    late = services.record_publish(record=late, actor=cast.clerk_a, today=datetime.date(2026, 10, 14))
    assert late.published_late is True
    clock.refresh_from_db()
    assert clock.state == "stopped"
    on_time = services.record_publish(record=penalty(cast, decision_date=datetime.date(2026, 9, 28)),
                                      actor=cast.clerk_a, today=datetime.date(2026, 10, 13))
    assert on_time.published_late is False


def test_a_changed_decision_starts_the_three_day_update_clock_stopped_by_a_correction(cast):
    record = services.record_publish(record=penalty(cast), actor=cast.clerk_a)
    services.record_flag_decision_changed(record=record, actor=cast.office, on=datetime.date(2026, 4, 3),
                                          reason="行政复议决定变更处罚金额")
    clock = Clock.objects.get(purpose=services.DECISION_CHANGE_CLOCK, object_id=record.pk)
    # Friday 2026-04-03; 清明 holiday 04-04..04-06 → 3 working days: 04-07, 04-08, 04-09.
    assert clock.due_date == datetime.date(2026, 4, 9)
    services.record_correct(record=record, actor=cast.clerk_a, reason="按复议决定更正",
                            details={**PENALTY_DETAILS, "fine_amount": "3"})
    clock.refresh_from_db()
    assert clock.state == "stopped"
