"""Drafts, versions by document number, the first-check log, the bulk create, publication windows and rules."""
import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from decisions import services
from decisions.choices import DecisionStatus
from decisions.models import Decision, DecisionCheck, Subject
from integrity_portal.errors import TransitionNotAllowed
from notifications.models import OutboxMessage
from workdays.selectors import clocks_for

from .factories import DAY, licence_row, penalty_row, person_penalty_row

TODAY = datetime.date(2026, 3, 10)


def create(cast, row, **kw):
    return services.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=row, today=TODAY, **kw)


def publish(cast, decision, today=TODAY):
    return services.decision_publish(decision=decision, actor=cast.clerk_a, today=today)


def test_a_draft_starts_the_seven_working_day_reporting_clock(cast):
    decision = create(cast, penalty_row())
    assert decision.status == DecisionStatus.DRAFT and decision.version == 1
    clock = clocks_for(decision).get(purpose=services.REPORTING_CLOCK)
    assert clock.start_date == DAY and clock.due_date == datetime.date(2026, 3, 11)
    assert decision.transitions.get().to_state == DecisionStatus.DRAFT


def test_the_register_keeps_one_subject_per_code(cast):
    first = create(cast, penalty_row(n=1))
    second = services.decision_create(actor=cast.clerk_b, department=cast.unit_b, today=TODAY,
                                      row=penalty_row(n=1, subject_code=first.subject.uscc, subject_name="明远食品"))
    assert second.subject_id == first.subject_id and Subject.objects.count() == 1
    assert Subject.objects.get().name == "明远食品"


def test_the_same_document_number_from_the_same_body_is_a_new_version(cast):
    first = create(cast, penalty_row(n=7))
    publish(cast, first)
    second = create(cast, penalty_row(n=7, content="罚款3万元。", fine_amount="3", penalty_categories=["fine"],
                                      confiscated_amount=""))
    assert (second.version, second.previous_id) == (2, first.pk)
    assert Decision.objects.filter(document_number=first.document_number).count() == 2
    with pytest.raises(TransitionNotAllowed):  # only the latest version can be published
        services.decision_publish(decision=Decision.objects.get(pk=first.pk), actor=cast.clerk_a, today=TODAY)
    publish(cast, second)
    first.refresh_from_db()
    assert first.replaced_at is not None and first.status == DecisionStatus.PUBLISHED
    assert list(Decision.objects.public(TODAY)) == [second]
    assert OutboxMessage.objects.filter(key__endswith=f"decision:{first.pk}:v2:corrected").exists()
    # another department's number is another decision
    other = services.decision_create(actor=cast.clerk_b, department=cast.unit_b, row=penalty_row(n=7), today=TODAY)
    assert other.version == 1


def test_a_refused_row_changes_nothing_but_its_first_check_is_kept(cast):
    with pytest.raises(ValidationError) as exc:
        create(cast, penalty_row(n=3, fine_amount="2万元"))
    assert "fine_amount" in exc.value.message_dict
    assert not Decision.objects.exists() and not Subject.objects.exists()
    create(cast, penalty_row(n=3))
    check = DecisionCheck.objects.get()
    assert (check.passed, check.attempts) == (False, 2) and "fine_amount" in check.errors


def test_bulk_create_is_all_or_nothing(cast):
    rows = [penalty_row(n=1), licence_row(n=2), person_penalty_row(n=3, decision_date="2099-01-01")]
    result = services.decisions_create_bulk(actor=cast.clerk_a, department=cast.unit_a, rows=rows, today=TODAY)
    assert result.rows == 3 and result.created == [] and list(result.errors) == [2]
    assert "decision_date" in result.errors[2]
    assert not Decision.objects.exists()
    dry = services.decisions_create_bulk(actor=cast.clerk_a, department=cast.unit_a, rows=rows[:2], today=TODAY,
                                         dry_run=True)
    assert dry.errors == {} and dry.created == [] and not Decision.objects.exists()
    done = services.decisions_create_bulk(actor=cast.clerk_a, department=cast.unit_a, rows=rows[:2], today=TODAY)
    assert len(done.created) == 2 and all(d.status == DecisionStatus.DRAFT for d in done.created)
    assert all(clocks_for(d).filter(purpose=services.REPORTING_CLOCK).exists() for d in done.created)


def test_publishing_late_is_counted(cast):
    on_time = publish(cast, create(cast, penalty_row(n=1)), today=datetime.date(2026, 3, 11))
    late = publish(cast, create(cast, penalty_row(n=2)), today=datetime.date(2026, 3, 12))
    assert (on_time.published_on_time, late.published_on_time) == (True, False)


def test_general_and_serious_penalty_windows_and_the_repair_date(cast):
    general = publish(cast, create(cast, penalty_row(n=1)))
    assert general.disclosed and general.publication_ends == datetime.date(2027, 3, 1)
    assert general.repairable_from == datetime.date(2026, 6, 2)
    serious = publish(cast, create(cast, penalty_row(n=2, severity="严重")))
    assert serious.publication_ends == datetime.date(2029, 3, 1)
    assert serious.repairable_from == datetime.date(2027, 3, 2)


@pytest.mark.parametrize("extra", [
    {"penalty_categories": ["warning"], "fine_amount": "", "confiscated_amount": ""},
    {"penalty_categories": ["warning", "criticism"], "fine_amount": "", "confiscated_amount": ""},
    {"penalty_categories": ["warning", "fine"], "fine_amount": "0.5", "confiscated_amount": ""},
])
def test_reprimands_and_small_fines_are_not_published(cast, extra):
    decision = publish(cast, create(cast, penalty_row(**extra)))
    assert decision.status == DecisionStatus.PUBLISHED and decision.disclosed is False
    assert decision.not_disclosed_reason
    assert not Decision.objects.public(TODAY).exists()


