"""Issue #17 item 4: the leader dashboard opens on the latest published run, every bar is a link to the unit's
score, a veto says why in words, and a trend with fewer than two periods says so instead of drawing dots."""
import datetime
import re

import pytest
from django.urls import reverse

from evaluation import services

from .conftest import defaulter, run

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("evaluation:dashboard")


def publish(version):
    services.run_publish(run=version, actor=None, today=version.reply_until + datetime.timedelta(days=1))
    return version


def test_it_opens_on_the_latest_published_run_not_a_draft_in_its_reply_window(client, cast, scheme):
    published = publish(run("2025Q2", today=D(2025, 7, 20)))
    draft = run()  # 2025Q3, later, still in its reply window
    client.force_login(cast.leader)
    page = client.get(URL)
    assert page.context["run"] == published
    assert client.get(URL, {"run": draft.pk}).context["run"] == draft  # a draft is still there to pick
    # A run that is not an id is ignored (issue 16 item 6): the dashboard opens as without it.
    assert client.get(URL, {"run": "x"}).context["run"] == published


def test_before_anything_is_published_it_shows_the_latest_draft(client, cast, scheme):
    draft = run()
    client.force_login(cast.leader)
    assert client.get(URL).context["run"] == draft


def test_every_bar_and_label_of_the_ranking_is_a_link_to_the_units_score(client, cast, scheme):
    version = publish(run())
    client.force_login(cast.leader)
    html = client.get(URL).content.decode()
    chart = html.split('<figure class="bars">')[1].split("</figure>")[0]
    links = re.findall(r'<a class="bars__item bars__link" href="([^"]+)"><span class="bars__label">([^<]+)</span>',
                       chart)
    assert sorted(links) == sorted((reverse("evaluation:score_detail", args=[s.pk]), s.unit_name)
                                   for s in version.scores.all())


def test_a_veto_says_why_in_words_next_to_the_score(client, cast, scheme):
    defaulter(cast, cast.unit_b, listed=D(2025, 8, 1))
    version = publish(run())
    assert version.scores.get(unit=cast.unit_b).vetoed
    client.force_login(cast.leader)
    html = client.get(URL).content.decode()
    assert f"{cast.unit_b.name}：一票否决：考核期内被列为失信被执行人（1 条记录），等次定为不合格" in html
    assert "bars__row bars__row--alert" in html


def test_a_trend_of_one_period_says_so_and_draws_nothing(client, cast, scheme):
    publish(run())
    client.force_login(cast.leader)
    page = client.get(URL)
    html = page.content.decode()
    assert "已有结果的期间不足两期，暂无趋势可比" in html and "chart--trend" not in html
    assert page.context["trend_codes"] == ["2025Q3"]  # the table keeps only periods with figures


def test_a_trend_of_two_periods_is_drawn_with_its_legend_linking_to_the_scores(client, cast, scheme):
    publish(run("2025Q2", today=D(2025, 7, 20)))
    latest = publish(run())
    client.force_login(cast.leader)
    html = client.get(URL).content.decode()
    assert "chart--trend" in html and "暂无趋势可比" not in html
    legend = html.split('<ul class="trend__legend">')[1].split("</ul>")[0]
    assert reverse("evaluation:score_detail", args=[latest.scores.get(unit=cast.unit_a).pk]) in legend
    assert all(int(size) >= 12 for size in re.findall(r'font-size="(\d+)"', html))
