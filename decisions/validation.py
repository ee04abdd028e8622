"""The checks every 双公示 row passes, whoever submits it (form, API, import): ONE function per act and per
subject category, and ``check_decision`` that runs the right ones.

A row is a mapping of field names (the API's snake_case names, one per column of the national
standard) to values as typed or as read from a file (text). ``check_decision`` returns the cleaned
values and the errors keyed by field; the import maps each field back to the header in its file.

    checked = check_decision({"act": "penalty", "subject_category": "法人及非法人组织", ...})
    if checked.errors: ...              # {"subject_code": ["统一社会信用代码…无效…"], ...}
    decision_create(actor=..., department=..., values=checked.values)
"""
import datetime
import decimal
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

from .choices import (
    Act,
    IdType,
    LicenceCategory,
    PenaltyCategory,
    PenaltySeverity,
    SubjectCategory,
    ValidityStatus,
)

SUBJECT_FIELDS = ("subject_category", "subject_name", "subject_code", "registration_number", "organisation_code",
                  "tax_number", "institution_number", "social_org_number", "id_type", "id_number",
                  "legal_representative", "representative_id_type", "representative_id_number")
LEGACY_CODE_FIELDS = ("registration_number", "organisation_code", "tax_number", "institution_number",
                      "social_org_number")
COMMON_TEXT = ("document_name", "document_number", "content", "legal_basis", "note")
PENALTY_TEXT = ("violation_type", "violation_facts", "licence_suspended")
LICENCE_TEXT = ("certificate_name", "certificate_number")
DATE_FIELDS = ("decision_date", "penalty_valid_until", "valid_from", "valid_to")
AMOUNT_FIELDS = ("fine_amount", "confiscated_amount")

#: Required fields per act (beyond the subject's, which depend on its category).
REQUIRED = {
    Act.LICENCE: ("subject_name", "subject_category", "document_name", "document_number", "licence_category",
                  "content", "decision_date", "valid_from", "validity_status"),
    Act.PENALTY: ("subject_name", "subject_category", "document_number", "violation_type", "violation_facts",
                  "legal_basis", "penalty_categories", "content", "decision_date", "validity_status"),
}
COMMON_REQUIRED = ("subject_name", "subject_category", "document_name", "document_number", "decision_date",
                   "content", "legal_basis")
#: The optional standard fields of each act: 完整率 is the share of them filled.
OPTIONAL = {
    Act.LICENCE: ("legal_representative", "certificate_name", "certificate_number", "valid_to", "legal_basis",
                  "note"),
    Act.PENALTY: ("legal_representative", "document_name", "penalty_valid_until", "note"),
}
COMMON_OPTIONAL = ("legal_representative", "note")
#: What each act carries; the rest of the fields must stay empty for it.
ACT_ONLY = {
    Act.LICENCE: ("licence_category", "certificate_name", "certificate_number", "valid_from", "valid_to"),
    Act.PENALTY: ("violation_type", "violation_facts", "penalty_categories", "severity", "fine_amount",
                  "confiscated_amount", "licence_suspended", "penalty_valid_until"),
}
FINE_CATEGORIES = {PenaltyCategory.FINE}
CONFISCATION_CATEGORIES = {PenaltyCategory.CONFISCATE_GAINS, PenaltyCategory.CONFISCATE_PROPERTY}
LICENCE_CATEGORIES = {PenaltyCategory.SUSPEND_LICENCE, PenaltyCategory.REVOKE_LICENCE}
ID_TYPE_ALIASES = {"居民身份证": IdType.RESIDENT_ID, "身份证号": IdType.RESIDENT_ID, "护照": IdType.PASSPORT}
_SPLIT = re.compile(r"[;；,，、/\s]+")


