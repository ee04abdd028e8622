"""The 双公示 import (issue 14 item 3): both layouts of the national standard and the header variants import
identically; errors by row and by the header as written; all or nothing; dry run; encodings; 413; formulas."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from decisions.imports import decisions_import
from decisions.models import Decision, DecisionCheck
from integrity_portal.workbooks import WorkbookTooLarge

from .files import (
    LICENCE_2016_HEADERS,
    LICENCE_CURRENT_HEADERS,
    PENALTY_2016_HEADERS,
    PENALTY_CURRENT_HEADERS,
    csv,
    current_licence_line,
    current_penalty_line,
    licence_2016_line,
    licence_decisions,
    penalty_2016_line,
    penalty_decisions,
    xlsx,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 10)
COMPARED = ("act", "subject_category", "subject_name", "legal_representative", "document_number", "violation_type",
            "violation_facts", "legal_basis", "penalty_categories", "content", "fine_amount", "confiscated_amount",
            "decision_date", "validity_status", "severity", "subject__uscc", "subject__id_type", "subject__id_number")


def run(cast, data: bytes, name: str = "处罚.xlsx", **kw):
    return decisions_import(actor=cast.clerk_a, department=cast.unit_a, file_bytes=data, name=name, today=TODAY, **kw)


def imported(version: int) -> list[tuple]:
    return list(Decision.objects.filter(version=version).order_by("document_number").values_list(*COMPARED))


def test_the_current_and_the_2016_layout_import_identically(cast):
    decisions = penalty_decisions(cast.unit_a.name, n=4)
    current = run(cast, xlsx(PENALTY_CURRENT_HEADERS, [current_penalty_line(d) for d in decisions]))
    assert (current.act, current.rows, current.imported, current.errors) == ("penalty", 4, 4, [])
    old = run(cast, xlsx(PENALTY_2016_HEADERS, [penalty_2016_line(d) for d in decisions]), name="2016.xlsx")
    assert (old.act, old.rows, old.imported, old.errors) == ("penalty", 4, 4, [])
    assert imported(1) == imported(2)  # the same document numbers: the second file is each one's next version
    assert {row[1] for row in imported(1)} == {"legal_person", "natural_person"}


def test_licences_in_both_layouts_import_identically(cast):
    decisions = licence_decisions(cast.unit_a.name)
    current = run(cast, xlsx(LICENCE_CURRENT_HEADERS, [current_licence_line(d) for d in decisions]))
    old = run(cast, xlsx(LICENCE_2016_HEADERS, [licence_2016_line(d) for d in decisions]))
    assert (current.act, current.imported, current.errors, old.act, old.imported, old.errors) == (
        "licence", 2, [], "licence", 2, [])
    fields = ("act", "subject_name", "subject__uscc", "legal_representative", "document_name", "document_number",
              "licence_category", "content", "decision_date", "valid_from", "valid_to", "validity_status")
    first, second = (list(Decision.objects.filter(version=v).order_by("document_number").values_list(*fields))
                     for v in (1, 2))
    assert first == second and first[0][8] == first[0][9]  # 2016 has no 有效期自: it is the decision date


@pytest.mark.parametrize("variant", ["full-width brackets, spaces, reversed", "title line", "csv utf-8",
                                     "csv utf-8 bom", "csv gb18030"])
def test_header_variants_and_encodings_import_identically(cast, variant):
    decisions = penalty_decisions(cast.unit_a.name)
    lines = [current_penalty_line(d) for d in decisions]
    if variant.startswith("full-width"):
        headers = [" " + h.replace("(", "（").replace(")", "） ") for h in PENALTY_CURRENT_HEADERS][::-1]
        data, name = xlsx(headers, [line[::-1] for line in lines]), "x.xlsx"
    elif variant == "title line":
        data, name = xlsx(PENALTY_CURRENT_HEADERS, lines, title_lines=2), "x.xlsx"
    else:
        encoding = {"csv utf-8": "utf-8", "csv utf-8 bom": "utf-8-sig", "csv gb18030": "gb18030"}[variant]
        data, name = csv(PENALTY_CURRENT_HEADERS, lines, encoding=encoding), "x.csv"
    reference = run(cast, xlsx(PENALTY_CURRENT_HEADERS, lines), dry_run=True)
    outcome = run(cast, data, name=name)
    assert (outcome.rows, outcome.imported, outcome.errors) == (2, 2, []) and reference.errors == []
    assert {d.subject_name for d in Decision.objects.all()} == {d["name"] for d in decisions}


def test_checksum_and_date_errors_come_by_row_and_header_as_written_and_nothing_is_written(cast):
    decisions = penalty_decisions(cast.unit_a.name, n=4)
    decisions[1]["id"] = decisions[1]["id"][:-1] + ("0" if decisions[1]["id"][-1] != "0" else "1")
    decisions[2]["uscc"] = decisions[2]["uscc"][:-1] + ("0" if decisions[2]["uscc"][-1] != "0" else "1")
    decisions[3]["date"] = TODAY + datetime.timedelta(days=5)
    headers = [h.replace("(", "（").replace(")", "）") for h in PENALTY_CURRENT_HEADERS]
    outcome = run(cast, xlsx(headers, [current_penalty_line(d) for d in decisions]))
    assert outcome.imported == 0 and not Decision.objects.exists()
    assert [(e.row_number, e.field) for e in outcome.errors] == [
        (3, "证件号码"), (4, "行政相对人代码_1（统一社会信用代码）"), (5, "处罚决定日期")]
    assert "GB 11643" in outcome.errors[0].message and "GB 32100" in outcome.errors[1].message
    assert DecisionCheck.objects.filter(passed=False).count() == 3  # a real submission counts for 合规率


def test_a_2016_row_error_names_the_2016_header(cast):
    decisions = penalty_decisions(cast.unit_a.name)
    decisions[1]["id"] = "371202196001019901"
    outcome = run(cast, xlsx(PENALTY_2016_HEADERS, [penalty_2016_line(d) for d in decisions]))
    assert [(e.row_number, e.field) for e in outcome.errors] == [(3, "行政相对人代码_5(居民身份证号)")]


def test_a_dry_run_checks_everything_and_writes_nothing(cast):
    lines = [current_penalty_line(d) for d in penalty_decisions(cast.unit_a.name)]
    outcome = run(cast, xlsx(PENALTY_CURRENT_HEADERS, lines), dry_run=True)
    assert (outcome.rows, outcome.imported, outcome.errors, outcome.dry_run) == (2, 0, [], True)
    assert not Decision.objects.exists() and not DecisionCheck.objects.exists()


def test_a_decision_of_another_department_is_a_row_error(cast):
    decisions = penalty_decisions(cast.unit_a.name)
    headers = [*PENALTY_CURRENT_HEADERS, "处罚机关统一社会信用代码"]
    lines = [[*current_penalty_line(decisions[0]), cast.unit_a.code], [*current_penalty_line(decisions[1]),
                                                                      cast.unit_b.code]]
    outcome = run(cast, xlsx(headers, lines))
    assert [(e.row_number, e.field) for e in outcome.errors] == [(3, "处罚机关统一社会信用代码")]
    assert not Decision.objects.exists()


def test_formula_text_is_data_and_stays_as_written(cast):
    decisions = penalty_decisions(cast.unit_a.name)
    decisions[0]["name"] = "=HYPERLINK(\"http://example.invalid\",\"x\")"
    outcome = run(cast, csv(PENALTY_CURRENT_HEADERS, [current_penalty_line(d) for d in decisions], encoding="utf-8"),
                  name="x.csv")
    assert outcome.errors == [] and Decision.objects.filter(subject_name__startswith="=HYPERLINK").count() == 1


def test_bad_files_are_refused_whole(cast, settings):
    with pytest.raises(ValidationError, match="行政处罚决定书文号"):
        run(cast, xlsx(["名称", "日期"], [["甲", "2026-03-02"]]))
    with pytest.raises(ValidationError) as caught:
        run(cast, xlsx([*PENALTY_CURRENT_HEADERS, "经办人"], [current_penalty_line(penalty_decisions("x")[0])]))
    assert "经办人" in caught.value.messages[0]
    with pytest.raises(ValidationError, match="GB18030"):
        run(cast, b"\xff\xfe\xff\x00", name="x.csv")
    settings.DECISIONS_IMPORT_MAX_BYTES = 100
    with pytest.raises(WorkbookTooLarge):
        run(cast, xlsx(PENALTY_CURRENT_HEADERS, []))
    assert not Decision.objects.exists()


def test_a_file_of_10000_rows_goes_to_the_background_job_and_one_more_row_is_refused(cast):
    from decisions.import_jobs import DecisionImportJob
    from decisions.imports import decisions_import_submit

    lines = [current_penalty_line(d) for d in penalty_decisions(cast.unit_a.name, n=2)]
    lines = [lines[i % 2][:6] + [f"莱市监罚〔2026〕{i}号"] + lines[i % 2][7:] for i in range(10_000)]
    job = decisions_import_submit(actor=cast.clerk_a, department=cast.unit_a, name="万行.csv",
                                  file_bytes=csv(PENALTY_CURRENT_HEADERS, lines, encoding="gb18030"))
    assert isinstance(job, DecisionImportJob) and (job.total_rows, job.act, job.status) == (10_000, "penalty", "queued")
    with pytest.raises(ValidationError, match="超过上限（10000 行）"):
        decisions_import_submit(actor=cast.clerk_a, department=cast.unit_a, name="万行.csv",
                                file_bytes=csv(PENALTY_CURRENT_HEADERS, [*lines, lines[0]], encoding="gb18030"))
    assert DecisionImportJob.objects.count() == 1 and not Decision.objects.exists()
