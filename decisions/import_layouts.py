"""The column headers of the files departments have: the national 双公示 standard's Chinese headers, in the
current layout (行政许可/行政处罚信息数据规范, 代码_1 … 代码_6) and in the older 2016 one (代码_2 组织机构代码,
代码_3 工商登记码, 代码_4 税务登记号, 代码_5 居民身份证号; 处罚类别1/2, 处罚事由, 地方编码, 数据更新时间戳).

Each layout is a list of ``integrity_portal.workbooks.Column``: ``key`` is the field name of
``decisions.validation`` (or a ``_2016``/``ignored`` key the import turns into one), ``label`` the
standard's header, ``aliases`` the spellings departments' exports use. Headers are compared normalised
(full/half-width brackets, spaces), so ``行政相对人代码_1 (统一社会信用代码)`` and ``行政相对人代码_1（统一社会信用代码）``
are one header. The bare ``行政相对人代码_2`` means 工商注册号 in the current layout and 组织机构代码 in 2016:
whichever layout the file's other headers match decides.
"""
from integrity_portal.workbooks import Column

from .choices import Act

CURRENT, LAYOUT_2016 = "current", "2016"
IGNORED = "ignored."  # recognised headers whose values the portal computes or does not keep


def _code(n: int, meaning: str, key: str, *aliases: str, required: bool = False) -> Column:
    return Column(key, f"行政相对人代码_{n}({meaning})", "code", required,
                  aliases=(f"行政相对人代码_{n}", f"代码_{n}({meaning})", f"代码_{n}", meaning, *aliases))


def _ignored(*headers: str) -> list[Column]:
    return [Column(f"{IGNORED}{header}", header) for header in headers]


SUBJECT_CURRENT = [
    Column("subject_name", "行政相对人名称", required=True, aliases=("相对人名称",)),
    Column("subject_category", "行政相对人类别", "choice", True, aliases=("相对人类别",)),
    _code(1, "统一社会信用代码", "subject_code"),
    _code(2, "工商注册号", "registration_number", "工商登记码"),
    _code(3, "组织机构代码", "organisation_code"),
    _code(4, "税务登记号", "tax_number"),
    _code(5, "事业单位证书号", "institution_number"),
    _code(6, "社会组织登记证号", "social_org_number"),
    Column("legal_representative", "法定代表人", aliases=("法定代表人姓名", "法定代表人（负责人）")),
    Column("representative_id_type", "法定代表人证件类型", "choice"),
    Column("representative_id_number", "法定代表人证件号码", "code"),
    Column("id_type", "证件类型", "choice", aliases=("行政相对人证件类型",)),
    Column("id_number", "证件号码", "code", aliases=("行政相对人证件号码",)),
]
SUBJECT_2016 = [
    Column("subject_name", "行政相对人名称", required=True, aliases=("相对人名称",)),
    _code(1, "统一社会信用代码", "subject_code"),
    _code(2, "组织机构代码", "organisation_code"),
    _code(3, "工商登记码", "registration_number", "工商注册号"),
    _code(4, "税务登记号", "tax_number"),
    _code(5, "居民身份证号", "resident_id_2016", "身份证号"),
    Column("legal_representative", "法定代表人姓名", aliases=("法定代表人",)),
]
#: The department's own identity and what the portal computes: read, checked where it matters, not imported.
DEPARTMENT_COLUMNS = {
    Act.PENALTY: [Column("department_code", "处罚机关统一社会信用代码", "code"), *_ignored(
        "处罚机关", "数据来源单位", "数据来源单位统一社会信用代码", "公示截止期")],
    Act.LICENCE: [Column("department_code", "许可机关统一社会信用代码", "code"), *_ignored(
        "许可机关", "数据来源单位", "数据来源单位统一社会信用代码", "公示截止期")],
}
SEVERITY = Column("severity", "处罚严重程度", "choice", aliases=("严重程度", "失信严重程度"))

