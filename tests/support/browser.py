"""Browser harness (a pytest plugin loaded by the root conftest, so every journey shares one browser): Playwright's sync API driving Debian's chromium against ``live_server``.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium``
(Debian package chromium), launched with the flags a closed network needs.
Every test in this folder is marked ``browser`` and ``requires("chromium")``: it is
skipped without chromium, and fails instead when PORTAL_REQUIRE_ALL=1.

Fixtures: ``chromium_browser`` (session), ``page_at_375`` / ``page_at_1280`` (a fresh
context on the live server, Chinese locale), ``browser_page(width)`` for other widths,
and ``audit_page(page, name)``: a full-page screenshot under
``test-artifacts/screenshots/`` plus an axe-core check that fails on serious or
critical violations.
"""
import json
import os
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BLOCKING_IMPACTS = {"serious", "critical"}


def chromium_path() -> str | None:
    for candidate in (os.environ.get("PORTAL_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


@pytest.fixture(scope="session")
def chromium_browser():
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:  # the requires("chromium") marker normally stops us earlier
        pytest.skip("requires the program 'chromium'")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
    try:
        yield browser
    finally:
        browser.close()
        playwright.stop()


@pytest.fixture
def browser_page(chromium_browser, live_server, transactional_db):
    """``browser_page(width, height=900)`` → a Playwright page in a fresh context on the live server."""
    contexts = []

    def open_page(width: int, height: int = 900):
        context = chromium_browser.new_context(
            viewport={"width": width, "height": height}, locale="zh-CN", timezone_id="Asia/Shanghai",
            base_url=live_server.url,
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page_at_375(browser_page):
    """A phone-sized page (375 px wide)."""
    return browser_page(375, 812)


@pytest.fixture
def page_at_1280(browser_page):
    """A desktop-sized page (1280 px wide)."""
    return browser_page(1280, 900)


def _describe(violation: dict) -> str:
    nodes = violation.get("nodes", [])
    targets = ", ".join(" ".join(node.get("target", [])) for node in nodes[:5])
    more = f" (+{len(nodes) - 5} more)" if len(nodes) > 5 else ""
    return f"[{violation.get('impact')}] {violation['id']}: {violation.get('help')} — {targets}{more}"


@pytest.fixture
def audit_page(request):
    """``audit_page(page, name)``: screenshot + axe check of the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def audit(page, name: str) -> list[dict]:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^\w.-]+", "_", name)
        width = page.viewport_size["width"] if page.viewport_size else 0
        shot = SCREENSHOTS / f"{safe}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        violations = axe.run(page).response.get("violations", [])
        if violations:
            print(f"\naxe on {name} ({page.url}), screenshot {shot.relative_to(ROOT)}:")
            for violation in violations:
                print("  " + _describe(violation))
            (SCREENSHOTS / f"{safe}-{width}.axe.json").write_text(
                json.dumps(violations, ensure_ascii=False, indent=2), encoding="utf-8")
        blocking = [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]
        assert not blocking, f"axe: serious/critical accessibility violations on {name}:\n" + "\n".join(
            _describe(v) for v in blocking)
        return violations

    return audit


# --- helpers the journeys share ------------------------------------------------------------------------------

JOURNEY_PASSWORD = "journey-pass-2026"


def journey_user(username: str, role, **extra):
    """A user of one role who signs in with ``JOURNEY_PASSWORD``."""
    from django.contrib.auth.models import Group

    from accounts.models import User

    user = User.objects.create_user(username=username, password=JOURNEY_PASSWORD, **extra)
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def log_in(page, username: str) -> None:
    """Sign in through the login form and land on the role's start page (the workspace; the leader's is the
    evaluation dashboard)."""
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(JOURNEY_PASSWORD)
    page.locator('form:has(input[name="username"]) [type="submit"]').click()
    page.wait_for_url(re.compile(r"/workspace/(evaluation/dashboard/)?$"))


def log_out(page) -> None:
    page.locator("form.user-bar__logout button").click()
    page.wait_for_load_state()


def assert_fits(page) -> None:
    """No horizontal scrolling at the page's width (375 px phones included)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"] + 1
