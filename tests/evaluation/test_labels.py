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
