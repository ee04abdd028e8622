"""Default data: the policies of DESIGN.md §5 and the holiday names of the seeded calendar.

Adding a default policy is one line in ``DEFAULT_POLICIES`` plus a migration that runs
``seed_default_policies`` again (it only creates the (key, scope) pairs that are missing, so it
never overwrites what the office has revised).
"""
from .choices import PolicyUnit

WD, CD, MONTHS, YEARS = PolicyUnit.WORKING_DAYS, PolicyUnit.CALENDAR_DAYS, PolicyUnit.MONTHS, PolicyUnit.YEARS
PERCENT, TIMES = PolicyUnit.PERCENT, PolicyUnit.MULTIPLE

SEED = "《莱芜区政务诚信建设工作实施方案》"
SD_CREDIT = "《山东省社会信用条例》"
PETITION = "《信访工作条例》"
SANCTION = "《中华人民共和国公职人员政务处分法》第八条；《中华人民共和国公务员法》第六十四条"
REPAIR = "国家发展改革委《失信行为纠正后的信用信息修复管理办法（试行）》"
OFFICE = "区信用办确定"  # no statute fixes it: set by the office

# (key, scope, name, value, unit, start_event, applies_to, legal_basis)
DEFAULT_POLICIES: list[tuple[str, str, str, int, str, str, str, str]] = [
    ("objection_answer", "", "异议答复期限", 10, WD, "收到异议申请", "信用记录异议", f"{SEED}第十条"),
    ("objection_answer_provincial", "", "异议核查答复期限（省条例）", 3, WD, "收到异议申请", "信用记录异议",
     f"{SD_CREDIT}第三十九条"),
    ("objection_answer_provincial_verify", "", "异议核查答复期限（需其他单位核实）", 7, WD, "收到异议申请",
     "需其他单位核实的信用记录异议", f"{SD_CREDIT}第三十九条"),
    ("record_update_after_decision_change", "", "原决定撤销或变更后更新记录期限", 3, WD,
     "原处理决定被撤销或变更", "信用记录", f"{SD_CREDIT}第四十条"),
    ("dual_publication_reporting", "", "双公示信息报送期限", 7, WD, "作出行政许可或行政处罚决定",
     "行政许可、行政处罚", "国家“双公示”工作要求：自作出决定之日起7个工作日内公示"),
    ("dispute_acknowledge", "", "涉政纠纷线索受理告知期限", 15, CD, "收到线索", "涉政纠纷案件线索",
     f"{PETITION}：自收到之日起15日内告知是否受理"),
    ("dispute_conclude", "", "涉政纠纷线索办结期限", 60, CD, "受理线索", "涉政纠纷案件线索",
     f"{PETITION}：自受理之日起60日内办结"),
    ("dispute_extension", "", "涉政纠纷线索延期办理期限", 30, CD, "原办理期限届满", "涉政纠纷案件线索（延期一次）",
     f"{PETITION}：情况复杂的经批准可延长，不超过30日"),
    ("rectification_explanation", "", "失信情况书面说明期限", 10, WD, "认定失信或通报", "失信单位",
     f"{SEED}第六条；区信用办工作规则"),
    ("rectification_report", "", "整改报告报送期限", 30, WD, "认定失信或通报", "失信单位",
     f"{SEED}第六条；区信用办工作规则"),
    ("penalty_disclosure_general_min", "", "一般行政处罚最短公示期", 3, MONTHS, "处罚决定日期", "一般失信行政处罚",
     REPAIR),
    ("penalty_disclosure_general_max", "", "一般行政处罚最长公示期", 12, MONTHS, "处罚决定日期", "一般失信行政处罚",
     REPAIR),
    ("penalty_disclosure_serious_min", "", "严重行政处罚最短公示期", 12, MONTHS, "处罚决定日期", "严重失信行政处罚",
     REPAIR),
    ("penalty_disclosure_serious_max", "", "严重行政处罚最长公示期", 36, MONTHS, "处罚决定日期", "严重失信行政处罚",
     REPAIR),
    ("dishonesty_disclosure_cap", "", "失信信息公开期限上限", 5, YEARS, "失信行为终止", "失信信息（失信被执行人除外）",
     f"{SD_CREDIT}第三十八条"),
    ("sanction_warning", "", "警告处分期", 6, MONTHS, "处分决定生效", "政务处分：警告", SANCTION),
    ("sanction_demerit", "", "记过处分期", 12, MONTHS, "处分决定生效", "政务处分：记过", SANCTION),
    ("sanction_major_demerit", "", "记大过处分期", 18, MONTHS, "处分决定生效", "政务处分：记大过", SANCTION),
    ("sanction_demotion", "", "降级处分期", 24, MONTHS, "处分决定生效", "政务处分：降级", SANCTION),
    ("sanction_dismissal_from_post", "", "撤职处分期", 24, MONTHS, "处分决定生效", "政务处分：撤职", SANCTION),
    ("due_soon_lead", "", "到期前提醒提前量", 3, WD, "截止日前", "所有计时", "区信用办工作规则：到期前3个工作日提醒经办人"),
    # The reminder ladder after the due date: 0 = on the due date itself.
    ("ladder_unit_head", "", "到期提醒单位主要负责人", 0, WD, "截止日", "所有计时", f"{OFFICE}：截止日当天提醒单位主要负责人"),
    ("ladder_office", "", "逾期提醒区信用办", 1, CD, "截止日", "所有计时", f"{OFFICE}：逾期次日提醒区信用办"),
    ("ladder_supervisor", "", "逾期后提醒监督单位", 5, WD, "截止日", "所有计时",
     f"{OFFICE}：截止日后5个工作日仍未办结的，提醒纪检监察、审计或上级主管部门"),
    ("very_overdue_factor", "", "严重逾期倍数", 2, TIMES, "起算日", "所有计时", f"{OFFICE}：超过期限的两倍为严重逾期"),
    ("dispute_reopen_window", "", "线索办结后申请重新办理期限", 30, CD, "线索办结", "涉政纠纷案件线索",
     f"{OFFICE}：办结后30日内可申请重新办理"),
    ("dispute_contact_retention", "", "线索办结后提交人联系方式保留期限", 1, YEARS, "线索办结",
     "涉政纠纷案件线索提交人的联系方式", f"{OFFICE}：办结满1年后删除提交人的联系方式，线索本身保留"),
    ("cadre_check_access", "", "任前审查查阅期限", 7, CD, "发起任前审查", "组织人事部门查阅公务员诚信档案",
     f"{OFFICE}：自发起审查之日起7日内可查阅"),
    ("repair_weight_lighter", "", "信用修复从轻后的计分权重", 50, PERCENT, "信用修复决定", "准予修复且从轻的失信记录",
     f"{SEED}第十一条（可从轻实施惩戒）；{OFFICE}：按一半计分"),
    ("repair_weight_waived", "", "信用修复免于惩戒后的计分权重", 0, PERCENT, "信用修复决定",
     "准予修复且免于惩戒的失信记录", f"{SEED}第十一条（可免于实施惩戒）；{OFFICE}：不再扣分"),
]

HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

SOURCE_NOTICE = "国务院办公厅关于部分节假日安排的通知（{year}）"


def seed_default_policies(apps, schema_editor=None) -> int:
    """Create the default policies that are missing (usable as a migration's RunPython)."""
    Policy = apps.get_model("workdays", "Policy")
    created = 0
    for key, scope, name, value, unit, start_event, applies_to, legal_basis in DEFAULT_POLICIES:
        if Policy.objects.filter(key=key, scope=scope).exists():
            continue
        Policy.objects.create(
            key=key, scope=scope, version=1, name=name, value=value, unit=unit, start_event=start_event,
            applies_to=applies_to, legal_basis=legal_basis, is_current=True,
        )
        created += 1
    return created


def seed_official_calendar(apps, schema_editor=None, first_year: int = 2004, last_year: int = 2026) -> None:
    """Official years with their holidays and make-up working days from ``chinesecalendar``."""
    import chinese_calendar

    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarException = apps.get_model("workdays", "CalendarException")
    for year in range(first_year, last_year + 1):
        row, created = CalendarYear.objects.get_or_create(
            year=year, defaults={"status": "official", "source_notice": SOURCE_NOTICE.format(year=year), "revision": 1}
        )
        if not created:
            continue
        rows = [
            CalendarException(year=row, date=day, kind="holiday", name=HOLIDAY_NAMES_ZH.get(name, name))
            for day, name in chinese_calendar.holidays.items() if day.year == year
        ]
        rows += [
            CalendarException(year=row, date=day, kind="makeup_workday",
                              name=f"{HOLIDAY_NAMES_ZH.get(name, name)}调休上班")
            for day, name in chinese_calendar.workdays.items() if day.year == year
        ]
        CalendarException.objects.bulk_create(rows)
