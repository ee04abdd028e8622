"""Vocabularies of ``generate_scale`` (issue 18 item 1): realistic Chinese text, fictional throughout.

Names of places, districts, towns, companies and people are invented combinations of common parts (no real
person or company is meant); codes are fictional but pass their checks (GB 32100 for USCCs, GB 11643 for
resident IDs, with region codes the ID check knows). Phrases follow what district dishonesty records,
administrative penalties and licences say, combined with projects, companies and places so that titles run
to tens of thousands of distinct values and terms such as 补贴, 拖欠, 工程 come up about as often as they do in
real lists. Every function draws from the ``random.Random`` it is given: deterministic for a seed.
"""
import datetime

from stdnum.cn import ric, uscc

#: The generator's version, part of the dataset's identity (``generate_scale.params_key``, ``bench.dataset``): bumped
#: when the same parameters make different data (2: Chinese text from these vocabularies, 双公示 decisions; 3: and
#: the decisions' first checks; 4: records past their window are expired, as the nightly expiry leaves them, and
#: repaired records have their repair applications, with open and refused ones).
GENERATOR = 4

# --- people ----------------------------------------------------------------------------------------------
# The common surnames, the commonest repeated so that draws follow their rough frequency.
SURNAMES = list("王李张刘陈杨赵黄周吴" * 4 + "徐孙胡朱高林何郭马罗" * 2
                + "梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭"
                  "廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红梅春雨晓燕立新海波宁玉兰凤云霞鹏飞"
             "浩宇欣怡子涵梓轩家豪文博思远嘉琪雅婷俊杰振华德胜永福庆丰瑞祥佳慧淑珍晓东秋菊雪松")
POSTS = ["科员"] * 6 + ["一级科员", "四级主任科员", "三级主任科员", "副科长", "科长", "副主任", "主任",
                       "副局长", "党组成员", "副镇长", "镇长", "副书记", "办公室主任", "财务科科长"]


def person_name(rng) -> str:
    given = rng.choice(GIVEN) if rng.random() < 0.3 else rng.choice(GIVEN) + rng.choice(GIVEN)
    return rng.choice(SURNAMES) + given


# Region codes of resident IDs (ones python-stdnum's check knows) and a birth date per day of 40 years.
ID_AREAS = ["371202", "371203", "370102", "370103", "370104", "370105", "370112", "370113", "370124", "370126",
            "370902", "370911", "370921", "370982", "370983", "370303", "370304", "370305", "370306", "370321"]
_ID_DAYS = 14_610
_BIRTHDAYS = [f"{datetime.date(1960, 1, 1) + datetime.timedelta(days=d):%Y%m%d}" for d in range(_ID_DAYS)]


def resident_id(serial: int, first_sequence: int = 1) -> str:
    """A fictional, valid resident ID, unique per ``serial`` (and per range of ``first_sequence``: the civil
    servants use sequences from 1, the 双公示 subjects from 500)."""
    body = (f"{ID_AREAS[serial % len(ID_AREAS)]}{_BIRTHDAYS[serial % _ID_DAYS]}"
            f"{first_sequence + serial // _ID_DAYS:03d}")
    return body + ric.calc_check_digit(body + "0")


# --- codes -----------------------------------------------------------------------------------------------
_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100's 31 characters


def uscc_code(kind: str, area: str, serial: int) -> str:
    """A fictional, valid USCC: ``kind`` (11 organ, 12 institution, 91 company, 92 个体工商户), the area, an
    organisation part unique per serial (``MA`` and seven characters), its check character."""
    serial = (serial * 7_368_787 + 1_234_567) % 31**7  # a bijection: unique, but not 000…1, 000…2
    chars = []
    for _ in range(7):
        serial, rest = divmod(serial, 31)
        chars.append(_ALPHABET[rest])
    body = f"{kind}{area}MA{''.join(reversed(chars))}"
    return body + uscc.calc_check_digit(body)


