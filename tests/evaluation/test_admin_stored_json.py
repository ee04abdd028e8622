"""The admin shows a run's snapshot of its scheme and its zero-status detail, and a reply query, by names: the
indicators by name and source (失信记录（单位及其工作人员）), 适用单位 by label, 数据截至 as a date; never by the keys
the code stores (dishonesty_records, applies_to, as_of, hotline_on_time_rate)."""
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
