"""双公示 decisions of ``generate_scale`` (issue 18 item 1): district-year rates, subjects reused, windows by the rules.

Acts: licences ≈ 10 × penalties, a small share of enforcement, confirmation, levy and benefit decisions, each
from a department that takes it (skewed: 行政审批服务局 and 市场监督管理局 decide most). Subjects (companies,
个体工商户, natural persons) are reused with preferential attachment (≈ decisions / 4 subjects; a few companies
gather many decisions). Published decisions get their window from ``decisions.policies.decision_window`` itself
(the policy rows read once); drafts keep their running reporting clock; some are revoked, repaired, expired; about
1 % have a second version that replaced the first. Each first version has the outcome of its first check
(``DecisionCheck``, the 合规率), most of them passed.
"""
import datetime
import json
import types
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from decisions.choices import Act, DecisionStatus, PenaltySeverity, SubjectCategory, ValidityStatus
from decisions.models import Decision, DecisionCheck, Subject
from decisions.policies import (
    FINE_THRESHOLD_POLICY,
    LICENCE_POLICY,
    PENALTY_PERIODS,
    REPORTING_POLICY,
    decision_window,
)
from decisions.services import REPORTING_CLOCK
from decisions.validation import completeness
from workdays.calendar import shift_months
from workdays.models import Clock
from workdays.services import policy_current

from . import _scale_vocab as vocab
from ._scale_io import Progress, Writer, next_id

LEGAL, SHOP, PERSON = SubjectCategory.LEGAL_PERSON, SubjectCategory.INDIVIDUAL_BUSINESS, SubjectCategory.NATURAL_PERSON
# The acts at district-year rates (per 1,000 decisions).
ACT_RATES = [(Act.LICENCE, 836), (Act.PENALTY, 84), (Act.CONFIRMATION, 30), (Act.BENEFIT, 28), (Act.ENFORCEMENT, 15),
             (Act.LEVY, 7)]
ACT_CHARS = {Act.LICENCE: "许", Act.PENALTY: "罚", Act.ENFORCEMENT: "强", Act.CONFIRMATION: "确", Act.LEVY: "征",
             Act.BENEFIT: "给"}
# Who a kind of decision concerns: cumulative weights of (legal person, 个体工商户, natural person).
WHO = {"c": (65, 100, 100), "a": (50, 80, 100), "p": (0, 0, 100), "s": (30, 100, 100)}  # cumulative

