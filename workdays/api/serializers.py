import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ..choices import PolicyUnit
from ..models import CalendarException, CalendarYear, Policy

MAX_DAYS = 3650
# The dates a deadline may start from: far enough either way for any real deadline, near enough that
# adding MAX_DAYS working days stays a date.
START_RANGE = [MinValueValidator(datetime.date(1900, 1, 1)), MaxValueValidator(datetime.date(2999, 12, 31))]


class WorkdayAddQuerySerializer(serializers.Serializer):
    start = serializers.DateField(label=_("起算日"), help_text=_("YYYY-MM-DD；起算日当天不计入。"),
                                  validators=START_RANGE)
    days = serializers.IntegerField(label=_("工作日数"), min_value=0, max_value=MAX_DAYS)


class WorkdayCheckQuerySerializer(serializers.Serializer):
    date = serializers.DateField(label=_("日期"), help_text=_("YYYY-MM-DD"))


class SkippedDaySerializer(serializers.Serializer):
    date = serializers.DateField()
    reason = serializers.CharField()


class WorkdayAddResultSerializer(serializers.Serializer):
    start = serializers.DateField()
    days = serializers.IntegerField()
    date = serializers.DateField()
    provisional = serializers.BooleanField()
    counted = serializers.IntegerField(help_text=_("计入的工作日数。"))
    counted_days = serializers.ListField(child=serializers.DateField())
    skipped = SkippedDaySerializer(many=True)
    makeup_days = serializers.ListField(child=serializers.DateField(), help_text=_("计入的调休上班日。"))
    calendar_revision = serializers.CharField()


class WorkdayCheckResultSerializer(serializers.Serializer):
    date = serializers.DateField()
    workday = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)
    provisional = serializers.BooleanField()


class CalendarExceptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CalendarException
        fields = ["date", "kind", "name"]


class CalendarYearSerializer(serializers.ModelSerializer):
    exceptions = CalendarExceptionSerializer(many=True, read_only=True)

    class Meta:
        model = CalendarYear
        fields = ["id", "year", "status", "source_notice", "revision", "updated_at", "exceptions"]


class PolicySerializer(serializers.ModelSerializer):
    class Meta:
        model = Policy
        fields = [
            "id", "key", "scope", "version", "name", "value", "unit", "start_event", "applies_to",
            "legal_basis", "is_current", "created_at",
        ]


class PolicyReviseSerializer(serializers.Serializer):
    value = serializers.IntegerField(label=_("期限数值"), min_value=0)
    unit = serializers.ChoiceField(label=_("期限单位"), choices=PolicyUnit.choices)
    legal_basis = serializers.CharField(label=_("法律依据"))
    name = serializers.CharField(label=_("规则名称"), required=False)
    start_event = serializers.CharField(label=_("起算事件"), required=False, allow_blank=True)
    applies_to = serializers.CharField(label=_("适用对象"), required=False, allow_blank=True)