def test_a_fine_at_the_threshold_is_published(cast):
    decision = publish(cast, create(cast, penalty_row(penalty_categories=["fine"], fine_amount="1",
                                                      confiscated_amount="")))
    assert decision.disclosed is True and Decision.objects.public(TODAY).get() == decision


def test_a_licence_is_public_while_valid_and_until_valid_to(cast):
    licence = publish(cast, create(cast, licence_row(valid_to=datetime.date(2026, 12, 31))))
    assert licence.publication_ends == datetime.date(2026, 12, 31)
    assert Decision.objects.public(datetime.date(2026, 12, 31)).exists()
    assert not Decision.objects.public(datetime.date(2027, 1, 1)).exists()
    invalid = publish(cast, create(cast, licence_row(n=2, validity_status="无效")))
    assert invalid.disclosed is False


def test_windows_close_by_themselves_once(cast):
    licence = publish(cast, create(cast, licence_row(valid_to=datetime.date(2026, 12, 31))))
    assert services.decisions_expire(today=datetime.date(2026, 12, 31)) == 0
    assert services.decisions_expire(today=datetime.date(2027, 1, 1)) == 1
    assert services.decisions_expire(today=datetime.date(2027, 1, 2)) == 0
    licence.refresh_from_db()
    assert licence.status == DecisionStatus.EXPIRED
    assert OutboxMessage.objects.filter(key__endswith=f"decision:{licence.pk}:v1:expired").count() == 1


def test_repair_only_after_the_minimum_period(cast):
    decision = publish(cast, create(cast, penalty_row()))
    with pytest.raises(TransitionNotAllowed):
        services.decision_mark_repaired(decision=decision, actor=cast.office, reason="已整改",
                                        today=datetime.date(2026, 6, 1))
    services.decision_mark_repaired(decision=decision, actor=cast.office, reason="已整改",
                                    today=datetime.date(2026, 6, 2))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REPAIRED and not Decision.objects.public(datetime.date(2026, 6, 2))


def test_only_drafts_change_and_revocation_needs_a_reason(cast):
    decision = create(cast, penalty_row())
    services.decision_update(decision=decision, actor=cast.clerk_a, row={"fine_amount": "2.5"}, today=TODAY)
    decision.refresh_from_db()
    assert decision.fine_amount == Decimal("2.5")
    publish(cast, decision)
    with pytest.raises(TransitionNotAllowed):
        services.decision_update(decision=decision, actor=cast.clerk_a, row={"note": "x"}, today=TODAY)
    with pytest.raises(ValidationError):
        services.decision_revoke(decision=decision, actor=cast.clerk_a, reason=" ")
    services.decision_revoke(decision=decision, actor=cast.clerk_a, reason="复议撤销")
    assert [t.to_state for t in decision.transitions.order_by("id")] == ["draft", "published", "revoked"]


def test_shared_payloads_follow_the_decision_v1_schema(cast, settings):
    import jsonschema

    from notifications import payloads

    settings.PORTAL_NAME, settings.DISTRICT_NAME = "政务诚信平台", "莱芜区"
    first = publish(cast, create(cast, person_penalty_row(n=1)))
    create(cast, person_penalty_row(n=1, id_number=first.subject.id_number, note="更正"))
    services.decision_publish(decision=Decision.objects.get(version=2), actor=cast.clerk_a, today=TODAY)
    services.decision_revoke(decision=Decision.objects.get(version=2), actor=cast.clerk_a, reason="复议撤销")
    validator = jsonschema.Draft202012Validator(payloads.load_schema("decision"),
                                                format_checker=jsonschema.FormatChecker())
    messages = OutboxMessage.objects.filter(key__contains=":decision:").order_by("pk")
    assert [m.payload["event"] for m in messages] == ["published", "corrected", "revoked"]
    for message in messages:
        validator.validate(payloads.envelope(message))
        assert message.payload["data"]["id"] == first.pk


def test_the_subject_applies_for_repair_after_the_minimum_period_and_the_office_decides(cast, api):
    """Through the existing repair workflow (objections): the department registers, the office decides."""
    from objections import services as objections
    from objections.services import RepairTooEarly

    decision = publish(cast, create(cast, penalty_row()))  # general: repairable from 2026-06-02
    with pytest.raises(RepairTooEarly):
        objections.repair_apply_decision(decision=decision, applicant=cast.clerk_a, statement="已缴纳罚款并整改",
                                         losses_recovered=True, today=datetime.date(2026, 6, 1))
    with pytest.raises(PermissionDenied):  # another department may not register it
        objections.repair_apply_decision(decision=decision, applicant=cast.clerk_b, statement="x",
                                         effects_removed=True, today=datetime.date(2026, 6, 2))
    response = api.as_(cast.clerk_a).post("/api/v1/repairs/", {"decision": decision.pk, "statement": "已缴纳罚款并整改",
                                                               "effects_removed": True}, format="json")
    assert response.status_code == 201, response.json()
    repair_id = response.json()["id"]
    assert api.as_(cast.clerk_b).get(f"/api/v1/repairs/{repair_id}/").status_code == 404
    decided = api.as_(cast.office).post(f"/api/v1/repairs/{repair_id}/decide/",
                                        {"outcome": "approved", "reason": "整改到位"}, format="json")
    assert decided.status_code == 200, decided.json()
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.REPAIRED
    assert not Decision.objects.public().filter(pk=decision.pk).exists()
    assert OutboxMessage.objects.filter(key__endswith=f"decision:{decision.pk}:v1:repaired").exists()