# Penalties by department: (violation type, facts, legal basis, who).
PENALTIES = {
    "市监": [("食品安全", ["经营超过保质期的食品", "未按规定查验供货者的许可证和食品出厂检验合格证明",
                           "经营标注虚假生产日期的食品", "使用不符合食品安全标准的食品添加剂"],
              "《中华人民共和国食品安全法》第一百二十四条", "s"),
             ("价格违法", ["未按规定明码标价", "在标价之外加价收取未予标明的费用", "利用虚假的价格手段诱骗消费者"],
              "《中华人民共和国价格法》第四十二条", "s"),
             ("广告违法", ["发布虚假广告", "在广告中使用“国家级”“最高级”等用语", "发布未经审查的医疗广告"],
              "《中华人民共和国广告法》第五十五条", "c"),
             ("产品质量", ["销售不合格的建材产品", "在产品中掺杂、掺假", "以不合格产品冒充合格产品销售"],
              "《中华人民共和国产品质量法》第四十九条", "c"),
             ("特种设备安全", ["使用未经定期检验的特种设备", "特种设备作业人员未取得相应资格"],
              "《中华人民共和国特种设备安全法》第八十四条", "c"),
             ("企业信息公示", ["隐瞒真实情况、弄虚作假报送年度报告"], "《企业信息公示暂行条例》第十八条", "c")],
    "综执": [("市容环境卫生", ["擅自占道经营", "擅自设置户外广告设施", "随意倾倒建筑垃圾"],
              "《城市市容和环境卫生管理条例》第三十六条", "a"),
             ("城乡规划", ["未取得建设工程规划许可证进行建设"], "《中华人民共和国城乡规划法》第六十四条", "c"),
             ("燃气安全", ["餐饮场所未按规定安装燃气泄漏报警装置"], "《城镇燃气管理条例》第四十九条", "s")],
    "环": [("大气污染", ["未采取有效措施防治扬尘污染", "超标排放大气污染物", "露天焚烧产生有毒有害烟尘的物质"],
            "《中华人民共和国大气污染防治法》第一百一十五条", "c"),
           ("水污染", ["通过暗管逃避监管排放水污染物", "超过水污染物排放标准排放水污染物"],
            "《中华人民共和国水污染防治法》第八十三条", "c"),
           ("环境影响评价", ["建设项目未依法报批环境影响评价文件擅自开工建设"],
            "《中华人民共和国环境影响评价法》第三十一条", "c"),
           ("固体废物", ["未按规定贮存危险废物"], "《中华人民共和国固体废物污染环境防治法》第一百一十二条", "c")],
    "应急": [("安全生产", ["未对从业人员进行安全生产教育和培训", "未按规定对安全设备进行经常性维护、保养",
                           "安全生产责任落实不到位，未及时消除事故隐患", "未建立生产安全事故隐患排查治理制度"],
              "《中华人民共和国安全生产法》第九十七条", "c")],
    "交": [("道路运输", ["未取得道路运输经营许可擅自从事道路运输经营", "超限运输车辆违法行驶公路",
                         "客运车辆不按批准的线路运营"], "《中华人民共和国道路运输条例》第六十三条", "a")],
    "自然资源": [("土地违法", ["未经批准非法占用集体土地建设厂房", "违法占用耕地建设", "擅自改变土地用途"],
                  "《中华人民共和国土地管理法》第七十七条", "a"),
                 ("矿产资源", ["未取得采矿许可证擅自采矿"], "《中华人民共和国矿产资源法》第三十九条", "c")],
    "建": [("建筑市场", ["未取得施工许可证擅自施工", "未按照工程建设强制性标准施工"],
            "《建设工程质量管理条例》第五十七条", "c"),
           ("房地产", ["未取得商品房预售许可证预售商品房"], "《城市房地产开发经营管理条例》第三十九条", "c")],
    "卫健": [("医疗机构管理", ["使用非卫生技术人员从事医疗卫生技术工作", "未取得医疗机构执业许可证擅自执业"],
              "《医疗机构管理条例》第四十四条", "a"),
             ("公共场所卫生", ["从业人员未取得有效健康合格证明"], "《公共场所卫生管理条例实施细则》第三十八条", "s")],
    "人社": [("劳动保障", ["拖欠农民工工资", "未按规定为劳动者缴纳社会保险费", "违法延长劳动者工作时间"],
              "《保障农民工工资支付条例》第五十四条", "c")],
    "公": [("治安管理", ["殴打他人", "扰乱单位秩序", "参与赌博", "故意损毁公私财物"],
            "《中华人民共和国治安管理处罚法》第四十三条", "p")],
    "文旅": [("文化市场", ["网吧接纳未成年人", "擅自从事营业性演出经营活动"],
              "《互联网上网服务营业场所管理条例》第三十一条", "s")],
    "农": [("农资", ["经营假劣农药", "销售未经登记的肥料产品"], "《农药管理条例》第五十五条", "s"),
           ("动物防疫", ["未按规定申报动物检疫"], "《中华人民共和国动物防疫法》第九十七条", "a")],
    "医保": [("医保基金", ["虚构医药服务项目骗取医保基金", "串换药品、医用耗材骗取医保基金支出"],
              "《医疗保障基金使用监督管理条例》第四十条", "s")],
    "水": [("水资源", ["未经批准擅自取水", "在河道管理范围内违法采砂"], "《中华人民共和国水法》第六十九条", "a")],
    "统": [("统计违法", ["提供不真实统计资料", "拒绝提供统计资料"], "《中华人民共和国统计法》第四十一条", "c")],
}
# Licences by department: (document name, certificate, contents, category, years valid or None, number prefix, who).
_FOOD = ("食品经营许可决定书", "食品经营许可证", ["预包装食品销售（含冷藏冷冻食品）", "热食类食品制售", "散装食品销售"],
         "general", 5, "JY1", "s")
