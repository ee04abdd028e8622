"""Rows for 双公示 tests: a valid penalty, licence and common-act row for each subject category."""
import datetime

from tests.factories import make_resident_id, make_uscc

DAY = datetime.date(2026, 3, 2)  # a Monday


def penalty_row(**extra) -> dict:
    row = {
        "act": "penalty", "subject_category": "legal_person", "subject_name": "济南明远食品有限公司",
        "subject_code": make_uscc(category="91"), "legal_representative": "王立",
        "document_number": f"济莱市监罚〔2026〕{extra.pop('n', 1)}号", "violation_type": "食品安全",
        "violation_facts": "经营超过保质期的食品。", "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
        "penalty_categories": ["fine", "confiscate_gains"], "content": "罚款2万元，没收违法所得0.3万元。",
        "fine_amount": "2", "confiscated_amount": "0.3", "decision_date": DAY,
    }
    row.update(extra)
    return row


def licence_row(**extra) -> dict:
    row = {
        "act": "licence", "subject_category": "legal_person", "subject_name": "济南安和餐饮管理有限公司",
        "subject_code": make_uscc(category="91"), "document_name": "食品经营许可决定书",
        "document_number": f"济莱市监许〔2026〕{extra.pop('n', 1)}号", "licence_category": "普通",
        "content": "预包装食品销售", "decision_date": DAY, "valid_from": DAY,
        "valid_to": datetime.date(2031, 3, 1), "certificate_name": "食品经营许可证",
    }
    row.update(extra)
    return row


def person_penalty_row(**extra) -> dict:
    row = penalty_row(subject_category="natural_person", subject_name="赵一鸣", subject_code="",
                      legal_representative="", id_type="身份证", id_number=make_resident_id())
    row.update(extra)
    return row