@dataclass
class Checked:
    values: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    completeness: Decimal = Decimal(0)

    def add(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(str(message))

    @property
    def ok(self) -> bool:
        return not self.errors


# --- parsing -------------------------------------------------------------------

def _text(value) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _choice(checked: Checked, name: str, value, choices) -> str:
    """A code or its Chinese label (as in the standard's files) → the code."""
    text = _text(value)
    if not text:
        return ""
    for code, label in choices.choices:
        if text in (code, str(label)):
            return code
    if choices is IdType and text in ID_TYPE_ALIASES:
        return ID_TYPE_ALIASES[text]
    checked.add(name, _("“%(value)s”不是可选值，应为：%(allowed)s。")
                % {"value": text, "allowed": "、".join(str(label) for _c, label in choices.choices)})
    return ""


def parse_date(value) -> datetime.date | None:
    """A date as typed or as found in files: 2026-03-05, 2026/3/5, 2026.3.5, 20260305, 2026年3月5日."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", text) \
        or re.fullmatch(r"(\d{4})(\d{2})(\d{2})", text)
    if not match:
        raise ValueError(text)
    return datetime.date(*(int(part) for part in match.groups()))


def _date(checked: Checked, name: str, value) -> datetime.date | None:
    try:
        return parse_date(value)
    except ValueError:
        checked.add(name, _("“%(value)s”不是有效日期（应为 YYYY-MM-DD）。") % {"value": _text(value)})
        return None


def _amount(checked: Checked, name: str, value) -> Decimal | None:
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        checked.add(name, _("金额须为数字（单位：万元）。"))
        return None
    text = _text(value).replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except (decimal.InvalidOperation, ValueError):
        checked.add(name, _("“%(value)s”不是数字：金额只填以万元为单位的数字，不带单位。") % {"value": _text(value)})
        return None
    if not amount.is_finite() or amount < 0:
        checked.add(name, _("金额须为不小于零的数字（单位：万元）。"))
        return None
    if amount.as_tuple().exponent < -6 or amount >= Decimal("1e8"):
        checked.add(name, _("金额超出范围（单位：万元，最多6位小数）。"))
        return None
    return amount


def _categories(checked: Checked, value) -> list[str]:
    items = value if isinstance(value, (list, tuple)) else _SPLIT.split(_text(value))
    codes = []
    for item in items:
        if _text(item):
            code = _choice(checked, "penalty_categories", item, PenaltyCategory)
            if code and code not in codes:
                codes.append(code)
    return codes


def _parse(row: Mapping) -> Checked:
    checked = Checked()
    values = checked.values
    values["act"] = _choice(checked, "act", row.get("act"), Act)
    values["subject_category"] = _choice(checked, "subject_category", row.get("subject_category"), SubjectCategory)
    for name in ("subject_name", "legal_representative", *LEGACY_CODE_FIELDS, *COMMON_TEXT, *PENALTY_TEXT,
                 *LICENCE_TEXT):
        values[name] = _text(row.get(name))
    values["subject_code"] = _text(row.get("subject_code")).replace(" ", "").upper()
    values["id_number"] = _text(row.get("id_number")).replace(" ", "").upper()
    values["representative_id_number"] = _text(row.get("representative_id_number")).replace(" ", "").upper()
    values["id_type"] = _choice(checked, "id_type", row.get("id_type"), IdType)
    values["representative_id_type"] = _choice(checked, "representative_id_type", row.get("representative_id_type"),
                                               IdType)
    values["validity_status"] = _choice(checked, "validity_status", row.get("validity_status"), ValidityStatus) \
        or (ValidityStatus.VALID if not _text(row.get("validity_status")) else "")
    values["licence_category"] = _choice(checked, "licence_category", row.get("licence_category"), LicenceCategory)
    values["severity"] = _choice(checked, "severity", row.get("severity"), PenaltySeverity)
    values["penalty_categories"] = _categories(checked, row.get("penalty_categories"))
    for name in DATE_FIELDS:
        values[name] = _date(checked, name, row.get(name))
    for name in AMOUNT_FIELDS:
        values[name] = _amount(checked, name, row.get(name))
    return checked


def _empty(value) -> bool:
    return value in (None, "", [])


# --- subject categories ------------------------------------------------------------

def _check_uscc(checked: Checked, name: str, value: str) -> None:
    try:
        uscc.validate(value)
    except StdnumError as exc:
        checked.add(name, _("统一社会信用代码“%(value)s”无效（GB 32100 校验失败：%(why)s）。")
                    % {"value": value, "why": exc.message})


def _check_id(checked: Checked, name: str, id_type: str, number: str) -> None:
    if id_type == IdType.RESIDENT_ID:
        try:
            ric.validate(number)
        except StdnumError as exc:
            checked.add(name, _("身份证号码无效（GB 11643 校验失败：%(why)s）。") % {"why": exc.message})
    elif len(number) < 5:
        checked.add(name, _("证件号码过短。"))


def _check_organisation(checked: Checked, *, codes: tuple[str, ...], label: str) -> None:
    """Shared by the two organisation categories: a code (USCC or, failing that, one of ``codes``), no ID number."""
    values = checked.values
    if values["subject_code"]:
        _check_uscc(checked, "subject_code", values["subject_code"])
    elif not any(values[c] for c in codes):
        checked.add("subject_code", _("%(category)s须填写统一社会信用代码（无统一代码的，填写原登记代码）。")
                    % {"category": label})
    for name in ("id_type", "id_number"):
        if values[name]:
            checked.add(name, _("%(category)s不填个人证件，法定代表人（经营者）的证件填在法定代表人证件类型、号码。")
                        % {"category": label})
    if values["representative_id_number"]:
        if not values["representative_id_type"]:
            checked.add("representative_id_type", _("请填写法定代表人证件类型。"))
        else:
            _check_id(checked, "representative_id_number", values["representative_id_type"],
                      values["representative_id_number"])


def check_legal_person(checked: Checked) -> None:
    """法人及非法人组织: USCC (or a legacy code); an ID number here is an error."""
    _check_organisation(checked, codes=LEGACY_CODE_FIELDS, label=str(SubjectCategory.LEGAL_PERSON.label))


def check_individual_business(checked: Checked) -> None:
    """个体工商户: USCC or 工商注册号; the operator's ID goes with 法定代表人 (经营者)."""
    _check_organisation(checked, codes=("registration_number",),
                        label=str(SubjectCategory.INDIVIDUAL_BUSINESS.label))


def check_natural_person(checked: Checked) -> None:
    """自然人: 证件类型 + 证件号码 (身份证 by checksum); a USCC or any organisation code is an error."""
    values = checked.values
    if not values["id_type"] and "id_type" not in checked.errors:
        checked.add("id_type", _("自然人须填写证件类型。"))
    if not values["id_number"]:
        checked.add("id_number", _("自然人须填写证件号码。"))
    elif values["id_type"]:
        _check_id(checked, "id_number", values["id_type"], values["id_number"])
    for name in ("subject_code", *LEGACY_CODE_FIELDS):
        if values[name]:
            checked.add(name, _("自然人不填统一社会信用代码或单位登记代码。"))
    for name in ("legal_representative", "representative_id_type", "representative_id_number"):
        if values[name]:
            checked.add(name, _("自然人没有法定代表人。"))


SUBJECT_CHECKS = {
    SubjectCategory.LEGAL_PERSON: check_legal_person,
    SubjectCategory.INDIVIDUAL_BUSINESS: check_individual_business,
    SubjectCategory.NATURAL_PERSON: check_natural_person,
}


# --- acts ------------------------------------------------------------------------------

def _required(checked: Checked, names) -> None:
    for name in names:
        if _empty(checked.values.get(name)) and name not in checked.errors:
            checked.add(name, _("必填。"))


def _not_for_act(checked: Checked, act: str) -> None:
    for other, names in ACT_ONLY.items():
        if other == act:
            continue
        for name in names:
            if not _empty(checked.values.get(name)) and name not in ACT_ONLY.get(act, ()):
                checked.add(name, _("%(act)s没有此项。") % {"act": Act(act).label})


def _check_dates(checked: Checked, today: datetime.date) -> None:
    values = checked.values
    if values["decision_date"] and values["decision_date"] > today:
        checked.add("decision_date", _("决定日期不能晚于今天。"))


def check_licence(checked: Checked, today: datetime.date) -> None:
    """行政许可: the licence field set; 有效期至 ≥ 有效期自."""
    values = checked.values
    _required(checked, REQUIRED[Act.LICENCE])
    _check_dates(checked, today)
    if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
        checked.add("valid_to", _("有效期至不能早于有效期自。"))


def check_penalty(checked: Checked, today: datetime.date) -> None:
    """行政处罚: the penalty field set; amounts in 万元 where the category needs them."""
    values = checked.values
    _required(checked, REQUIRED[Act.PENALTY])
    _check_dates(checked, today)
    categories = set(values["penalty_categories"])
    if categories & FINE_CATEGORIES and values["fine_amount"] is None and "fine_amount" not in checked.errors:
        checked.add("fine_amount", _("处罚类别含罚款的，须填写罚款金额（万元）。"))
    if values["fine_amount"] and not categories & FINE_CATEGORIES:
        checked.add("fine_amount", _("处罚类别不含罚款，不填罚款金额。"))
    if categories & CONFISCATION_CATEGORIES and values["confiscated_amount"] is None \
            and "confiscated_amount" not in checked.errors:
        checked.add("confiscated_amount", _("处罚类别含没收的，须填写没收金额（万元）。"))
    if categories & LICENCE_CATEGORIES and not values["licence_suspended"]:
        checked.add("licence_suspended", _("处罚类别含暂扣或吊销许可证件的，须填写证照名称及编号。"))
    if values["penalty_valid_until"] and values["decision_date"] \
            and values["penalty_valid_until"] < values["decision_date"]:
        checked.add("penalty_valid_until", _("处罚有效期不能早于处罚决定日期。"))
    if not values["severity"] and "severity" not in checked.errors:
        values["severity"] = PenaltySeverity.GENERAL


def check_other_act(checked: Checked, today: datetime.date) -> None:
    """行政强制、行政确认、行政征收、行政给付: the common field set."""
    _required(checked, COMMON_REQUIRED)
    _check_dates(checked, today)


ACT_CHECKS = {Act.LICENCE: check_licence, Act.PENALTY: check_penalty}


def completeness(values: Mapping) -> Decimal:
    """The share of the act's optional standard fields that are filled (完整率 of one row)."""
    names = OPTIONAL.get(values.get("act"), COMMON_OPTIONAL)
    filled = sum(1 for name in names if not _empty(values.get(name)))
    return (Decimal(filled) / Decimal(len(names))).quantize(Decimal("0.0001"))


def check_decision(row: Mapping, *, today: datetime.date | None = None) -> Checked:
    """Every check of one row: parse, the act's field rules, the subject category's code rules."""
    today = today or timezone.localdate()
    checked = _parse(row)
    act, category = checked.values["act"], checked.values["subject_category"]
    if not act and "act" not in checked.errors:
        checked.add("act", _("必填。"))
    if act:
        ACT_CHECKS.get(act, check_other_act)(checked, today)
        _not_for_act(checked, act)
    elif not category and "subject_category" not in checked.errors:
        checked.add("subject_category", _("必填。"))
    if category:
        SUBJECT_CHECKS[category](checked)
    checked.completeness = completeness(checked.values)
    return checked


def validate_decision(row: Mapping, *, today: datetime.date | None = None) -> dict[str, list[str]]:
    """The errors of one row keyed by field (empty when it passes every check)."""
    return check_decision(row, today=today).errors
