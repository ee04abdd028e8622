"""Clue → commitment → record (issue 15 item 6, clause 9 → 14): a clue resolved as a breach of the commitment
it is linked to goes through the commitment's breach service — a Breach row, the commitment no longer in force,
draft records against the unit and the official in charge on the day of the breach — with the clue's files
attached as evidence to every record it opens."""
import datetime

import pytest

from commitments import services as commitments
from commitments.choices import CommitmentStatus
from commitments.models import Breach
from disputes import services
from records.choices import RecordStatus, SubjectType
from records.services import unit_head_appoint
from tests.disputes.conftest import PDF, submit

pytestmark = pytest.mark.django_db

D = datetime.date
BREACHED = D(2026, 1, 10)  # under the first official
FOUND = D(2026, 4, 1)


@pytest.fixture
def commitment(cast):
    made = commitments.commitment_create(
        actor=cast.clerk_a, unit=cast.unit_a, title="标准厂房租金减免政策承诺", kind="investment_promotion",
        reason="招商引资项目落地", content="对新落户企业三年内减免标准厂房租金", liability="未兑现的，依约补足",
        committed_on=D(2025, 6, 1), publication_type="public", counterparty_name="某新材料有限公司",
        counterparty_type="organisation")
    made = commitments.commitment_publish(commitment=made, actor=cast.clerk_a)
    commitments.official_assign(commitment=made, actor=cast.clerk_a, person_name="张明", title="副局长",
                                start=D(2025, 6, 1), civil_servant=cast.servant_x)
    commitments.official_assign(commitment=made, actor=cast.clerk_a, person_name="新任责任人", start=D(2026, 2, 1))
    return made


@pytest.fixture
def breach_clue(cast, rule_a, commitment):
    clue, _code = submit(body_unit=cast.unit_a, body_name="", category="promise", commitment=commitment,
                         happened_on=BREACHED, attachments=[("减免协议.pdf", PDF), ("催告函.pdf", PDF + b"2")])
    if clue.state == "triage":
        clue = services.clue_route(clue=clue, actor=cast.office, unit=cast.unit_a)
    return services.clue_acknowledge(clue=clue, actor=cast.clerk_a, today=D(2026, 3, 5))


def test_a_breach_clue_breaks_the_commitment_and_names_the_official_of_that_day(cast, commitment, breach_clue):
    assert commitment.status == CommitmentStatus.IN_FORCE
    clue = services.clue_conclude(clue=breach_clue, actor=cast.clerk_a, outcome="resolved",
                                  reason="租金减免未兑现属实", breach=True, today=FOUND)
    commitment.refresh_from_db()
    assert commitment.status == CommitmentStatus.UNFULFILLED  # no longer in force
    assert commitment.concluded_on == FOUND and "租金减免未兑现属实" in commitment.unfulfilled_content
    breach = Breach.objects.get(commitment=commitment)
    assert (breach.breached_on, breach.found_on, breach.official_name) == (BREACHED, FOUND, "张明")
    assert clue.breach_record == breach.unit_record
    unit_record, person_record = breach.unit_record, breach.person_record
    assert unit_record.status == person_record.status == RecordStatus.DRAFT
    assert (unit_record.subject_type, unit_record.subject_unit) == (SubjectType.UNIT, cast.unit_a)
    assert person_record.civil_servant == cast.servant_x and person_record.act_start == BREACHED
    for record in (unit_record, person_record):  # the clue's files are the evidence
        assert sorted(a.original_name for a in record.attachments.all()) == ["催告函.pdf", "减免协议.pdf"]


def test_a_breach_clue_without_a_commitment_names_the_unit_head_of_that_day(cast, rule_a):
    unit_head_appoint(unit=cast.unit_a, person_name="老局长", title="局长", start=D(2020, 1, 1), actor=None)
    unit_head_appoint(unit=cast.unit_a, person_name="新局长", title="局长", start=D(2026, 2, 1), actor=None)
    clue, _code = submit(body_unit=cast.unit_a, body_name="", happened_on=BREACHED, attachments=[("欠条.pdf", PDF)])
    if clue.state == "triage":
        clue = services.clue_route(clue=clue, actor=cast.office, unit=cast.unit_a)
    clue = services.clue_acknowledge(clue=clue, actor=cast.clerk_a, today=D(2026, 3, 5))
    clue = services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="resolved", reason="欠款属实",
                                  breach=True, today=FOUND)
    record = clue.breach_record
    assert "老局长" in record.facts and "新局长" not in record.facts and record.act_start == BREACHED
    assert [a.original_name for a in record.attachments.all()] == ["欠条.pdf"]
