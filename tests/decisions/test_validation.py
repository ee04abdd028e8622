"""One validation function per act and subject category: each act's field rules, checksums, dates, amounts."""
import datetime

import pytest

from decisions.validation import check_decision, validate_decision
from tests.factories import make_resident_id, make_uscc

from .factories import DAY, licence_row, penalty_row, person_penalty_row

TODAY = datetime.date(2026, 3, 10)


def errors(row):
    return validate_decision(row, today=TODAY)


def test_valid_rows_of_each_act_and_category_pass():
    assert errors(penalty_row()) == {}
    assert errors(licence_row()) == {}
    assert errors(person_penalty_row()) == {}
    assert errors(penalty_row(subject_category="个体工商户", subject_code="", registration_number="370116600123456",
                              legal_representative="钱二", representative_id_type="身份证",
                              representative_id_number=make_resident_id())) == {}
    common = {"act": "enforcement", "subject_category": "法人及非法人组织", "subject_name": "某公司",
              "subject_code": make_uscc(category="91"), "document_name": "查封决定书", "document_number": "强〔2026〕1号",
              "decision_date": "2026-03-01", "content": "查封设备", "legal_basis": "《行政强制法》第二十二条"}
    assert errors(common) == {}


def test_each_act_has_its_required_fields():
    assert set(errors({"act": "licence"})) >= {"subject_name", "subject_category", "document_name",
                                                "document_number", "licence_category", "content", "decision_date",
                                                "valid_from"}
    assert set(errors({"act": "penalty"})) >= {"violation_type", "violation_facts", "legal_basis",
                                                "penalty_categories", "content", "decision_date"}
    assert set(errors({"act": "levy"})) >= {"document_name", "legal_basis", "content"}
    assert "licence_category" not in errors({"act": "penalty"})


def test_fields_of_another_act_are_refused():
    result = errors(licence_row(fine_amount="1"))
    assert "fine_amount" in result
    result = errors({**penalty_row(), "act": "benefit", "document_name": "给付决定书"})
    assert "violation_type" in result and "penalty_categories" in result


def test_checksums_of_uscc_and_resident_id():
    assert "GB 32100" in errors(penalty_row(subject_code="91370116MA0000001X"))["subject_code"][0]
    good = make_resident_id()
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    assert "GB 11643" in errors(person_penalty_row(id_number=bad))["id_number"][0]
    assert errors(person_penalty_row(id_type="护照号", id_number="E12345678")) == {}


def test_an_id_number_on_a_legal_person_and_a_uscc_on_a_person_are_errors():
    assert "id_number" in errors(penalty_row(id_type="身份证", id_number=make_resident_id()))
    assert "subject_code" in errors(person_penalty_row(subject_code=make_uscc(category="91")))
    assert "subject_code" in errors(penalty_row(subject_code=""))  # a legal person needs a code


def test_valid_to_not_before_valid_from_and_no_future_decision_date():
    assert "valid_to" in errors(licence_row(valid_from="2026-03-01", valid_to="2026-02-28"))
    assert "decision_date" in errors(penalty_row(decision_date=TODAY + datetime.timedelta(days=1)))
    assert "decision_date" in errors(penalty_row(decision_date="2026-13-01"))
    assert errors(licence_row(decision_date="2026/3/2", valid_from="2026年3月2日", valid_to="20310301")) == {}


def test_amounts_are_numbers_in_ten_thousand_yuan():
    assert "fine_amount" in errors(penalty_row(fine_amount="20000元"))
    assert "fine_amount" in errors(penalty_row(fine_amount="-1"))
    assert "fine_amount" in errors(penalty_row(fine_amount=""))  # the category says 罚款
    checked = check_decision(penalty_row(fine_amount="1,000.5"), today=TODAY)
    assert checked.ok and str(checked.values["fine_amount"]) == "1000.5"


def test_enumerations_take_the_standard_labels_or_codes():
    checked = check_decision(penalty_row(penalty_categories="罚款；没收违法所得"), today=TODAY)
    assert checked.ok and checked.values["penalty_categories"] == ["fine", "confiscate_gains"]
    assert "penalty_categories" in errors(penalty_row(penalty_categories="罚金"))
    assert "licence_category" in errors(licence_row(licence_category="特别"))
    assert errors(licence_row(licence_category="特许", validity_status="有效")) == {}
    assert "validity_status" in errors(licence_row(validity_status="作废"))


@pytest.mark.parametrize("category,extra,field", [
    ("revoke_licence", {}, "licence_suspended"),
    ("confiscate_property", {"confiscated_amount": ""}, "confiscated_amount"),
])
def test_penalty_categories_need_their_details(category, extra, field):
    row = penalty_row(penalty_categories=[category], fine_amount="", **extra)
    assert field in errors(row)


def test_completeness_counts_the_optional_standard_fields():
    assert check_decision(licence_row(note="", legal_basis=""), today=TODAY).completeness < \
        check_decision(licence_row(note="备注", legal_basis="《食品安全法》", certificate_number="JY1"),
                       today=TODAY).completeness
    assert DAY <= TODAY
