"""Rectification (clause 6): opening by rule, the state machine on its clocks, the ladder,
award eligibility, accountability of the head at the time, and the public notice."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from integrity_portal.errors import TransitionNotAllowed
from notifications.models import OutboxMessage
from records import punishment_clocks, services
from records.choices import RecordKind, RecordStatus
from records.models import CreditRecord, RectificationCase, RectificationTransition
from records.models.punishment import RectificationState
from records.selectors_punishment import unit_is_award_eligible, units_award_ineligible
from records.services import punishment
from tests.records.test_record_lifecycle import penalty
from workdays.models import Clock
from workdays.services import clocks_advance

pytestmark = pytest.mark.django_db

D = datetime.date
OPENED = D(2026, 3, 9)
PDF = b"%PDF-1.4 rectification report"


@pytest.fixture(autouse=True)
def _clock_parties():
    punishment_clocks.register()  # the lead calls this from RecordsConfig.ready()


def published_penalty(cast, *, unit=None, severity="general", today=OPENED, **extra):
    """A published penalty against ``unit`` (unit A by default: its supervisors are in the cast)."""
    record = penalty(cast, provider=cast.unit_b, subject_unit=unit or cast.unit_a, severity=severity, **extra)
    return services.record_publish(record=record, actor=cast.clerk_b, today=today)


def open_case(cast, **extra) -> RectificationCase:
    record = published_penalty(cast, **extra)
    punishment.punishment_record_changed(record=record, actor=cast.clerk_b, today=OPENED)
    return RectificationCase.objects.get(records=record)


def explain(case, cast, today=D(2026, 3, 12)):
    return punishment.rectification_explain(case=case, actor=cast.clerk_a, explanation="价格公示制度执行不到位。",
                                            today=today)


def report(case, cast, today=D(2026, 4, 1), **over):
    fields = dict(measures="重新制定收费公示制度，全员培训。", results="已全部公示，复查无问题。",
                  completed_on=D(2026, 3, 30), attachments=[("整改报告.pdf", PDF)])
    fields.update(over)
    return punishment.rectification_report(case=case, actor=cast.clerk_a, today=today, **fields)


# --- opening ------------------------------------------------------------------------------

def test_a_published_penalty_against_a_unit_opens_one_case_by_rule_even_when_told_twice(cast):
    record = published_penalty(cast)
    punishment.punishment_record_changed(record=record, actor=cast.clerk_b, today=OPENED)
    punishment.punishment_record_changed(record=record, actor=cast.clerk_b, today=OPENED)
    case = RectificationCase.objects.get()
    assert (case.unit, case.state, case.origin, case.opened_on) == (cast.unit_a, "open", "rule", OPENED)
    assert list(case.records.all()) == [record]
    assert case.explanation_clock.due_date == D(2026, 3, 23)  # 10 working days
    assert case.report_clock.due_date == D(2026, 4, 21)  # 30 working days; Qingming (6 April) skipped
    assert case.explanation_clock.policy.key == "rectification_explanation"
    unit_clerks = {cast.clerk_a.pk, cast.head_a.pk}
    told = set(OutboxMessage.objects.filter(key__startswith=f"inbox:rectification:{case.pk}:opened")
               .values_list("payload__recipient_id", flat=True))
    assert told == unit_clerks


def test_records_no_rule_matches_open_no_case(cast):
    minor = published_penalty(cast, severity="minor", decision_number="A-1")
    person = services.record_publish(record=services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="government_sanction", severity="serious", sanction_type="demerit", title="x",
        decision_date=D(2026, 1, 10), details={"sanction_body": "区纪委监委"}), actor=cast.clerk_a)
    draft = penalty(cast, subject_unit=cast.unit_a, decision_number="A-2")
    for record in (minor, person, draft):
        punishment.punishment_record_changed(record=record, today=OPENED)
    assert not RectificationCase.objects.exists()


def test_the_office_opens_a_case_for_chosen_records_and_nobody_else_may(cast):
    record = published_penalty(cast, severity="minor")
    with pytest.raises(PermissionDenied):
        punishment.rectification_open(unit=cast.unit_a, records=[record], actor=cast.clerk_a, today=OPENED)
    case = punishment.rectification_open(unit=cast.unit_a, records=[record], actor=cast.office, reason="情节典型",
                                         today=OPENED)
    assert case.origin == "office"
    with pytest.raises(TransitionNotAllowed):
        punishment.rectification_open(unit=cast.unit_a, records=[record], actor=cast.office, today=OPENED)
    with pytest.raises(ValidationError):
        punishment.rectification_open(unit=cast.unit_b, records=[record], actor=cast.office, today=OPENED)


def test_a_case_is_named_by_its_record_or_by_its_first_record_and_how_many(cast):
    """What the start page's to-do rows name a case by (integrity_portal.todo.case_label)."""
    first = published_penalty(cast, severity="minor", title="未按规定明码标价")
    second = published_penalty(cast, severity="minor", title="未按规定公示收费标准", decision_number="莱市监罚〔2026〕13号")
    one = punishment.rectification_open(unit=cast.unit_a, records=[first], actor=cast.office, today=OPENED)
    assert one.subject_title == "未按规定明码标价"
    both = published_penalty(cast, severity="minor", title="拒不执行整改", decision_number="莱市监罚〔2026〕14号")
    two = punishment.rectification_open(unit=cast.unit_a, records=[both, second], actor=cast.office, today=OPENED)
    assert two.subject_title == "未按规定公示收费标准 等 2 条记录"


