"""Demo commitments for ``seed_demo``: every kind across units, some fulfilled, one changed with compensation,
a town's programme with children, one overdue milestone, one breach with its draft records.

Idempotent: each demo commitment has a fixed code; one that exists is left alone.
"""
import datetime

from django.db import transaction
from django.utils import timezone

from records.models import CivilServant

from . import services
from .models import Commitment

PDF = b"%PDF-1.4\n% demo evidence (fictional)\n%%EOF\n"
MARKET = "区市场监督管理局"
TOWN = "凤城街道办事处"


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def _create(code, *, unit, actor, milestones=(), publish=True, officials=(), **fields) -> Commitment:
    fields.setdefault("publication_type", "public")
    fields.setdefault("liability", "未按承诺兑现的，依法依约承担违约责任，并纳入政务失信记录。")
    commitment = services.commitment_create(actor=actor, unit=unit, code=code, **fields)
    for person_name, stage, start, servant in officials:
        services.official_assign(commitment=commitment, actor=actor, person_name=person_name, stage=stage,
                                 start=start, civil_servant=servant)
    added = [(services.milestone_add(commitment=commitment, actor=actor, title=title, due_date=due, weight=weight),
              done) for title, due, weight, done in milestones]
    if publish:
        commitment = services.commitment_publish(commitment=commitment, actor=actor)
        for milestone, done in added:
            if done is not None:
                services.milestone_complete(milestone=milestone, actor=actor, done_on=done, note="按期完成",
                                            files=[(f"{milestone.title}-证明.pdf", PDF)])
    return Commitment.objects.get(pk=commitment.pk)