# --- the public bodies --------------------------------------------------------------------------------
# Invented districts: (name, short name for document numbers, area code for USCCs, court code).
DISTRICTS = [("汶源区", "汶", "370191", "1291"), ("嬴牟区", "嬴", "370192", "1292"), ("青崖区", "青", "370193", "1293"),
             ("岱阴县", "岱", "370194", "1294"), ("泉溪区", "泉", "370195", "1295"), ("鹏岭区", "鹏", "370196", "1296"),
             ("莲汶县", "莲", "370197", "1297"), ("凤栖区", "凤", "370198", "1298"), ("华泽县", "华", "370199", "1299"),
             ("雁鸣区", "雁", "370181", "1281"), ("松屏县", "松", "370182", "1282"), ("柳塘区", "柳", "370183", "1283")]
TOWNS = ["口埠", "杨家庄", "高岭", "方溪", "雪岩", "寨头", "羊河", "石门", "柳泉", "桃源", "杏林", "双泉", "苗山",
         "大王庄", "辛店", "茶业", "和庄", "牛泉", "圣井", "颜家", "艾山", "里辛", "汶阳", "棋山"]
STREETS = ["凤城", "张家洼", "鹏泉", "文汇", "锦绣川", "艾山", "颜庄", "汶源", "城东", "城西", "新华", "胜利"]
# (department, short name in its document numbers, relative number of 双公示 decisions, the acts it takes)
DEPARTMENTS = [
    ("市场监督管理局", "市监", 30, ("penalty", "licence", "enforcement")),
    ("行政审批服务局", "审批", 60, ("licence", "confirmation")),
    ("综合行政执法局", "综执", 10, ("penalty", "enforcement")),
    ("生态环境分局", "环", 6, ("penalty", "enforcement")),
    ("应急管理局", "应急", 4, ("penalty",)),
    ("交通运输局", "交", 5, ("penalty", "licence")),
    ("自然资源局", "自然资源", 4, ("penalty", "confirmation", "levy")),
    ("住房和城乡建设局", "建", 5, ("penalty", "licence", "levy")),
    ("卫生健康局", "卫健", 5, ("penalty", "licence")),
    ("人力资源和社会保障局", "人社", 4, ("penalty", "confirmation", "benefit")),
    ("民政局", "民", 3, ("benefit", "confirmation")),
    ("公安分局", "公", 5, ("penalty",)),
    ("文化和旅游局", "文旅", 2, ("penalty", "licence")),
    ("农业农村局", "农", 3, ("penalty", "licence", "benefit")),
    ("医疗保障局", "医保", 2, ("penalty", "benefit")),
    ("水利局", "水", 2, ("penalty", "licence", "levy")),
    ("发展和改革局", "发改", 1, ()), ("财政局", "财", 1, ()), ("教育和体育局", "教体", 1, ("licence",)),
    ("商务局", "商", 1, ()), ("统计局", "统", 1, ("penalty",)), ("司法局", "司", 1, ()),
    ("退役军人事务局", "退役", 1, ("benefit",)), ("审计局", "审", 0, ()), ("科学技术局", "科", 0, ()),
]
INSTITUTIONS = ["公共资源交易中心", "不动产登记中心", "政务服务中心", "疾病预防控制中心", "人民医院", "第一实验小学",
                "融媒体中心", "城乡建设服务中心", "农业技术推广站", "社会保险事业中心", "档案馆", "图书馆"]


