"""integrity_portal.pg.insert_rows: COPY on PostgreSQL writes the same row save() writes (JSON, decimals,
nulls, foreign keys, text with quotes and tabs), and bulk_create elsewhere."""
from decimal import Decimal

import pytest

from evaluation.models import IndicatorScore, Score
from evaluation.services import scheme_create_default
from evaluation.services.runs import evaluation_run
from integrity_portal.pg import insert_rows

pytestmark = pytest.mark.django_db

FIELDS = ["score_id", "indicator_key", "name", "weight", "value", "points", "note", "detail", "evidence",
          "held_out", "order"]


def test_insert_rows_writes_what_save_writes(cast):
    scheme_create_default(year=2025)
    run = evaluation_run(period="2025")
    score = Score.objects.filter(run=run).first()
    template = dict(score=score, indicator_key="extra", name="测试指标", weight=Decimal("12.50"), value=None,
                    points=Decimal("3.25"), note="备注\t换行\n", detail={"counts": {"on_time": 1, "late": 0}, "text": "引号\"和\\"},
                    evidence="record:1@1,record:2@3", held_out="", order=99)
    saved = IndicatorScore(**template)
    saved.save()
    copied = {**template, "score_id": score.pk, "indicator_key": "copied"}
    insert_rows(IndicatorScore, FIELDS, [tuple(copied[name] for name in FIELDS)])
    rows = {row["indicator_key"]: row for row in IndicatorScore.objects.filter(
        score=score, indicator_key__in=["extra", "copied"]).values(*FIELDS)}
    assert rows["copied"] == {**rows["extra"], "indicator_key": "copied"}
