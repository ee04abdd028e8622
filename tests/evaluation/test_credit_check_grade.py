"""A unit's credit check carries its latest published evaluation grade (issue 15 item 7, clause 5)."""
import datetime

import pytest

from evaluation import services
from tests.evaluation.conftest import run

pytestmark = pytest.mark.django_db

CHECK = "/api/v1/credit-check/"
WHY = {"purpose": "评优评先资格审查", "matter": "2026年度诚信示范单位推荐"}


def test_the_check_carries_the_latest_published_grade_never_a_draft(cast, api, scheme):
    client = api.as_(cast.api_client)
    draft = run()
    assert client.get(CHECK, {"code": cast.unit_a.code, **WHY}).json()["latest_grade"] is None  # a draft is not
    services.run_publish(run=draft, actor=cast.office, today=draft.reply_until + datetime.timedelta(days=1))
    score = draft.scores.get(unit=cast.unit_a)
    grade = client.get(CHECK, {"code": cast.unit_a.code, **WHY}).json()["latest_grade"]
    assert (grade["period"], grade["grade"], grade["total"]) == ("2025Q3", score.grade, str(score.total))
    assert grade["grade_label"] == score.get_grade_display()
