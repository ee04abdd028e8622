"""Demo joint punishment: rectification cases in every state, a court-list import with a match,
flags on the listed unit, a public notice and the zero-stock status. Fictional throughout; safe to
run twice (records are keyed by decision number, cases by their records, the import by its name).

Called by ``seed_demo`` after ``seed_records``:
``seed_punishment(units=units, clerk=users["clerk"], clerk2=users["clerk2"], office=users["office"])``.
"""
import datetime
import io

from django.utils import timezone

from . import court_list
from .models import CourtListImport, CreditRecord, RectificationCase, Unit
from .models.punishment import RectificationState
from .services import punishment
from .services.credit import record_create, record_publish

COURT_FILE = "莱芜区人民法院失信被执行人名单（演示）.xlsx"
PDF = b"%PDF-1.4\n% demo rectification report\n"


def _record(number, *, provider, unit, kind, severity, title, decision_date, details, actor=None):
    record = CreditRecord.objects.filter(decision_number=number, provider=provider).first()
    if record is None:
        record = record_create(actor=actor, provider=provider, subject_type="unit", subject_unit=unit, kind=kind,
                               severity=severity, title=title, decision_number=number, decision_date=decision_date,
                               details=details)
        record = record_publish(record=record, actor=actor, today=decision_date + datetime.timedelta(days=2))
    return record


def _case(record, *, actor, opened_on) -> RectificationCase:
    punishment.punishment_record_changed(record=record, actor=actor, today=opened_on)
    return RectificationCase.objects.get(records=record)


def _court_workbook(rows: list[dict]) -> bytes:
    from openpyxl import Workbook

    headers = [label for _key, label, _type, _required in court_list.COURT_COLUMNS]
    book = Workbook()
    book.active.append(headers)
    for row in rows:
        book.active.append([row.get(label) for label in headers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def seed_punishment(*, units: dict[str, Unit], clerk, clerk2, office) -> dict:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    market = units["区市场监督管理局"]
    approval, statistics_bureau = units["区行政审批服务局"], units["区统计局"]
    listed = units["苗山镇人民政府"]

    # Overdue: the defaulter listing of 苗山镇 (published by seed_records) opened a case by rule a year ago.
    listing = CreditRecord.objects.filter(subject_unit=listed, kind="judgment_defaulter").order_by("pk").first()
    overdue = _case(listing, actor=office, opened_on=listing.window_start + 3 * day) if listing else None
    if listing:
        punishment.flags_sync_for_unit(listed)

    # Returned: the town's price penalty; explained, reported, sent back by the office last week.
    town_penalty = CreditRecord.objects.filter(decision_number="莱市监罚〔2026〕18号").first()
    returned = None
    if town_penalty is not None:
        returned = _case(town_penalty, actor=clerk, opened_on=today - 40 * day)
        if returned.state == RectificationState.OPEN:
            punishment.rectification_explain(case=returned, actor=clerk2, explanation="收费公示栏未及时更新，制度执行不到位。")
            punishment.rectification_report(case=returned, actor=clerk2, measures="更新收费公示栏，建立月度自查制度。",
                                            results="公示栏已更新。", completed_on=today - 20 * day,
                                            attachments=[("整改报告.pdf", PDF)], today=today - 15 * day)
            returned = punishment.rectification_return(case=returned, actor=office, reason="缺少自查记录和复查结论，请补充后重新报送。",
                                            today=today - 7 * day)

    # Accepted: an older statistics record against the clerk's unit, explained, reported and accepted.
    stats = _record("莱统执〔2026〕3号", provider=statistics_bureau, unit=market, kind="statistics",
                    severity="general", title="统计数据填报不实", decision_date=today - 90 * day,
                    details={"breach_type": "统计造假、弄虚作假"})
    accepted = _case(stats, actor=office, opened_on=today - 85 * day)
    if accepted.state == RectificationState.OPEN:
        accepted = punishment.rectification_explain(case=accepted, actor=clerk, explanation="个别科室填报把关不严。",
                                         today=today - 80 * day)
    if accepted.state == RectificationState.EXPLAINED:
        accepted = punishment.rectification_report(case=accepted, actor=clerk, measures="建立数据三级审核。",
                                        results="复核全部报表无误。", completed_on=today - 50 * day,
                                        today=today - 45 * day)
    if accepted.state == RectificationState.RECTIFIED:
        accepted = punishment.rectification_accept(case=accepted, actor=office, note="整改到位，予以验收。",
                                                   today=today - 40 * day)
    if not accepted.accountability_form and accepted.head_name:
        accepted = punishment.rectification_accountability_decide(case=accepted, actor=office, form="通报",
                                                       decision="对时任主要负责人予以通报", decided_on=today - 40 * day)

    # Open and running: the clerk's own unit, for the browser journey (explain, then report).
    late = _record("莱审批超〔2026〕9号", provider=approval, unit=market, kind="approval_time_limit", severity="general",
                   title="行政审批事项超承诺时限办结", decision_date=today - 5 * day,
                   details={"matter": "食品经营许可", "breach_type": "未兑现办理时限承诺"})
    running = _case(late, actor=office, opened_on=today - 2 * day)

    # A public notice of the returned case.
    if returned is not None and not returned.notices.exists():
        punishment.punishment_notice_publish(cases=[returned], number="莱信办通〔2026〕1号",
                                             title="关于部分单位政务失信整改情况的通报",
                                             body="经核查，下列单位存在政务失信记录，整改不到位，现予通报批评。", actor=office)

    # The court's list: one row matched by code (a draft to confirm), one already confirmed, one unmatched.
    if not CourtListImport.objects.filter(original_name=COURT_FILE).exists():
        rows = [_court_row(units["口镇人民政府"], "（2026）鲁0116执321号", today - 10 * day),
                _court_row(None, "（2026）鲁0116执322号", today - 10 * day)]
        if listing is not None:
            rows.append(_court_row(listed, listing.details["case_number"], listing.window_start))
        court_list.court_list_import(actor=office, name=COURT_FILE, file_bytes=_court_workbook(rows), today=today)

    from workdays.services import clocks_advance

    clocks_advance(today=today)
    punishment.zero_status_refresh(today=today)
    return {"overdue": overdue, "returned": returned, "accepted": accepted, "open": running}


def _court_row(unit, case_number, published) -> dict:
    return {
        "被执行人名称": unit.name if unit else "莱芜某某建材有限公司", "统一社会信用代码": unit.code if unit else "",
        "法定代表人": "（演示）", "执行依据文号": "（2025）鲁0116民初1001号", "案号": case_number,
        "立案时间": (published - datetime.timedelta(days=60)).isoformat(), "执行法院": "济南市莱芜区人民法院",
        "生效法律文书确定的义务": "支付货款人民币12万元", "履行情况": "全部未履行",
        "失信行为具体情形": "有履行能力而拒不履行生效法律文书确定义务", "发布时间": published.isoformat(),
    }


__all__ = ["seed_punishment"]
