"""Optimistic concurrency on draft edits (issue 9, item 4): a stale edit is refused, never
silently overwriting someone else's change.

- API: ``GET`` (and every single-object answer) sends ``ETag: "<pk>-<updated_at µs>"``; a ``PATCH``
  with ``If-Match`` naming an older revision gets 409 and the clear message. ``If-Match`` is
  optional: a PATCH without it still works (no check), as before.
- HTML: the edit form carries the revision in a hidden ``revision`` field; a stale save gets the
  form back with 409 and the message. A post without the field is not checked.
"""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments import services as commitment_services
from commitments.models import Commitment
from records import services
from records.models import CreditRecord
from records.services.credit import StaleEdit, edit_revision

pytestmark = pytest.mark.django_db

STALE_MESSAGE = "该记录已被他人修改，请刷新后重试。"
TODAY = timezone.localdate()
PENALTY_DETAILS = {
    "subject_category": "法人及非法人组织", "violation_type": "违反价格法", "penalty_category": "罚款",
    "penalty_content": "罚款人民币伍万元", "fine_amount": "5",
}


def draft_record(cast, title="未按规定明码标价"):
    return services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="unit", subject_unit=cast.unit_b,
        kind="administrative_penalty", severity="general", title=title, decision_number="莱市监罚〔2026〕12号",
        decision_date=TODAY - datetime.timedelta(days=3), legal_basis="《中华人民共和国价格法》第四十二条",
        details=dict(PENALTY_DETAILS),
    )


def record_form_data(cast, **override):
    data = {
        "subject_type": "unit", "subject_unit": cast.unit_b.pk, "severity": "general", "title": "未按规定明码标价",
        "decision_number": "莱市监罚〔2026〕12号", "decision_date": (TODAY - datetime.timedelta(days=3)).isoformat(),
        "legal_basis": "《中华人民共和国价格法》第四十二条",
        **{f"details__{k}": v for k, v in PENALTY_DETAILS.items()},
    }
    data.update(override)
    return data


def draft_commitment(cast, title="标准厂房租金减免政策承诺"):
    return commitment_services.commitment_create(
        actor=cast.clerk_a, unit=cast.unit_a, title=title, kind="investment_promotion", reason="招商引资项目落地",
        content="对新落户企业三年内减免标准厂房租金", liability="未兑现的，依约补足并承担违约责任",
        committed_on=TODAY - datetime.timedelta(days=200), valid_until=TODAY + datetime.timedelta(days=365),
        publication_type="public", counterparty_name="某新材料有限公司", counterparty_type="organisation",
    )


def someone_else_edits_record(cast, record, title="他人修改的事由"):
    return services.record_update_draft(record=CreditRecord.objects.get(pk=record.pk), actor=cast.head_a, title=title)


def someone_else_edits_commitment(cast, commitment, title="他人修改的承诺"):
    return commitment_services.commitment_update(commitment=Commitment.objects.get(pk=commitment.pk),
                                                 actor=cast.head_a, title=title)


# --- service ----------------------------------------------------------------------------

def test_the_service_refuses_a_stale_revision_and_accepts_the_current_one(cast):
    record = draft_record(cast)
    seen = edit_revision(record)
    someone_else_edits_record(cast, record)
    with pytest.raises(StaleEdit) as caught:
        services.record_update_draft(record=record, actor=cast.clerk_a, expected_revision=seen, title="我的修改")
    assert caught.value.status_code == 409 and caught.value.message == STALE_MESSAGE
    assert CreditRecord.objects.get(pk=record.pk).title == "他人修改的事由"
    current = edit_revision(CreditRecord.objects.get(pk=record.pk))
    assert current != seen
    updated = services.record_update_draft(record=record, actor=cast.clerk_a, expected_revision=current, title="我的修改")
    assert updated.title == "我的修改"


# --- records API --------------------------------------------------------------------------

def test_record_detail_sends_an_etag_that_if_match_accepts(api, cast):
    record = draft_record(cast)
    client = api.as_(cast.clerk_a)
    url = f"/api/v1/records/{record.pk}/"
    response = client.get(url)
    assert response.status_code == 200
    assert response["ETag"] == f'"{edit_revision(record)}"'
    patched = client.patch(url, {"title": "新事由"}, format="json", HTTP_IF_MATCH=response["ETag"])
    assert patched.status_code == 200, patched.content
    assert patched.json()["title"] == "新事由"
    assert patched["ETag"] != response["ETag"]
    assert patched["ETag"] == f'"{edit_revision(CreditRecord.objects.get(pk=record.pk))}"'


