"""Demo clues for ``seed_demo``: every state, anonymous and not, one re-routed after "not ours", one overdue, one
linked to a commitment, one resolved as a breach (with its draft record), a pending reopen request, routing rules
and a published clearance report.

Idempotent: the demo clues carry fixed, documented demo receipt codes (``DEMO…``; demo data only — real codes
come from ``secrets``); when the first exists nothing is done. Try tracking with ``DEMORESOLVEDAAAAAAAAAAAA``.
"""
import datetime

from django.db import transaction
from django.utils import timezone

from . import services
from .models import DisputeClue, RoutingRule

MARKET = "区市场监督管理局"
TOWN = "凤城街道办事处"
INVEST = "区投资促进局"


def demo_code(name: str) -> str:
    return ("DEMO" + name.upper()).ljust(24, "A")[:24]


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _submit(name: str, *, days_ago: int, **fields) -> DisputeClue:
    clue, _code = services.clue_submit(today=_days(-days_ago), **fields)
    DisputeClue.objects.filter(pk=clue.pk).update(
        receipt_hash=DisputeClue.hash_code(demo_code(name)),
        submitted_at=timezone.now() - datetime.timedelta(days=days_ago))
    clue.refresh_from_db()
    return clue


@transaction.atomic
def seed_disputes(*, units: dict, users: dict) -> int:
    """Create the demo clues that are missing; return how many clues were created."""
    if DisputeClue.objects.filter(receipt_hash=DisputeClue.hash_code(demo_code("triage"))).exists():
        return 0
    office, clerk, clerk2 = users["office"], users["clerk"], users["clerk2"]
    market, town = units[MARKET], units[TOWN]
    RoutingRule.objects.get_or_create(category="arrears", body_unit=market, defaults={
        "unit": market, "priority": 10, "note": "拖欠账款线索涉及区市场监督管理局的，由其自行办理"})
    RoutingRule.objects.get_or_create(body_keyword="凤城", defaults={
        "unit": town, "priority": 20, "note": "自填单位名称含“凤城”的，分办凤城街道"})
    if INVEST in units:
        RoutingRule.objects.get_or_create(category="promise", body_unit=None, body_keyword="", defaults={
            "unit": units[INVEST], "priority": 50, "note": "政策承诺不兑现线索，分办区投资促进局"})
    arrears = dict(category="arrears", body_unit=market, body_name="")
    created = 0

    # 1. In the office's triage queue: anonymous, free-text body, no rule matches.
    _submit("triage", days_ago=2, category="other", body_name="某开发区管委会（名录外）",
            description="管委会承诺的厂房租金减免至今未落实，<script>alert(1)</script> 多次反映无果。")
    created += 1

    # 2. Routed by rule, waiting for acknowledgement; contact shared with the unit.
    _submit("assigned", days_ago=3, description="区市场监督管理局采购检测设备尾款 12 万元逾期未付。", amount="12",
            contact_name="李女士", contact_phone="13800000001", share_contact=True, **arrears)
    created += 1

    # 3. Acknowledged and in progress, linked to a demo commitment, public and internal notes.
    main = _submit("handling", days_ago=20, description="食品检测服务合同约定按季度付款，已拖欠两个季度共 36 万元。",
                   amount="36", contact_name="张经理", contact_phone="13800000002", contact_email="demo@example.com",
                   **arrears)
    services.clue_acknowledge(clue=main, actor=clerk, today=_days(-17))
    services.clue_note_add(clue=main, actor=clerk, visibility="public", body="已与企业约谈，核对合同和验收单据。")
    services.clue_note_add(clue=main, actor=clerk, visibility="internal", body="财务科称预算指标下月下达。")
    from commitments.models import Commitment

    commitment = Commitment.objects.filter(code__startswith="DEMO-").order_by("code").first()
    if commitment is not None:
        services.clue_link_commitment(clue=main, actor=office, commitment=commitment)
    services.clue_extend(clue=DisputeClue.objects.get(pk=main.pk), actor=clerk, reason="需等待财政预算指标下达",
                         today=_days(-5))
    created += 1

    # 4. Resolved as a breach (a draft dishonesty record), rated by the submitter.
    resolved = _submit("resolved", days_ago=50, description="检测服务费 8 万元拖欠一年有余。", amount="8",
                       happened_on=_days(-400), **arrears)
    services.clue_acknowledge(clue=resolved, actor=clerk, today=_days(-45))
    services.clue_note_add(clue=resolved, actor=clerk, visibility="public", body="已核实欠款事实，正在办理支付手续。")
    services.clue_conclude(clue=DisputeClue.objects.get(pk=resolved.pk), actor=clerk, outcome="resolved",
                           reason="欠款 8 万元已全部支付，并向企业致歉；相关责任已认定为政务失信。", breach=True,
                           today=_days(-10))
    services.clue_rate(clue=DisputeClue.objects.get(pk=resolved.pk), rating=4, comment="办理及时，希望今后按约付款。")
    created += 1

    # 5. Rejected with a reason, and the submitter's pending request to reopen.
    rejected = _submit("rejected", days_ago=30, description="要求退还多年前缴纳的保证金。", **arrears)
    services.clue_conclude(clue=rejected, actor=clerk, outcome="rejected", today=_days(-25),
                           reason="经核查，保证金已于2023年依约退还，有银行回单为证，不属拖欠。")
    services.reopen_request(clue=DisputeClue.objects.get(pk=rejected.pk), reason="未收到该笔退款，请再次核实。")
    created += 1

    # 6. Merged into the clue in progress.
    merged = _submit("merged", days_ago=15, description="同一食品检测服务合同欠款（同事另行反映）。", **arrears)
    services.clue_acknowledge(clue=merged, actor=clerk, today=_days(-14))
    services.clue_conclude(clue=DisputeClue.objects.get(pk=merged.pk), actor=clerk, outcome="merged",
                           merged_into=main, reason=f"与线索 {main.reference} 为同一事项，合并办理。", today=_days(-13))
    created += 1

    # 7. Re-routed after "not ours": the office sent it to the town, the town refused, the office re-routed.
    rerouted = _submit("rerouted", days_ago=8, category="contract", body_name="区里某执法队（名录外）",
                       description="执法队租用我公司车辆的合同到期后，租金未结清。", contact_name="赵先生",
                       contact_phone="13800000003")
    services.clue_route(clue=rerouted, actor=office, unit=town, note="执法队驻凤城街道")
    services.clue_refuse(clue=DisputeClue.objects.get(pk=rerouted.pk), actor=clerk2,
                         reason="该执法队隶属区市场监督管理局，不属本街道。")
    services.clue_route(clue=DisputeClue.objects.get(pk=rerouted.pk), actor=office, unit=market,
                        note="按凤城街道说明改派")
    created += 1

    # 8. Overdue: assigned 40 days ago, never acknowledged (the daily clock job marks it).
    _submit("overdue", days_ago=40, description="餐饮服务费 3 万元，承诺年底结清，至今未付。", amount="3", **arrears)
    created += 1

    from workdays.services import clocks_advance

    clocks_advance()
    last_start, last_end = services.previous_month(timezone.localdate())
    report = services.clearance_report_build(period_start=last_start, period_end=last_end, actor=office)
    services.clearance_report_publish(report=report, actor=office)
    return created