# --- the state machine ------------------------------------------------------------------------

def test_open_explained_rectified_returned_rectified_accepted_with_every_transition_kept(cast):
    case = open_case(cast)
    case = explain(case, cast)
    assert case.state == "explained"
    assert Clock.objects.get(pk=case.explanation_clock_id).state == "stopped"
    case = report(case, cast)
    assert case.state == "rectified" and case.attachments.get().step == "report"
    first_report_clock = case.report_clock_id
    assert Clock.objects.get(pk=first_report_clock).state == "stopped"
    with pytest.raises(TransitionNotAllowed):
        punishment.rectification_explain(case=case, actor=cast.clerk_a, explanation="again")
    case = punishment.rectification_return(case=case, actor=cast.office, reason="成效材料不足", today=D(2026, 4, 3))
    assert case.state == "returned"
    assert case.report_clock_id != first_report_clock
    assert case.report_clock.start_date == D(2026, 4, 3) and case.report_clock.state == "running"
    case = report(case, cast, today=D(2026, 4, 10), results="补充了复查记录。")
    case = punishment.rectification_accept(case=case, actor=cast.office, note="整改到位", today=D(2026, 4, 15))
    assert (case.state, case.closed_on) == ("accepted", D(2026, 4, 15))
    path = list(RectificationTransition.objects.filter(case=case).values_list("from_state", "to_state"))
    assert path == [("", "open"), ("open", "explained"), ("explained", "rectified"), ("rectified", "returned"),
                    ("returned", "rectified"), ("rectified", "accepted")]
    with pytest.raises(TransitionNotAllowed):
        punishment.rectification_return(case=case, actor=cast.office, reason="x")


def test_the_office_cannot_accept_before_the_report(cast):
    case = open_case(cast)
    with pytest.raises(TransitionNotAllowed):
        punishment.rectification_accept(case=case, actor=cast.office)
    explain(case, cast)
    with pytest.raises(TransitionNotAllowed):
        punishment.rectification_accept(case=case, actor=cast.office)


def test_a_report_without_its_required_fields_is_refused_and_changes_nothing(cast):
    case = explain(open_case(cast), cast)
    with pytest.raises(ValidationError) as caught:
        report(case, cast, measures=" ", results="", completed_on=None)
    assert {"report_measures", "report_results", "report_completed_on"} <= set(caught.value.message_dict)
    with pytest.raises(ValidationError) as caught:
        report(case, cast, completed_on=D(2099, 1, 1))
    assert "report_completed_on" in caught.value.message_dict
    with pytest.raises(ValidationError):
        report(case, cast, attachments=[("报告.pdf", b"not a pdf")])
    case.refresh_from_db()
    assert case.state == "explained" and not case.attachments.exists()
    with pytest.raises(ValidationError):
        punishment.rectification_explain(case=open_case(cast, decision_number="B-1"), actor=cast.clerk_a,
                                         explanation="  ")


def test_only_the_units_own_clerks_file_and_only_the_office_decides(cast):
    case = open_case(cast)
    for outsider in (cast.clerk_b, cast.office, cast.leader):
        with pytest.raises(PermissionDenied):
            punishment.rectification_explain(case=case, actor=outsider, explanation="说明")
    explain(case, cast)
    report(case, cast)
    with pytest.raises(PermissionDenied):
        punishment.rectification_accept(case=case, actor=cast.clerk_a)


def test_visibility_office_and_leader_all_clerk_own_unit_supervisors_in_scope(cast):
    case = open_case(cast)
    seen = {user.username for user in (cast.office, cast.leader, cast.clerk_a, cast.clerk_b, cast.supervisor_in,
                                       cast.supervisor_out, cast.user_x, cast.api_client)
            if RectificationCase.objects.visible_to(user).filter(pk=case.pk).exists()}
    assert seen == {"office", "leader", "clerk_a", "supervisor_in"}


# --- clocks and the ladder ----------------------------------------------------------------------

def test_an_overdue_case_escalates_through_the_ladder_once(cast):
    case = open_case(cast)
    clock = case.explanation_clock
    day = datetime.timedelta(days=1)
    for today in (clock.due_date - day, clock.due_date, clock.due_date + day, clock.very_overdue_date + day,
                  clock.very_overdue_date + day):
        clocks_advance(today=today)
    clock.refresh_from_db()
    assert clock.state == "very_overdue"

    def told(step):
        return set(OutboxMessage.objects.filter(key__startswith=f"inbox:clock:{clock.pk}:{step}:")
                   .values_list("payload__recipient_id", flat=True))

    assert told("due_soon") == {cast.clerk_a.pk}
    assert told("due_date") == {cast.head_a.pk}
    assert told("overdue") == {cast.office.pk}
    assert told("supervisor") == {cast.supervisor_in.pk}