LICENCES = {
    "审批": [_FOOD,
             ("建筑工程施工许可决定书", "建筑工程施工许可证", ["{project}施工"], "general", 3, "370100", "c"),
             ("公共场所卫生许可决定书", "公共场所卫生许可证", ["住宿场所", "美容美发场所", "沐浴场所"], "general", 4,
              "鲁卫公证字", "s"),
             ("药品经营许可决定书", "药品经营许可证", ["中成药、化学药制剂、抗生素制剂零售"], "general", 5, "鲁CB", "s"),
             ("建设工程规划许可决定书", "建设工程规划许可证", ["{project}"], "approval", None, "建字第", "c"),
             ("人力资源服务许可决定书", "人力资源服务许可证", ["职业介绍、人才供求信息的收集和发布"], "general", 5,
              "人社许", "c"),
             ("危险化学品经营许可决定书", "危险化学品经营许可证", ["汽油、柴油零售（不带储存设施）"], "general", 3,
              "鲁危化经字", "c"),
             ("户外广告设施设置许可决定书", "户外广告设施设置许可证", ["{town}路段户外广告牌设置"], "general", 2,
              "广设字", "a"),
             ("城市建筑垃圾处置核准决定书", "建筑垃圾处置核准证", ["{project}建筑垃圾运输处置"], "approval", 1,
              "建垃字", "c"),
             ("个体工商户设立登记通知书", "营业执照", ["个体工商户设立登记"], "registration", None, "92", "s")],
    "市监": [_FOOD, ("特种设备使用登记决定书", "特种设备使用登记证", ["电梯使用登记", "压力容器使用登记"],
                     "registration", None, "梯", "c")],
    "交": [("道路运输经营许可决定书", "道路运输经营许可证", ["道路普通货物运输", "道路旅客运输"], "general", 4,
            "鲁交运管许可字", "a")],
    "建": [("建筑业企业资质许可决定书", "建筑业企业资质证书", ["施工总承包三级"], "approval", 5, "D337", "c")],
    "卫健": [("医师执业注册决定书", "医师执业证书", ["临床类别内科专业执业注册"], "registration", None, "1103", "p"),
             ("医疗机构执业许可决定书", "医疗机构执业许可证", ["内科、外科门诊"], "general", 5, "PDY", "c")],
    "文旅": [("出版物经营许可决定书", "出版物经营许可证", ["出版物零售"], "general", 6, "新出发", "s")],
    "农": [("兽药经营许可决定书", "兽药经营许可证", ["兽用化学药品、中药制剂经营"], "general", 5, "兽药经营证字", "s")],
    "水": [("取水许可决定书", "取水许可证", ["地下水取水，年取水量{n}万立方米"], "general", 5, "取水", "c")],
    "教体": [("民办学校办学许可决定书", "民办学校办学许可证", ["文化艺术类校外培训"], "approval", 3, "教民", "c")],
}
# The other four acts: (document name, content, legal basis, who).
OTHER_ACTS = {
    Act.ENFORCEMENT: [("查封（扣押）决定书", "查封涉嫌违法生产经营的场所和物品", "《中华人民共和国行政强制法》第二十二条", "a"),
                      ("行政强制执行决定书", "强制拆除违法建设的{project}附属设施", "《中华人民共和国行政强制法》第四十四条",
                       "c")],
    Act.CONFIRMATION: [("工伤认定决定书", "认定为工伤", "《工伤保险条例》第十四条", "p"),
                       ("不动产登记确认书", "{town}镇国有建设用地使用权首次登记", "《不动产登记暂行条例》第十四条", "c"),
                       ("残疾等级评定结论", "评定为肢体残疾四级", "《残疾人残疾分类和分级》", "p")],
    Act.LEVY: [("国有土地上房屋征收决定", "因{project}征收范围内的房屋", "《国有土地上房屋征收与补偿条例》第八条", "a"),
               ("防空地下室易地建设费征收决定书", "征收防空地下室易地建设费", "《人民防空法》第二十二条", "c"),
               ("水资源税征收决定书", "征收地下水资源税", "《中华人民共和国水法》第四十八条", "c")],
    Act.BENEFIT: [("最低生活保障审批决定书", "给予最低生活保障金，每月{n}元", "《社会救助暂行办法》第十一条", "p"),
                  ("临时救助审批决定书", "给予临时救助金{n}元", "《社会救助暂行办法》第四十七条", "p"),
                  ("优抚金给付决定书", "发放定期抚恤补助金", "《军人抚恤优待条例》第三十六条", "p"),
                  ("失业保险金核定决定书", "核定失业保险金，每月{n}元", "《失业保险条例》第十四条", "p"),
                  ("耕地地力保护补贴发放决定", "发放耕地地力保护补贴{n}元", "《财政部 农业农村部关于全面推开农业“三项补贴”改革工作的通知》", "p")],
}
# Penalty categories: (categories, fine (None, "small" or "large"), weight). 公安 has its own list.
COMBOS = [(("warning",), None, 6), (("criticism",), None, 1), (("fine",), "small", 22), (("fine",), "large", 30),
          (("warning", "fine"), "large", 10), (("fine", "confiscate_gains"), "large", 12),
          (("fine", "confiscate_property"), "small", 4), (("fine", "suspend_licence"), "large", 2),
          (("revoke_licence",), None, 1), (("fine", "suspend_business"), "large", 3), (("restrict_business",), None, 1)]