@transaction.atomic
def seed_commitments(*, units: dict, users: dict) -> int:
    """Create the demo commitments that are missing; return how many were created."""
    if Commitment.objects.filter(code__startswith="DEMO-").exists():
        return 0
    office, clerk, clerk2 = users["office"], users["clerk"], users["clerk2"]
    market, town = units[MARKET], units[TOWN]
    start = _days(-400)
    servants = list(CivilServant.objects.filter(unit=market).order_by("pk")[:2])

    # Investment promotion, fulfilled (clause 14).
    c = _create("DEMO-2025-001", unit=units["区投资促进局"], actor=office, kind="investment_promotion",
                title="新能源装备产业园落户奖励政策承诺", reason="引进新能源装备制造项目",
                content="项目竣工投产后一次性给予设备投资额5%的奖励，最高500万元。", committed_on=start,
                valid_until=_days(200), amount=500, counterparty_name="莱城新能源装备有限公司（虚构）",
                counterparty_type="organisation",
                milestones=[("签订投资协议", _days(-380), 20, _days(-380)), ("项目竣工投产", _days(-120), 50, _days(-125)),
                            ("奖励资金拨付", _days(-60), 30, _days(-62))])
    services.commitment_conclude(commitment=c, actor=office, outcome="fulfilled", on=_days(-50))

    # PPP project with an official per stage and one overdue milestone (clause 13).
    _create("DEMO-2025-002", unit=units["区住房和城乡建设局"], actor=office, kind="ppp",
            title="城区污水处理厂提标改造PPP项目", reason="改善水环境质量", amount=18600,
            content="政府方按合同约定按期支付可用性服务费，并协调项目用地。", committed_on=start, valid_until=_days(3000),
            counterparty_name="莱城水务投资有限公司（虚构）", counterparty_type="organisation",
            officials=[("周立新", "preparation", start, None), ("吴海涛", "procurement", start, None),
                       ("郑春雨", "implementation", _days(-200), None)],
            milestones=[("完成社会资本方采购", _days(-300), 20, _days(-305)), ("项目用地交付", _days(-30), 30, None),
                        ("首期可用性服务费支付", _days(90), 50, None)])

    # Important enterprise contract, lawfully changed with compensation (clause 9).
    c = _create("DEMO-2025-003", unit=units["区财政局"], actor=office, kind="enterprise_contract",
                title="物流园区标准厂房租赁合同", reason="支持现代物流企业发展",
                content="以优惠价格向企业出租物流园区A区标准厂房10年。", committed_on=start, valid_until=_days(3000),
                counterparty_name="莱城现代物流有限公司（虚构）", counterparty_type="organisation")
    services.commitment_change(commitment=c, actor=office, kind="change", legal_basis="public_interest",
                               legal_basis_text="A区地块纳入城市防洪工程建设范围，依据《中华人民共和国防洪法》须调整用途",
                               approved_by="区人民政府常务会议", approval_document="区政府常务会议纪要〔2025〕12号",
                               approved_on=_days(-90), compensation="对企业已投入的装修和搬迁费用依法据实补偿",
                               compensation_amount=86, new_terms="改为以同等条件出租物流园区C区标准厂房，租期顺延。")

    # A street's public-service programme with children (clause 19).
    programme = _create("DEMO-2025-004", unit=town, actor=clerk2, kind="public_service", service_area="other",
                        title="凤城街道2025年度公共服务承诺清单", reason="建立街道公开承诺制度",
                        content="就业、养老、停车等公共服务年度承诺事项。", committed_on=start, valid_until=_days(250))
    for number, (area, title, weight, done) in enumerate([
        ("employment", "开发公益性岗位120个", 3, True), ("elderly_care", "新建社区老年食堂2处", 2, False),
        ("parking", "老旧小区新增停车位300个", 1, True)], start=1):
        _create(f"DEMO-2025-004-{number}", unit=town, actor=clerk2, kind="public_service", service_area=area,
                title=title, reason="街道年度公共服务承诺", content=title, committed_on=start, valid_until=_days(250),
                parent=programme, weight=weight, counterparty_name="辖区居民", counterparty_type="the_public",
                milestones=[(f"{title}（全年）", _days(-10) if done else _days(200), 100, _days(-12) if done else None)])

    # Air pollution target (clause 16) and approval time limit (clause 17).
    _create("DEMO-2025-005", unit=units["区生态环境分局"], actor=office, kind="air_pollution",
            title="2025年细颗粒物（PM2.5）年均浓度下降目标承诺", reason="大气污染防治目标任务公开承诺",
            content="全区PM2.5年均浓度较上年下降5%，优良天数比率不低于70%。", committed_on=start, valid_until=_days(200),
            counterparty_name="社会公众", counterparty_type="the_public",
            milestones=[("上半年考核", _days(-150), 50, _days(-148)), ("全年考核", _days(150), 50, None)])
    c = _create("DEMO-2025-006", unit=units["区行政审批服务局"], actor=office, kind="approval_time_limit",
                title="企业开办一个工作日办结承诺", reason="优化营商环境", content="企业开办全流程一个工作日内办结。",
                committed_on=start, valid_until=_days(100), counterparty_name="社会公众", counterparty_type="the_public",
                milestones=[("一窗通办上线", _days(-300), 100, _days(-301))])
    services.commitment_conclude(commitment=c, actor=office, outcome="fulfilled", on=_days(-20))

    # The market regulator: a breach with its draft records, a limited one, a draft (clause 14).
    official_servant = servants[0] if servants else None
    c = _create("DEMO-2025-007", unit=market, actor=clerk, kind="investment_promotion",
                title="食品产业园企业检验检测费用补贴承诺", reason="支持食品企业落户",
                content="对落户企业三年内检验检测费用给予50%补贴。", committed_on=start, valid_until=_days(300),
                counterparty_name="莱城食品科技有限公司（虚构）", counterparty_type="organisation",
                officials=[(official_servant.name if official_servant else "刘建国", "", start, official_servant)],
                milestones=[("受理落户企业补贴申请", _days(-200), 20, _days(-203)), ("第一年补贴兑现", _days(-100), 40, None),
                            ("第二年补贴兑现", _days(200), 40, None)])
    services.commitment_conclude(commitment=c, actor=clerk, outcome="partly_fulfilled", on=_days(-5),
                                 unfulfilled_content="第一年检验检测费用补贴未按期兑现")
    services.commitment_breach(commitment=c, actor=clerk, breached_on=_days(-100), found_on=_days(-5),
                               unfulfilled_content="第一年检验检测费用补贴未按期兑现")
    _create("DEMO-2025-008", unit=market, actor=clerk, kind="approval_time_limit", publication_type="limited",
            title="特种设备使用登记五日办结承诺（特定范围公开）", reason="优化审批服务", content="五个工作日内办结。",
            committed_on=start, valid_until=_days(300))
    _create("DEMO-2025-009", unit=market, actor=clerk, kind="investment_promotion", publish=False,
            title="预制菜产业招商政策承诺（草稿）", reason="招商引资", content="拟对预制菜企业给予租金补贴。",
            committed_on=_days(-3))

    services.milestones_mark_overdue()
    return Commitment.objects.filter(code__startswith="DEMO-").count()