PENALTY_CURRENT = [
    *SUBJECT_CURRENT,
    Column("document_name", "行政处罚决定书名称", aliases=("决定书名称", "处罚名称")),
    Column("document_number", "行政处罚决定书文号", required=True, aliases=("处罚决定书文号", "决定书文号")),
    Column("violation_type", "违法行为类型", required=True),
    Column("violation_facts", "违法事实", "longtext", True, aliases=("主要违法事实",)),
    Column("legal_basis", "处罚依据", "longtext", True),
    Column("penalty_categories", "处罚类别", "choice", True),
    Column("content", "处罚内容", "longtext", True),
    Column("fine_amount", "罚款金额(万元)", "decimal", aliases=("罚款金额",)),
    Column("confiscated_amount", "没收违法所得、没收非法财物的金额(万元)", "decimal",
           aliases=("没收违法所得、没收非法财物的金额", "没收金额(万元)", "没收金额")),
    Column("licence_suspended", "暂扣或吊销证照名称及编号"),
    Column("decision_date", "处罚决定日期", "date", True),
    Column("penalty_valid_until", "处罚有效期", "date"),
    Column("validity_status", "当前状态", "choice"),
    SEVERITY,
    Column("note", "备注", "longtext"),
    *DEPARTMENT_COLUMNS[Act.PENALTY],
]
PENALTY_2016 = [
    *SUBJECT_2016,
    Column("document_number", "行政处罚决定书文号", required=True, aliases=("处罚决定书文号",)),
    Column("violation_type", "处罚名称", required=True, aliases=("案件名称",)),
    Column("penalty_category_1", "处罚类别1", "choice", True),
    Column("penalty_category_2", "处罚类别2", "choice"),
    Column("violation_facts", "处罚事由", "longtext", True),
    Column("legal_basis", "处罚依据", "longtext", True),
    Column("content", "处罚结果", "longtext", True),
    # not in the 2016 standard, but a fine needs its amount: departments add the current layout's column
    Column("fine_amount", "罚款金额(万元)", "decimal", aliases=("罚款金额",)),
    Column("confiscated_amount", "没收违法所得、没收非法财物的金额(万元)", "decimal", aliases=("没收金额(万元)",)),
    Column("decision_date", "处罚决定日期", "date", True),
    Column("validity_status", "当前状态", "choice"),
    SEVERITY,
    Column("note", "备注", "longtext"),
    Column("department_code", "处罚机关统一社会信用代码", "code"),
    *_ignored("处罚机关", "地方编码", "数据更新时间戳"),
]
LICENCE_CURRENT = [
    *SUBJECT_CURRENT,
    Column("document_name", "行政许可决定文书名称", required=True, aliases=("许可决定文书名称", "决定文书名称")),
    Column("document_number", "行政许可决定文书号", required=True,
           aliases=("许可决定文书号", "行政许可决定书文号", "决定文书号")),
    Column("licence_category", "许可类别", "choice", True),
    Column("certificate_name", "许可证书名称"),
    Column("certificate_number", "许可编号", aliases=("许可证书编号",)),
    Column("content", "许可内容", "longtext", True),
    Column("decision_date", "许可决定日期", "date", True),
    Column("valid_from", "有效期自", "date", True),
    Column("valid_to", "有效期至", "date"),
    Column("validity_status", "当前状态", "choice"),
    Column("legal_basis", "许可依据", "longtext"),
    Column("note", "备注", "longtext"),
    *DEPARTMENT_COLUMNS[Act.LICENCE],
]
LICENCE_2016 = [
    *SUBJECT_2016,
    Column("document_number", "行政许可决定书文号", required=True, aliases=("行政许可决定文书号",)),
    Column("document_name", "项目名称", required=True),
    Column("licence_category", "审批类别", "choice", True),
    Column("content", "许可内容", "longtext", True),
    Column("decision_date", "许可决定日期", "date", True),
    Column("valid_to", "许可截止期", "date"),
    Column("validity_status", "当前状态", "choice"),
    Column("note", "备注", "longtext"),
    Column("department_code", "许可机关统一社会信用代码", "code"),
    *_ignored("许可机关", "地方编码", "数据更新时间戳"),
]

#: (act, layout) → columns; the import reads the act and the layout from the file's headers.
LAYOUTS = {
    (Act.PENALTY, CURRENT): PENALTY_CURRENT,
    (Act.PENALTY, LAYOUT_2016): PENALTY_2016,
    (Act.LICENCE, CURRENT): LICENCE_CURRENT,
    (Act.LICENCE, LAYOUT_2016): LICENCE_2016,
}
#: The headers a file must show for each act, named when a file has no recognisable header row.
KEY_HEADERS = {act: [column.label for column in LAYOUTS[(act, CURRENT)] if column.required]
               for act in (Act.PENALTY, Act.LICENCE)}
