"""The clerk/office record workspace pages: list, filter, bulk publish, export, create,
detail, transitions and attachments — and the access rule on each (DESIGN.md §1)."""
import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from records import services, views_workspace
from records.choices import RecordStatus
from records.models import Attachment, CreditRecord, CreditRecordVersion, FileAccess
from tests.support.forms import as_posted, input_value

pytestmark = pytest.mark.django_db

LIST_URL = reverse("records:record_list")
CREATE_URL = reverse("records:record_create")
PENALTY_DETAILS = {
    "subject_category": "法人及非法人组织", "violation_type": "违反价格法", "penalty_category": "罚款",
    "penalty_content": "罚款人民币伍万元", "fine_amount": "5",
}


def days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def penalty(cast, *, actor=None, provider=None, title="未按规定明码标价", **extra):
    fields = dict(subject_type="unit", subject_unit=cast.unit_b, kind="administrative_penalty", severity="general",
                  title=title, decision_number="莱市监罚〔2026〕12号", decision_date=days_ago(3),
                  legal_basis="《中华人民共和国价格法》第四十二条", details=dict(PENALTY_DETAILS))
    fields.update(extra)
    return services.record_create(actor=actor or cast.clerk_a, provider=provider or cast.unit_a, **fields)


def sanction_about_x(cast, title="违反工作纪律"):
    return services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="government_sanction", severity="general", sanction_type="demerit", title=title,
        decision_date=days_ago(10), details={"sanction_body": "区纪委监委"},
    )


def publish(cast, record):
    return services.record_publish(record=record, actor=cast.clerk_a)


def penalty_form(cast, **override):
    data = {
        "kind": "administrative_penalty", "subject_type": "unit", "subject_unit": cast.unit_b.pk,
        "severity": "general", "title": "未按规定明码标价", "decision_number": "莱市监罚〔2026〕30号",
        "decision_date": days_ago(2).isoformat(), "legal_basis": "《中华人民共和国价格法》第四十二条",
        **{f"details__{k}": v for k, v in PENALTY_DETAILS.items()},
    }
    data.update(override)
    return data


def detail_url(record, name="record_detail"):
    return reverse(f"records:{name}", args=[record.pk])


# --- access -----------------------------------------------------------------------

def test_anonymous_is_sent_to_the_login_page(client, cast):
    record = penalty(cast)
    for url in (LIST_URL, CREATE_URL, detail_url(record), reverse("records:record_export")):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("accounts:login") in response["Location"]
    response = client.post(detail_url(record, "record_publish"))
    assert response.status_code == 302
    assert CreditRecord.objects.get(pk=record.pk).status == RecordStatus.DRAFT


def test_a_civil_servant_may_not_open_the_workspace_list(client, cast):
    client.force_login(cast.user_x)
    assert client.get(LIST_URL).status_code == 403
    assert client.get(CREATE_URL).status_code == 403


def test_a_reader_role_may_not_create(client, cast):
    client.force_login(cast.supervisor_in)
    assert client.get(CREATE_URL).status_code == 403


