"""Each computed indicator against hand-built data, the veto on any day of the period, held-out records."""
import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from commitments.models import Commitment
from disputes.models import DisputeClue
from evaluation import services
from evaluation.indicators import refs
from evaluation.indicators.decisions import (
    dual_publication_completeness,
    dual_publication_compliance,
    dual_publication_timely,
)
from evaluation.indicators.others import (
    commitment_fulfilment,
    dispute_clues_on_time,
    objections_on_time,
    rectification_on_time,
    work_tasks_on_time,
)
from evaluation.indicators.records import dishonesty_records, vetoes, zero_status
from objections.models import Objection
from records import services as records
from records.models import CreditRecord, RectificationCase
from tests.records.test_record_lifecycle import penalty, sanction

from .conftest import context, defaulter, item, make_clock, run

pytestmark = pytest.mark.django_db
D = datetime.date


def published(record, on):
    return records.record_publish(record=record, actor=record.created_by, today=on)


def test_dishonesty_records_count_the_unit_and_its_staff_by_severity(cast, scheme):
    in_period = published(penalty(cast, decision_date=D(2025, 8, 1)), D(2025, 8, 5))  # about unit B
    published(penalty(cast, decision_date=D(2025, 9, 1), severity="serious"), D(2025, 9, 3))
    published(penalty(cast, decision_date=D(2025, 6, 30)), D(2025, 7, 2))  # decided before the quarter
    penalty(cast, decision_date=D(2025, 8, 10))  # a draft is not a fact yet
    revoked = published(penalty(cast, decision_date=D(2025, 8, 11)), D(2025, 8, 12))
    records.record_revoke(record=revoked, actor=cast.clerk_a, reason="原处罚决定被撤销")
    staff = published(sanction(cast, decision_date=D(2025, 7, 15)), D(2025, 7, 16))  # servant X of unit A

    results = dishonesty_records(context(cast))

    unit_b, unit_a = results[cast.unit_b.pk], results[cast.unit_a.pk]
    assert unit_b.value == 2 and unit_b.detail["counts"] == {"serious": 1, "general": 1, "minor": 0}
    assert f"record:{in_period.pk}@1" in refs(unit_b.evidence) and f"record:{revoked.pk}@1" not in unit_b.evidence
    assert unit_a.value == 1 and unit_a.detail["staff_records"] == 1
    assert refs(unit_a.evidence) == [f"record:{staff.pk}@1"]
    assert cast.office_unit.pk not in results

    version = run()
    points = item(version, cast.unit_b, "dishonesty_records").points
    assert points == Decimal("6.00")  # 20 − 10 (serious) − 4 (general)
    assert item(version, cast.office_unit, "dishonesty_records").points == Decimal("20.00")


def test_a_record_under_objection_is_held_out_until_decided(cast, scheme):
    record = published(penalty(cast, decision_date=D(2025, 8, 1), severity="serious"), D(2025, 8, 4))
    CreditRecord.objects.filter(pk=record.pk).update(objection_open=True)

    held = dishonesty_records(context(cast))[cast.unit_b.pk]
    assert held.value == 0 and refs(held.held_out) == [f"record:{record.pk}@1"] and held.evidence == ""
    first = run()
    assert item(first, cast.unit_b, "dishonesty_records").points == Decimal("20.00")
    assert item(first, cast.unit_b, "dishonesty_records").held_out == f"record:{record.pk}@1"

    CreditRecord.objects.filter(pk=record.pk).update(objection_open=False)  # the objection was decided
    second = run()
    assert item(second, cast.unit_b, "dishonesty_records").points == Decimal("10.00")
    assert item(first, cast.unit_b, "dishonesty_records").points == Decimal("20.00")  # the old version stands


def _decision(cast, n, decided, published_on=None, **extra):
    from decisions import services as decisions
    from tests.decisions.factories import penalty_row

    decision = decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a, today=decided,
                                         row=penalty_row(n=n, decision_date=decided, **extra))
    if published_on:
        decisions.decision_publish(decision=decision, actor=cast.clerk_a, today=published_on)
    return decision


def test_dual_publication_counts_on_time_late_and_overdue_drafts_of_the_issuing_department(cast):
    """Fails before issue 14: the indicator counted only 双公示 records about government units."""
    _decision(cast, 1, D(2025, 8, 1), D(2025, 8, 5))  # within 7 working days
    _decision(cast, 2, D(2025, 8, 1), D(2025, 9, 1))  # late
    _decision(cast, 3, D(2025, 9, 1))  # still a draft, due 10 September: overdue by 30 September
    _decision(cast, 4, D(2025, 9, 29))  # a draft not yet due by 30 September: not counted

    result = dual_publication_timely(context(cast))[cast.unit_a.pk]

    assert result.detail["counts"] == {"on_time": 1, "late": 2}
    assert result.value == Decimal("33.3333")
    assert len(refs(result.evidence)) == 3


