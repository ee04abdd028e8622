"""Kind-specific fields of a record, named after the national data standards (DESIGN.md §5).

Common fields (subject, decision number and date, legal basis, facts, severity, …) are
columns of ``CreditRecord``; what only one kind has lives in ``details`` and is checked
against these specs, so forms, the API, the Excel template and the validation agree.
"""
import datetime
import decimal
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from integrity_portal.numbers import plain_number

from .choices import DISHONESTY_KINDS, RecordKind
from .validators import validate_uscc


@dataclass(frozen=True)
class Spec:
    name: str
    label: str
    type: str = "text"  # text | longtext | date | decimal | int | choice | uscc
    required: bool = False
    choices: tuple[str, ...] = field(default_factory=tuple)


AUTHORITY = [Spec("authority_code", _("决定机关统一社会信用代码"), "uscc"),
             Spec("source_unit", _("数据来源单位")), Spec("source_unit_code", _("数据来源单位统一社会信用代码"), "uscc")]
SUBJECT_CATEGORY = Spec("subject_category", _("行政相对人类别"), "choice", True,
                        ("法人及非法人组织", "个体工商户", "自然人"))

FIELD_SETS: dict[str, list[Spec]] = {
    RecordKind.ADMINISTRATIVE_PENALTY: [
        SUBJECT_CATEGORY,
        Spec("legal_representative", _("法定代表人")),
        Spec("violation_type", _("违法行为类型"), required=True),
        Spec("penalty_category", _("处罚类别"), "choice", True,
             ("警告", "通报批评", "罚款", "没收违法所得", "没收非法财物", "暂扣许可证件", "降低资质等级",
              "吊销许可证件", "限制开展生产经营活动", "责令停产停业", "责令关闭", "限制从业", "行政拘留", "其他")),
        Spec("penalty_content", _("处罚内容"), "longtext", True),
        Spec("fine_amount", _("罚款金额（万元）"), "decimal"),
        Spec("confiscated_amount", _("没收违法所得、没收非法财物的金额（万元）"), "decimal"),
        Spec("licence_suspended", _("暂扣或吊销证照名称及编号")),
        Spec("penalty_valid_until", _("处罚有效期"), "date"),
        *AUTHORITY,
        Spec("note", _("备注")),
    ],
    RecordKind.ADMINISTRATIVE_LICENCE: [
        SUBJECT_CATEGORY,
        Spec("legal_representative", _("法定代表人")),
        Spec("document_name", _("行政许可决定文书名称"), required=True),
        Spec("licence_category", _("许可类别"), "choice", True, ("普通", "特许", "认可", "核准", "登记", "其他")),
        Spec("certificate_name", _("许可证书名称")),
        Spec("certificate_number", _("许可编号")),
        Spec("licence_content", _("许可内容"), "longtext", True),
        Spec("valid_from", _("有效期自"), "date", True),
        Spec("valid_to", _("有效期至"), "date"),
        *AUTHORITY,
        Spec("note", _("备注")),
    ],
    RecordKind.JUDGMENT_DEFAULTER: [
        Spec("legal_representative", _("法定代表人或负责人")),
        Spec("enforcement_basis_body", _("执行依据制作单位"), required=True),
        Spec("enforcement_basis_number", _("执行依据文号"), required=True),
        Spec("case_number", _("案号"), required=True),
        Spec("filing_date", _("立案时间"), "date", True),
        Spec("court", _("执行法院"), required=True),
        Spec("obligation", _("生效法律文书确定的义务"), "longtext", True),
        Spec("performance", _("被执行人的履行情况"), "choice", True, ("全部未履行", "部分履行")),
        Spec("dishonest_conduct", _("失信被执行人行为具体情形"), "longtext", True),
        Spec("publication_date", _("发布时间"), "date", True),
        Spec("delisting_date", _("撤销失信日期"), "date"),
    ],
    RecordKind.JUDICIAL_JUDGMENT: [
        Spec("court", _("审判法院"), required=True),
        Spec("case_number", _("案号"), required=True),
        Spec("judgment_result", _("裁判结果"), "longtext"),
    ],
    RecordKind.GOVERNMENT_SANCTION: [Spec("sanction_body", _("处分机关"), required=True)],
    RecordKind.PARTY_SANCTION: [Spec("sanction_body", _("处分党组织"), required=True)],
    RecordKind.ACCOUNTABILITY: [
        Spec("accountability_form", _("问责方式"), "choice", True,
             ("通报", "诫勉", "组织调整", "组织处理", "纪律处分")),
    ],
    RecordKind.PROCUREMENT: [Spec("project_name", _("采购项目名称")), Spec("amount", _("涉及金额（万元）"), "decimal")],
    RecordKind.PPP: [
        Spec("project_name", _("项目名称"), required=True),
        Spec("stage", _("项目阶段"), "choice", True, ("项目筹备", "招标投标", "政府采购", "融资", "实施")),
        Spec("responsible_official", _("政府方责任人")),
    ],
    RecordKind.INVESTMENT_PROMOTION: [
        Spec("project_name", _("招商项目名称")), Spec("amount", _("涉及金额（万元）"), "decimal")],
    RecordKind.PROPERTY_RIGHTS: [Spec("dispute_type", _("纠纷类型"), "choice", False,
                                      ("政府与企业", "政府与个人", "财产征收征用"))],
    RecordKind.AIR_POLLUTION: [Spec("target", _("未完成的目标任务")), Spec("period", _("考核期"))],
    RecordKind.APPROVAL_TIME_LIMIT: [
        Spec("matter", _("审批事项")),
        Spec("breach_type", _("失信情形"), "choice", True,
             ("未兑现办理时限承诺", "未履行告知义务", "违规操作", "失职渎职")),
    ],
    RecordKind.STATISTICS: [Spec("breach_type", _("失信情形"), "choice", True,
                                 ("统计造假、弄虚作假", "领导干部违规干预统计工作"))],
    RecordKind.COMMITMENT_BREACH: [
        Spec("commitment_code", _("承诺编码")),
        Spec("unfulfilled_content", _("未兑现内容"), "longtext"),
    ],
    RecordKind.FILE_REGISTRATION: [
        Spec("registered_on", _("登记日期"), "date", True),
        Spec("completeness", _("填写情况"), "choice", True, ("完整准确", "不完整", "不实")),
    ],
    RecordKind.PERSONAL_MATTERS_CHECK: [
        Spec("report_year", _("报告年度"), "int", True),
        Spec("check_result", _("查核结果"), "choice", True, ("一致", "漏报", "瞒报", "其他不一致")),
    ],
    RecordKind.CLEAN_GOVERNMENT: [Spec("conclusion", _("廉政意见"), "choice", True, ("无问题", "有问题线索", "已立案"))],
    RecordKind.ANNUAL_ASSESSMENT: [Spec("assessment_year", _("考核年度"), "int", True)],
    RecordKind.INTEGRITY_TRAINING: [
        Spec("training_name", _("培训名称"), required=True),
        Spec("training_type", _("培训类型"), "choice", True, ("初任培训", "任职培训", "专门业务培训", "在职培训")),
        Spec("hours", _("学时"), "decimal", True),
        Spec("organiser", _("组织单位")),
    ],
}