def test_a_stale_record_patch_is_refused_with_409_and_changes_nothing(api, cast):
    record = draft_record(cast)
    client = api.as_(cast.clerk_a)
    url = f"/api/v1/records/{record.pk}/"
    seen = client.get(url)["ETag"]
    someone_else_edits_record(cast, record)
    response = client.patch(url, {"title": "我的修改"}, format="json", HTTP_IF_MATCH=seen)
    assert response.status_code == 409, response.content
    assert response.json() == {"detail": STALE_MESSAGE, "code": "stale_edit"}
    assert CreditRecord.objects.get(pk=record.pk).title == "他人修改的事由"


def test_if_match_is_optional_and_star_matches_anything(api, cast):
    """Documented choice: PATCH without If-Match is not checked (older clients keep working)."""
    record = draft_record(cast)
    client = api.as_(cast.clerk_a)
    url = f"/api/v1/records/{record.pk}/"
    assert client.patch(url, {"title": "不带 If-Match"}, format="json").status_code == 200
    assert client.patch(url, {"title": "If-Match *"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    assert CreditRecord.objects.get(pk=record.pk).title == "If-Match *"


def test_a_weak_or_foreign_etag_never_matches(api, cast):
    record = draft_record(cast)
    client = api.as_(cast.clerk_a)
    url = f"/api/v1/records/{record.pk}/"
    current = client.get(url)["ETag"]
    for header in (f"W/{current}", '"1-1"', "garbage"):
        assert client.patch(url, {"title": "x"}, format="json", HTTP_IF_MATCH=header).status_code == 409, header
    assert client.patch(url, {"title": "列表中含当前"}, format="json",
                        HTTP_IF_MATCH=f'"1-1", {current}').status_code == 200
    assert CreditRecord.objects.get(pk=record.pk).title == "列表中含当前"


def test_the_schema_documents_if_match_on_the_record_and_commitment_patch(api, cast):
    schema = api.as_(None).get("/api/schema/?format=json").json()
    for path in ("/api/v1/records/{id}/", "/api/v1/commitments/{id}/"):
        operation = schema["paths"][path]["patch"]
        assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"]), path
        assert "409" in operation["responses"], path


# --- records HTML form ---------------------------------------------------------------------

def test_the_record_edit_form_carries_the_revision_and_refuses_a_stale_save(client, cast):
    record = draft_record(cast)
    client.force_login(cast.clerk_a)
    url = reverse("records:record_edit", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200
    revision = edit_revision(record)
    assert f'name="revision" value="{revision}"' in page.content.decode()
    someone_else_edits_record(cast, record)
    response = client.post(url, record_form_data(cast, title="我的修改", revision=revision))
    assert response.status_code == 409
    assert STALE_MESSAGE in response.content.decode()
    assert CreditRecord.objects.get(pk=record.pk).title == "他人修改的事由"
    fresh = edit_revision(CreditRecord.objects.get(pk=record.pk))
    response = client.post(url, record_form_data(cast, title="我的修改", revision=fresh))
    assert response.status_code == 302
    assert CreditRecord.objects.get(pk=record.pk).title == "我的修改"


# --- commitments ----------------------------------------------------------------------------

def test_a_stale_commitment_patch_is_refused_and_a_current_one_applies(api, cast):
    commitment = draft_commitment(cast)
    client = api.as_(cast.clerk_a)
    url = f"/api/v1/commitments/{commitment.pk}/"
    seen = client.get(url)["ETag"]
    assert seen == f'"{edit_revision(commitment)}"'
    someone_else_edits_commitment(cast, commitment)
    response = client.patch(url, {"title": "我的修改"}, format="json", HTTP_IF_MATCH=seen)
    assert response.status_code == 409
    assert response.json()["detail"] == STALE_MESSAGE
    assert Commitment.objects.get(pk=commitment.pk).title == "他人修改的承诺"
    current = client.get(url)["ETag"]
    response = client.patch(url, {"title": "我的修改"}, format="json", HTTP_IF_MATCH=current)
    assert response.status_code == 200, response.content
    assert Commitment.objects.get(pk=commitment.pk).title == "我的修改"
    assert response["ETag"] != current


def test_the_commitment_edit_form_refuses_a_stale_save(client, cast):
    commitment = draft_commitment(cast)
    client.force_login(cast.clerk_a)
    url = reverse("commitments:edit", args=[commitment.pk])
    form = client.get(url).context["form"]
    revision = edit_revision(commitment)
    assert form["revision"].value() == revision
    data = {name: value for name, value in form.initial.items() if value is not None and name in form.fields}
    someone_else_edits_commitment(cast, commitment)
    response = client.post(url, {**data, "title": "我的修改", "revision": revision})
    assert response.status_code == 409
    assert STALE_MESSAGE in response.content.decode()
    assert Commitment.objects.get(pk=commitment.pk).title == "他人修改的承诺"
