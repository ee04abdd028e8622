"""A tiny run of the scale generator (issues 10 and 18) on the test database, so `make bench`'s data keeps working:
Chinese text, 双公示 decisions at their rates, codes that pass their checks, rows the forms would accept."""
import datetime
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from stdnum.cn import ric, uscc

from commitments.models import Commitment
from decisions.choices import Act, DecisionStatus, SubjectCategory
from decisions.models import Decision, DecisionCheck, Subject
from decisions.services import REPORTING_CLOCK, decision_row
from decisions.validation import check_decision
from disputes.models import DisputeClue
from objections.choices import RepairState
from objections.models import Objection, Repair
from records.choices import RecordStatus
from records.models import CivilServant, CreditRecord, Unit
from workdays.calendar import get_calendar
from workdays.models import Clock

ARGS = ["--records", "300", "--servants", "30", "--units", "6", "--seed", "3", "--objections", "20",
        "--commitments", "15", "--clues", "12", "--file-records", "40", "--decisions", "1100", "--quiet"]
CJK = re.compile(r"[\u4e00-\u9fff]{2}")


@pytest.mark.django_db
def test_generate_scale_small_dataset_is_valid_and_reused(capsys):
    call_command("generate_scale", *ARGS)
    assert Unit.objects.count() == 6 and CivilServant.objects.count() == 30
    assert CreditRecord.objects.count() == 300
    assert Commitment.objects.count() == 15 and DisputeClue.objects.count() == 12
    assert 0 < Objection.objects.count() <= 20
    assert all(uscc.is_valid(code) for code in Unit.objects.values_list("code", flat=True))
    assert all(ric.is_valid(number) for number in CivilServant.objects.values_list("id_number", flat=True))
    heavy = CivilServant.objects.order_by("pk").first()
    assert CreditRecord.objects.filter(civil_servant=heavy).count() >= 40
    # Due dates are the calendar's, as the services compute them.
    cal = get_calendar()
    for objection in Objection.objects.select_related("clock")[:5]:
        assert objection.clock.due_date == cal.add_working_days(objection.filed_on, 10).date == objection.due_date
    # The objection's copies of its record's provider, kind and subject, as filing writes them.
    for objection in Objection.objects.select_related("record"):
        record = objection.record
        assert (objection.provider_id, objection.record_kind, objection.subject_unit_id,
                objection.subject_servant_id) == (record.provider_id, record.kind, record.subject_unit_id,
                                                  record.civil_servant_id)

    # The daily jobs and the office have done their work: nothing published is past its window; each repaired
    # record has the application that repaired it, filed no earlier than the rules allow, with its history.
    today = timezone.localdate()
    assert not CreditRecord.objects.filter(status=RecordStatus.PUBLISHED, window_end__lt=today).exists()
    assert CreditRecord.objects.filter(status=RecordStatus.EXPIRED).exists()
    repaired = CreditRecord.objects.filter(status=RecordStatus.REPAIRED)
    assert repaired.exists()
    for record in repaired:
        (repair,) = Repair.objects.filter(record=record, state=RepairState.APPROVED)
        assert repair.earliest_date <= repair.filed_on <= today and repair.decided_at and repair.punishment
        assert list(repair.transitions.values_list("to_state", flat=True)) == ["submitted", "approved"]
    for repair in Repair.objects.select_related("record"):  # the copies the application keeps, as it makes them
        assert (repair.provider_id, repair.subject_unit_id, repair.subject_servant_id) == (
            repair.record.provider_id, repair.record.subject_unit_id, repair.record.civil_servant_id)
    assert not Repair.objects.filter(state=RepairState.APPROVED).exclude(record__status=RecordStatus.REPAIRED)
    assert not Repair.objects.exclude(state=RepairState.APPROVED).exclude(record__status=RecordStatus.PUBLISHED)

    call_command("generate_scale", *ARGS)  # same parameters: reused, nothing added
    assert CreditRecord.objects.count() == 300 and Decision.objects.count() == 1100
    assert "reused" in capsys.readouterr().out