def test_dual_publication_compliance_and_completeness_from_known_rows(cast):
    from django.core.exceptions import ValidationError

    _decision(cast, 1, D(2025, 8, 1), note="备注", document_name="行政处罚决定书", legal_representative="王立")
    _decision(cast, 2, D(2025, 8, 1))
    with pytest.raises(ValidationError):  # refused the first time, accepted after fixing: not compliant
        _decision(cast, 3, D(2025, 8, 1), fine_amount="两万")
    _decision(cast, 3, D(2025, 8, 1))
    with pytest.raises(ValidationError):
        _decision(cast, 4, D(2025, 8, 1), subject_code="91370116MA0000001X")

    compliance = dual_publication_compliance(context(cast))[cast.unit_a.pk]
    assert compliance.detail["counts"] == {"passed": 2, "failed": 2} and compliance.value == Decimal("50.0000")
    # optional penalty fields: 法定代表人, 文书名称, 处罚有效期, 备注 → 3/4, 1/4, 1/4 filled
    completeness = dual_publication_completeness(context(cast))[cast.unit_a.pk]
    assert completeness.value == Decimal("41.6700")


def _objection(cast, record, *, due, state="upheld", on_time=None):
    objection = Objection.objects.create(
        record=record, record_version=1, applicant=cast.clerk_b, reason="有误", state=state,
        policy_key="objection_answer", filed_on=due - datetime.timedelta(days=14), answered_on_time=on_time,
        decision_reason="核查" if state != "under_review" else "")
    objection.clock = make_clock(objection, due, state="stopped" if on_time is not None else "overdue")
    objection.save(update_fields=["clock"])
    return objection


def test_objections_answered_on_time_by_the_providing_unit(cast):
    record = published(penalty(cast, decision_date=D(2025, 6, 2)), D(2025, 6, 3))
    on_time = _objection(cast, record, due=D(2025, 7, 10), on_time=True)
    _objection(cast, record, due=D(2025, 8, 10), state="rejected", on_time=False)
    _objection(cast, record, due=D(2025, 9, 10), state="under_review")  # open and past due: late
    _objection(cast, record, due=D(2025, 9, 20), state="withdrawn")  # withdrawn: not counted
    _objection(cast, record, due=D(2025, 10, 10), on_time=True)  # due next quarter

    result = objections_on_time(context(cast))[cast.unit_a.pk]

    assert result.detail["counts"] == {"on_time": 1, "late": 2}
    assert f"objection:{on_time.pk}" in refs(result.evidence)
    assert result.value == Decimal("33.3333")


def test_rectification_cases_reported_by_their_deadline(cast):
    def case(due, reported_on=None):
        obj = RectificationCase.objects.create(unit=cast.unit_b, origin="office", opened_on=due - datetime.timedelta(40),
                                               act_date=due - datetime.timedelta(60))
        obj.report_clock = make_clock(obj, due, purpose="rectification_report")
        if reported_on:
            obj.reported_at = timezone.make_aware(datetime.datetime.combine(reported_on, datetime.time(16)))
        obj.save()
        return obj

    case(D(2025, 8, 1), reported_on=D(2025, 8, 1))  # on the last day: on time
    case(D(2025, 8, 15), reported_on=D(2025, 8, 20))  # late
    case(D(2025, 9, 1))  # never reported, past due
    case(D(2025, 9, 30))  # due on the last day, not yet late as of that day

    result = rectification_on_time(context(cast))[cast.unit_b.pk]
    assert result.detail["counts"] == {"on_time": 1, "late": 2}


def test_commitment_fulfilment_rate_weighs_partly_kept_as_half(cast):
    def commitment(code, status, concluded_on):
        return Commitment.objects.create(code=code, title=code, unit=cast.unit_b, kind="public_service",
                                         reason="r", content="c", liability="l", committed_on=D(2025, 1, 1),
                                         status=status, concluded_on=concluded_on)

    commitment("C1", "fulfilled", D(2025, 7, 5))
    commitment("C2", "partly_fulfilled", D(2025, 8, 5))
    commitment("C3", "unfulfilled", D(2025, 9, 5))
    commitment("C4", "fulfilled", D(2025, 10, 5))  # concluded next quarter
    commitment("C5", "in_force", None)

    result = commitment_fulfilment(context(cast))[cast.unit_b.pk]
    assert result.detail["counts"] == {"fulfilled": 1, "partly": 1, "unfulfilled": 1}
    assert result.value == Decimal("50.0000")


