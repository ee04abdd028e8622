"""No user-facing string carries a day count that a policy row owns (issue 15 item 3): labels, help texts and
notices take the number from the row in force, so they never go stale when the office changes the policy.

User-facing: the Chinese text of templates, and every Python string literal with Chinese in it that is not a
docstring (verbose names, help texts, messages, notices, indicator explanations). Demo data and tests are
content, not labels. A count counts when it is written in digits before 工作日 / 自然日 / 日内 / 日后 / 天 / 个月.
"""
import ast
import re
from pathlib import Path

from workdays.choices import PolicyUnit
from workdays.defaults import DEFAULT_POLICIES

ROOT = Path(__file__).resolve().parents[2]
APPS = ("accounts", "commitments", "decisions", "disputes", "evaluation", "integrity_portal", "notifications",
        "objections", "records", "workdays")
SKIP_FILES = {"defaults.py"}  # the rows themselves, with their legal bases
SKIP_PARTS = {"migrations", "management", "tests"}
DAYS = re.compile(r"(?<![\d月.\-/])(\d+)\s*(?:个)?(?:工作日|自然日|日内|日后|天)")
MONTHS = re.compile(r"(?<![\d.\-/])(\d+)\s*个月")
CJK = re.compile(r"[\u4e00-\u9fff]")


def owned() -> tuple[set[int], set[int]]:
    days = {value for _k, _s, _n, value, unit, *_rest in DEFAULT_POLICIES
            if unit in (PolicyUnit.WORKING_DAYS, PolicyUnit.CALENDAR_DAYS) and value > 1}
    months = {value for _k, _s, _n, value, unit, *_rest in DEFAULT_POLICIES if unit == PolicyUnit.MONTHS}
    return days, months


def offending(text: str) -> list[str]:
    days, months = owned()
    return ([m.group(0) for m in DAYS.finditer(text) if int(m.group(1)) in days]
            + [m.group(0) for m in MONTHS.finditer(text) if int(m.group(1)) in months])


def _is_demo(path: Path) -> bool:
    return path.stem.startswith("demo") or path.stem.endswith("_demo")


def python_strings(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                and CJK.search(node.value)):
            yield node.lineno, node.value


def test_the_pattern_catches_what_it_must():
    assert offending("收到异议后 10 个工作日内答复") == ["10 个工作日"]
    assert offending("在7个工作日内公示") == ["7个工作日"]
    assert offending("办结后 30 日内申请") == ["30 日内"]
    assert offending("最短公示期 3 个月") == ["3 个月"]
    assert offending("2026年1月10日决定") == []


def test_no_user_facing_string_carries_a_day_count_a_policy_row_owns():
    found = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if path.name in SKIP_FILES or SKIP_PARTS & set(path.relative_to(ROOT).parts) or _is_demo(path):
                continue
            found += [f"{path.relative_to(ROOT)}:{line}: {hit}" for line, text in python_strings(path)
                      for hit in offending(text)]
    for path in sorted((ROOT / "templates").rglob("*.html")):
        for line, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if CJK.search(text):
                found += [f"{path.relative_to(ROOT)}:{line}: {hit}" for hit in offending(text)]
    assert found == []
