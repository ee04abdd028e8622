"""Dependencies point one way (docs/architecture.md): ``records`` is the base the workflows are built on, so no
module of it imports them — the demo and scale-data commands that tie every app together live at the project
level (``integrity_portal/management/commands``)."""
import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LATER_APPS = {"objections", "commitments", "disputes", "evaluation", "decisions"}


def imported_apps(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("app", ["accounts", "workdays", "notifications", "records"])
def test_a_base_app_imports_no_workflow_built_on_it(app):
    offenders = {str(path.relative_to(ROOT)): sorted(imported_apps(path) & LATER_APPS)
                 for path in (ROOT / app).rglob("*.py") if imported_apps(path) & LATER_APPS}
    assert offenders == {}


def test_the_check_sees_an_import_of_a_later_app(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from decisions.models import Decision\n", encoding="utf-8")
    assert imported_apps(module) == {"decisions"}
