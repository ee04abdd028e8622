"""The admin shows a run's snapshot of its scheme and its zero-status detail, and a reply query, by names: the
indicators by name and source (失信记录（单位及其工作人员）), 适用单位 by label, 数据截至 as a date; never by the keys
the code stores (dishonesty_records, applies_to, as_of, hotline_on_time_rate)."""
import datetime

import pytest
from django.urls import reverse

from evaluation.labels import indicator_label
from evaluation.models import IndicatorScore, ReplyQuery
from tests.evaluation.conftest import run
from tests.support.admin import keys_shown

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, cast):
    client.force_login(cast.office)
    return client


def test_a_runs_scheme_snapshot_and_zero_detail_read_by_names(office, cast, scheme):
    done = run()
    keys = [i["key"] for i in done.scheme_snapshot["indicators"]]
    assert {"dishonesty_records", "dual_publication_timely", "air_quality_targets"} <= set(keys)
    html = office.get(reverse("admin:evaluation_run_change", args=[done.pk])).content.decode()
    for name in ("失信记录", "双公示按期报送率", indicator_label("air_quality_targets"), "全部被考核单位", "数据截至",
                 "权重合计", "优秀分数线", done.as_of.isoformat()):
        assert name in html, name
    assert keys_shown(html, [*keys, "applies_to", "as_of", "stock_units", "increment_units", "pending_sources",
                             "total_weight", "excellent_from", "indicators", "methodology", "all", "linear",
                             "higher_better", "lower", "upper"]) == []


def test_a_reply_query_names_its_indicator_everywhere_on_its_page(office, cast, scheme):
    run()
    item = IndicatorScore.objects.get(score__unit=cast.unit_a, indicator_key="hotline_on_time_rate")
    query = ReplyQuery.objects.create(run=item.score.run, score=item.score, indicator_key=item.indicator_key,
                                      reason="数据有误", raised_by=cast.clerk_a)
    html = office.get(reverse("admin:evaluation_replyquery_change", args=[query.pk])).content.decode()
    assert indicator_label("hotline_on_time_rate") in html
    assert keys_shown(html, ["hotline_on_time_rate"]) == []


def test_a_scores_veto_basis_and_an_indicators_counts_read_by_names(office, cast, scheme):
    """Fails on the old admin: 否决依据 and 计数明细 were the stored JSON ({"vetoed": true, "records": "record:7@1"},
    {"counts": {"serious": 1, …}, "unit_records": 1, …})."""
    import html as html_lib

    from tests.evaluation.conftest import defaulter

    record = defaulter(cast, cast.unit_b, listed=datetime.date(2024, 5, 1))
    score = run().scores.get(unit=cast.unit_b)
    assert score.vetoed and score.veto_detail["records"].startswith("record:")
    page = html_lib.unescape(office.get(reverse("admin:evaluation_score_change", args=[score.pk])).content.decode())
    assert f"<th scope=\"row\">失信被执行人记录</th><td>{record.title}</td>" in page
    assert "<th scope=\"row\">一票否决</th><td>是</td>" in page
    assert "record:" not in page and keys_shown(page, ["vetoed", "records", "held_out"]) == []

    item = IndicatorScore.objects.get(score=score, indicator_key="dishonesty_records")
    item.detail = {"counts": {"general": 2, "minor": 0, "serious": 2}, "staff_records": 0, "unit_records": 4}
    item.save(update_fields=["detail"])  # as a unit with records stores it (test_run_storage)
    page = html_lib.unescape(office.get(reverse("admin:evaluation_indicatorscore_change", args=[item.pk]))
                             .content.decode())
    assert "<th scope=\"row\">严重</th><td>2</td>" in page and "<th scope=\"row\">单位记录</th><td>4</td>" in page
    assert keys_shown(page, ["counts", "serious", "general", "minor", "unit_records", "staff_records"]) == []


def test_a_scores_unit_kind_and_an_indicators_evidence_read_by_names(office, cast, scheme):
    """Fails on the old admin: 单位类别 was the stored key (street), 计入的明细 and 暂不计入的明细 the stored references
    (record:7@1,decision:3)."""
    import html as html_lib

    from tests.evaluation.conftest import defaulter

    counted = defaulter(cast, cast.unit_b, listed=datetime.date(2024, 5, 1))
    held = defaulter(cast, cast.unit_b, listed=datetime.date(2024, 6, 1))
    score = run().scores.get(unit=cast.unit_b)
    page = html_lib.unescape(office.get(reverse("admin:evaluation_score_change", args=[score.pk])).content.decode())
    assert score.unit_kind == "street" and '<div class="readonly">街道</div>' in page
    assert keys_shown(page, ["street"]) == []

    item = IndicatorScore.objects.get(score=score, indicator_key="dishonesty_records")
    item.evidence, item.held_out = f"record:{counted.pk}@1", f"record:{held.pk}@1,decision:999999"
    item.save(update_fields=["evidence", "held_out"])
    page = html_lib.unescape(office.get(reverse("admin:evaluation_indicatorscore_change", args=[item.pk]))
                             .content.decode())
    assert f"<th scope=\"row\">{counted.title}</th>" in page and f"<th scope=\"row\">{held.title}</th>" in page
    assert f"record:{counted.pk}" not in page and f"record:{held.pk}" not in page
    assert "decision:999999" in page  # a reference to nothing readable is shown as stored, never hidden
