"""Issue 16, findings 4 and 5: a record's history events carry an audience, one filter applies it to the
HTML pages and the API alike. An objection's reasons reach only those who may read the objection; a
draft's content and edits only the provider and the office."""
import json

import pytest
from django.urls import reverse

from objections import services as objections
from objections.choices import RecordAction
from records import services
from records.models import RecordEvent
from tests.objections.conftest import D, file_objection, published_penalty
from tests.records.test_record_lifecycle import sanction

pytestmark = pytest.mark.django_db

OBJECTION_REASON = "处罚对象认定错误，当事人另有其人"
DECISION_REASON = "经核查文书号有笔误，予以更正"


def api_history(api, user, record) -> str:
    response = api.as_(user).get(f"/api/v1/records/{record.pk}/history/")
    assert response.status_code == 200
    return json.dumps(response.json(), ensure_ascii=False)


def html_detail(client, user, record) -> str:
    client.force_login(user)
    response = client.get(reverse("records:record_detail", args=[record.pk]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def objected_penalty(cast):
    """Unit A's penalty of unit B; clerk B objected, clerk A upheld it and corrected the record."""
    record = published_penalty(cast)
    objection = file_objection(record, cast.clerk_b, reason=OBJECTION_REASON)
    objections.objection_review(objection=objection, actor=cast.clerk_a)
    objections.objection_decide(objection=objection, actor=cast.clerk_a, outcome="upheld", reason=DECISION_REASON,
                                record_action=RecordAction.CORRECT, today=D(2026, 9, 29),
                                corrections={"decision_number": "莱市监罚〔2026〕21号"})
    return record


def test_the_leader_reads_the_correction_but_not_the_objection_reasons(api, client, cast, objected_penalty):
    assert api.as_(cast.leader).get("/api/v1/objections/").status_code == 403  # the objection itself
    for body in (api_history(api, cast.leader, objected_penalty), html_detail(client, cast.leader, objected_penalty)):
        assert OBJECTION_REASON not in body and DECISION_REASON not in body
        assert "莱市监罚〔2026〕21号" in body  # the correction itself is part of the record


@pytest.mark.parametrize("who", ["clerk_a", "clerk_b", "office"])
def test_who_may_read_the_objection_reads_its_reasons_in_the_history(api, client, cast, objected_penalty, who):
    user = getattr(cast, who)
    for body in (api_history(api, user, objected_penalty), html_detail(client, user, objected_penalty)):
        assert OBJECTION_REASON in body and DECISION_REASON in body


def test_a_cadre_reads_the_file_but_not_the_objection_reason(api, client, cast):
    record = services.record_publish(record=sanction(cast), actor=cast.clerk_a)
    file_objection(record, cast.user_x, reason=OBJECTION_REASON)
    check = services.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                                       purpose_note="拟任科长")
    assert api.as_(cast.cadre).get("/api/v1/objections/").status_code == 403
    client.force_login(cast.cadre)
    page = client.get(reverse("records:cadre_check_detail", args=[check.pk]))
    assert page.status_code == 200 and "违反工作纪律" in page.content.decode()
    assert OBJECTION_REASON not in page.content.decode()
    assert OBJECTION_REASON not in api_history(api, cast.cadre, record)
    assert OBJECTION_REASON in api_history(api, cast.user_x, record)  # the applicant reads their own reason


@pytest.fixture
def edited_then_published(cast):
    draft = sanction(cast)
    services.record_update_draft(record=draft, actor=cast.clerk_a, title="草稿时的旧事由")
    services.record_update_draft(record=draft, actor=cast.clerk_a, title="违反工作纪律")
    return services.record_publish(record=draft, actor=cast.clerk_a)


def test_the_subject_does_not_see_the_drafts_edits_through_the_api(api, cast, edited_then_published):
    my_file = api.as_(cast.user_x).get("/api/v1/me/file/").json()
    history = api_history(api, cast.user_x, edited_then_published)
    for body in (json.dumps(my_file, ensure_ascii=False), history):
        assert "草稿时的旧事由" not in body
    assert [e["action"] for e in my_file["records"][0]["history"]] == ["publish"]
    assert [e["action"] for e in json.loads(history)["events"]] == ["publish"]


def test_the_subject_does_not_see_the_drafts_edits_in_html(client, cast, edited_then_published):
    client.force_login(cast.user_x)
    body = client.get(reverse("records:my_file")).content.decode()
    assert "违反工作纪律" in body and "草稿时的旧事由" not in body


def test_the_provider_and_the_office_read_the_drafts_history(api, cast, edited_then_published):
    for user in (cast.clerk_a, cast.office):
        actions = [e["action"] for e in json.loads(api_history(api, user, edited_then_published))["events"]]
        assert actions == ["create", "edit", "edit", "publish"]
        assert "草稿时的旧事由" in api_history(api, user, edited_then_published)


def test_events_are_written_with_their_audience(cast, objected_penalty, edited_then_published):
    audience = dict(RecordEvent.objects.filter(record=edited_then_published).values_list("action", "audience")
                    .order_by("id"))
    assert audience == {"create": "provider", "edit": "provider", "publish": "record_readers"}
    audience = {e.action: e.audience for e in RecordEvent.objects.filter(record=objected_penalty)}
    assert audience["objection_opened"] == audience["objection_closed"] == "objection_readers"
    assert audience["correct"] == "record_readers"


def test_the_migration_classifies_existing_events_and_the_ledger_still_verifies(cast, objected_penalty, settings,
                                                                                 tmp_path):
    import importlib

    from django.apps import apps

    from accounts import ledger

    settings.LEDGER_EXPORT_DIR = tmp_path
    draft = sanction(cast)
    services.record_attach(record=draft, actor=cast.clerk_a, name="草稿材料.pdf", data=b"%PDF-1.4 draft")
    record = services.record_publish(record=draft, actor=cast.clerk_a)
    services.record_attach(record=record, actor=cast.clerk_a, name="发布后材料.pdf", data=b"%PDF-1.4 later")
    RecordEvent.objects.update(audience="record_readers")  # as every event was before the field existed
    ledger.ledger_seal_all()

    importlib.import_module("records.migrations.0011_record_event_audience").classify(apps, None)

    audience = {(e.action, (e.changes.get("attachment") or [None, ""])[1]): e.audience
                for e in RecordEvent.objects.filter(record=record)}
    assert audience == {("create", ""): "provider", ("attach", "草稿材料.pdf"): "provider",
                        ("publish", ""): "record_readers", ("attach", "发布后材料.pdf"): "record_readers"}
    opened = RecordEvent.objects.get(record=objected_penalty, action="objection_opened")
    assert opened.audience == "objection_readers"
    assert ledger.ledger_verify(heads=[]).ok  # who may read a row is not part of its sealed content
