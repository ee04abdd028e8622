from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..indicators import refs
from ..models import IndicatorScore, Period, Run, Score


class RunSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Run
        fields = ["id", "version", "status", "created_at", "finished_at", "reply_until", "published_at",
                  "unit_count", "stock_count", "increment_count", "inputs_digest"]


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)
    runs = serializers.SerializerMethodField()

    class Meta:
        model = Period
        fields = ["id", "code", "label", "year", "quarter", "start", "end", "runs"]

    @extend_schema_field(RunSummarySerializer(many=True))
    def get_runs(self, period) -> list:
        return RunSummarySerializer(getattr(period, "visible_runs", []), many=True).data


class IndicatorScoreSerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="indicator_key")
    evidence_count = serializers.SerializerMethodField()
    held_out_count = serializers.SerializerMethodField()

    class Meta:
        model = IndicatorScore
        fields = ["key", "name", "weight", "value", "points", "note", "detail", "evidence_count", "held_out_count"]

    def get_evidence_count(self, item) -> int:
        return len(refs(item.evidence))

    def get_held_out_count(self, item) -> int:
        return len(refs(item.held_out))


class ScoreSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="run.period.code")
    version = serializers.IntegerField(source="run.version")
    run_status = serializers.CharField(source="run.status")
    items = IndicatorScoreSerializer(many=True)

    class Meta:
        model = Score
        fields = ["id", "run", "period", "version", "run_status", "unit", "unit_name", "unit_kind", "total", "rank",
                  "grade", "vetoed", "items"]
