"""Demo 双公示 decisions for ``seed_demo`` (issue 14 item 8), fictional throughout and idempotent.

Three departments decide on fictional companies (USCCs ``91``/``92`` + the district + ``MAD`` + a serial, with
valid GB 32100 check characters) and persons (IDs with birth date 1 January and sequence 990–999, born
1940–1961, a range the civil servants of the demo never use). Most decisions were published within the
7 working days; some late; some still drafts past their due date (the overdue list); some submitted with an
error first (合规率 below 100%); warnings only and small fines, which the rules do not publish; serious
penalties; two penalties whose subjects applied for credit repair after the minimum period, as the department
registers it: one approved by the office (the decision repaired), one awaiting its decision; the older decisions
past their publication, as the nightly ``decisions_expire`` leaves them. Each department is seeded once (by its
document numbers).
"""
import datetime
import random

from django.core.exceptions import ValidationError
from django.utils import timezone
from stdnum.cn import uscc

from records.demo import REGION, resident_id

from . import services
from .choices import CheckChannel
from .models import Decision

# department → (document number prefix, penalties, licences)
PLAN = {"区市场监督管理局": ("莱市监", 120, 40), "区行政审批服务局": ("莱审批", 0, 100),
        "区综合行政执法局": ("莱综执", 40, 0)}
TOWNS = ("凤城", "张家洼", "高庄", "鹏泉", "口镇", "羊里", "方下", "雪野", "寨里", "杨庄")
TRADES = ("食品", "商贸", "建材", "餐饮管理", "物流", "机械", "农业科技", "百货", "汽车维修", "印务")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "明华建国志强秀英文静海涛晓燕立新红梅春雨"
PENALTY_KINDS = (
    ("食品安全", "经营超过保质期的食品。", "《中华人民共和国食品安全法》第一百二十四条"),
    ("价格违法", "未按规定明码标价。", "《中华人民共和国价格法》第四十二条"),
    ("广告违法", "发布虚假广告。", "《中华人民共和国广告法》第五十五条"),
    ("市容环境", "擅自占道经营。", "《城市市容和环境卫生管理条例》第三十六条"),
)
LICENCES = (("食品经营许可决定书", "食品经营许可证", "预包装食品销售"),
            ("建筑工程施工许可决定书", "建筑工程施工许可证", "厂房建设工程施工"),
            ("公共场所卫生许可决定书", "公共场所卫生许可证", "住宿、美容美发场所卫生许可"))


def company_code(serial: int, individual: bool = False) -> str:
    body = f"{'92' if individual else '91'}{REGION}MAD{serial:06d}"
    return body + uscc.calc_check_digit(body)


