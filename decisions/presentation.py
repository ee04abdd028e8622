"""The standard's field order per act, with the standard's names, for forms and detail pages alike."""
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from integrity_portal.numbers import plain_number

from .choices import Act

SUBJECT_ORDER = ["subject_name", "subject_category", "subject_code", "registration_number", "organisation_code",
                 "tax_number", "institution_number", "social_org_number", "legal_representative",
                 "representative_id_type", "representative_id_number", "id_type", "id_number"]
ACT_ORDER = {
    Act.PENALTY: ["document_number", "violation_type", "violation_facts", "legal_basis", "penalty_categories",
                  "severity", "content", "fine_amount", "confiscated_amount", "licence_suspended", "decision_date",
                  "penalty_valid_until", "validity_status", "document_name", "note"],
    Act.LICENCE: ["document_name", "document_number", "licence_category", "certificate_name", "certificate_number",
                  "content", "decision_date", "valid_from", "valid_to", "validity_status", "legal_basis", "note"],
}
COMMON_ORDER = ["document_name", "document_number", "decision_date", "content", "legal_basis", "validity_status",
                "note"]
#: The standard's own names where they depend on the act.
ACT_LABELS = {
    Act.PENALTY: {"document_number": _("行政处罚决定书文号"), "legal_basis": _("处罚依据"), "content": _("处罚内容"),
                  "decision_date": _("处罚决定日期"), "document_name": _("处罚决定书名称")},
    Act.LICENCE: {"document_name": _("行政许可决定文书名称"), "document_number": _("行政许可决定文书号"),
                  "content": _("许可内容"), "decision_date": _("许可决定日期"), "legal_basis": _("许可依据")},
}
LABELS = {
    "subject_name": _("行政相对人名称"), "subject_category": _("行政相对人类别"),
    "subject_code": _("统一社会信用代码"), "registration_number": _("工商注册号"),
    "organisation_code": _("组织机构代码"), "tax_number": _("税务登记号"), "institution_number": _("事业单位证书号"),
    "social_org_number": _("社会组织登记证号"), "legal_representative": _("法定代表人"),
    "representative_id_type": _("法定代表人证件类型"), "representative_id_number": _("法定代表人证件号码"),
    "id_type": _("证件类型"), "id_number": _("证件号码"), "document_name": _("决定文书名称"),
    "document_number": _("决定文书号"), "decision_date": _("决定日期"), "content": _("决定内容"),
    "legal_basis": _("依据"), "validity_status": _("当前状态"), "note": _("备注"),
    "violation_type": _("违法行为类型"), "violation_facts": _("违法事实"), "penalty_categories": _("处罚类别"),
    "severity": _("失信程度"), "fine_amount": _("罚款金额（万元）"),
    "confiscated_amount": _("没收违法所得、没收非法财物的金额（万元）"), "licence_suspended": _("暂扣或吊销证照名称及编号"),
    "penalty_valid_until": _("处罚有效期"), "licence_category": _("许可类别"), "certificate_name": _("许可证书名称"),
    "certificate_number": _("许可编号"), "valid_from": _("有效期自"), "valid_to": _("有效期至"),
}


def field_order(act: str) -> list[str]:
    return SUBJECT_ORDER + ACT_ORDER.get(act, COMMON_ORDER)


def label(act: str, name: str) -> str:
    return ACT_LABELS.get(act, {}).get(name) or LABELS[name]


def detail_rows(decision, *, sees_id: bool) -> list[tuple[str, object]]:
    """(label, shown value) in the standard's order; ID numbers masked unless ``sees_id``; amounts as written
    (``5``, not the stored ``5.000000``)."""
    from .choices import IdType, PenaltyCategory
    from .selectors import masked

    subject = decision.subject
    values = {
        "subject_name": decision.subject_name, "subject_category": decision.get_subject_category_display(),
        "subject_code": subject.uscc, "registration_number": subject.registration_number,
        "organisation_code": subject.organisation_code, "tax_number": subject.tax_number,
        "institution_number": subject.institution_number, "social_org_number": subject.social_org_number,
        "legal_representative": decision.legal_representative,
        "representative_id_type": decision.get_representative_id_type_display(),
        "representative_id_number": decision.representative_id_number if sees_id
        else masked(decision.representative_id_number),
        "id_type": IdType(subject.id_type).label if subject.id_type else "",
        "id_number": subject.id_number if sees_id else masked(subject.id_number),
        "penalty_categories": "、".join(str(PenaltyCategory(c).label) for c in decision.penalty_categories or []),
        "severity": decision.get_severity_display(), "validity_status": decision.get_validity_status_display(),
        "licence_category": decision.get_licence_category_display(),
    }
    rows = []
    for name in field_order(decision.act):
        value = values[name] if name in values else getattr(decision, name)
        if value in (None, ""):
            continue
        if isinstance(value, Decimal):
            value = plain_number(value)
        rows.append((label(decision.act, name), value))
    return rows
