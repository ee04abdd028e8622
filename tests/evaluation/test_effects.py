"""One answer for what is in force (records.effects), asked by the scores, grades and designation (issue 15 item 1):
an ineligible unit is never graded 优秀 nor designated; a repair waived stops the deduction and settles the case;
a record counts against the unit the person served in on the date of the act (item 2)."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from evaluation import services
from evaluation.choices import DemonstrationCategory, Grade
from evaluation.models import DemonstrationUnit
from objections import services as objections
from records import effects
from records import services as records
from records.models import RectificationCase
from records.selectors_punishment import credit_check
from tests.records.test_record_lifecycle import penalty, sanction

from .conftest import AFTER_Q3, item, run

pytestmark = pytest.mark.django_db
D = datetime.date


def case_against_b(cast, *, opened=D(2025, 9, 20)) -> RectificationCase:
    """A general penalty of unit B decided before the quarter, published (and a case opened by rule) on ``opened``."""
    record = records.record_publish(record=penalty(cast, decision_date=D(2025, 6, 2)), actor=cast.clerk_a,
                                    today=opened)
    return RectificationCase.objects.get(records=record)


def published_run(cast, **extra):
    version = run(**extra)
    return services.run_publish(run=version, actor=cast.office, today=D(2025, 12, 1))


def test_a_unit_with_an_open_rectification_case_is_not_graded_excellent_and_the_reason_is_stored(cast, scheme):
    case = case_against_b(cast)
    version = run()
    score = version.scores.get(unit=cast.unit_b)
    assert score.total == Decimal("100.00")  # the case's record was decided before the quarter
    assert score.grade == Grade.GOOD  # capped: clause 6 withdraws award eligibility until rectified
    assert f"整改案件 #{case.pk}" in score.award_ineligible_reason
    assert version.scores.get(unit=cast.unit_a).grade == Grade.EXCELLENT
    assert version.scores.get(unit=cast.unit_a).award_ineligible_reason == ""


def test_the_dashboard_shows_why_a_unit_is_not_excellent(cast, scheme, client):
    case_against_b(cast)
    version = run()
    client.force_login(cast.office)
    page = client.get(reverse("evaluation:dashboard"), {"run": version.pk})
    assert page.status_code == 200
    assert "不具备评优资格" in page.content.decode() and "整改完成前取消评选评优资格" in page.content.decode()


def test_an_ineligible_unit_is_refused_designation_with_the_reason(cast, scheme):
    version = published_run(cast)
    score = version.scores.get(unit=cast.unit_b)
    assert score.grade == Grade.EXCELLENT
    case_against_b(cast, opened=D(2025, 11, 20))  # opened after the run: the designation asks again
    with pytest.raises(ValidationError) as caught:
        services.demonstration_designate(run=version, score=score, category=DemonstrationCategory.STREET,
                                         reason="成绩优秀", actor=cast.office, today=D(2025, 12, 2))
    assert "不具备评选评优资格" in str(caught.value) and "整改案件" in str(caught.value)
    assert not DemonstrationUnit.objects.exists()


def test_an_eligible_excellent_street_is_designated(cast, scheme):
    version = published_run(cast)
    score = version.scores.get(unit=cast.unit_b)
    demo = services.demonstration_designate(run=version, score=score, category=DemonstrationCategory.STREET,
                                            reason="成绩优秀", actor=cast.office, today=D(2025, 12, 2))
    assert demo.unit == cast.unit_b


def repaired(cast, record, punishment, today=D(2025, 11, 4)):
    repair = objections.repair_apply(record=record, applicant=cast.clerk_b, statement="已主动纠正",
                                     losses_recovered=True, today=today)
    return objections.repair_decide(repair=repair, actor=cast.office, outcome="approved", reason="整改到位",
                                    punishment=punishment, today=today)


def test_a_record_repaired_with_waiver_no_longer_deducts_and_settles_the_case(cast, scheme):
    record = records.record_publish(record=penalty(cast, decision_date=D(2025, 8, 1)), actor=cast.clerk_a,
                                    today=D(2025, 8, 4))
    case = RectificationCase.objects.get(records=record)
    assert not effects.unit_award_eligibility(cast.unit_b, D(2025, 11, 4)).eligible
    repaired(cast, record, "waived")

    case.refresh_from_db()
    assert (case.state, case.closed_on) == ("settled", D(2025, 11, 4))
    assert effects.unit_award_eligibility(cast.unit_b, D(2025, 11, 5)).eligible
    assert credit_check(cast.unit_b, D(2025, 11, 5))["award_eligible"] is True
    version = run(today=D(2025, 11, 10))
    dishonesty = item(version, cast.unit_b, "dishonesty_records")
    assert dishonesty.points == Decimal("20.00") and dishonesty.value == 0  # was 16: 20 − 4 (general)
    assert dishonesty.evidence == ""


def test_a_record_repaired_lighter_counts_by_the_policy_factor(cast, scheme):
    record = records.record_publish(record=penalty(cast, decision_date=D(2025, 8, 1)), actor=cast.clerk_a,
                                    today=D(2025, 8, 4))
    repaired(cast, record, "lighter")
    dishonesty = item(run(today=D(2025, 11, 10)), cast.unit_b, "dishonesty_records")
    assert dishonesty.detail["counts"]["general"] == 0.5
    assert dishonesty.points == Decimal("18.00")  # 20 − 4 × 50 %
    assert RectificationCase.objects.get(records=record).is_open  # lighter still has to be rectified


def test_a_moved_servants_record_counts_against_the_unit_at_the_time_of_the_act(cast, scheme):
    records.servant_transfer(servant=cast.servant_x, unit=cast.unit_b, post="科员", on=D(2025, 8, 1),
                             actor=cast.office)  # served in unit A until 1 August, now in unit B
    act_in_a = sanction(cast, decision_date=D(2025, 8, 20))
    records.record_update_draft(record=act_in_a, actor=cast.clerk_a, act_start=D(2025, 7, 10))
    act_in_b = sanction(cast, decision_date=D(2025, 9, 10))
    records.record_update_draft(record=act_in_b, actor=cast.clerk_a, act_start=D(2025, 8, 20))
    for record in (act_in_a, act_in_b):
        records.record_publish(record=record, actor=cast.clerk_a, today=record.decision_date)

    version = run(today=AFTER_Q3)
    in_a, in_b = item(version, cast.unit_a, "dishonesty_records"), item(version, cast.unit_b, "dishonesty_records")
    assert in_a.evidence == f"record:{act_in_a.pk}@1" and in_a.detail["staff_records"] == 1
    assert in_b.evidence == f"record:{act_in_b.pk}@1" and in_b.detail["staff_records"] == 1
    assert effects.unit_at(cast.servant_x, D(2025, 7, 10)) == cast.unit_a.pk


def test_an_overdue_rectification_keeps_counting_late_in_each_period_it_stays_overdue(cast, scheme):
    record = records.record_publish(record=penalty(cast, decision_date=D(2025, 3, 3)), actor=cast.clerk_a,
                                    today=D(2025, 3, 10))
    case = RectificationCase.objects.get(records=record)
    assert D(2025, 4, 1) <= case.report_clock.due_date <= D(2025, 6, 30)  # due in Q2, never reported
    services.scheme_create_default(year=2025)
    q3 = item(run(), cast.unit_b, "rectification_on_time")
    assert q3.detail["counts"] == {"on_time": 0, "late": 1} and q3.evidence == f"rectification:{case.pk}"
    assert q3.points == Decimal("0.00")  # was full marks: nothing "due" in Q3
