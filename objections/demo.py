"""Demo objections and repairs for ``seed_demo`` (idempotent): every state, a due-soon, an overdue
and a National-Day-crossing clock, repair applications in every state.

Call ``seed_objections(provider=market, target=town, clerk=…, clerk2=…, servant_user=…, office=…)``
after the demo users exist: ``clerk`` provides, ``clerk2`` objects for ``target``, ``servant_user``
objects to a sanction in their own file.
"""
import datetime

from django.db import transaction
from django.utils import timezone

from records import services as records
from records.models import CreditRecord
from workdays.calendar import get_calendar
from workdays.services import clocks_advance

from . import services

PREFIX = "演示异议〔2026〕"
PENALTY_DETAILS = {"subject_category": "法人及非法人组织", "violation_type": "违反价格法", "penalty_category": "罚款",
                   "penalty_content": "罚款人民币叁万元", "fine_amount": "3"}


def _record(n, *, provider, clerk, target=None, servant=None, decision_date, severity="general"):
    number = f"{PREFIX}{n}号"
    title = f"演示：违反工作纪律（{n}）" if servant is not None else f"演示：未按规定明码标价（{n}）"
    existing = CreditRecord.objects.filter(title=title, provider=provider).first()  # the number may be corrected
    if existing is not None:
        return existing, False
    if servant is not None:
        fields = dict(subject_type="person", civil_servant=servant, kind="government_sanction", severity=severity,
                      sanction_type="warning", title=title, details={"sanction_body": "区纪委监委"})
    else:
        fields = dict(subject_type="unit", subject_unit=target, kind="administrative_penalty", severity=severity,
                      title=title, legal_basis="《中华人民共和国价格法》第四十二条", details=dict(PENALTY_DETAILS))
    record = records.record_create(actor=clerk, provider=provider, decision_number=number,
                                   decision_date=decision_date, **fields)
    return records.record_publish(record=record, actor=clerk, today=decision_date), True


@transaction.atomic
def seed_objections(*, provider, target, clerk, clerk2, servant_user, office) -> int:
    today = timezone.localdate()
    cal = get_calendar()
    ago = lambda n: cal.working_day_before(today, n)  # noqa: E731  n working days before today
    created = 0
    # (n, applicant, filed on, what happens next)
    plan = [
        (1, clerk2, ago(1), "submitted"), (2, clerk2, ago(3), "under_review"), (3, servant_user, ago(8), "due_soon"),
        (4, clerk2, ago(14), "overdue"), (5, clerk2, datetime.date(2026, 9, 28), "upheld"),
        (6, servant_user, ago(12), "partly_upheld"), (7, clerk2, ago(9), "rejected"), (8, servant_user, ago(4),
                                                                                    "withdrawn"),
    ]
    for n, applicant, filed, step in plan:
        servant = servant_user.civil_servant if applicant == servant_user else None
        record, new = _record(n, provider=provider, clerk=clerk, target=target, servant=servant,
                              decision_date=min(filed, datetime.date(2026, 3, 2)))
        if not new:
            continue
        created += 1
        objection = services.objection_submit(record=record, applicant=applicant, today=filed,
                                              reason="记录所载决定文书号与原件不一致，请核查。")
        if step in {"under_review", "upheld", "partly_upheld", "rejected"}:
            services.objection_review(objection=objection, actor=clerk)
        answered = cal.add_working_days(filed, 6).date
        if step == "upheld":
            services.objection_decide(objection=objection, actor=clerk, outcome="upheld", reason="经核查文书号录入错误，已更正。",
                                      record_action="correct", corrections={"decision_number": f"{PREFIX}{n}号（更正）"},
                                      today=answered)
        elif step == "partly_upheld":
            services.objection_decide(objection=objection, actor=clerk, outcome="partly_upheld",
                                      reason="原处理决定已被撤销，记录一并撤销。", record_action="revoke", today=answered)
        elif step == "rejected":
            services.objection_decide(objection=objection, actor=clerk, outcome="rejected",
                                      reason="经核对原件，记录内容无误。", today=answered)
        elif step == "withdrawn":
            services.objection_withdraw(objection=objection, actor=applicant, reason="已与单位沟通核实，撤回异议。")
    # Repairs: a general penalty decided more than 3 months ago, in every state.
    for n, step in ((21, "submitted"), (22, "approved"), (23, "rejected")):
        record, new = _record(n, provider=provider, clerk=clerk, target=target, decision_date=datetime.date(2026, 1, 5))
        if not new:
            continue
        created += 1
        repair = services.repair_apply(record=record, applicant=clerk2, losses_recovered=True, harm_stopped=True,
                                       statement="已退还多收价款并完成整改，整改报告附后。",
                                       today=max(today, services.repair_earliest_date(record)))
        if step != "submitted":
            services.repair_decide(repair=repair, actor=office, outcome="approved" if step == "approved" else "rejected",
                                   reason="整改到位，准予修复。" if step == "approved" else "损失尚未全部挽回。",
                                   punishment="lighter" if step == "approved" else "unchanged")
    clocks_advance(today=today)
    return created