@pytest.mark.django_db
def test_generated_text_is_chinese_and_decisions_follow_the_district_rates():
    call_command("generate_scale", *ARGS)
    texts = [*CreditRecord.objects.values_list("title", flat=True), *Unit.objects.values_list("name", flat=True),
             *CivilServant.objects.values_list("name", flat=True), *Commitment.objects.values_list("title", flat=True),
             *DisputeClue.objects.values_list("description", flat=True),
             *Decision.objects.values_list("content", flat=True), *Subject.objects.values_list("name", flat=True)]
    assert all(CJK.search(text) for text in texts)
    assert len(set(CreditRecord.objects.values_list("title", flat=True))) > 100  # composed, not a handful

    assert Decision.objects.count() == 1100
    licences, penalties = (Decision.objects.filter(act=act).count() for act in (Act.LICENCE, Act.PENALTY))
    assert 7 <= licences / penalties <= 14
    assert Decision.objects.exclude(act__in=(Act.LICENCE, Act.PENALTY)).exists()
    assert set(Decision.objects.values_list("department__kind", flat=True)) == {"department"}
    # Subjects are reused (a few gather many decisions) and their codes pass the checks.
    subjects = Subject.objects.count()
    assert 1100 / 8 < subjects < 1100 / 2
    for subject in Subject.objects.all():
        if subject.category == SubjectCategory.NATURAL_PERSON:
            assert ric.is_valid(subject.id_number) and subject.uscc == "" and subject.id_type == "resident_id"
        else:
            assert uscc.is_valid(subject.uscc) and subject.id_number == ""
    assert {c for c, in Subject.objects.values_list("category")} == set(SubjectCategory.values)
    # Published with the window the rules give; drafts with their running reporting clock; a few second versions.
    statuses = set(Decision.objects.values_list("status", flat=True))
    assert {DecisionStatus.PUBLISHED, DecisionStatus.DRAFT, DecisionStatus.EXPIRED} <= statuses
    published = Decision.objects.filter(status=DecisionStatus.PUBLISHED, act=Act.PENALTY, disclosed=True)
    assert published.exists() and not published.filter(publication_ends__isnull=True).exists()
    drafts = Decision.objects.filter(status=DecisionStatus.DRAFT)
    assert Clock.objects.filter(purpose=REPORTING_CLOCK).count() == drafts.count()
    second = Decision.objects.filter(version=2).select_related("previous").first()
    assert second is not None and second.previous.replaced_at is not None
    assert second.document_number == second.previous.document_number
    # The first check of each first version's row (合规率): most passed.
    checks = DecisionCheck.objects.all()
    assert checks.count() == Decision.objects.filter(version=1).count()
    assert 0.85 < checks.filter(passed=True).count() / checks.count() < 1


@pytest.mark.django_db
def test_generated_rows_pass_the_models_checks():
    """What the generator writes is what the forms would accept: full_clean of a sample of every table."""
    call_command("generate_scale", *ARGS)
    for model in (Decision, Subject, CreditRecord, Unit, CivilServant, Commitment, DisputeClue, Repair):
        sample = model.objects.order_by("?")[:60]
        assert sample
        for row in sample:
            row.full_clean(exclude=["previous"] if model is Decision else None)
    for act in Act.values:  # every act, and the second versions
        for row in Decision.objects.filter(act=act)[:10]:
            row.full_clean(exclude=["previous"])
    for row in Decision.objects.filter(version=2):
        row.full_clean(exclude=["previous"])
    # ... and each decision passes the checks every form, the API and the import run (incl. the subject's codes).
    today = datetime.date(2030, 1, 1)
    for row in Decision.objects.select_related("subject").order_by("?")[:200]:
        assert check_decision(decision_row(row), today=today).errors == {}, row.pk


@pytest.mark.django_db
def test_the_bench_sql_agrees_with_the_evaluation_engine_on_the_generated_data(postgres_required):
    """`make bench` stops when bench/sql/indicators.sql and the engine disagree: on the generated data (双公示
    decisions, their checks and reporting clocks included) every value agrees."""
    from bench.run import evaluation_disagreements, evaluation_sql
    from evaluation.services.runs import evaluation_run
    from evaluation.services.schemes import scheme_create_default

    call_command("generate_scale", *ARGS, "--end-year", "2025")  # five years up to 2025, on any day
    scheme_create_default(year=2025)
    run = evaluation_run(period="2025")
    expected, _times = evaluation_sql(run)
    assert any(key == "dual_publication_compliance" for _unit, key in expected)
    wrong, checked = evaluation_disagreements(run, expected)
    assert checked and wrong == []