POLICE_COMBOS = [(("fine",), "small", 50), (("detention",), None, 35), (("warning",), None, 15)]
FINES = {"small": [Decimal(x) for x in ("0.02", "0.05", "0.1", "0.2", "0.3", "0.5", "0.8")],
         "large": [Decimal(x) for x in ("1", "1", "1.5", "2", "2", "3", "3", "5", "5", "8", "10", "20", "50")]}
CONFISCATED = [Decimal(x) for x in ("0.0385", "0.12", "0.56", "1.2", "3.46", "8.9")]
PARTS = {"warning": "给予警告", "criticism": "通报批评", "confiscate_property": "没收非法财物",
         "revoke_licence": "吊销许可证件", "suspend_business": "责令停产停业十五日",
         "restrict_business": "限制开展生产经营活动六个月", "suspend_licence": "暂扣许可证件三个月"}
NOTES = ["当事人已履行完毕", "已缴纳罚款", "许可证已领取", "已责令改正", "当事人未申请行政复议"]
CUM = {id(c): [sum(x[2] for x in c[:i + 1]) for i in range(len(c))] for c in (COMBOS, POLICE_COMBOS)}
LAGS = [1, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9] * 7 + [12, 15, 20, 30, 45, 60] * 2  # days from decision to publication


def _who(rng, who: str) -> str:
    return rng.choices((LEGAL, SHOP, PERSON), cum_weights=WHO[who])[0]


