"""The public API: submit → receipt code, tracking (public notes only, never contacts or internal notes),
the submitter's actions, the same 404 for unknown and malformed codes, and per-address rate limits (429)."""
import pytest
from django.core.cache import cache

from disputes import services
from disputes.models import DisputeClue

from .conftest import PDF

pytestmark = pytest.mark.django_db
SUBMIT = "/api/v1/disputes/"


TRACK = "/api/v1/disputes/track/"


def track(client, code, action="", **data):
    """The submitter's endpoints take the receipt code in the POST body, never in the URL."""
    return client.post(f"{TRACK}{action}", {"receipt_code": code, **data}, format="json")


def payload(**extra):
    data = {"category": "arrears", "body_name": "某管委会", "description": "拖欠工程款 30 万元。", "amount": "30"}
    data.update(extra)
    return data


def test_anyone_submits_and_gets_a_receipt_code_once(cast, api):
    response = api.as_(None).post(SUBMIT, payload(contact_phone="13900000000"), format="json")
    assert response.status_code == 201, response.content
    code = response.json()["receipt_code"]
    assert len(code) == 24 and response["Cache-Control"] == "no-store"
    clue = DisputeClue.objects.get()
    assert clue.contact_phone == "13900000000" and clue.receipt_hash != code
    assert track(api.as_(None), code).status_code == 200


def test_a_multipart_submission_with_an_attachment_and_a_wrong_type(cast, api):
    client = api.as_(None)
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = client.post(SUBMIT, {**payload(), "attachments": [SimpleUploadedFile("合同.pdf", PDF)]}, format="multipart")
    assert ok.status_code == 201
    bad = client.post(SUBMIT, {**payload(), "attachments": [SimpleUploadedFile("x.pdf", b"MZ")]}, format="multipart")
    assert bad.status_code == 400 and "attachments" in bad.json()
    assert DisputeClue.objects.count() == 1


def test_an_oversized_attachment_is_413(cast, api, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MAX_ATTACHMENT_BYTES = 50
    response = api.as_(None).post(SUBMIT, {**payload(), "attachments": [SimpleUploadedFile("a.pdf", PDF * 10)]},
                                  format="multipart")
    assert response.status_code == 413 and not DisputeClue.objects.exists()


def test_empty_text_is_400(cast, api):
    response = api.as_(None).post(SUBMIT, payload(description=""), format="json")
    assert response.status_code == 400 and "description" in response.json()


def test_tracking_shows_public_notes_and_never_internal_notes_or_contacts(cast, api, acknowledged):
    clue, code = acknowledged
    services.clue_note_add(clue=clue, actor=cast.clerk_a, visibility="public", body="已约谈企业<b>")
    services.clue_note_add(clue=clue, actor=cast.clerk_a, visibility="internal", body="内部：预算未到位")
    response = track(api.as_(None), services.format_code(code))
    assert response.status_code == 200
    body = response.content.decode()
    data = response.json()
    assert data["state"] == "acknowledged" and data["handling_unit"] == "区市场监督管理局"
    assert "已约谈企业<b>" in [n["body"] for n in data["notes"]]
    for secret in ("内部：预算未到位", "王先生", "13900000000", "clerk_a", code):
        assert secret not in body


def test_unknown_and_malformed_codes_are_the_same_404(cast, api, routed):
    client = api.as_(None)
    unknown = track(client, "A" * 24)
    malformed = track(client, "not-a-code!")
    assert unknown.status_code == malformed.status_code == 404
    assert unknown.json() == malformed.json()


def test_the_receipt_code_never_travels_in_a_url(cast, api, routed):
    """Issue 16 item 9: a code in the path lands in access logs; only the POST body carries it (fails before:
    GET disputes/track/{code}/ answered 200)."""
    from django.urls import NoReverseMatch, reverse

    _clue, code = routed
    client = api.as_(None)
    assert client.get(f"{TRACK}{code}/").status_code == 404
    assert client.get(TRACK, {"receipt_code": code}).status_code == 405
    assert track(client, code).status_code == 200
    assert track(client, "").status_code == 400
    with pytest.raises(NoReverseMatch):
        reverse("dispute-track", kwargs={"code": code})


def test_the_submitter_adds_information_rates_and_asks_to_reopen(cast, api, acknowledged):
    clue, code = acknowledged
    client = api.as_(None)
    assert track(client, code, "info/", **{"body": "补充：发票号 123"}).status_code == 201
    assert track(client, code, "rate/", **{"rating": 5}).status_code == 409  # not concluded yet
    services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="resolved", reason="已支付")
    assert track(client, code, "info/", **{"body": "再补充"}).status_code == 409
    rated = track(client, code, "rate/", **{"rating": 5, "comment": "满意"})
    assert rated.status_code == 200 and rated.json()["rating"] == 5
    assert track(client, code, "rate/", **{"rating": 1}).status_code == 409
    assert track(client, code, "rate/", **{"rating": 9}).status_code == 400
    reopen = track(client, code, "reopen/", **{"reason": "尚有尾款"})
    assert reopen.status_code == 201 and reopen.json()["reopen_pending"] is True


def test_too_many_submissions_from_one_address_are_429(cast, api, settings):
    settings.DISPUTES_RATE_LIMITS = {"submit": (2, 3600)}
    client = api.as_(None)
    codes = [client.post(SUBMIT, payload(), format="json", REMOTE_ADDR="10.0.0.1").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    refused = client.post(SUBMIT, payload(), format="json", REMOTE_ADDR="10.0.0.1")
    assert "频繁" in refused.json()["detail"]
    assert client.post(SUBMIT, payload(), format="json", REMOTE_ADDR="10.0.0.2").status_code == 201
    assert DisputeClue.objects.count() == 3


def test_too_many_lookups_are_429_even_with_a_right_code(cast, api, settings, routed):
    _clue, code = routed
    settings.DISPUTES_RATE_LIMITS = {"track": (3, 600)}
    client = api.as_(None)
    statuses = [client.post(TRACK, {"receipt_code": "B" * 24}, format="json", REMOTE_ADDR="10.0.0.9").status_code
                for _ in range(3)]
    assert statuses == [404, 404, 404]
    assert client.post(TRACK, {"receipt_code": code}, format="json", REMOTE_ADDR="10.0.0.9").status_code == 429


def test_forwarded_for_is_ignored_unless_a_proxy_is_trusted(cast, api, settings):
    settings.DISPUTES_RATE_LIMITS = {"submit": (1, 3600)}
    client = api.as_(None)
    assert client.post(SUBMIT, payload(), format="json", HTTP_X_FORWARDED_FOR="1.1.1.1").status_code == 201
    assert client.post(SUBMIT, payload(), format="json", HTTP_X_FORWARDED_FOR="2.2.2.2").status_code == 429
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    cache.clear()
    assert client.post(SUBMIT, payload(), format="json", HTTP_X_FORWARDED_FOR="9.9.9.9, 3.3.3.3").status_code == 201
    assert client.post(SUBMIT, payload(), format="json", HTTP_X_FORWARDED_FOR="8.8.8.8, 4.4.4.4").status_code == 201
    assert client.post(SUBMIT, payload(), format="json", HTTP_X_FORWARDED_FOR="7.7.7.7, 4.4.4.4").status_code == 429


def test_a_cache_outage_does_not_fail_the_request(cast, api, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr(cache, "incr", broken)
    assert api.as_(None).post(SUBMIT, payload(), format="json").status_code == 201