def _subject(rng: random.Random, serial: int, person_serial: int, person: bool) -> dict:
    if person:
        year, sequence = 1940 + person_serial // 10 % 22, 990 + person_serial % 10
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN)
        return {"subject_category": "natural_person", "subject_name": name, "id_type": "resident_id",
                "id_number": resident_id(year, sequence)}
    individual = serial % 9 == 0
    town, trade = TOWNS[serial % len(TOWNS)], TRADES[serial // len(TOWNS) % len(TRADES)]
    name = f"莱芜区{town}{trade}经营部" if individual else f"济南{town}{trade}有限公司"
    return {"subject_category": "individual_business" if individual else "legal_person",
            "subject_name": f"{name}（演示{serial}）", "subject_code": company_code(serial, individual),
            "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN)}


def _penalty(rng, index: int, prefix: str, day: datetime.date, subject: dict) -> dict:
    kind, facts, basis = PENALTY_KINDS[index % len(PENALTY_KINDS)]
    warning_only, small_fine, serious = index % 10 == 3, index % 10 == 7, index % 15 == 4
    fine = "0.05" if small_fine else str(rng.choice((0.5, 1, 2, 3, 5, 8)))
    return {"act": "penalty", **subject, "document_number": f"{prefix}罚〔{day.year}〕{index + 1}号",
            "violation_type": kind, "violation_facts": facts, "legal_basis": basis,
            "penalty_categories": ["warning"] if warning_only else ["fine"],
            "content": "警告。" if warning_only else f"罚款{fine}万元。", "fine_amount": None if warning_only else fine,
            "severity": "serious" if serious else "general", "decision_date": day}


def _licence(index: int, prefix: str, day: datetime.date, subject: dict) -> dict:
    document, certificate, content = LICENCES[index % len(LICENCES)]
    return {"act": "licence", **subject, "document_name": document,
            "document_number": f"{prefix}许〔{day.year}〕{index + 1}号", "licence_category": "普通",
            "certificate_name": certificate, "certificate_number": f"JY{day:%Y}{index + 1:05d}", "content": content,
            "decision_date": day, "valid_from": day, "valid_to": day + datetime.timedelta(days=5 * 365)}


def seed_decisions(*, units: dict, clerk_for, office, today: datetime.date | None = None) -> int:
    """Create the demo decisions of each planned department once; returns how many were created.
    ``clerk_for(unit)`` gives the clerk who files for a department (created by ``seed_demo``)."""
    today = today or timezone.localdate()
    created = 0
    serial = person_serial = 0
    for number, (name, (prefix, penalties, licences)) in enumerate(PLAN.items()):
        department = units[name]
        rng = random.Random(number + 14)  # noqa: S311 - fictional demo data
        rows = []
        for index in range(penalties + licences):
            serial += 1
            is_penalty = index < penalties
            person = is_penalty and index % 7 == 2
            person_serial += person
            day = today - datetime.timedelta(days=3 + (index * 37) % 420)
            subject = _subject(rng, serial + 100 * number, person_serial, person)
            rows.append(_penalty(rng, index, prefix, day, subject) if is_penalty
                        else _licence(index - penalties, prefix, day, subject))
        if Decision.objects.filter(department=department, document_number=rows[0]["document_number"]).exists():
            continue
        created += _seed_department(department, clerk_for(department), office, rows, today, repair=number == 0)
    services.decisions_expire(today=today)  # what the nightly job leaves: no decision published past its end
    return created


def _seed_department(department, clerk, office, rows: list[dict], today: datetime.date, *, repair: bool) -> int:
    # 1 in 12 rows was first submitted with an error (a wrong check character), then corrected: 合规率 < 100%.
    for row in rows[5::12]:
        wrong = dict(row)
        if row.get("subject_code"):
            wrong["subject_code"] = row["subject_code"][:-1] + ("0" if row["subject_code"][-1] != "0" else "1")
        else:
            wrong["id_number"] = row["id_number"][:-1] + ("0" if row["id_number"][-1] != "0" else "1")
        try:
            services.decision_create(actor=clerk, department=department, row=wrong, channel=CheckChannel.FORM,
                                     today=today)
        except ValidationError:
            pass
    result = services.decisions_create_bulk(actor=clerk, department=department, rows=rows, today=today)
    if result.errors:
        raise ValidationError(f"demo rows of {department} do not pass the checks: {result.errors}")
    applications = [] if repair else None  # the repaired penalty, then the one still awaiting the office
    for index, decision in enumerate(sorted(result.created, key=lambda d: d.decision_date)):
        age = (today - decision.decision_date).days
        if (age < 12 and index % 2) or index % 29 == 13:
            continue  # still a draft: the recent ones in time, the older ones overdue
        late = index % 11 == 6
        published_on = min(today, decision.decision_date + datetime.timedelta(days=16 if late else 2))
        decision = services.decision_publish(decision=decision, actor=clerk, today=published_on)
        if applications is not None and len(applications) < 2 and decision.act == "penalty" and decision.disclosed \
                and decision.repairable_from and decision.repairable_from <= today and decision.severity == "general" \
                and decision.publication_ends and decision.publication_ends > today:  # still published
            applications.append(_apply_for_repair(decision, clerk, office, today, decide=not applications))
    return len(result.created)


def _apply_for_repair(decision, clerk, office, today: datetime.date, *, decide: bool):
    """The subject's application, registered by the department's clerk; the office approves the first."""
    from objections.services import repair_apply_decision, repair_decide

    repair = repair_apply_decision(decision=decision, applicant=clerk, losses_recovered=True, effects_removed=True,
                                   statement="已全额缴纳罚款，违法行为已整改到位，并已在本单位网站公开承诺。",
                                   today=today)
    if decide:
        repair = repair_decide(repair=repair, actor=office, outcome="approved", today=today,
                               reason="已履行处罚决定，整改到位，公示满最短期限，准予提前停止公示。")
    return repair