class DecisionGenerator:
    """Writes ``n`` decisions, their subjects and the drafts' reporting clocks for ``command`` (its rng, dates,
    clocks)."""

    def __init__(self, command, departments: list, today: datetime.date):
        self.cmd, self.rng, self.today = command, command.rng, today
        self.policies = {key: policy_current(key) for key in (
            REPORTING_POLICY, FINE_THRESHOLD_POLICY, LICENCE_POLICY, *(k for pair in PENALTY_PERIODS.values() for k in pair))}
        self.numbers = {}  # (department, act, year) → last document number
        self.subjects = []  # (id, category, name, uscc, id_number, representative)
        self.uses = {LEGAL: [], SHOP: [], PERSON: []}  # subject ids, one per decision: preferential reuse
        self.first_subject = next_id(Subject)
        # departments: (pk, district, department vocabulary row); the ones that take each act, with weights.
        self.by_act = {}
        for act, _rate in ACT_RATES:
            takers = [d for d in departments if act in d[2][3]] or departments
            weights = [max(d[2][2], 1) * (1 + i % 3) for i, d in enumerate(takers)]
            self.by_act[act] = (takers, [sum(weights[:i + 1]) for i in range(len(weights))])

    def policy(self, key: str):
        """The current policy row, read once (before the COPY starts: no query may run during it)."""
        return self.policies[key]

    def subject(self, category: str) -> tuple:
        rng, uses = self.rng, self.uses[category]
        if uses and rng.random() > 0.25:
            return self.subjects[rng.choice(uses) - self.first_subject]
        pk = self.first_subject + len(self.subjects)
        if category == PERSON:
            row = (pk, category, vocab.person_name(rng), "", vocab.resident_id(pk, 500), "")
        else:
            area = rng.choice(vocab.DISTRICTS)[2]
            name = vocab.company_name(rng) if category == LEGAL else vocab.shop_name(rng)
            kind = "91" if category == LEGAL else "92"
            row = (pk, category, name, vocab.uscc_code(kind, area, pk), "",
                   vocab.person_name(rng) if rng.random() < 0.85 else "")
        self.subjects.append(row)
        uses.append(pk)
        return row

    def number(self, department, act: str, year: int) -> str:
        key = (department[0], act, year)
        n = self.numbers[key] = self.numbers.get(key, 0) + 1
        return f"{department[1][1]}{department[2][1]}{ACT_CHARS[act]}〔{year}〕{n}号"

    # --- one decision -------------------------------------------------------------------------------------
    def draw(self, pk: int) -> dict:
        rng = self.rng
        act = rng.choices(self.acts, cum_weights=self.cum_acts)[0]
        takers, cum_weights = self.by_act[act]
        department = rng.choices(takers, cum_weights=cum_weights)[0]
        decided = self.cmd._date()
        row = {"id": pk, "act": act, "department_id": department[0], "decision_date": decided,
               "document_number": self.number(department, act, decided.year)}
        short = department[2][1]
        if act == Act.PENALTY:
            who = self._penalty(row, rng.choice(PENALTIES.get(short) or PENALTIES["市监"]), short == "公")
        elif act == Act.LICENCE:
            who = self._licence(row, rng.choice(LICENCES.get(short) or LICENCES["审批"]), department)
        else:
            name, content, basis, who = rng.choice(OTHER_ACTS[act])
            row.update(document_name=name, legal_basis=basis,
                       content=content.format(project=vocab.project(rng), town=rng.choice(vocab.TOWNS),
                                              n=rng.randrange(300, 3000)))
        pk_s, category, name, code, id_number, representative = self.subject(_who(rng, who))
        row.update(subject_id=pk_s, subject_category=category, subject_name=name)
        if category != PERSON and representative:
            row["legal_representative"] = representative
        if rng.random() < 0.1:
            row["note"] = rng.choice(NOTES)
        return row

    def _penalty(self, row: dict, kind: tuple, police: bool) -> str:
        rng = self.rng
        violation, facts, basis, who = kind
        combos = POLICE_COMBOS if police else COMBOS
        categories, fine, _w = rng.choices(combos, cum_weights=CUM[id(combos)])[0]
        day = row["decision_date"] - datetime.timedelta(days=rng.randrange(20, 120))
        parts = []
        for category in categories:
            if category == "fine":
                row["fine_amount"] = amount = rng.choice(FINES[fine])
                parts.append(f"罚款人民币{amount * 10000:.0f}元")
            elif category == "confiscate_gains":
                row["confiscated_amount"] = amount = rng.choice(CONFISCATED)
                parts.append(f"没收违法所得人民币{amount * 10000:.2f}元")
            elif category == "detention":
                parts.append(f"行政拘留{rng.choice((3, 5, 7, 10))}日")
            else:
                parts.append(PARTS[category])
                if category == "confiscate_property":
                    row["confiscated_amount"] = rng.choice(CONFISCATED)
                elif category in ("suspend_licence", "revoke_licence"):
                    row["licence_suspended"] = f"食品经营许可证（JY1{rng.randrange(10**12, 10**13)}）"
        row.update(violation_type=violation, legal_basis=basis, penalty_categories=list(categories),
                   severity=PenaltySeverity.SERIOUS if rng.random() < 0.08 else PenaltySeverity.GENERAL,
                   violation_facts=f"经查，当事人于{day.year}年{day.month}月{day.day}日{rng.choice(facts)}。",
                   content="；".join(parts) + "。")
        if rng.random() < 0.8:
            row["document_name"] = "行政处罚决定书"
        if rng.random() < 0.4:
            row["penalty_valid_until"] = row["decision_date"] + datetime.timedelta(days=rng.choice((365, 730, 1095)))
        return who

    def _licence(self, row: dict, kind: tuple, department) -> str:
        rng = self.rng
        document, certificate, contents, category, years, prefix, who = kind
        decided = row["decision_date"]
        valid_from = decided + datetime.timedelta(days=rng.randrange(0, 3))
        row.update(document_name=document, certificate_name=certificate, licence_category=category,
                   certificate_number=f"{prefix}{valid_from.year}{row['id'] % 100000:05d}",
                   content=rng.choice(contents).format(project=vocab.project(rng), town=rng.choice(vocab.TOWNS),
                                                       n=rng.randrange(1, 50)),
                   legal_basis="《中华人民共和国行政许可法》第三十八条", valid_from=valid_from,
                   valid_to=shift_months(valid_from, 12 * years) - datetime.timedelta(days=1) if years else None)
        if rng.random() < 0.01:
            row["validity_status"] = ValidityStatus.INVALID
        return who

    def publish(self, row: dict, published_on: datetime.date, first: bool) -> None:
        """As ``decision_publish`` would on ``published_on``; then the later life (expired, revoked, repaired)."""
        rng = self.rng
        window = decision_window(types.SimpleNamespace(**{**BLANK, **row}), published_on=published_on,
                                 policy=self.policy)
        row.update(disclosed=window.disclosed, not_disclosed_reason=window.reason,
                   publication_starts=window.starts, publication_ends=window.ends,
                   repairable_from=window.repairable_from, status=DecisionStatus.PUBLISHED,
                   published_at=datetime.datetime.combine(published_on, datetime.time(10), tzinfo=datetime.UTC))
        if first:
            due = self.cmd._due(row["decision_date"], self.reporting)[0]
            row["published_on_time"] = published_on <= due
        draw = rng.random()
        if draw < 0.01:
            row["status"] = DecisionStatus.REVOKED
        elif window.repairable_from and window.repairable_from <= self.today and draw < 0.06:
            row["status"] = DecisionStatus.REPAIRED
        elif window.ends and window.ends < self.today:
            row["status"] = DecisionStatus.EXPIRED

    def write(self, n: int) -> dict:
        rng, cmd = self.rng, self.cmd
        self.acts = [a for a, _r in ACT_RATES]
        self.cum_acts = []
        for _a, rate in ACT_RATES:
            self.cum_acts.append(rate + (self.cum_acts[-1] if self.cum_acts else 0))
        self.reporting = self.policies[REPORTING_POLICY]
        first = next_id(Decision)
        drafts, counts = [], {"decisions": 0, "decision_versions": 0}
        bar = Progress("decisions", n, cmd.stream)
        with Writer(Decision, cmd.now) as w:
            pk = first
            while pk < first + n:
                row = self.draw(pk)
                published_on = row["decision_date"] + datetime.timedelta(days=rng.choice(LAGS))
                if published_on > self.today or rng.random() < 0.02:
                    drafts.append((pk, row["decision_date"]))
                else:
                    self.publish(row, published_on, True)
                row["completeness"] = completeness(row)
                second = None
                if row.get("status") == DecisionStatus.PUBLISHED and pk + 1 < first + n and rng.random() < 0.01:
                    # a corrected second version replaced this one a few days later
                    second = {**row, "id": pk + 1, "version": 2, "previous_id": pk, "note": "更正：订正决定内容表述"}
                    second.pop("published_on_time", None)
                    on = min(published_on + datetime.timedelta(days=rng.randrange(3, 30)), self.today)
                    self.publish(second, on, False)
                    row["replaced_at"] = second["published_at"]
                    second["completeness"] = completeness(second)
                w.write(row)
                if second is not None:
                    w.write(second)
                    counts["decision_versions"] += 1
                step = 1 + (second is not None)
                pk += step
                bar.step(step)
        bar.close()
        counts["decisions"] = pk - first

        counts["decision_checks"] = self.write_checks(first, pk)

        bar = Progress("subjects", len(self.subjects), cmd.stream)
        with Writer(Subject, cmd.now) as w:
            for pk_s, category, name, code, id_number, _rep in self.subjects:
                w.write({"id": pk_s, "category": category, "name": name, "uscc": code, "id_number": id_number,
                         "id_type": "resident_id" if id_number else ""})
                bar.step()
        bar.close()
        counts["subjects"] = len(self.subjects)

        ct = ContentType.objects.get_for_model(Decision).pk
        clock_id = next_id(Clock)
        bar = Progress("dec. clocks", len(drafts), cmd.stream)
        with Writer(Clock, cmd.now) as w:
            for i, (pk, decided) in enumerate(drafts):
                cmd._clock(w, clock_id + i, ct, pk, REPORTING_CLOCK, self.reporting, decided, False, self.today)
                bar.step()
        bar.close()
        counts["decision_drafts"] = len(drafts)
        return counts

    def write_checks(self, first: int, end: int) -> int:
        """合规率: the first check of each first version's row (as ``decision_check_record`` keeps it), one
        INSERT … SELECT: 93 % passed the first time, the others failed on the subject's code and passed on the
        second attempt; by form, import or API."""
        q = connection.ops.quote_name
        failed = json.dumps({"subject_code": ["统一社会信用代码校验失败（GB 32100）。"]}, ensure_ascii=False)
        as_json = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
        passed = "(d.id * 7919) %% 97 >= 7"  # (%% is the modulo, escaped for the driver)
        columns = ", ".join(q(c) for c in ("department_id", "act", "document_number", "first_checked_on", "passed",
                                            "errors", "channel", "attempts"))
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {q(DecisionCheck._meta.db_table)} ({columns}) "
                f"SELECT d.department_id, d.act, d.document_number, d.decision_date, {passed}, "
                f"CASE WHEN {passed} THEN {as_json} ELSE {as_json} END, "
                "CASE WHEN d.id %% 20 < 10 THEN 'form' WHEN d.id %% 20 < 17 THEN 'import' ELSE 'api' END, "
                f"CASE WHEN {passed} THEN 1 ELSE 2 END "
                f"FROM {q(Decision._meta.db_table)} d WHERE d.version = 1 AND d.id >= %s AND d.id < %s",
                ["{}", failed, first, end])
            return cursor.rowcount


#: What ``decision_window`` reads of a row that leaves a field out.
BLANK = {"penalty_categories": [], "fine_amount": None, "severity": "", "validity_status": ValidityStatus.VALID,
         "valid_to": None}
