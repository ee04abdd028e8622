import pytest
from django.test import Client

from workdays.models import CalendarYear, Policy

pytestmark = pytest.mark.django_db


def test_the_public_calculator_explains_its_answer():
    response = Client().get("/workdays/", {"start": "2026-09-28", "days": "10"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "工作日计算器" in html and "2026-10-16" in html
    assert "国庆节" in html and "调休上班" in html
    assert 'for="id_start"' in html and 'for="id_days"' in html


def test_the_calculator_warns_about_a_provisional_year_and_shows_errors():
    assert "暂定" in Client().get("/workdays/", {"start": "2031-01-01", "days": "3"}).content.decode()
    response = Client().get("/workdays/", {"start": "nope", "days": "-1"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"start", "days"}


def test_the_calendar_page_is_for_the_office_and_leaders(people):
    client = Client()
    assert client.get("/workspace/calendar/").status_code == 302
    client.force_login(people.clerk)
    assert client.get("/workspace/calendar/").status_code == 403
    client.force_login(people.leader)
    response = client.get("/workspace/calendar/")
    assert response.status_code == 200
    assert "国务院办公厅关于部分节假日安排的通知（2026）" in response.content.decode()


def test_the_policies_page_lists_current_rules_with_their_basis(people):
    client = Client()
    client.force_login(people.clerk)
    response = client.get("/workspace/policies/")
    assert response.status_code == 200
    html = response.content.decode()
    from workdays.models import Policy

    provincial = Policy.objects.get(key="objection_answer_provincial", is_current=True)
    assert "山东省社会信用条例" in html and provincial.name in html
    assert "objection_answer_provincial" not in html  # the rule's name, never its key (issue 17)


def test_admin_saves_a_year_through_the_service(people):
    admin = people.office
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/workdays/calendaryear/add/", {
        "year": "2027", "status": "official", "source_notice": "国务院办公厅关于部分节假日安排的通知（2027）",
        "exceptions-TOTAL_FORMS": "2", "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0", "exceptions-MAX_NUM_FORMS": "1000",
        "exceptions-0-date": "2027-01-01", "exceptions-0-kind": "holiday", "exceptions-0-name": "元旦",
        "exceptions-1-date": "", "exceptions-1-kind": "", "exceptions-1-name": "",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    year = CalendarYear.objects.get(year=2027)
    assert year.revision == 1
    assert list(year.exceptions.values_list("name", flat=True)) == ["元旦"]


def test_admin_change_of_a_policy_writes_a_new_version(people):
    admin = people.office
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    policy = Policy.objects.get(key="objection_answer", is_current=True)
    response = client.post(f"/admin/workdays/policy/{policy.pk}/change/", {
        "name": policy.name, "value": "8", "unit": "working_days", "start_event": policy.start_event,
        "applies_to": policy.applies_to, "legal_basis": policy.legal_basis,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(Policy.objects.filter(key="objection_answer", scope="").values_list("version", "value", "is_current")
                .order_by("version")) == [(1, 10, False), (2, 8, True)]


def test_admin_change_of_a_year_is_a_new_revision(people):
    admin = people.office
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    year = CalendarYear.objects.get(year=2026)
    rows = list(year.exceptions.order_by("date"))
    data = {
        "status": "official", "source_notice": "更正后的通知",
        "exceptions-TOTAL_FORMS": str(len(rows)), "exceptions-INITIAL_FORMS": str(len(rows)),
        "exceptions-MIN_NUM_FORMS": "0", "exceptions-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        data.update({f"exceptions-{i}-id": str(row.pk), f"exceptions-{i}-year": str(year.pk),
                     f"exceptions-{i}-date": row.date.isoformat(), f"exceptions-{i}-kind": row.kind,
                     f"exceptions-{i}-name": row.name})
    data["exceptions-0-DELETE"] = "on"

    response = client.post(f"/admin/workdays/calendaryear/{year.pk}/change/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    year.refresh_from_db()
    assert (year.revision, year.source_notice, year.exceptions.count()) == (2, "更正后的通知", len(rows) - 1)


def test_the_calculator_brackets_its_days_in_english_on_english_pages():
    """Fails on the old template: "2026-10-01（Thursday）" and "Skipped dates（9）" on the English page."""
    client = Client()
    client.cookies["django_language"] = "en"
    html = client.get("/workdays/", {"start": "2026-09-28", "days": "10"}).content.decode()
    assert "2026-10-01 (Thursday)" in html and "（" not in html[html.index("<main"):html.index("</main>")]
    client.cookies["django_language"] = "zh-hans"
    html = client.get("/workdays/", {"start": "2026-09-28", "days": "10"}).content.decode()
    assert "2026-10-01（星期四）" in html
