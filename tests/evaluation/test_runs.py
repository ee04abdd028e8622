"""Runs: stored inputs (a rerun leaves the old version byte-identical), bad input, the reply window,
queries and answers, publishing, the command and the scheduled job."""
import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from evaluation import services
from evaluation.choices import QueryOutcome, RunStatus
from evaluation.models import Indicator, IndicatorScore, Run, Scheme, Score
from evaluation.tasks import execute_run, run_scheduled
from integrity_portal.errors import TransitionNotAllowed
from records import services as records
from tests.records.test_record_lifecycle import penalty

from .conftest import AFTER_Q3, item, run

pytestmark = pytest.mark.django_db
D = datetime.date


def dump(version: Run) -> str:
    """Every stored row of a version, serialised: the bytes that must never change."""
    rows = [Run.objects.get(pk=version.pk), *Score.objects.filter(run=version).order_by("pk"),
            *IndicatorScore.objects.filter(score__run=version).order_by("pk")]
    return serializers.serialize("json", rows, sort_keys=True)


def test_a_rerun_after_data_changes_is_a_new_version_and_the_old_one_is_byte_identical(cast, scheme):
    record = records.record_publish(record=penalty(cast, decision_date=D(2025, 8, 1)), actor=cast.clerk_a,
                                    today=D(2025, 8, 4))
    first = run()
    before = dump(first)
    # The data changes: the record is corrected (a new version), another one is published, a unit is renamed.
    records.record_correct(record=record, actor=cast.clerk_a, reason="更正事由", title="更正后的事由",
                           severity="serious")
    records.record_publish(record=penalty(cast, decision_date=D(2025, 9, 1)), actor=cast.clerk_a, today=D(2025, 9, 2))
    cast.unit_b.name = "凤城街道（更名）"
    cast.unit_b.save()

    second = run()

    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED
    assert json.loads(dump(first))[1:] == json.loads(before)[1:]  # every score and input row unchanged
    old_run, new_run = json.loads(dump(first))[0]["fields"], json.loads(before)[0]["fields"]
    assert {k: v for k, v in old_run.items() if k != "status"} == {k: v for k, v in new_run.items() if k != "status"}
    old_item = item(first, cast.unit_b, "dishonesty_records")
    assert old_item.evidence == f"record:{record.pk}@1" and old_item.points == Decimal("16.00")
    new_item = item(second, cast.unit_b, "dishonesty_records")
    assert f"record:{record.pk}@2" in new_item.evidence and new_item.points == Decimal("6.00")
    assert first.scores.get(unit=cast.unit_b).unit_name == "凤城街道办事处"
    assert first.inputs_digest != second.inputs_digest


def test_executing_a_finished_run_again_changes_nothing(cast, scheme):
    version = run()
    before = dump(version)
    assert execute_run(version.pk) == RunStatus.DRAFT
    assert dump(version) == before and Run.objects.count() == 1


def test_weights_that_do_not_sum_refuse_activation_and_runs(cast, scheme):
    Indicator.objects.filter(scheme=scheme, key="hotline_satisfaction").update(weight=Decimal("5"))
    with pytest.raises(ValidationError) as caught:
        services.scheme_activate(scheme=scheme, actor=cast.office)
    assert "101" in str(caught.value)
    with pytest.raises(ValidationError):
        run()
    assert not Run.objects.exists()


@pytest.mark.parametrize("period, message", [("2024", "没有已启用的考核方案"), ("2025Q5", "格式"), ("2099Q1", "尚未开始")])
def test_a_bad_period_is_a_clear_error_and_saves_nothing(cast, scheme, period, message):
    with pytest.raises(ValidationError) as caught:
        run(period)
    assert message in str(caught.value)
    assert not Run.objects.exists()


def test_the_command_scores_a_period_and_reports_bad_input(cast, scheme, monkeypatch):
    out = StringIO()
    call_command("run_evaluation", "2025Q3", stdout=out)
    assert "2025Q3 v1" in out.getvalue() and Score.objects.count() == 6
    with pytest.raises(CommandError, match="2024"):
        call_command("run_evaluation", "2024")


def test_the_reply_window_then_publishing(cast, scheme):
    version = run()
    assert version.reply_until == D(2025, 10, 27)  # 5 working days after 20 October
    score = version.scores.get(unit=cast.unit_a)
    query = services.query_raise(score=score, indicator_key="dishonesty_records", actor=cast.clerk_a,
                                 reason="本单位记录有误", today=D(2025, 10, 27))
    with pytest.raises(ValidationError):  # not the unit's own score
        services.query_raise(score=version.scores.get(unit=cast.unit_b), indicator_key="dishonesty_records",
                             actor=cast.clerk_a, reason="x", today=D(2025, 10, 21))
    with pytest.raises(TransitionNotAllowed, match="反馈期"):
        services.query_raise(score=score, indicator_key="dishonesty_records", actor=cast.clerk_a, reason="迟到",
                             today=D(2025, 10, 28))
    with pytest.raises(TransitionNotAllowed, match="反馈期"):
        services.run_publish(run=version, actor=cast.office, today=D(2025, 10, 27))
    with pytest.raises(TransitionNotAllowed, match="未答复"):
        services.run_publish(run=version, actor=cast.office, today=D(2025, 10, 28))

    services.query_answer(query=query, actor=cast.office, outcome=QueryOutcome.MAINTAINED, answer="经核对，无误。")
    published = services.run_publish(run=version, actor=cast.office, today=D(2025, 10, 28))
    assert published.status == RunStatus.PUBLISHED
    with pytest.raises(TransitionNotAllowed):
        services.run_publish(run=version, actor=cast.office, today=D(2025, 10, 28))


def test_a_corrected_answer_reruns_and_the_new_version_needs_its_own_window(cast, scheme,
                                                                            django_capture_on_commit_callbacks):
    version = run()
    query = services.query_raise(score=version.scores.get(unit=cast.unit_a), indicator_key="dishonesty_records",
                                 actor=cast.clerk_a, reason="有误", today=D(2025, 10, 21))
    with django_capture_on_commit_callbacks() as callbacks:
        query = services.query_answer(query=query, actor=cast.office, outcome=QueryOutcome.CORRECTED,
                                      answer="已更正基础数据并重新计算。", rerun=True, today=AFTER_Q3)
    assert query.rerun.status == RunStatus.RUNNING and query.rerun.version == 2
    execute_run(query.rerun.pk)  # what the queued task does
    assert len(callbacks) >= 1
    query.rerun.refresh_from_db()
    version.refresh_from_db()
    assert (version.status, query.rerun.status) == (RunStatus.SUPERSEDED, RunStatus.DRAFT)
    with pytest.raises(TransitionNotAllowed):
        services.run_publish(run=version, actor=cast.office, today=D(2025, 12, 1))


def test_the_scheduled_job_scores_the_quarter_that_ended_once(cast, scheme, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: D(2025, 10, 9))
    assert len(run_scheduled()) == 1
    assert run_scheduled() == []
    assert Run.objects.get().period.code == "2025Q3"


def test_a_scheme_edit_after_a_run_does_not_change_the_stored_version(cast, scheme):
    version = run()
    snapshot = dict(version.scheme_snapshot)
    Indicator.objects.filter(scheme=scheme, key="dishonesty_records").update(name="改名")
    Scheme.objects.filter(pk=scheme.pk).update(methodology="新的办法")
    version.refresh_from_db()
    assert version.scheme_snapshot == snapshot
    assert item(version, cast.unit_a, "dishonesty_records").name == "失信记录"
