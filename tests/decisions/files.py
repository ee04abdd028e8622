"""Department files for the 双公示 import tests: the same decisions written in the standard's current layout and in
its 2016 layout, as xlsx or csv."""
import datetime
import io

import openpyxl

from tests.factories import make_resident_id, make_uscc

DAY = datetime.date(2026, 3, 2)

PENALTY_CURRENT_HEADERS = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "法定代表人", "证件类型", "证件号码",
    "行政处罚决定书文号", "违法行为类型", "违法事实", "处罚依据", "处罚类别", "处罚内容", "罚款金额(万元)",
    "没收违法所得、没收非法财物的金额(万元)", "处罚决定日期", "当前状态", "处罚机关", "备注",
]
PENALTY_2016_HEADERS = [
    "行政处罚决定书文号", "处罚名称", "处罚类别1", "处罚类别2", "处罚事由", "处罚依据", "行政相对人名称",
    "行政相对人代码_1(统一社会信用代码)", "行政相对人代码_2(组织机构代码)", "行政相对人代码_3(工商登记码)",
    "行政相对人代码_4(税务登记号)", "行政相对人代码_5(居民身份证号)", "法定代表人姓名", "处罚结果", "罚款金额(万元)",
    "没收违法所得、没收非法财物的金额(万元)", "处罚决定日期", "处罚机关", "当前状态", "地方编码", "数据更新时间戳", "备注",
]


def penalty_decisions(department_name: str, n: int = 2) -> list[dict]:
    """``n`` decisions, alternating a company fined and a person fined and stripped of gains."""
    rows = []
    for i in range(n):
        person = i % 2 == 1
        rows.append({
            "name": "赵一鸣" if person else f"济南明远食品有限公司{i}",
            "uscc": "" if person else make_uscc(category="91"), "id": make_resident_id() if person else "",
            "representative": "" if person else "王立", "number": f"济莱市监罚〔2026〕{100 + i}号",
            "type": "食品安全", "facts": "经营超过保质期的食品。", "basis": "《中华人民共和国食品安全法》第一百二十四条",
            "categories": ["罚款", "没收违法所得"] if person else ["罚款"],
            "content": "罚款2万元。", "fine": 2, "confiscated": 0.3 if person else None, "date": DAY,
            "department": department_name,
        })
    return rows


def current_penalty_line(d: dict) -> list:
    return [d["name"], "自然人" if d["id"] else "法人及非法人组织", d["uscc"], d["representative"],
            "身份证" if d["id"] else "", d["id"], d["number"], d["type"], d["facts"], d["basis"],
            "；".join(d["categories"]), d["content"], d["fine"], d["confiscated"], d["date"], "有效", d["department"], ""]


def penalty_2016_line(d: dict) -> list:
    second = d["categories"][1] if len(d["categories"]) > 1 else ""
    return [d["number"], d["type"], d["categories"][0], second, d["facts"], d["basis"], d["name"], d["uscc"], "", "", "",
            d["id"], d["representative"], d["content"], d["fine"], d["confiscated"], d["date"].strftime("%Y/%m/%d"),
            d["department"], "0", "370116", "2026-03-03 10:00:00", ""]


def xlsx(headers: list, lines: list[list], *, title_lines: int = 0) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for _ in range(title_lines):
        sheet.append(["某局行政处罚信息"])
    sheet.append(headers)
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv(headers: list, lines: list[list], *, encoding: str) -> bytes:
    def text(value):
        if value is None:
            return ""
        if isinstance(value, datetime.date):
            return value.isoformat()
        return str(value).replace(",", "，")

    rows = [",".join(text(value) for value in line) for line in [headers, *lines]]
    return ("\r\n".join(rows) + "\r\n").encode(encoding)


LICENCE_CURRENT_HEADERS = [
    "行政相对人名称", "行政相对人类别", "行政相对人代码_1(统一社会信用代码)", "法定代表人", "行政许可决定文书名称",
    "行政许可决定文书号", "许可类别", "许可证书名称", "许可编号", "许可内容", "许可决定日期", "有效期自", "有效期至",
    "许可机关", "当前状态",
]
LICENCE_2016_HEADERS = [
    "行政许可决定书文号", "项目名称", "审批类别", "许可内容", "行政相对人名称", "行政相对人代码_1(统一社会信用代码)",
    "行政相对人代码_2(组织机构代码)", "行政相对人代码_3(工商登记码)", "行政相对人代码_4(税务登记号)",
    "行政相对人代码_5(居民身份证号)", "法定代表人姓名", "许可决定日期", "许可截止期", "许可机关", "当前状态", "地方编码",
    "数据更新时间戳", "备注",
]


def licence_decisions(department_name: str, n: int = 2) -> list[dict]:
    return [{"name": f"济南安和餐饮管理有限公司{i}", "uscc": make_uscc(category="91"), "representative": "李安",
             "document_name": "食品经营许可决定书", "number": f"济莱市监许〔2026〕{200 + i}号", "category": "普通",
             "content": "预包装食品销售", "date": DAY, "valid_to": datetime.date(2031, 3, 1),
             "department": department_name} for i in range(n)]


def current_licence_line(d: dict) -> list:
    return [d["name"], "法人及非法人组织", d["uscc"], d["representative"], d["document_name"], d["number"],
            d["category"], "", "", d["content"], d["date"], d["date"], d["valid_to"], d["department"], "有效"]


def licence_2016_line(d: dict) -> list:
    return [d["number"], d["document_name"], d["category"], d["content"], d["name"], d["uscc"], "", "", "", "",
            d["representative"], d["date"], d["valid_to"], d["department"], "0", "370116", "2026-03-03 10:00:00", ""]
