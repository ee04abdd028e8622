"""What a run stores, frozen (issue 18 item 4): the write path of ``_execute`` was made cheaper (rows without
model instances, COPY, lighter award-eligibility reads); every stored score and indicator row of a seeded
quarter must stay what the previous implementation stored. ``FROZEN`` was produced by the code before that
change. References are shown by kind and creation order (ids differ between databases) and as sorted lists
(the database does not promise the order of an aggregate); everything else is compared as stored."""
import datetime
import json
import re

import pytest
from django.db import connection

from commitments.models import Commitment
from evaluation import services
from evaluation.models import IndicatorScore, Score
from records import services as records
from records.models import CreditRecord
from tests.records.test_record_lifecycle import penalty, sanction

from .conftest import defaulter, make_clock, run
from .test_indicators import _decision, _objection, published

pytestmark = pytest.mark.django_db
D = datetime.date
REF = re.compile(r"\b([a-z]+):(\d+)")
CASE = re.compile(r"#(\d+)")


def _seed(cast):
    published(penalty(cast, decision_date=D(2025, 8, 1)), D(2025, 8, 5))
    published(penalty(cast, decision_date=D(2025, 9, 1), severity="serious"), D(2025, 9, 3))
    held = published(penalty(cast, decision_date=D(2025, 8, 20), severity="minor"), D(2025, 8, 21))
    CreditRecord.objects.filter(pk=held.pk).update(objection_open=True)
    published(sanction(cast, decision_date=D(2025, 7, 15)), D(2025, 7, 16))
    old = published(penalty(cast, provider=cast.unit_b, subject_unit=cast.unit_a, decision_date=D(2025, 6, 2)),
                    D(2025, 6, 3))
    _objection(cast, old, due=D(2025, 7, 10), on_time=True)
    _objection(cast, old, due=D(2025, 8, 10), state="rejected", on_time=False)
    _decision(cast, 1, D(2025, 8, 1), D(2025, 8, 5))
    _decision(cast, 2, D(2025, 8, 1), D(2025, 9, 1), note="备注")
    _decision(cast, 3, D(2025, 9, 1))
    for code, status, on in (("C1", "fulfilled", D(2025, 7, 5)), ("C2", "partly_fulfilled", D(2025, 8, 5))):
        Commitment.objects.create(code=code, title=code, unit=cast.unit_a, kind="public_service", reason="r",
                                  content="c", liability="l", committed_on=D(2025, 1, 1), status=status,
                                  concluded_on=on)
    task = services.task_issue(actor=cast.office, title="报送工作方案", kind="figures", description="d",
                               units=[cast.unit_a, cast.unit_b], issued_on=D(2025, 8, 1), today=D(2025, 8, 1))
    services.task_submit(assignment=task.assignments.get(unit=cast.unit_a), actor=cast.clerk_a, note="",
                         files=[("plan.pdf", b"%PDF-1.4 x")], today=D(2025, 8, 15))
    defaulter(cast, cast.unit_b, listed=D(2025, 8, 20))
    records.record_publish(record=penalty(cast, decision_date=D(2025, 9, 10)), actor=cast.clerk_a,
                           today=D(2025, 9, 11))
    assert make_clock  # the builders above make their own clocks


def _canonical(version) -> dict:
    """The stored rows with references as (kind, order of id) and reference lists sorted."""
    ids: dict[str, list[int]] = {}
    scores = list(Score.objects.filter(run=version).order_by("unit_name"))
    items = list(IndicatorScore.objects.filter(score__run=version).select_related("score")
                 .order_by("score__unit_name", "order"))
    text = json.dumps([[s.veto_detail for s in scores], [i.evidence + "," + i.held_out for i in items],
                       version.zero_detail])
    for kind, pk in REF.findall(text):
        ids.setdefault(kind, []).append(int(pk))

    def name(match):
        return f"{match[1]}:#{sorted(set(ids[match[1]])).index(int(match[2]))}"

    def refs(value: str) -> list[str]:
        return sorted(REF.sub(name, ref) for ref in value.split(",") if ref)

    def veto(detail: dict) -> dict:
        return {k: refs(v) if k in ("records", "held_out") else v for k, v in detail.items()}

    cases = sorted({int(pk) for s in scores for pk in CASE.findall(s.award_ineligible_reason)})

    def reasons(text: str) -> str:
        return CASE.sub(lambda m: f"#c{cases.index(int(m[1]))}", text)

    zero = {k: refs(v) if k.endswith("_units") else v for k, v in version.zero_detail.items()}
    return {
        "run": [version.status, version.unit_count, version.stock_count, version.increment_count, zero,
                str(version.reply_until), version.progress_done, version.progress_total],
        "scores": [[s.unit_name, s.unit_kind, str(s.total), s.rank, s.grade, s.vetoed, veto(s.veto_detail),
                    reasons(s.award_ineligible_reason)] for s in scores],
        "items": [[i.score.unit_name, i.order, i.indicator_key, i.name, str(i.weight), str(i.value), str(i.points),
                   i.note, i.detail, refs(i.evidence), refs(i.held_out)] for i in items],
    }


