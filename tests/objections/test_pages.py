"""The HTML pages: the journey from a person's file to a corrected record, scope, the office overview."""
import datetime
import re

import pytest

from objections import services
from objections.models import Objection
from records.models import CreditRecord

from .conftest import file_objection

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("today, shown", [
    (datetime.date(2026, 10, 14), "2"),
    (datetime.date(2026, 10, 16), "今日到期"),           # the due date, a Friday
    (datetime.date(2026, 10, 17), "已逾期"),             # the Saturday after: late, no working day late yet
    (datetime.date(2026, 10, 22), "已逾期 4 个工作日"),  # Monday to Thursday after
])
def test_working_days_left_read_as_words_once_due(client, cast, objection_x, monkeypatch, today, shown):
    """Filed 2026-09-28, due 2026-10-16: the pages said 剩余工作日 -4 four working days after it, 0 on it."""
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: today)
    client.force_login(cast.clerk_a)
    detail = client.get(f"/workspace/objections/{objection_x.pk}/").content.decode()
    inbox = client.get("/workspace/objections/").content.decode()
    client.force_login(cast.office)
    overview = client.get("/workspace/objections/overview/").content.decode()
    assert f'<dd data-testid="days-left">{shown}</dd>' in detail
    for table in (inbox, overview):
        assert f"<td>2026-10-16</td>\n        <td>{shown}</td>" in table
    for page in (detail, inbox, overview):
        assert not re.search(r">-\d", page)


def test_the_servant_files_the_clerk_upholds_with_a_correction_the_servant_sees_it(client, cast, sanction_x):
    client.force_login(cast.user_x)
    form = client.get(f"/workspace/objections/new/{sanction_x.pk}/")
    assert form.status_code == 200 and "提出异议" in form.content.decode()
    response = client.post(f"/workspace/objections/new/{sanction_x.pk}/", {"reason": "处分种类录入有误，应为警告"})
    objection = Objection.objects.get()
    assert response.status_code == 302 and response.url == f"/workspace/objections/{objection.pk}/"
    page = client.get(response.url).content.decode()
    assert objection.clock.due_date.isoformat() in page and "异议处理中" in page

    client.force_login(cast.clerk_a)
    inbox = client.get("/workspace/objections/").content.decode()
    assert f"/workspace/objections/{objection.pk}/" in inbox
    assert client.post(f"/workspace/objections/{objection.pk}/review/").status_code == 302
    decided = client.post(f"/workspace/objections/{objection.pk}/decide/", {
        "outcome": "upheld", "reason": "经核查处分决定书为警告", "record_action": "correct",
        "title": sanction_x.title, "sanction_type": "warning", "severity": "general",
        "decision_date": sanction_x.decision_date.isoformat(), "decision_number": "", "facts": "", "legal_basis": "",
    })
    assert decided.status_code == 302, decided.content.decode()[:2000]

    client.force_login(cast.user_x)
    page = client.get(f"/workspace/objections/{objection.pk}/").content.decode()
    assert "异议成立" in page and "经核查处分决定书为警告" in page and "现为第 2 版" in page
    record = CreditRecord.objects.get(pk=sanction_x.pk)
    assert (record.version, record.sanction_type, record.objection_open) == (2, "warning", False)


def test_pages_are_scoped(client, cast, objection_x, penalty_b):
    client.force_login(cast.user_y)
    assert client.get(f"/workspace/objections/{objection_x.pk}/").status_code == 404
    assert client.get(f"/workspace/objections/new/{objection_x.record_id}/").status_code == 404
    client.force_login(cast.clerk_b)
    assert client.post(f"/workspace/objections/{objection_x.pk}/review/").status_code == 404
    assert client.get(f"/workspace/objections/{objection_x.pk}/decide/").status_code == 404
    assert client.get(f"/workspace/repairs/new/{penalty_b.pk}/").status_code == 200
    client.force_login(cast.clerk_a)
    assert client.get(f"/workspace/repairs/new/{penalty_b.pk}/").status_code == 404
    assert client.get("/workspace/objections/overview/").status_code == 403
    client.logout()
    assert client.get("/workspace/objections/").status_code == 302


def test_a_second_filing_in_html_is_the_conflict_page(client, cast, objection_x):
    client.force_login(cast.user_x)
    response = client.post(f"/workspace/objections/new/{objection_x.record_id}/", {"reason": "再次"})
    assert response.status_code == 409
    assert Objection.objects.count() == 1


def test_the_office_overview_has_unit_statistics_and_an_excel_export(client, cast, objection_x, penalty_b):
    from objections import services

    answered = file_objection(penalty_b, cast.clerk_b)
    services.objection_review(objection=answered, actor=cast.clerk_a)
    services.objection_decide(objection=answered, actor=cast.clerk_a, outcome="rejected", reason="无误",
                              today=datetime.date(2026, 10, 9))
    client.force_login(cast.office)
    page = client.get("/workspace/objections/overview/").content.decode()
    assert cast.unit_a.name in page and "100.0%" in page
    export = client.get("/workspace/objections/export/")
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(export.content))
    stats = list(book.worksheets[0].values)
    assert stats[1][:5] == (cast.unit_a.name, 2, 1, 0, 1)
    assert stats[1][5] == 4  # filed 9-28, answered 10-09: 9-29, 9-30, 10-08, 10-09


