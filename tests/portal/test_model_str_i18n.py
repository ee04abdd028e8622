"""A model's name (``str(obj)``: admin lists, breadcrumbs, history, select options, ``{{ obj }}``) reads in the
active language: Chinese as before, English with no Chinese words or full-width punctuation when the data has none.
The names were built from Chinese literals (异议 #3：…, 第2版, 通过, （）), so English pages showed Chinese."""
import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from commitments.models import Commitment, CommitmentChange, Milestone
from decisions.models import Decision, DecisionCheck
from disputes.models import ClueNote
from evaluation.models import DemonstrationUnit, Indicator, InputValue, Period, Run
from objections.models import Objection, Repair
from records.models import CivilServant, CreditRecord, Unit
from records.models.credit import CadreCheck
from records.models.imports import ImportJob
from records.models.punishment import (
    CourtListImport,
    RectificationCase,
    RestrictionFlag,
    ZeroStatusRevision,
    ZeroStatusSnapshot,
)
from records.models.reports import CreditReport
from workdays.models import CalendarException, CalendarYear, Clock, Policy

D = datetime.date
# CJK ideographs and the full-width forms (（）：，) and CJK punctuation (、。).
CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")

UNIT = Unit(name="Market Bureau")
RECORD = CreditRecord(pk=7, kind="administrative_penalty", title="Late filing")
SERVANT = CivilServant(name="Zhang Ming", id_number="37120219900307001X", unit=UNIT)
YEAR_2025 = Period(code="2025", year=2025, quarter=None)

# (object, its name in Chinese as the f-strings wrote it before): ASCII data only.
NAMES = {
    "objection": (Objection(pk=3, record=RECORD), "异议 #3：Late filing"),
    "repair": (Repair(pk=4, record=RECORD), "信用修复 #4：Late filing"),
    "rectification case": (RectificationCase(pk=5, unit=UNIT), "整改 #5：Market Bureau"),
    "zero status": (ZeroStatusSnapshot(period="2026Q3", stock_count=2, increment_count=0), "2026Q3：存量 2，增量 0"),
    "zero status revision": (ZeroStatusRevision(snapshot=ZeroStatusSnapshot(period="2026Q3"), stock_count=2,
                                                increment_count=0), "2026Q3 变更前：存量 2，增量 0"),
    "unit credit report": (CreditReport(subject_type="unit", code="ABCD2345EFGH"), "单位信用报告 ABCD-2345-EFGH"),
    "personal credit report": (CreditReport(subject_type="person", code="ABCD2345EFGH"),
                               "公务员信用报告 ABCD-2345-EFGH"),
    "evaluation run": (Run(period=YEAR_2025, version=2, status="published"), "2025年 第2版（已发布）"),
    "calendar year": (CalendarYear(year=2026, status="official", revision=2), "2026（正式（国务院办公厅通知），第2版）"),
    "decision check passed": (DecisionCheck(document_number="X-1", passed=True), "X-1：通过"),
    "decision check failed": (DecisionCheck(document_number="X-1", passed=False), "X-1：未通过"),
    "decision": (Decision(act="penalty", document_number="X-1", subject_name="Acme Ltd"), "行政处罚 X-1：Acme Ltd"),
    "milestone": (Milestone(title="Phase one", due_date=D(2026, 5, 1)), "Phase one（2026-05-01）"),
    "commitment change": (CommitmentChange(kind="change", commitment=Commitment(code="C-1", title="Road repair")),
                          "变更：C-1 Road repair"),
    "clue note": (ClueNote(clue_id=9, kind="progress", visibility="public"), "#9 办理进展（公开（提交人可见））"),
    "calendar exception": (CalendarException(date=D(2026, 10, 1), name="National Day", kind="holiday"),
                           "2026-10-01 National Day（法定节假日（放假））"),
    "policy": (Policy(name="Answer period", scope="unit-a", version=1, value=3, unit="working_days"),
               "Answer period[unit-a] v1：3 工作日"),
    # Named by the rule it counts, not by its purpose key (objection_answer).
    "clock": (Clock(purpose="objection_answer", object_id=3, start_date=D(2026, 5, 1), due_date=D(2026, 5, 6),
                    state="running", policy=Policy(name="Answer period", version=1, value=10, unit="working_days")),
              "Answer period #3：2026-05-01 → 2026-05-06（计时中）"),
    "demonstration unit": (DemonstrationUnit(year=2026, category="street", community="Fengcheng"),
                           "2026 诚信示范街道：Fengcheng"),
    "indicator": (Indicator(name="Answers on time", weight=Decimal("10.00")), "Answers on time（10.00）"),
    # A figure nobody named reads as its key: the imported figures' own names are Chinese vocabulary.
    "input value": (InputValue(period=YEAR_2025, unit=UNIT, key="custom_figure", value=Decimal("12.50")),
                    "2025年 Market Bureau custom_figure：12.5"),
    "credit record": (RECORD, "行政处罚：Late filing"),
    "cadre check": (CadreCheck(purpose="appointment", civil_servant=SERVANT), "任前审查：Zhang Ming"),
    "civil servant": (SERVANT, "Zhang Ming（371*************1X）"),
    "import job": (ImportJob(kind="administrative_penalty", original_name="penalties.xlsx"), "行政处罚：penalties.xlsx"),
    "restriction flag": (RestrictionFlag(unit=UNIT, kind="financing", since=D(2026, 1, 1), until=None),
                         "Market Bureau：限制融资授信（2026-01-01–）"),
    "court list import": (CourtListImport(original_name="court.xlsx", status="done"), "court.xlsx（已导入）"),
}


