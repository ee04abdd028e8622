"""The fictional demo district: units shaped like the seed's district, fictional people.

Every identity number here has birth date 1 January and sequence 990–999, so no
demo person can be a real one (DESIGN.md §4). Names are drawn from common
surname and given-name characters and belong to no one.
"""
import datetime
import random

from stdnum.cn import ric, uscc

REGION = "370116"  # the district's administrative division code (since 2019)
ID_REGION = "371202"  # the code on residents' IDs issued before the 2019 re-division

# (name, kind, role) — role marks the units the demo users and supervision use.
DEPARTMENTS = [
    ("区发展和改革局（区信用办）", "department", "office"),
    ("区纪委监委", "department", "discipline"),
    ("区审计局", "department", "audit"),
    ("区委组织部", "department", "organisation"),
    ("区人民政府办公室", "department", "government"),
    ("区市场监督管理局", "department", ""),
    ("区财政局", "department", ""),
    ("区人力资源和社会保障局", "department", ""),
    ("区行政审批服务局", "department", ""),
    ("区自然资源局", "department", ""),
    ("区住房和城乡建设局", "department", ""),
    ("区生态环境分局", "department", ""),
    ("区教育和体育局", "department", ""),
    ("区卫生健康局", "department", ""),
    ("区统计局", "department", ""),
    ("区投资促进局", "department", ""),
    ("区司法局", "department", ""),
    ("区综合行政执法局", "department", ""),
]
TOWNS = [
    ("凤城街道办事处", "street"), ("张家洼街道办事处", "street"), ("高庄街道办事处", "street"),
    ("鹏泉街道办事处", "street"), ("口镇人民政府", "town"), ("羊里街道办事处", "street"),
    ("方下街道办事处", "street"), ("雪野街道办事处", "street"), ("大王庄镇人民政府", "town"),
    ("寨里镇人民政府", "town"), ("杨庄镇人民政府", "town"), ("茶业口镇人民政府", "town"),
    ("和庄镇人民政府", "town"), ("苗山镇人民政府", "town"),
]
INSTITUTIONS = [("区公共资源交易服务中心", "institution", "区财政局"), ("区不动产登记中心", "institution", "区自然资源局")]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
GIVEN = "明华建国志强秀英文静海涛晓燕立新红梅春雨思远嘉怡子涵浩然欣悦宇轩雅琪俊杰雪梅振东丽娟德胜玉兰"
POSTS = ["科员", "副科长", "科长", "副主任", "主任", "副局长", "执法队员", "综合科科员", "办公室主任"]
RANKS = ["clerk_2", "clerk_1", "section_4", "section_3", "section_2", "section_1", "deputy_section", "section_head"]


def unit_code(serial: int, kind: str) -> str:
    """A checksum-valid USCC: 1 (机构编制) + 1 (机关) or 2 (事业单位) + region + org code + check."""
    category = "2" if kind == "institution" else "1"
    body = f"1{category}{REGION}00{serial:07d}"
    return body + uscc.calc_check_digit(body)


def resident_id(birth_year: int, sequence: int) -> str:
    assert 990 <= sequence <= 999, "demo IDs use sequence 990–999 only"
    body = f"{ID_REGION}{birth_year}0101{sequence}"
    return body + ric.calc_check_digit(body + "0")


def demo_people(count: int, seed: int = 2020):
    """``count`` fictional (name, id_number) pairs, unique IDs, deterministic."""
    rng = random.Random(seed)
    pairs = [(year, seq) for year in range(1962, 2001) for seq in range(990, 1000)]
    rng.shuffle(pairs)
    people = []
    for year, seq in pairs[:count]:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice([1, 2])))
        people.append((name, resident_id(year, seq)))
    return people


HEAD_START = datetime.date(2021, 3, 1)