# Lengths the HTML form allows (records/forms_records.py), for every way in (API, import).
TEXT_MAX = 500
LONGTEXT_MAX = 10_000
INT_MAX = 9999  # the int fields are years


def specs_for(kind: str) -> list[Spec]:
    return FIELD_SETS.get(kind, [])


# The detail that names the deciding body for kinds whose standard has its own label for it (处分机关, 处分党组织):
# for those kinds it *is* the record's body, so forms and pages show it once, under the kind's label.
BODY_DETAIL = "sanction_body"
# Common columns only some kinds use; the others never show them (no "考核等次 —" on a penalty).
KIND_COLUMNS = {
    "severity": lambda kind: kind in DISHONESTY_KINDS,
    "sanction_type": lambda kind: kind in (RecordKind.GOVERNMENT_SANCTION, RecordKind.PARTY_SANCTION),
    "assessment_grade": lambda kind: kind == RecordKind.ANNUAL_ASSESSMENT,
    "decision_body": lambda kind: not has_body_detail(kind),
}


def has_body_detail(kind: str) -> bool:
    return any(spec.name == BODY_DETAIL for spec in specs_for(kind))


def column_applies(kind: str, name: str) -> bool:
    """Whether the common column ``name`` belongs to records of ``kind`` (forms, record and version pages)."""
    rule = KIND_COLUMNS.get(name)
    return rule is None or rule(kind)


