"""Issue #17 items 3 and 6: publishing scores first says what it does; a queued run shows real steps. The office
reaches the feedback it answers from the evaluation home. Numbers a user reads: indicator values without padding
zeros, the run's digest explained."""
import datetime

import pytest
from django.urls import reverse

from evaluation import services
from evaluation.choices import RunStatus, RunTrigger
from integrity_portal.numbers import plain_number

from .conftest import run

pytestmark = pytest.mark.django_db


def test_publishing_scores_first_says_what_it_does_to_how_many_units(client, cast, scheme):
    draft = run()
    client.force_login(cast.office)
    detail = client.get(reverse("evaluation:run_detail", args=[draft.pk])).content.decode()
    url = reverse("evaluation:run_publish", args=[draft.pk])
    assert f'<a class="btn" href="{url}">发布考核结果</a>' in detail
    page = client.get(url).content.decode()
    assert f"涉及 {draft.scores.count()} 个单位" in page and "向社会公开" in page and "不能撤回" in page
    draft.refresh_from_db()
    assert draft.status == RunStatus.DRAFT


def test_a_queued_run_says_it_waits_instead_of_zero_of_zero_steps(client, cast, scheme):
    queued = services.run_start(period="2025Q3", actor=cast.office, trigger=RunTrigger.OFFICE)
    client.force_login(cast.office)
    html = client.get(reverse("evaluation:run_detail", args=[queued.pk])).content.decode()
    assert "0 / 0 步" not in html and "已排队，等待后台开始计算" in html
    assert "计算中 → 计算中" not in html


def test_the_office_is_led_from_the_evaluation_home_to_the_run_page_where_it_answers_feedback(client, cast, scheme):
    """有 N 条单位反馈待答复 was plain text: the feedback is answered on its run's page (fails on the old page)."""
    draft = run()
    query = services.query_raise(score=draft.scores.get(unit=cast.unit_a), indicator_key="dishonesty_records",
                                 actor=cast.clerk_a, reason="本单位记录有误", today=datetime.date(2025, 10, 21))
    client.force_login(cast.office)
    home = client.get(reverse("evaluation:workspace_home")).content.decode()
    run_url = reverse("evaluation:run_detail", args=[draft.pk]) + "#queries"
    assert f'<a href="{run_url}">有 1 条单位反馈待答复。</a>' in home
    page = client.get(reverse("evaluation:run_detail", args=[draft.pk])).content.decode()
    section = page[page.index('id="queries"'):]
    assert reverse("evaluation:query_answer", args=[query.pk]) in section[:section.index("</section>")]


def test_units_told_to_check_a_draft_are_told_when_it_is_published(cast, scheme):
    """A clerk's inbox ended on 「…考核结果（第 1 版）待反馈」 long after the version was published: nothing told the
    units that the reply window had closed and the results were final (fails on the old run_publish: no notice)."""
    import datetime

    from notifications.models import Notice
    from notifications.services import outbox_sweep

    draft = run()
    outbox_sweep()
    told = Notice.objects.filter(recipient=cast.clerk_a).values_list("title", flat=True)
    assert any(title.endswith("待反馈") for title in told)
    services.run_publish(run=draft, actor=cast.office, today=draft.reply_until + datetime.timedelta(days=1))
    outbox_sweep()
    published = Notice.objects.filter(recipient=cast.clerk_a, title__endswith="已发布")
    assert [(n.title, n.link) for n in published] == [
        (f"{draft.period.label}政务诚信考核结果（第 {draft.version} 版）已发布",
         reverse("evaluation:run_detail", args=[draft.pk]))]
    scored = set(draft.scores.values_list("unit_id", flat=True))
    told_units = set(Notice.objects.filter(title__endswith="已发布").values_list("recipient__unit_id", flat=True))
    assert told_units and told_units <= scored


def test_indicator_values_read_without_padding_zeros(client, cast, scheme):
    version = run()
    services.run_publish(run=version, actor=None, today=version.reply_until + datetime.timedelta(days=1))
    score = version.scores.get(unit=cast.unit_a)
    values = [item.value for item in score.items.all() if item.value is not None]
    assert {str(v) for v in values} & {"0.0000", "100.0000"}  # stored with four decimals
    public = client.get(reverse("evaluation:public_score", args=[score.pk])).content.decode()
    client.force_login(cast.office)
    staff = client.get(reverse("evaluation:score_detail", args=[score.pk])).content.decode()
    for page in (public, staff):
        assert ".0000<" not in page
        for value in values:
            assert f'<td class="num">{plain_number(value)}</td>' in page


def test_the_digest_is_shown_whole_and_explained_under_technical_information(client, cast, scheme):
    version = run()
    client.force_login(cast.office)
    html = client.get(reverse("evaluation:run_detail", args=[version.pk])).content.decode()
    assert "输入摘要" not in html and "<summary>技术信息（供核对、审计）</summary>" in html
    assert f'<dd class="mono" data-testid="inputs-digest">{version.inputs_digest}</dd>' in html
    assert "两个版本的摘要相同，说明数据和得分完全一致" in html