def test_a_seeded_quarter_stores_what_the_previous_implementation_stored(cast, scheme):
    _seed(cast)
    version = run()
    version.refresh_from_db()
    assert _canonical(version) == FROZEN
    if connection.vendor == "sqlite":  # ids restart with each test there: the digest (it names ids) is fixed
        assert version.inputs_digest == FROZEN_DIGEST


FROZEN_DIGEST = "548bc5e3b4ebd778d17bbca1251b676a2a5996ddfed3d3f60a8a35ad967290db"
FROZEN = {'items': [['凤城街道办事处', 0, 'dishonesty_records', '失信记录', '20.00', '4.0000', '0.00', '',
            {'counts': {'general': 2, 'minor': 0, 'serious': 2}, 'staff_records': 0, 'unit_records': 4},
            ['record:#0@1', 'record:#1@1', 'record:#4@1', 'record:#5@1'], ['record:#2@1']],
           ['凤城街道办事处', 1, 'objections_on_time', '异议按期答复率', '10.00', '50.0000', '0.00', '',
            {'counts': {'late': 1, 'on_time': 1}}, ['objection:#0', 'objection:#1'], []],
           ['凤城街道办事处', 2, 'dual_publication_timely', '双公示按期报送率', '6.00', 'None', '6.00', '考核期内无双公示决定，按满分计', {}, [],
            []],
           ['凤城街道办事处', 3, 'dual_publication_compliance', '双公示数据合规率', '2.00', 'None', '2.00', '考核期内未报送双公示数据，按满分计',
            {}, [], []],
           ['凤城街道办事处', 4, 'dual_publication_completeness', '双公示数据完整率', '2.00', 'None', '2.00', '考核期内无双公示决定，按满分计',
            {}, [], []],
           ['凤城街道办事处', 5, 'rectification_on_time', '失信整改按期完成率', '10.00', '0.0000', '0.00', '',
            {'counts': {'late': 1, 'on_time': 0}}, ['rectification:#0'], []],
           ['凤城街道办事处', 6, 'commitment_fulfilment', '政务承诺履约率', '10.00', 'None', '10.00', '考核期内无认定履行情况的承诺，按满分计', {},
            [], []],
           ['凤城街道办事处', 7, 'dispute_clues_on_time', '涉政纠纷线索按期受理办结率', '10.00', 'None', '10.00', '考核期内无到期线索，按满分计', {},
            [], []],
           ['凤城街道办事处', 8, 'work_tasks_on_time', '督办任务按期完成率', '10.00', '0.0000', '0.00', '',
            {'counts': {'late': 1, 'on_time': 0}}, ['task:#1'], []],
           ['凤城街道办事处', 9, 'hotline_on_time_rate', '12345热线按期办结率', '6.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['凤城街道办事处', 10, 'hotline_satisfaction', '12345热线群众满意率', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['凤城街道办事处', 11, 'tv_supervision_findings', '电视问政曝光问题', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['凤城街道办事处', 12, 'air_quality_targets', '大气污染防治目标完成率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['凤城街道办事处', 13, 'property_disputes_handled', '产权纠纷依法按期处置率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区发展和改革局', 0, 'dishonesty_records', '失信记录', '20.00', '0.0000', '20.00', '',
            {'counts': {'general': 0, 'minor': 0, 'serious': 0}}, [], []],
           ['区发展和改革局', 1, 'objections_on_time', '异议按期答复率', '10.00', 'None', '10.00', '考核期内无到期异议，按满分计', {}, [], []],
           ['区发展和改革局', 2, 'dual_publication_timely', '双公示按期报送率', '6.00', 'None', '6.00', '考核期内无双公示决定，按满分计', {}, [],
            []],
           ['区发展和改革局', 3, 'dual_publication_compliance', '双公示数据合规率', '2.00', 'None', '2.00', '考核期内未报送双公示数据，按满分计',
            {}, [], []],
           ['区发展和改革局', 4, 'dual_publication_completeness', '双公示数据完整率', '2.00', 'None', '2.00', '考核期内无双公示决定，按满分计',
            {}, [], []],
           ['区发展和改革局', 5, 'rectification_on_time', '失信整改按期完成率', '10.00', 'None', '10.00', '考核期内无到期整改，按满分计', {}, [],
            []],
           ['区发展和改革局', 6, 'commitment_fulfilment', '政务承诺履约率', '10.00', 'None', '10.00', '考核期内无认定履行情况的承诺，按满分计', {},
            [], []],
           ['区发展和改革局', 7, 'dispute_clues_on_time', '涉政纠纷线索按期受理办结率', '10.00', 'None', '10.00', '考核期内无到期线索，按满分计', {},
            [], []],
           ['区发展和改革局', 8, 'work_tasks_on_time', '督办任务按期完成率', '10.00', 'None', '10.00', '考核期内无到期督办任务，按满分计', {}, [],
            []],
           ['区发展和改革局', 9, 'hotline_on_time_rate', '12345热线按期办结率', '6.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区发展和改革局', 10, 'hotline_satisfaction', '12345热线群众满意率', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区发展和改革局', 11, 'tv_supervision_findings', '电视问政曝光问题', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区发展和改革局', 12, 'air_quality_targets', '大气污染防治目标完成率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区发展和改革局', 13, 'property_disputes_handled', '产权纠纷依法按期处置率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区审计局', 0, 'dishonesty_records', '失信记录', '20.00', '0.0000', '20.00', '',
            {'counts': {'general': 0, 'minor': 0, 'serious': 0}}, [], []],
           ['区审计局', 1, 'objections_on_time', '异议按期答复率', '10.00', 'None', '10.00', '考核期内无到期异议，按满分计', {}, [], []],
           ['区审计局', 2, 'dual_publication_timely', '双公示按期报送率', '6.00', 'None', '6.00', '考核期内无双公示决定，按满分计', {}, [],
            []],
           ['区审计局', 3, 'dual_publication_compliance', '双公示数据合规率', '2.00', 'None', '2.00', '考核期内未报送双公示数据，按满分计', {},
            [], []],
           ['区审计局', 4, 'dual_publication_completeness', '双公示数据完整率', '2.00', 'None', '2.00', '考核期内无双公示决定，按满分计', {},
            [], []],
           ['区审计局', 5, 'rectification_on_time', '失信整改按期完成率', '10.00', 'None', '10.00', '考核期内无到期整改，按满分计', {}, [],
            []],
           ['区审计局', 6, 'commitment_fulfilment', '政务承诺履约率', '10.00', 'None', '10.00', '考核期内无认定履行情况的承诺，按满分计', {}, [],
            []],
           ['区审计局', 7, 'dispute_clues_on_time', '涉政纠纷线索按期受理办结率', '10.00', 'None', '10.00', '考核期内无到期线索，按满分计', {}, [],
            []],
           ['区审计局', 8, 'work_tasks_on_time', '督办任务按期完成率', '10.00', 'None', '10.00', '考核期内无到期督办任务，按满分计', {}, [], []],
           ['区审计局', 9, 'hotline_on_time_rate', '12345热线按期办结率', '6.00', 'None', 'None', '本期未导入该项数据，不参与计分（总分按适用指标折算）',
            {}, [], []],
           ['区审计局', 10, 'hotline_satisfaction', '12345热线群众满意率', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区审计局', 11, 'tv_supervision_findings', '电视问政曝光问题', '4.00', 'None', 'None', '本期未导入该项数据，不参与计分（总分按适用指标折算）',
            {}, [], []],
           ['区审计局', 12, 'air_quality_targets', '大气污染防治目标完成率', '3.00', 'None', 'None', '本期未导入该项数据，不参与计分（总分按适用指标折算）',
            {}, [], []],
           ['区审计局', 13, 'property_disputes_handled', '产权纠纷依法按期处置率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区市场监督管理局', 0, 'dishonesty_records', '失信记录', '20.00', '1.0000', '16.00', '',
            {'counts': {'general': 1, 'minor': 0, 'serious': 0}, 'staff_records': 1, 'unit_records': 0},
            ['record:#3@1'], []],
           ['区市场监督管理局', 1, 'objections_on_time', '异议按期答复率', '10.00', 'None', '10.00', '考核期内无到期异议，按满分计', {}, [], []],
           ['区市场监督管理局', 2, 'dual_publication_timely', '双公示按期报送率', '6.00', '33.3333', '0.00', '',
            {'counts': {'late': 2, 'on_time': 1}}, ['decision:#0', 'decision:#1', 'decision:#2'], []],
           ['区市场监督管理局', 3, 'dual_publication_compliance', '双公示数据合规率', '2.00', '100.0000', '2.00', '',
            {'counts': {'failed': 0, 'passed': 3}}, [], []],
           ['区市场监督管理局', 4, 'dual_publication_completeness', '双公示数据完整率', '2.00', '33.3300', '0.00', '',
            {'counts': {'decisions': 3}}, [], []],
           ['区市场监督管理局', 5, 'rectification_on_time', '失信整改按期完成率', '10.00', '0.0000', '0.00', '',
            {'counts': {'late': 1, 'on_time': 0}}, ['rectification:#1'], []],
           ['区市场监督管理局', 6, 'commitment_fulfilment', '政务承诺履约率', '10.00', '75.0000', '3.75', '',
            {'counts': {'fulfilled': 1, 'partly': 1, 'unfulfilled': 0}}, ['commitment:#0', 'commitment:#1'], []],
           ['区市场监督管理局', 7, 'dispute_clues_on_time', '涉政纠纷线索按期受理办结率', '10.00', 'None', '10.00', '考核期内无到期线索，按满分计', {},
            [], []],
           ['区市场监督管理局', 8, 'work_tasks_on_time', '督办任务按期完成率', '10.00', '100.0000', '10.00', '',
            {'counts': {'late': 0, 'on_time': 1}}, ['task:#0'], []],
           ['区市场监督管理局', 9, 'hotline_on_time_rate', '12345热线按期办结率', '6.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区市场监督管理局', 10, 'hotline_satisfaction', '12345热线群众满意率', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区市场监督管理局', 11, 'tv_supervision_findings', '电视问政曝光问题', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区市场监督管理局', 12, 'air_quality_targets', '大气污染防治目标完成率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区市场监督管理局', 13, 'property_disputes_handled', '产权纠纷依法按期处置率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区纪委监委', 0, 'dishonesty_records', '失信记录', '20.00', '0.0000', '20.00', '',
            {'counts': {'general': 0, 'minor': 0, 'serious': 0}}, [], []],
           ['区纪委监委', 1, 'objections_on_time', '异议按期答复率', '10.00', 'None', '10.00', '考核期内无到期异议，按满分计', {}, [], []],
           ['区纪委监委', 2, 'dual_publication_timely', '双公示按期报送率', '6.00', 'None', '6.00', '考核期内无双公示决定，按满分计', {}, [],
            []],
           ['区纪委监委', 3, 'dual_publication_compliance', '双公示数据合规率', '2.00', 'None', '2.00', '考核期内未报送双公示数据，按满分计', {},
            [], []],
           ['区纪委监委', 4, 'dual_publication_completeness', '双公示数据完整率', '2.00', 'None', '2.00', '考核期内无双公示决定，按满分计', {},
            [], []],
           ['区纪委监委', 5, 'rectification_on_time', '失信整改按期完成率', '10.00', 'None', '10.00', '考核期内无到期整改，按满分计', {}, [],
            []],
           ['区纪委监委', 6, 'commitment_fulfilment', '政务承诺履约率', '10.00', 'None', '10.00', '考核期内无认定履行情况的承诺，按满分计', {}, [],
            []],
           ['区纪委监委', 7, 'dispute_clues_on_time', '涉政纠纷线索按期受理办结率', '10.00', 'None', '10.00', '考核期内无到期线索，按满分计', {},
            [], []],
           ['区纪委监委', 8, 'work_tasks_on_time', '督办任务按期完成率', '10.00', 'None', '10.00', '考核期内无到期督办任务，按满分计', {}, [],
            []],
           ['区纪委监委', 9, 'hotline_on_time_rate', '12345热线按期办结率', '6.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区纪委监委', 10, 'hotline_satisfaction', '12345热线群众满意率', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区纪委监委', 11, 'tv_supervision_findings', '电视问政曝光问题', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['区纪委监委', 12, 'air_quality_targets', '大气污染防治目标完成率', '3.00', 'None', 'None', '本期未导入该项数据，不参与计分（总分按适用指标折算）',
            {}, [], []],
           ['区纪委监委', 13, 'property_disputes_handled', '产权纠纷依法按期处置率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['另一监督单位', 0, 'dishonesty_records', '失信记录', '20.00', '0.0000', '20.00', '',
            {'counts': {'general': 0, 'minor': 0, 'serious': 0}}, [], []],
           ['另一监督单位', 1, 'objections_on_time', '异议按期答复率', '10.00', 'None', '10.00', '考核期内无到期异议，按满分计', {}, [], []],
           ['另一监督单位', 2, 'dual_publication_timely', '双公示按期报送率', '6.00', 'None', '6.00', '考核期内无双公示决定，按满分计', {}, [],
            []],
           ['另一监督单位', 3, 'dual_publication_compliance', '双公示数据合规率', '2.00', 'None', '2.00', '考核期内未报送双公示数据，按满分计', {},
            [], []],
           ['另一监督单位', 4, 'dual_publication_completeness', '双公示数据完整率', '2.00', 'None', '2.00', '考核期内无双公示决定，按满分计', {},
            [], []],
           ['另一监督单位', 5, 'rectification_on_time', '失信整改按期完成率', '10.00', 'None', '10.00', '考核期内无到期整改，按满分计', {}, [],
            []],
           ['另一监督单位', 6, 'commitment_fulfilment', '政务承诺履约率', '10.00', 'None', '10.00', '考核期内无认定履行情况的承诺，按满分计', {},
            [], []],
           ['另一监督单位', 7, 'dispute_clues_on_time', '涉政纠纷线索按期受理办结率', '10.00', 'None', '10.00', '考核期内无到期线索，按满分计', {},
            [], []],
           ['另一监督单位', 8, 'work_tasks_on_time', '督办任务按期完成率', '10.00', 'None', '10.00', '考核期内无到期督办任务，按满分计', {}, [],
            []],
           ['另一监督单位', 9, 'hotline_on_time_rate', '12345热线按期办结率', '6.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['另一监督单位', 10, 'hotline_satisfaction', '12345热线群众满意率', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['另一监督单位', 11, 'tv_supervision_findings', '电视问政曝光问题', '4.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['另一监督单位', 12, 'air_quality_targets', '大气污染防治目标完成率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []],
           ['另一监督单位', 13, 'property_disputes_handled', '产权纠纷依法按期处置率', '3.00', 'None', 'None',
            '本期未导入该项数据，不参与计分（总分按适用指标折算）', {}, [], []]],
 'run': ['draft', 6, 1, 1,
         {'as_of': '2025-09-30',
          'increment': 1,
          'increment_units': ['unit:#0'],
          'pending_sources': [],
          'stock': 1,
          'stock_units': ['unit:#0']},
         '2025-10-27', 16, 16],
 'scores': [['凤城街道办事处', 'street', '37.50', 6, 'fail', True,
             {'held_out': [], 'records': ['record:#4@1'], 'vetoed': True},
             '整改案件 #c0（待说明，2025-08-05 立案）整改完成前取消评选评优资格；整改案件 #c3（待说明，2025-08-20 立案）整改完成前取消评选评优资格；整改案件 '
             '#c1（待说明，2025-09-03 立案）整改完成前取消评选评优资格；整改案件 #c4（待说明，2025-09-11 立案）整改完成前取消评选评优资格；被列为失信被执行人（2025-08-20 '
             '起）'],
            ['区发展和改革局', 'department', '100.00', 1, 'excellent', False, {}, ''],
            ['区审计局', 'department', '100.00', 1, 'excellent', False, {}, ''],
            ['区市场监督管理局', 'department', '64.69', 5, 'pass', False, {}, '整改案件 #c2（待说明，2025-06-03 立案）整改完成前取消评选评优资格'],
            ['区纪委监委', 'department', '100.00', 1, 'excellent', False, {}, ''],
            ['另一监督单位', 'department', '100.00', 1, 'excellent', False, {}, '']]}