def body_of(kind: str, decision_body: str, details: dict | None) -> str:
    """The record's deciding body: the kind's own body detail where it has one, else the common column."""
    if has_body_detail(kind):
        return (details or {}).get(BODY_DETAIL) or decision_body
    return decision_body


def clean_details(kind: str, details: dict | None) -> dict:
    """Check ``details`` against the kind's spec; return JSON-ready values or raise field errors."""
    if details is not None and not isinstance(details, dict):
        raise ValidationError({"details": [_("须为一个对象（字段名: 值）。")]})
    details = dict(details or {})
    specs = {spec.name: spec for spec in specs_for(kind)}
    errors, cleaned = {}, {}
    unknown = set(details) - set(specs)
    if unknown:
        errors["details"] = [_("此类记录没有这些字段：%(names)s") % {"names": "、".join(sorted(unknown))}]
    for name, spec in specs.items():
        value = details.get(name)
        if value in (None, ""):
            if spec.required:
                errors[f"details.{name}"] = [_("“%(label)s”为必填项。") % {"label": spec.label}]
            continue
        try:
            cleaned[name] = _coerce(spec, value)
        except ValidationError as exc:
            errors[f"details.{name}"] = exc.messages
        except (ValueError, TypeError, ArithmeticError):
            shown = str(value) if len(str(value)) <= 50 else str(value)[:50] + "…"
            errors[f"details.{name}"] = [_("“%(label)s”的值无效：%(value)s") % {"label": spec.label, "value": shown}]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _coerce(spec: Spec, value):
    if spec.type == "date":
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        return datetime.date.fromisoformat(str(value).strip()).isoformat()
    if spec.type == "decimal":
        number = decimal.Decimal(str(value).strip())
        if number < 0 or not number.is_finite():
            raise ValueError(value)
        return str(number)
    if spec.type == "int":
        number = int(str(value).strip())
        if not 0 <= number <= INT_MAX:
            raise ValueError(value)
        return number
    if isinstance(value, dict | list):
        raise ValueError(value)
    text = str(value).strip()
    if spec.type == "choice" and text not in spec.choices:
        raise ValueError(value)
    if "\x00" in text:
        raise ValidationError(_("不能包含空字符（NUL）。"))
    limit = TEXT_MAX if spec.type in ("text", "uscc") else LONGTEXT_MAX
    if len(text) > limit:
        raise ValidationError(_("不能超过 %(limit)s 个字符。") % {"limit": limit})
    if spec.type == "uscc":
        validate_uscc(text)
    return text


def detail_date(details: dict, name: str) -> datetime.date | None:
    value = (details or {}).get(name)
    return datetime.date.fromisoformat(value) if value else None


def shown_detail(spec: Spec | None, value):
    """A detail as a page or a report shows it: an amount as written (``5``, not a stored ``5.000000``);
    anything else unchanged. Exports keep the stored value."""
    if spec is not None and spec.type == "decimal" and value not in (None, ""):
        return plain_number(value)
    return value