def test_the_demo_data_has_every_state_and_loads_twice(cast):
    from objections.demo import seed_objections
    from objections.models import Repair

    kwargs = dict(provider=cast.unit_a, target=cast.unit_b, clerk=cast.clerk_a, clerk2=cast.clerk_b,
                  servant_user=cast.user_x, office=cast.office)
    assert seed_objections(**kwargs) == 11
    assert seed_objections(**kwargs) == 0
    states = set(Objection.objects.values_list("state", flat=True))
    assert states == {"submitted", "under_review", "upheld", "partly_upheld", "rejected", "withdrawn"}
    clock_states = set(Objection.objects.open().values_list("clock__state", flat=True))
    assert {"due_soon", "overdue"} <= clock_states
    assert Objection.objects.filter(filed_on=datetime.date(2026, 9, 28)).exists()
    assert set(Repair.objects.values_list("state", flat=True)) == {"submitted", "approved", "rejected"}


def _reviewed(client, cast, objection):
    client.force_login(cast.clerk_a)
    assert client.post(f"/workspace/objections/{objection.pk}/review/").status_code == 302
    return f"/workspace/objections/{objection.pk}/decide/"


def test_the_decision_form_has_no_record_action_that_contradicts_the_outcome(client, cast, objection_x):
    url = _reviewed(client, cast, objection_x)
    html = client.get(url).content.decode()
    # one choice carries the outcome and what happens to the record; nothing is preselected
    assert "异议成立：更正记录" in html and "异议不成立：记录不变" in html and 'name="record_action"' not in html
    assert 'name="decision" value="upheld:revoke" required' not in html and "checked" not in html.split('name="decision"')[1][:400]
    assert f"答复将通知申请人 {cast.user_x.get_full_name() or cast.user_x.username}" in html


def test_an_upheld_decision_with_a_revocation_needs_the_confirmation_then_revokes(client, cast, objection_x):
    url = _reviewed(client, cast, objection_x)
    data = {"decision": "upheld:revoke", "reason": "处分决定已被撤销"}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "请确认后再提交答复" in refused.content.decode()
    assert Objection.objects.get().state != "upheld"
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    objection = Objection.objects.get()
    assert (objection.state, objection.record_action) == ("upheld", "revoke")
    assert CreditRecord.objects.get(pk=objection.record_id).status == "revoked"


def test_a_government_sanction_is_never_corrected_to_a_party_sanction(client, cast, objection_x):
    html = client.get(_reviewed(client, cast, objection_x)).content.decode()
    assert "记过" in html and "党内警告" not in html and "开除党籍" not in html


def test_a_penalty_correction_does_not_ask_for_a_sanction(client, cast, objection_b):
    html = client.get(_reviewed(client, cast, objection_b)).content.decode()
    assert 'name="sanction_type"' not in html


def test_repair_is_offered_only_on_a_dishonesty_record_whose_effect_has_not_ended(client, cast, sanction_x):
    from records import services as record_services

    training = record_services.record_publish(record=record_services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="integrity_training", title="诚信教育培训", decision_date=datetime.date(2026, 4, 10),
        details={"training_name": "诚信", "training_type": "在职培训", "hours": "8"}), actor=cast.clerk_a)
    assert sanction_x.repair_may_apply and not training.repair_may_apply
    client.force_login(cast.user_x)
    html = client.get("/workspace/me/").content.decode()
    assert f"/workspace/repairs/new/{sanction_x.pk}/" in html
    assert f"/workspace/repairs/new/{training.pk}/" not in html
    CreditRecord.objects.filter(pk=sanction_x.pk).update(effect_end=datetime.date(2020, 1, 1))  # the effect has ended
    sanction_x.refresh_from_db()
    assert not sanction_x.repair_may_apply
    assert f"/workspace/repairs/new/{sanction_x.pk}/" not in client.get("/workspace/me/").content.decode()


def test_an_objection_page_without_actions_has_no_empty_action_row(client, cast, objection_x):
    """The applicant of a withdrawn objection may do nothing more on its page; the page drew an empty
    ``form-actions`` row (a 1 rem strip over the history) all the same. Fails before the change."""
    client.force_login(cast.user_x)
    page = client.get(f"/workspace/objections/{objection_x.pk}/").content.decode()
    assert "撤回异议" in page and 'class="form-actions"' in page  # while it is open the row holds 撤回异议
    services.objection_withdraw(objection=objection_x, actor=cast.user_x, reason="已与信息提供单位沟通")
    page = client.get(f"/workspace/objections/{objection_x.pk}/").content.decode()
    assert "已撤回" in page and 'class="form-actions"' not in page


def test_the_review_button_says_that_the_answer_comes_after_it(client, cast, objection_x):
    """The clerk's to-do 答复异议 opened a page whose only button was 开始核查, with nothing saying the
    answer comes next. The review does not touch the clock, so the page may say the deadline stands.
    Fails before the change."""
    client.force_login(cast.clerk_a)
    page = client.get(f"/workspace/objections/{objection_x.pk}/").content.decode()
    assert 'aria-describedby="review-next"' in page
    assert "开始核查后即可答复异议；答复期限不因核查而顺延。" in page
    due = Objection.objects.get(pk=objection_x.pk).clock.due_date
    _reviewed(client, cast, objection_x)
    assert Objection.objects.get(pk=objection_x.pk).clock.due_date == due  # what the hint promises
    page = client.get(f"/workspace/objections/{objection_x.pk}/").content.decode()
    assert "答复异议" in page and "开始核查后即可答复异议" not in page