def department_name(index: int) -> tuple[str, tuple]:
    """The ``index``-th department of the dataset: districts in turn, each with its departments."""
    district = DISTRICTS[index // len(DEPARTMENTS) % len(DISTRICTS)]
    department = DEPARTMENTS[index % len(DEPARTMENTS)]
    return district[0] + department[0], (district, department)


def town_name(index: int, street: bool) -> str:
    district = DISTRICTS[index // 8 % len(DISTRICTS)][0]
    if street:
        return f"{district}{STREETS[index % len(STREETS)]}街道办事处"
    return f"{district}{TOWNS[index % len(TOWNS)]}镇人民政府"


def institution_name(index: int) -> str:
    return DISTRICTS[index // len(INSTITUTIONS) % len(DISTRICTS)][0] + INSTITUTIONS[index % len(INSTITUTIONS)]


# --- companies ---------------------------------------------------------------------------------------
PLACES = ["济南", "莱芜", "泰安", "淄博", "山东", "汶源", "嬴牟", "鹏岭", "凤栖", "青崖", "华泽", "雁鸣"]
BRAND_FIRST = list("恒鑫华瑞宏泰盛永安金源丰润嘉德信祥隆昌辉达通顺兴和新远正聚博汇诚明佳益海天宇中广")
BRAND_SECOND = list("泰源联丰达盛通昌远祥瑞辉信德兴隆宇鑫华润安邦晟凯鸿峰科诚成业豪弘")
INDUSTRIES = ["建材", "建筑工程", "商贸", "物流", "餐饮管理", "机械制造", "食品", "农业科技", "房地产开发", "环保科技",
              "化工", "钢铁贸易", "汽车销售服务", "医药", "电子科技", "信息技术", "装饰工程", "劳务", "物业服务",
              "新能源科技", "纺织", "印务", "矿业", "运输", "酒店管理", "文化传媒", "教育咨询", "园林绿化",
              "市政工程", "水务", "粮油", "畜牧", "再生资源", "石材", "包装材料", "仓储", "供热", "燃气"]
SUFFIXES = ["有限公司"] * 8 + ["有限责任公司", "股份有限公司", "集团有限公司"]
SHOPS = ["饭店", "超市", "便利店", "五金店", "汽车维修部", "美发店", "商店", "建材经营部", "小吃部", "水果店",
         "烟酒店", "粮油店", "诊所", "药店", "干洗店", "农资门市部", "家具店", "服装店", "烧烤店", "快递驿站"]


def brand(rng) -> str:
    return rng.choice(BRAND_FIRST) + rng.choice(BRAND_SECOND)


def company_name(rng) -> str:
    return rng.choice(PLACES) + brand(rng) + rng.choice(INDUSTRIES) + rng.choice(SUFFIXES)


def shop_name(rng) -> str:
    """An 个体工商户: district and town, a brand or the owner's name, the trade."""
    district = rng.choice(DISTRICTS)[0]
    owner = brand(rng) if rng.random() < 0.6 else person_name(rng)
    return f"{district}{rng.choice(TOWNS)}{owner}{rng.choice(SHOPS)}"


# --- projects and the phrases of records ----------------------------------------------------------------
FACILITIES = ["汶河路", "鹏泉大街", "文化路", "中心小学", "卫生院", "敬老院", "农贸市场", "污水处理厂", "体育公园",
              "产业园", "安置房", "老旧小区", "供水管网", "乡村道路", "河道", "便民服务中心", "幼儿园", "垃圾中转站",
              "停车场", "文化广场", "标准厂房", "物流园", "雨污管网", "集中供热管网", "农田水利", "高标准农田"]
PROJECT_KINDS = ["改造工程", "建设工程", "维修工程", "提升项目", "建设项目", "改扩建工程", "绿化工程", "亮化工程",
                 "综合整治工程", "配套工程"]


def project(rng) -> str:
    return rng.choice(TOWNS) + rng.choice(FACILITIES) + rng.choice(PROJECT_KINDS)


SUBSIDIES = ["农机购置补贴", "耕地地力保护补贴", "稳岗补贴", "创业担保贷款贴息", "招商引资奖励资金", "技术改造补助",
             "危房改造补助资金", "养老服务补贴", "就业见习补贴", "退耕还林补助", "燃气下乡补贴", "安置补偿款"]
MATTERS = ["建设工程规划许可", "食品经营许可", "企业投资项目备案", "施工许可", "不动产登记", "排水许可",
           "道路挖掘许可", "公共场所卫生许可", "户外广告设置许可", "取水许可", "药品经营许可", "人力资源服务许可"]
COURTS = "人民法院"

# Titles of records, by kind: each a function of (rng) → str. The dishonesty kinds of units and of persons.
_UNIT_TITLES = {
    "judicial_judgment": [lambda r: f"{project(r)}施工合同纠纷案败诉，未按判决支付工程款",
                          lambda r: f"拖欠{company_name(r)}货款被判决支付",
                          lambda r: f"与{company_name(r)}租赁合同纠纷案未履行生效判决"],
    "administrative_penalty": [lambda r: f"违法占用耕地建设{project(r)}",
                               lambda r: f"{project(r)}未依法办理环评手续擅自开工",
                               lambda r: f"{project(r)}未取得施工许可证擅自施工",
                               lambda r: f"{r.choice(FACILITIES)}扬尘污染防治措施不落实"],
    "judgment_defaulter": [lambda r: f"被列为失信被执行人（拖欠{company_name(r)}工程款）",
                           lambda r: f"未履行生效判决，被列为失信被执行人（{r.choice(DISTRICTS)[0]}{COURTS}）"],
    "procurement": [lambda r: f"{r.choice(FACILITIES)}设备采购项目政府采购合同违约",
                    lambda r: f"拖欠{company_name(r)}政府采购货款",
                    lambda r: "政府采购项目无正当理由拒绝签订合同", lambda r: "政府采购合同违约，未按约定期限验收付款"],
    "ppp": [lambda r: f"{project(r)}PPP项目未按约定支付可行性缺口补助",
            lambda r: f"{project(r)}PPP项目未按合同履行政府方出资义务"],
    "investment_promotion": [lambda r: f"未按期兑现对{company_name(r)}的招商引资承诺",
                             lambda r: f"未按协议拨付{r.choice(SUBSIDIES)}",
                             lambda r: f"{r.choice(TOWNS)}产业园招商引资优惠政策未兑现"],
    "property_rights": [lambda r: f"违法征收{company_name(r)}厂房，未依法补偿",
                        lambda r: f"{project(r)}征收补偿款未按期支付"],
    "air_pollution": [lambda r: f"{r.randrange(2019, 2026)}年度大气污染防治目标任务未完成",
                      lambda r: f"{r.choice(TOWNS)}镇PM2.5浓度未达年度目标"],
    "approval_time_limit": [lambda r: f"{r.choice(MATTERS)}审批超时限", lambda r: f"{r.choice(MATTERS)}违规要求申请人重复提交材料",
                            lambda r: f"{r.choice(MATTERS)}办理中违规操作"],
    "statistics": [lambda r: "统计数据造假，虚报工业产值", lambda r: "违规干预统计工作",
                   lambda r: f"{r.randrange(2019, 2026)}年度固定资产投资统计数据弄虚作假"],
    "commitment_breach": [lambda r: f"未兑现{project(r)}工程款支付承诺",
                          lambda r: f"拖欠中小企业工程款，政务承诺未兑现（{company_name(r)}）",
                          lambda r: f"未按期兑现{r.choice(SUBSIDIES)}发放承诺"],
}
_PERSON_TITLES = [
    lambda r: f"违规发放{r.choice(('津贴补贴', '加班补贴', '交通补贴', '误餐补贴'))}",
    lambda r: f"虚报冒领{r.choice(SUBSIDIES)}", lambda r: f"违规发放{r.choice(SUBSIDIES)}",
    lambda r: f"在{project(r)}验收中失职失责", lambda r: f"违规插手{project(r)}",
    lambda r: "安全生产责任落实不到位", lambda r: "收受管理服务对象礼品礼金", lambda r: "违规使用公务用车",
    lambda r: "工作作风漂浮，贻误工作", lambda r: "拖欠中小企业账款问题整改不力", lambda r: "违规公款吃喝",
    lambda r: f"{r.choice(MATTERS)}审批中吃拿卡要", lambda r: "不如实报告个人有关事项",
    lambda r: f"对{company_name(r)}违规占用耕地问题监管不力", lambda r: "违规兼职取酬",
    lambda r: "落实意识形态工作责任制不力", lambda r: f"{r.choice(TOWNS)}镇扶贫资金管理使用失职",
]
GRADES = ["优秀"] * 2 + ["称职"] * 12 + ["基本称职", "不称职"]
TOPICS = ["政务诚信建设", "社会信用体系建设", "优化营商环境", "法治政府建设", "诚信文化", "公务员职业道德",
          "信用修复政策", "廉洁从政", "依法行政", "招商引资政策兑现"]
_ENTRY_TITLES = {
    "file_registration": [lambda r: f"{r.randrange(2019, 2026)}年度公务员诚信档案填写登记",
                          lambda r: f"诚信档案信息变更登记（{r.choice(('职务变动', '单位调动', '学历变更', '家庭成员变化'))}）"],
    "personal_matters_check": [lambda r: f"{r.randrange(2019, 2026)}年度个人有关事项报告查核：如实报告"] * 4 + [
                               lambda r: f"{r.randrange(2019, 2026)}年度个人有关事项报告查核："
                                         f"漏报{r.choice(('房产', '股票', '基金', '配偶子女从业情况'))}"],
    "clean_government": [lambda r: f"{r.randrange(2019, 2026)}年度廉政档案登记", lambda r: "拒收礼金登记",
                         lambda r: f"{r.randrange(2019, 2026)}年度廉政谈话记录"],
    "annual_assessment": [lambda r: f"{r.randrange(2019, 2026)}年度考核结果：{r.choice(GRADES)}"],
    "integrity_training": [lambda r: f"参加{r.randrange(2019, 2026)}年{r.choice(TOPICS)}专题培训",
                           lambda r: f"完成{r.choice((8, 12, 16, 24))}学时{r.choice(TOPICS)}网络培训"],
    "administrative_licence": [lambda r: f"核发{r.choice(MATTERS)}（{project(r)}）"],
}


def record_title(rng, kind: str, person: bool) -> str:
    """The 事由 of a record of ``kind`` about a civil servant (``person``) or a unit."""
    options = _ENTRY_TITLES.get(kind)
    if options is None:
        options = _UNIT_TITLES.get(kind)
        if options is None or (person and rng.random() < 0.7):  # persons mostly with the personal phrases
            options = _PERSON_TITLES
    return rng.choice(options)(rng)


_CONSEQUENCES = ["造成不良社会影响", "损害政府公信力", "经督促已整改", "涉及金额{amount}万元", "造成国有资产损失{amount}万元",
                 "影响企业正常经营", "群众反映强烈"]


def record_facts(rng, title: str, day: datetime.date) -> str:
    consequence = rng.choice(_CONSEQUENCES).format(amount=rng.randrange(2, 800))
    return f"经查，{day.year}年{day.month}月，{title}，{consequence}。"


# (decision body, document number prefix, the number's middle) by record kind; the rest is 鲁<year>第<n>号.
_BODIES = {
    "judicial_judgment": ("人民法院", "民初"), "judgment_defaulter": ("人民法院", "执"),
    "government_sanction": ("监察委员会", "监处"), "party_sanction": ("纪律检查委员会", "纪处"),
    "accountability": ("纪委监委", "问责"), "administrative_penalty": ("综合行政执法局", "综执罚"),
    "administrative_licence": ("行政审批服务局", "审批许"),
}
_COURT_KINDS = ("judicial_judgment", "judgment_defaulter")
ENTRY_BODIES = ["委组织部", "纪委监委", "人力资源和社会保障局"]


def record_document(rng, kind: str, day: datetime.date, entry: bool) -> tuple[str, str]:
    """The body that decided a record and its document number (entries have a body and no number)."""
    name, short, _area, court = rng.choice(DISTRICTS)
    if entry:
        return name + rng.choice(ENTRY_BODIES), ""
    body = _BODIES.get(kind)
    n = rng.randrange(1, 3000)
    if body is None:
        return name + "人民政府", f"鲁{day.year}第{n}号"
    if kind in _COURT_KINDS:
        return name + body[0], f"（{day.year}）鲁{court}{body[1]}{n}号"
    return name + body[0], f"{short}{body[1]}〔{day.year}〕{n}号"


OBJECTION_REASONS = ["记录所载事实与实际不符", "处罚决定已被依法撤销，记录应予删除", "已按期履行完毕，应予更正",
                     "主体信息登记错误，非本人（本单位）所为", "记录超过公示期限仍在公示", "决定文书号、日期登记有误",
                     "拖欠款项已全部结清，请求更正记录", "补贴资金已全额退回，申请更正", "工程款已按合同约定支付"]
OBJECTION_ANSWERS = {True: ["经核查，异议成立，已更正记录", "经核查，原记录有误，予以更正"],
                     False: ["经核查，原记录事实清楚、依据充分，维持原记录", "异议理由不成立，维持原记录"]}
CLUE_TEXTS = {
    "arrears": [lambda r: f"{project(r)}已竣工验收，拖欠我公司工程款{r.randrange(5, 900)}万元，多次催要未果",
                lambda r: f"拖欠中小企业货款{r.randrange(1, 300)}万元，超过合同约定付款期限"],
    "contract": [lambda r: f"{project(r)}合同约定的付款节点已过，发包单位不履行合同",
                 lambda r: "单方面解除租赁协议，未按约定补偿"],
    "promise": [lambda r: f"招商引资时承诺的{r.choice(SUBSIDIES)}至今未兑现",
                lambda r: f"{r.choice(TOWNS)}产业园承诺的税收返还未按期兑现"],
    "property_rights": [lambda r: "厂房被强制拆除，未依法给予征收补偿", lambda r: f"{project(r)}占用我单位土地，未办理征收手续"],
    "procurement": [lambda r: f"{r.choice(FACILITIES)}设备采购项目中标后，采购人拒绝签订合同",
                    lambda r: "政府采购项目验收合格后拖延付款"],
    "other": [lambda r: f"{r.choice(MATTERS)}办理中被要求提供与审批无关的材料", lambda r: "行政机关未按承诺时限办结事项"],
}
REPAIR_STATEMENTS = ["已全额退回违规领取的补贴资金并主动说明情况", "拖欠的工程款已全部结清，取得施工方书面确认",
                     "已按处罚决定缴清罚款，完成整改并通过复查", "已建立合同履约台账，专人负责，未再发生逾期",
                     "已向受影响企业致歉并消除不良影响", "已补办相关许可手续，违法行为已停止"]
REPAIR_ANSWERS = {True: ["经核查，已主动纠正失信行为，准予信用修复", "整改到位，符合信用修复条件"],
                  False: ["整改材料不完整，不予修复", "尚未完全消除不良影响，不予修复"]}
CLUE_OUTCOMES = ["已督促承办单位支付全部款项", "已依法处理并答复反映人", "经核查，反映问题不属实", "已协调双方达成还款协议"]


def clue_description(rng, category: str) -> str:
    return rng.choice(CLUE_TEXTS[category])(rng)


# Commitments by kind: title (a function of the rng, the year and the public service's name or the company
# concerned), reason, content.
COMMITMENT_TEXTS = {
    "investment_promotion": (lambda r, y, a: f"对{a}落户{r.choice(TOWNS)}产业园兑现{r.choice(SUBSIDIES)}的承诺",
                             "招商引资，促进产业发展", "按协议约定的期限和数额兑现奖励、补贴政策"),
    "ppp": (lambda r, y, a: f"{project(r)}PPP项目可行性缺口补助支付承诺", "政府和社会资本合作项目",
            "按项目合同将可行性缺口补助纳入年度预算并按期支付"),
    "enterprise_contract": (lambda r, y, a: f"{project(r)}施工合同工程款支付承诺", "重要涉企合同履约",
                            "按合同约定的节点支付工程款，不拖欠中小企业账款"),
    "public_service": (lambda r, y, a: f"{r.choice(TOWNS)}镇{y}年{a}公共服务承诺", "提升基层公共服务水平",
                       "按承诺清单的时限和标准提供服务"),
    "air_pollution": (lambda r, y, a: f"{y}年度大气污染防治目标任务承诺（PM2.5浓度下降{r.randrange(2, 9)}%）",
                      "大气污染防治目标责任", "完成年度空气质量改善目标和重点治理任务"),
    "approval_time_limit": (lambda r, y, a: f"{r.choice(MATTERS)}{r.choice((3, 5, 7, 10))}个工作日内办结承诺",
                            "优化营商环境，压缩审批时限", "在承诺时限内办结，超时默认同意"),
}
LIABILITIES = ["未兑现的，依法承担违诺责任并纳入政务失信记录", "违诺的，按规定追究相关责任人责任",
               "未按期履行的，向承诺对象赔偿损失并公开说明"]