def test_clerk_b_can_neither_open_nor_publish_nor_edit_clerk_as_draft(client, cast):
    draft = penalty(cast)
    client.force_login(cast.clerk_b)
    assert client.get(detail_url(draft)).status_code == 404
    assert client.post(detail_url(draft, "record_publish")).status_code == 404
    assert client.get(detail_url(draft, "record_edit")).status_code == 404
    assert client.post(detail_url(draft, "record_attach"),
                       {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4 x")}).status_code == 404
    assert CreditRecord.objects.get(pk=draft.pk).status == RecordStatus.DRAFT
    assert draft.title not in client.get(LIST_URL).content.decode()


def test_clerk_b_sees_a_published_record_about_its_unit_but_may_not_revoke_it(client, cast):
    record = publish(cast, penalty(cast))
    client.force_login(cast.clerk_b)
    response = client.get(detail_url(record))
    assert response.status_code == 200
    assert not response.context["can_revoke"]
    assert client.post(detail_url(record, "record_revoke"), {"reason": "x"}).status_code == 404
    assert CreditRecord.objects.get(pk=record.pk).status == RecordStatus.PUBLISHED


def test_the_supervisor_in_scope_sees_the_published_record_about_unit_a_staff(client, cast):
    record = publish(cast, sanction_about_x(cast))
    client.force_login(cast.supervisor_in)
    assert record.title in client.get(LIST_URL).content.decode()
    response = client.get(detail_url(record))
    assert response.status_code == 200
    assert not response.context["can_correct"]
    assert FileAccess.objects.filter(viewer=cast.supervisor_in, civil_servant=cast.servant_x, channel="html").exists()

    client.force_login(cast.supervisor_out)
    assert client.get(detail_url(record)).status_code == 404
    assert record.title not in client.get(LIST_URL).content.decode()


# --- create ---------------------------------------------------------------------

def test_the_create_page_first_asks_for_the_kind_then_shows_its_fields(client, cast):
    client.force_login(cast.clerk_a)
    step1 = client.get(CREATE_URL)
    assert step1.status_code == 200
    assert "?kind=administrative_penalty" in step1.content.decode()
    step2 = client.get(CREATE_URL, {"kind": "administrative_penalty"})
    form = step2.context["form"]
    assert "details__violation_type" in form.fields
    assert form.fields["details__penalty_category"].widget.input_type == "select"
    assert form.fields["details__penalty_valid_until"].widget.input_type == "date"
    assert "provider" not in form.fields  # a clerk's provider is their own unit
    # A clerk chooses people of their own unit only.
    assert list(form.fields["civil_servant"].queryset) == [cast.servant_x]
    assert "违法行为类型" in step2.content.decode()


def test_a_clerk_creates_a_penalty_through_the_form(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(CREATE_URL, penalty_form(cast))
    record = CreditRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail_url(record)
    assert record.status == RecordStatus.DRAFT
    assert record.provider == cast.unit_a
    assert record.created_by == cast.clerk_a
    assert record.subject_unit == cast.unit_b and record.civil_servant is None
    assert record.details["fine_amount"] == "5"
    assert record.details["penalty_category"] == "罚款"


def test_the_office_chooses_the_providing_unit(client, cast):
    client.force_login(cast.office)
    form = client.get(CREATE_URL, {"kind": "administrative_penalty"}).context["form"]
    assert "provider" in form.fields
    response = client.post(CREATE_URL, penalty_form(cast, provider=cast.unit_b.pk))
    assert response.status_code == 302
    assert CreditRecord.objects.get().provider == cast.unit_b


def test_a_clerk_cannot_give_another_provider(client, cast):
    client.force_login(cast.clerk_a)
    client.post(CREATE_URL, penalty_form(cast, provider=cast.unit_b.pk))
    assert CreditRecord.objects.get().provider == cast.unit_a


@pytest.mark.parametrize("override, field", [
    ({"decision_date": (timezone.localdate() + datetime.timedelta(days=30)).isoformat()}, "decision_date"),
    ({"details__violation_type": ""}, "details__violation_type"),
    ({"details__fine_amount": "-3"}, "details__fine_amount"),  # the service's rule, mapped from details.fine_amount
    ({"subject_type": "unit", "subject_unit": ""}, "subject_unit"),
    ({"severity": ""}, "severity"),
])
def test_a_bad_penalty_shows_field_errors_and_saves_nothing(client, cast, override, field):
    client.force_login(cast.clerk_a)
    response = client.post(CREATE_URL, penalty_form(cast, **override))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in response.content.decode()
    assert not CreditRecord.objects.exists()


def test_a_person_only_kind_chooses_a_person(client, cast):
    client.force_login(cast.clerk_a)
    data = {"kind": "government_sanction", "civil_servant": cast.servant_x.pk, "severity": "general",
            "sanction_type": "warning", "title": "违反工作纪律", "decision_date": days_ago(5).isoformat(),
            "details__sanction_body": "区纪委监委"}
    assert client.post(CREATE_URL, data).status_code == 302
    record = CreditRecord.objects.get()
    assert (record.subject_type, record.civil_servant, record.sanction_type) == ("person", cast.servant_x, "warning")


def test_a_clerk_cannot_record_against_another_units_servant(client, cast):
    client.force_login(cast.clerk_a)
    data = {"kind": "government_sanction", "civil_servant": cast.servant_y.pk, "severity": "general",
            "sanction_type": "warning", "title": "x", "decision_date": days_ago(5).isoformat(),
            "details__sanction_body": "x"}
    response = client.post(CREATE_URL, data)
    assert "civil_servant" in response.context["form"].errors
    assert not CreditRecord.objects.exists()


# --- detail and transitions --------------------------------------------------------

def test_the_detail_page_shows_fields_details_and_history(client, cast):
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    response = client.get(detail_url(record))
    body = response.content.decode()
    assert response.status_code == 200
    assert "罚款金额（万元）" in body and "违反价格法" in body  # details with their spec labels
    assert "信息提供单位" in body and cast.unit_a.name in body
    assert "录入" in body  # history row
    assert response.context["can_publish"] and response.context["can_edit"]
    assert not response.context["can_revoke"]


def test_publish_via_post_then_a_second_time_is_409(client, cast):
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    response = client.post(detail_url(record, "record_publish"))
    assert response.status_code == 302
    assert CreditRecord.objects.get(pk=record.pk).status == RecordStatus.PUBLISHED
    again = client.post(detail_url(record, "record_publish"))
    assert again.status_code == 409
    assert "已发布" in again.content.decode()


def test_publish_first_shows_what_it_will_do_and_to_whom_and_changes_nothing(client, cast):
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    detail = client.get(detail_url(record, "record_detail")).content.decode()
    assert f'<a class="btn" href="{detail_url(record, "record_publish")}">发布</a>' in detail  # a link, not a POST
    page = client.get(detail_url(record, "record_publish"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f"涉及：{cast.unit_b.name}" in html and "向社会公示" in html and "不能删除或撤回" in html
    assert CreditRecord.objects.get(pk=record.pk).status == RecordStatus.DRAFT


def test_publishing_a_personal_record_says_it_enters_the_persons_file(client, cast):
    record = sanction_about_x(cast)
    client.force_login(cast.clerk_a)
    html = client.get(detail_url(record, "record_publish")).content.decode()
    assert f"记入 {cast.servant_x.name} 的个人诚信档案" in html and "向社会公示" not in html
    assert f"确认发布（涉及 {cast.servant_x.name}）" in html


def test_a_draft_is_edited_through_the_form(client, cast):
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    form = client.get(detail_url(record, "record_edit")).context["form"]
    assert form.initial["details__violation_type"] == "违反价格法"
    response = client.post(detail_url(record, "record_edit"), penalty_form(cast, title="新事由"))
    assert response.status_code == 302
    assert CreditRecord.objects.get(pk=record.pk).title == "新事由"


def test_the_edit_form_fills_in_an_amount_as_written_and_saving_it_unchanged_changes_nothing(client, cast):
    record = penalty(cast, details={**PENALTY_DETAILS, "fine_amount": "5.000000"})  # as a 6-decimal import gives
    events = list(record.events.values_list("pk", flat=True))
    client.force_login(cast.clerk_a)
    page = client.get(detail_url(record, "record_edit"))
    assert input_value(page.content.decode(), "details__fine_amount") == "5"

    saved = client.post(detail_url(record, "record_edit"), as_posted(page.context["form"]))
    assert saved.status_code == 302
    record.refresh_from_db()
    assert record.details["fine_amount"] == "5.000000"
    assert list(record.events.values_list("pk", flat=True)) == events  # no "edit" event: nothing changed


def test_an_amount_typed_on_the_edit_form_comes_back_as_typed(client, cast):
    record = penalty(cast, details={**PENALTY_DETAILS, "fine_amount": "5.000000"})
    client.force_login(cast.clerk_a)
    page = client.get(detail_url(record, "record_edit"))
    data = {**as_posted(page.context["form"]), "details__fine_amount": "5.0", "title": ""}
    refused = client.post(detail_url(record, "record_edit"), data)
    assert "title" in refused.context["form"].errors
    assert input_value(refused.content.decode(), "details__fine_amount") == "5.0"


def test_a_published_record_cannot_be_edited_as_a_draft(client, cast):
    record = publish(cast, penalty(cast))
    client.force_login(cast.clerk_a)
    assert client.get(detail_url(record, "record_edit")).status_code == 409
    assert client.post(detail_url(record, "record_edit"), penalty_form(cast, title="改")).status_code == 409
    assert CreditRecord.objects.get(pk=record.pk).title == record.title


def test_revoke_needs_a_reason(client, cast):
    record = publish(cast, penalty(cast))
    client.force_login(cast.clerk_a)
    response = client.post(detail_url(record, "record_revoke"), {"reason": "  "})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert CreditRecord.objects.get(pk=record.pk).status == RecordStatus.PUBLISHED

    response = client.post(detail_url(record, "record_revoke"), {"reason": "原处罚决定已被复议撤销"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == RecordStatus.REVOKED
    assert record.events.get(action="revoke").reason == "原处罚决定已被复议撤销"
    assert client.post(detail_url(record, "record_revoke"), {"reason": "再撤"}).status_code == 409


def test_revoking_a_draft_is_409(client, cast):
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    assert client.get(detail_url(record, "record_revoke")).status_code == 409
    assert client.post(detail_url(record, "record_revoke"), {"reason": "x"}).status_code == 409


def test_correct_makes_version_2_and_the_detail_page_shows_both_versions(client, cast):
    record = publish(cast, penalty(cast))
    client.force_login(cast.clerk_a)
    form = client.get(detail_url(record, "record_correct")).context["form"]
    assert form.initial["decision_number"] == "莱市监罚〔2026〕12号"  # prefilled with the current values
    data = {name: value for name, value in penalty_form(cast).items()
            if name not in {"kind", "subject_type", "subject_unit"}}
    data.update(decision_number="莱市监罚〔2026〕21号", decision_date=record.decision_date.isoformat())

    missing_reason = client.post(detail_url(record, "record_correct"), data)
    assert "reason" in missing_reason.context["form"].errors

    response = client.post(detail_url(record, "record_correct"), {**data, "reason": "文书号录入错误"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.version, record.status) == (2, RecordStatus.PUBLISHED)
    assert CreditRecordVersion.objects.filter(record=record).count() == 2
    page = client.get(detail_url(record))
    versions = page.context["versions"]
    assert [v["version"] for v in versions] == [1, 2]
    body = page.content.decode()
    assert "莱市监罚〔2026〕12号" in body and "莱市监罚〔2026〕21号" in body and "文书号录入错误" in body


def test_a_correction_without_changes_is_a_form_error(client, cast):
    record = publish(cast, penalty(cast))
    client.force_login(cast.clerk_a)
    data = {name: value for name, value in penalty_form(cast).items()
            if name not in {"kind", "subject_type", "subject_unit"}}
    data.update(decision_number=record.decision_number, decision_date=record.decision_date.isoformat(),
                title=record.title, reason="无")
    response = client.post(detail_url(record, "record_correct"), data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert CreditRecord.objects.get(pk=record.pk).version == 1


def test_the_correction_form_fills_in_an_amount_as_written_and_unchanged_is_no_correction(client, cast):
    record = publish(cast, penalty(cast, details={**PENALTY_DETAILS, "fine_amount": "5.000000"}))
    client.force_login(cast.clerk_a)
    page = client.get(detail_url(record, "record_correct"))
    assert input_value(page.content.decode(), "details__fine_amount") == "5"

    response = client.post(detail_url(record, "record_correct"), {**as_posted(page.context["form"]), "reason": "无"})
    assert response.context["form"].non_field_errors()  # 更正内容与现版本相同
    record.refresh_from_db()
    assert (record.version, record.details["fine_amount"]) == (1, "5.000000")


def test_decision_changed_is_recorded_with_a_date_and_reason(client, cast):
    record = publish(cast, penalty(cast))
    client.force_login(cast.clerk_a)
    url = detail_url(record, "record_decision_changed")
    future = client.post(url, {"on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(), "reason": "x"})
    assert "on" in future.context["form"].errors
    response = client.post(url, {"on": days_ago(1).isoformat(), "reason": "原处罚决定经复议变更"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.decision_changed_on == days_ago(1)


# --- bulk publish ----------------------------------------------------------------

def test_bulk_publish_reports_each_record(client, cast):
    first, second = penalty(cast, title="第一条"), penalty(cast, title="第二条")
    already = publish(cast, penalty(cast, title="已发布的"))
    foreign = penalty(cast, actor=cast.clerk_b, provider=cast.unit_b, subject_unit=cast.unit_a, title="别人的草稿")
    client.force_login(cast.clerk_a)
    response = client.post(reverse("records:record_bulk_publish"),
                           {"ids": [first.pk, second.pk, already.pk, foreign.pk], "next": LIST_URL + "?status=draft",
                            "confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == LIST_URL + "?status=draft"
    statuses = dict(CreditRecord.objects.values_list("pk", "status"))
    assert statuses[first.pk] == statuses[second.pk] == RecordStatus.PUBLISHED
    assert statuses[foreign.pk] == RecordStatus.DRAFT
    texts = [str(m) for m in response.context["messages"]]
    assert any("已发布 2 条" in t and "第一条" in t and "第二条" in t for t in texts)
    assert any(f"#{already.pk}" in t and "未发布" in t for t in texts)
    assert any(f"#{foreign.pk}" in t and "无权" in t for t in texts)


def test_bulk_publish_first_says_what_will_be_published_about_whom(client, cast):
    mine = penalty(cast, title="第一条")
    foreign = penalty(cast, actor=cast.clerk_b, provider=cast.unit_b, subject_unit=cast.unit_a, title="别人的草稿")
    client.force_login(cast.clerk_a)
    response = client.post(reverse("records:record_bulk_publish"), {"ids": [mine.pk, foreign.pk], "next": LIST_URL})
    assert response.status_code == 200
    html = response.content.decode()
    assert "确认发布 1 条" in html and "第一条" in html and mine.subject_name in html
    assert "别人的草稿" not in html and "另有 1 条" in html
    assert 'name="confirm" value="1"' in html
    assert set(CreditRecord.objects.values_list("status", flat=True)) == {RecordStatus.DRAFT}  # nothing yet


def test_only_the_users_drafts_get_a_checkbox(client, cast):
    mine = penalty(cast)
    published = publish(cast, penalty(cast, title="已发布"))
    client.force_login(cast.clerk_a)
    body = client.get(LIST_URL).content.decode()
    assert f'name="ids" value="{mine.pk}"' in body
    assert f'name="ids" value="{published.pk}"' not in body
    assert "批量发布" in body


# --- list, filter, export --------------------------------------------------------

def test_the_list_is_driven_by_the_record_filterset(client, cast):
    penalty(cast, title="价格违法")
    sanction_about_x(cast, title="工作纪律")
    client.force_login(cast.clerk_a)
    response = client.get(LIST_URL, {"kind": "government_sanction"})
    body = response.content.decode()
    assert "工作纪律" in body and "价格违法" not in body
    assert "记录类别" in body  # the filter form is rendered with its labels
    assert "kind=government_sanction" in response.context["export_url"]


def test_the_list_shows_the_objection_badge(client, cast):
    record = publish(cast, penalty(cast))
    CreditRecord.objects.filter(pk=record.pk).update(objection_open=True)
    client.force_login(cast.clerk_a)
    assert "异议处理中" in client.get(LIST_URL).content.decode().split("<tbody>")[1]


def test_the_list_logs_views_of_personal_records(client, cast):
    publish(cast, sanction_about_x(cast))
    client.force_login(cast.office)
    client.get(LIST_URL)
    assert FileAccess.objects.filter(viewer=cast.office, civil_servant=cast.servant_x, channel="html").exists()


def test_the_export_rows_match_the_filter(client, cast):
    penalty(cast, title="价格违法一")
    penalty(cast, title="价格违法二")
    sanction_about_x(cast, title="工作纪律")
    client.force_login(cast.clerk_a)
    response = client.get(reverse("records:record_export"), {"kind": "administrative_penalty"})
    assert response.status_code == 200
    assert response["Content-Type"] == views_workspace.XLSX_TYPE
    assert "attachment" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    header, data = rows[0], rows[1:]
    assert header[:4] == ("编号", "主体类型", "主体", "记录类别")
    expected = CreditRecord.objects.filter(kind="administrative_penalty").order_by("-decision_date", "-id")
    assert [row[0] for row in data] == [r.pk for r in expected]
    assert {row[7] for row in data} == {"价格违法一", "价格违法二"}
    assert {row[3] for row in data} == {"行政处罚"}


def test_the_export_is_capped(client, cast, monkeypatch):
    monkeypatch.setattr(views_workspace, "EXPORT_MAX_ROWS", 1)
    penalty(cast, title="一")
    penalty(cast, title="二")
    client.force_login(cast.clerk_a)
    response = client.get(reverse("records:record_export"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 2
    assert response["X-Export-Truncated"] == "1"


def test_the_export_is_scoped_like_the_list(client, cast):
    penalty(cast, title="甲单位草稿")
    client.force_login(cast.clerk_b)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(reverse("records:record_export")).content)).active
    assert sheet.max_row == 1  # the header only


def _list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST_URL).status_code == 200
    return len(ctx)


def test_the_list_query_count_does_not_grow_with_the_rows(client, cast):
    client.force_login(cast.clerk_a)
    penalty(cast)
    publish(cast, sanction_about_x(cast))
    few = _list_queries(client)
    for n in range(8):
        penalty(cast, title=f"第{n}条")
        publish(cast, sanction_about_x(cast, title=f"处分{n}"))
    assert _list_queries(client) == few
    # session, user, the user's groups, count, the page (joined subject/provider), the file-access insert,
    # the units the clerk answers for (succession), which drafts on the page are writable, unread notices,
    # the units of the filter's unit selects (one query for all three)
    assert few <= 10


def test_the_detail_query_count_does_not_grow_with_the_history(client, cast, django_assert_max_num_queries):
    record = publish(cast, penalty(cast))
    client.force_login(cast.clerk_a)
    with CaptureQueriesContext(connection) as ctx:
        client.get(detail_url(record))
    for n in range(3):
        services.record_correct(record=record, actor=cast.clerk_a, reason=f"更正{n}", title=f"事由{n}")
        services.record_attach(record=record, actor=cast.clerk_a, name=f"{n}.pdf", data=b"%PDF-1.4 " + bytes([n]))
    with django_assert_max_num_queries(len(ctx)):
        client.get(detail_url(record))


# --- attachments ------------------------------------------------------------------

def test_an_attachment_is_uploaded_and_downloaded(client, cast):
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    response = client.post(detail_url(record, "record_attach"),
                           {"file": SimpleUploadedFile("决定书.pdf", b"%PDF-1.4 content")})
    assert response.status_code == 302
    attachment = Attachment.objects.get(record=record)
    assert attachment.original_name == "决定书.pdf"
    download = client.get(reverse("records:record_attachment", args=[record.pk, attachment.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 content"


def test_an_oversized_attachment_is_413(client, cast, settings):
    settings.MAX_ATTACHMENT_BYTES = 1024
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    response = client.post(detail_url(record, "record_attach"),
                           {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 2048)})
    assert response.status_code == 413
    assert "file" in response.context["attach_form"].errors
    assert not Attachment.objects.exists()


def test_an_exe_renamed_pdf_is_refused(client, cast):
    record = penalty(cast)
    client.force_login(cast.clerk_a)
    response = client.post(detail_url(record, "record_attach"),
                           {"file": SimpleUploadedFile("scan.pdf", b"MZ\x90\x00\x03\x00\x00\x00PE")})
    assert response.status_code == 400
    assert "file" in response.context["attach_form"].errors
    assert "内容须与扩展名一致" in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_record_page_hides_the_fields_its_kind_leaves_empty_and_shows_full_reasons(client, cast):
    record = publish(cast, penalty(cast))
    long_reason = "更正事由：" + "决定文书号录入有误，" * 20
    services.record_correct(record=record, actor=cast.clerk_a, reason=long_reason, title="新事由")
    client.force_login(cast.clerk_a)
    html = client.get(detail_url(record)).content.decode()
    assert "考核等次" not in html and "处分种类" not in html  # not a 政务处分, not an assessment
    assert long_reason in html and 'class="reason"' in html


def test_a_sanction_form_asks_for_its_deciding_body_once_and_the_record_keeps_it(client, cast):
    client.force_login(cast.clerk_a)
    page = client.get(CREATE_URL, {"kind": "government_sanction"}).content.decode()
    assert 'name="details__sanction_body"' in page and 'name="decision_body"' not in page
    assert "作出决定机关" not in page and "处分机关" in page
    assert "党纪" not in page  # a 政务处分 offers government sanctions only
    data = {"kind": "government_sanction", "civil_servant": cast.servant_x.pk, "severity": "general",
            "sanction_type": "warning", "title": "违反工作纪律", "decision_date": days_ago(5).isoformat(),
            "details__sanction_body": "区纪委监委"}
    assert client.post(CREATE_URL, data).status_code == 302
    record = CreditRecord.objects.get()
    assert record.decision_body == "区纪委监委"  # reports and the disclosure page read the common column
    html = client.get(detail_url(record)).content.decode()
    assert html.count("区纪委监委") >= 1 and "作出决定机关" not in html


def test_the_servant_filter_is_carried_by_links_and_a_servant_is_searched_by_name(client, cast):
    sanction_about_x(cast, title="关于甲")
    penalty(cast, title="关于单位")
    client.force_login(cast.clerk_a)
    html = client.get(LIST_URL, {"civil_servant": cast.servant_x.pk}).content.decode()
    assert f'type="hidden" name="civil_servant" value="{cast.servant_x.pk}"' in html  # no number to type
    assert "列表已按所选公务员筛选" in html and "关于甲" in html and "关于单位" not in html
    by_name = client.get(LIST_URL, {"q": cast.servant_x.name}).content.decode()
    assert "关于甲" in by_name and "关于单位" not in by_name