@pytest.mark.parametrize("name", NAMES)
def test_a_models_name_reads_in_chinese_as_before(name):
    obj, chinese = NAMES[name]
    with translation.override("zh-hans"):
        assert str(obj) == chinese


@pytest.mark.requires("msgfmt")
@pytest.mark.parametrize("name", NAMES)
def test_a_models_name_reads_in_english_without_chinese(name):
    obj, chinese = NAMES[name]
    with translation.override("en"):
        english = str(obj)
    assert not CHINESE.search(english), english
    assert english != chinese


@pytest.mark.requires("msgfmt")
def test_the_labels_built_in_python_read_in_english():
    """The admin's header, the civil-servant options of the file check form: Chinese words or full-width
    brackets written in code."""
    import importlib

    from django.conf import settings
    from django.contrib import admin

    from records.forms_file import ServantChoiceField

    importlib.import_module(settings.ROOT_URLCONF)  # it names the admin site
    field = ServantChoiceField(queryset=CivilServant.objects.none())
    with translation.override("zh-hans"):
        assert str(admin.site.site_header).endswith(" · 管理后台") and str(admin.site.index_title) == "区信用办管理"
        assert field.label_from_instance(SERVANT) == "Zhang Ming（371*************1X）· Market Bureau"
    with translation.override("en"):
        assert str(admin.site.site_header).endswith(" · Administration")
        assert not CHINESE.search(str(admin.site.index_title))
        assert field.label_from_instance(SERVANT) == "Zhang Ming (371*************1X) · Market Bureau"


@pytest.mark.django_db
@pytest.mark.requires("msgfmt")
def test_a_weekend_and_an_answer_period_read_in_english():
    from objections.services import answer_policy_choices
    from workdays.calendar import get_calendar

    calendar = get_calendar()
    with translation.override("zh-hans"):
        assert calendar.day_reason(D(2026, 10, 11)) == "周末"
        assert all("：" in label for _key, label in answer_policy_choices())
    with translation.override("en"):
        assert calendar.day_reason(D(2026, 10, 11)) == "Weekend"
        assert dict(calendar.add_working_days(D(2026, 10, 16), 1).skipped)[D(2026, 10, 17)] == "Weekend"
        labels = [label for _key, label in answer_policy_choices()]
    assert labels and not [label for label in labels if CHINESE.search(label)], labels
