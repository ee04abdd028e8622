"""Issue #17 items 3 and 6: publishing scores first says what it does; a queued run shows real steps."""
import pytest
from django.urls import reverse

from evaluation import services
from evaluation.choices import RunStatus, RunTrigger

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
