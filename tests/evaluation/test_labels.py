"""What a user reads for the evaluation's internal keys (issue 17: no internal name reaches a user)."""
from evaluation.labels import detail_label, indicator_label
from evaluation.scoring import describe
from workdays.templatetags.workdays_labels import calendar_revision_label


def test_counts_and_figures_read_as_their_labels():
    assert detail_label("serious") == "严重" and detail_label("unrectified") == "未整改"
    assert detail_label("hotline_cases") != "hotline_cases"
    assert indicator_label("hotline_on_time_rate") != "hotline_on_time_rate"


def test_a_deduction_per_kind_names_the_kinds():
    text = describe("deduction", "lower_better", {"per_kind": {"serious": 10, "general": 4}, "cap": 20})
    assert "serious" not in text and "严重每项扣 10 分" in text


def test_the_calendar_revision_reads_as_words():
    assert calendar_revision_label("2026r1,2027p") == "2026年 正式第 1 版、2027年 暂定（仅按周末）"


def test_a_period_reads_in_the_active_language():
    """Period labels were written in Chinese in code, so the English pages read 2026年第3季度 (fails on the old
    label: the same text in either language)."""
    from django.utils import translation

    from evaluation.models import Period
    from evaluation.periods import parse_period

    quarter, year = parse_period("2026Q3"), Period(code="2025", year=2025, quarter=None)
    assert (quarter.label, year.label) == ("2026年第3季度", "2025年")
    with translation.override("en"):
        assert (quarter.label, year.label) == ("Q3 2026", "2025")


def test_the_rules_in_words_use_the_active_languages_separators():
    """The methodology page describes the rules at request time: the joins were a literal ；and the bands Chinese
    words (fails on the old code: "Serious: 10 points deducted per item；General: …", "≥95 得 100%")."""
    from django.utils import translation

    deduction = ("deduction", "lower_better", {"per_kind": {"serious": 10, "general": 4}, "cap": 20})
    bands = ("thresholds", "higher_better", {"bands": [[95, 1], [90, 0.5]], "otherwise": 0})
    with translation.override("en"):
        english = describe(*deduction) + describe(*bands)
    assert "；" not in english and "得" not in english and "item; " in english and "≥95 scores 100%; ≥90" in english
    with translation.override("zh-hans"):
        assert "严重每项扣 10 分；一般每项扣 4 分" in describe(*deduction)
        assert describe(*bands) == "分档计分：≥95 得 100%；≥90 得 50%；其余得 0%。"