# --- award eligibility ------------------------------------------------------------------------------

def test_a_unit_is_not_award_eligible_while_its_case_is_open(cast):
    assert unit_is_award_eligible(cast.unit_a, OPENED)
    case = open_case(cast)
    assert not unit_is_award_eligible(cast.unit_a, OPENED)
    assert units_award_ineligible(OPENED) == {cast.unit_a.pk}
    report(explain(case, cast), cast)
    punishment.rectification_accept(case=case, actor=cast.office, today=D(2026, 4, 15))
    assert not unit_is_award_eligible(cast.unit_a, D(2026, 4, 14))
    assert unit_is_award_eligible(cast.unit_a, D(2026, 4, 15))
    assert unit_is_award_eligible(cast.unit_b, OPENED)


# --- accountability ------------------------------------------------------------------------------------

def test_accountability_names_the_head_at_the_time_and_files_a_draft_in_their_file(cast):
    services.unit_head_appoint(unit=cast.unit_a, person_name="张明", start=D(2020, 1, 1), actor=None,
                               civil_servant=cast.servant_x)
    services.unit_head_appoint(unit=cast.unit_a, person_name="后任者", start=D(2026, 1, 1), actor=None)
    case = open_case(cast, act_start=D(2025, 6, 1), act_end=D(2025, 8, 1))
    assert (case.act_date, case.head_name, case.head_servant) == (D(2025, 6, 1), "张明", cast.servant_x)
    case = punishment.rectification_accountability_decide(case=case, actor=cast.office, form="诫勉",
                                                           decision="对时任局长诫勉谈话", decided_on=D(2026, 3, 20))
    record = case.accountability_record
    assert (record.kind, record.status, record.civil_servant) == (RecordKind.ACCOUNTABILITY, RecordStatus.DRAFT,
                                                                 cast.servant_x)
    assert record.details == {"accountability_form": "诫勉"} and record.provider == cast.office.unit
    with pytest.raises(TransitionNotAllowed):
        punishment.rectification_accountability_decide(case=case, actor=cast.office, form="通报", decision="x",
                                                       decided_on=D(2026, 3, 20))
    services.record_publish(record=record, actor=cast.office)  # the office publishes it like any record
    assert CreditRecord.objects.get(pk=record.pk).status == RecordStatus.PUBLISHED


def test_accountability_of_a_head_who_is_no_known_civil_servant_keeps_the_name_only(cast):
    services.unit_head_appoint(unit=cast.unit_a, person_name="王某", start=D(2020, 1, 1), actor=None)
    case = open_case(cast)
    case = punishment.rectification_accountability_decide(case=case, actor=cast.office, form="通报",
                                                           decision="通报批评", decided_on=D(2026, 3, 20))
    assert case.head_name == "王某" and case.accountability_record is None
    assert not CreditRecord.objects.filter(kind=RecordKind.ACCOUNTABILITY).exists()


def test_accountability_without_a_head_on_record_or_with_bad_input_is_refused(cast):
    case = open_case(cast)
    with pytest.raises(TransitionNotAllowed):
        punishment.rectification_accountability_decide(case=case, actor=cast.office, form="通报", decision="x",
                                                       decided_on=D(2026, 3, 20))
    with pytest.raises(ValidationError) as caught:
        punishment.rectification_accountability_decide(case=case, actor=cast.office, form="打板子", decision="",
                                                       decided_on=D(2099, 1, 1))
    assert {"form", "decision", "decided_on"} <= set(caught.value.message_dict)


# --- the public notice (通报) -----------------------------------------------------------------------------

def test_the_office_publishes_a_notice_for_chosen_cases_shown_on_the_public_page(cast, client):
    case = open_case(cast)
    other = open_case(cast, unit=cast.unit_b, decision_number="C-1")
    with pytest.raises(ValidationError):
        punishment.punishment_notice_publish(cases=[], number="", title="", body="", actor=cast.office)
    notice = punishment.punishment_notice_publish(cases=[case], number="莱信办通〔2026〕1号",
                                                  title="关于政务失信单位的通报", body="现将有关情况通报如下。",
                                                  actor=cast.office)
    assert list(notice.cases.all()) == [case] and other not in notice.cases.all()
    assert OutboxMessage.objects.filter(key=f"inbox:punishment-notice:{notice.pk}:{cast.clerk_a.pk}").exists()
    with pytest.raises(ValidationError):  # the number is unique
        punishment.punishment_notice_publish(cases=[case], number="莱信办通〔2026〕1号", title="t", body="b",
                                             actor=cast.office)


def test_rectification_state_labels_are_chinese():
    assert RectificationState.RETURNED.label == "退回重新整改"