def test_dispute_clues_acknowledged_and_concluded_on_time(cast):
    def clue(n, **fields):
        obj = DisputeClue.objects.create(receipt_hash=f"{n:064d}", category="arrears", body_unit=cast.unit_b,
                                         description="拖欠工程款", submitted_on=D(2025, 7, 1),
                                         handling_unit=cast.unit_b, **{k: v for k, v in fields.items()
                                                                      if not k.endswith("_due")})
        if "ack_due" in fields:
            obj.acknowledge_clock = make_clock(obj, fields["ack_due"], purpose="dispute_acknowledge")
        if "conc_due" in fields:
            obj.conclude_clock = make_clock(obj, fields["conc_due"], purpose="dispute_conclude")
        obj.save()
        return obj

    clue(1, state="resolved", ack_due=D(2025, 7, 16), acknowledged_on=D(2025, 7, 10), acknowledged_on_time=True,
         conc_due=D(2025, 9, 8), concluded_on=D(2025, 9, 1), concluded_on_time=True)
    clue(2, state="acknowledged", ack_due=D(2025, 7, 16), acknowledged_on=D(2025, 7, 20),
         acknowledged_on_time=False, conc_due=D(2025, 9, 18))  # acknowledged late; conclusion overdue
    clue(3, state="assigned", ack_due=D(2025, 9, 30))  # not yet late on 30 September

    result = dispute_clues_on_time(context(cast))[cast.unit_b.pk]
    assert result.detail["counts"]["acknowledged_on_time"] == 1
    assert result.detail["counts"]["acknowledged_late"] == 1
    assert result.detail["counts"]["concluded_on_time"] == 1
    assert result.detail["counts"]["concluded_late"] == 1
    assert result.value == Decimal("50.0000")


def test_work_tasks_done_on_time(cast):
    task = services.task_issue(actor=cast.office, title="报送工作方案", kind="figures", description="d",
                               units=[cast.unit_a, cast.unit_b], issued_on=D(2025, 8, 1), today=D(2025, 8, 1))
    a, b = task.assignments.get(unit=cast.unit_a), task.assignments.get(unit=cast.unit_b)
    assert a.due_date == D(2025, 8, 15)  # 10 working days
    services.task_submit(assignment=a, actor=cast.clerk_a, note="", files=[("plan.pdf", b"%PDF-1.4 x")],
                         today=D(2025, 8, 15))

    results = work_tasks_on_time(context(cast))
    assert results[cast.unit_a.pk].detail["counts"] == {"on_time": 1, "late": 0}
    assert results[cast.unit_b.pk].detail["counts"] == {"on_time": 0, "late": 1}  # never submitted
    assert refs(results[cast.unit_b.pk].evidence) == [f"task:{b.pk}"]


@pytest.mark.parametrize("listed, delisted, vetoed", [
    (D(2025, 1, 10), D(2025, 7, 1), True),  # delisted on the first day of the quarter: listed that day
    (D(2025, 1, 10), D(2025, 6, 30), False),  # delisted the day before the quarter
    (D(2025, 9, 30), None, True),  # listed on the last day
    (D(2025, 10, 1), None, False),  # listed after the quarter
    (D(2024, 5, 1), None, True),  # listed before and still listed
])
def test_the_veto_applies_to_a_listing_on_any_day_of_the_period(cast, scheme, listed, delisted, vetoed):
    defaulter(cast, cast.unit_b, listed=listed, delisted=delisted)
    assert bool(vetoes(context(cast)).get(cast.unit_b.pk, {}).get("vetoed")) is vetoed
    score = run().scores.get(unit=cast.unit_b)
    assert score.vetoed is vetoed
    if vetoed:
        assert score.grade == "fail" and score.rank == score.run.unit_count  # ranked after all others
        assert score.veto_detail["records"].startswith("record:")


def test_zero_stock_and_zero_increment(cast):
    defaulter(cast, cast.unit_b, listed=D(2024, 5, 1), delisted=D(2025, 8, 1))
    defaulter(cast, cast.unit_a, listed=D(2025, 8, 20))
    status = zero_status(context(cast))
    assert (status["stock"], status["increment"]) == (1, 1)
    assert status["stock_units"] == f"unit:{cast.unit_a.pk}"
    earlier = zero_status(context(cast, "2025Q1"))
    assert (earlier["stock"], earlier["increment"]) == (1, 0)
