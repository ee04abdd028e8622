"""User journeys in a real browser, phone-sized (375 px), each page checked by axe."""
import re
import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from stdnum.cn import uscc

from accounts.choices import Role
from records.choices import UnitKind
from records.models import Unit

PASSWORD = "journey-pass-2026"


def make_unit(name: str) -> Unit:
    body = "11371202" + f"{uuid.uuid4().int % 10**9:09d}"
    code = body + uscc.calc_check_digit(body)
    assert uscc.is_valid(code)
    return Unit.objects.create(name=name, code=code, kind=UnitKind.DEPARTMENT)


def make_clerk(username: str = "journey-clerk"):
    unit = make_unit("区市场监督管理局")
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, unit=unit, full_name="张经办", is_unit_head=True,
    )
    user.groups.add(Group.objects.get_or_create(name=Role.CLERK.value)[0])
    return user


def test_clerk_logs_in_and_sees_workspace_in_chinese(page_at_375, live_server, audit_page):
    make_clerk()
    page = page_at_375

    page.goto("/accounts/login/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    audit_page(page, "login")

    page.get_by_label("用户名").fill("journey-clerk")
    page.get_by_label("密码").fill(PASSWORD)
    page.locator('form:has(input[name="username"]) [type="submit"]').click()
    page.wait_for_url(re.compile(r"/workspace/$"))

    assert page.url == f"{live_server.url}/workspace/"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    heading = page.get_by_role("heading", level=1)
    assert "工作台" in heading.inner_text()
    assert "区市场监督管理局" in page.content()
    audit_page(page, "workspace-clerk")


def test_wrong_password_stays_on_login_with_a_chinese_error(page_at_375, audit_page):
    make_clerk()
    page = page_at_375
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill("journey-clerk")
    page.get_by_label("密码").fill("not-the-password")
    page.locator('form:has(input[name="username"]) [type="submit"]').click()
    page.wait_for_load_state()
    assert "/accounts/login/" in page.url
    assert re.search(r"[\u4e00-\u9fff]", page.locator('form:has(input[name="username"])').inner_text())
    audit_page(page, "login-error")


def test_public_home_loads_nothing_from_other_hosts(page_at_375, live_server, audit_page):
    requested: list[str] = []
    page = page_at_375
    page.on("request", lambda request: requested.append(request.url))

    response = page.goto("/")
    page.wait_for_load_state("networkidle")

    assert response is not None and response.ok
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    network = [url for url in requested if not url.startswith(("data:", "blob:", "about:"))]
    assert network, "the page made no request at all?"
    foreign = [url for url in network if not url.startswith(live_server.url + "/")]
    assert not foreign, f"requests to other hosts (intranets are offline, no CDN): {foreign}"
    audit_page(page, "home")
