"""Forwards from the city credit platform: signed, once per forward, into the same objection and repair workflows."""
import datetime
import json
import time

import pytest
from django.test import override_settings

from notifications.models import OutboxMessage
from notifications.platform import sign
from objections import services
from objections.api.inbound import platform_user
from objections.choices import ObjectionState
from objections.models import Objection, Repair
from records import services as records
from tests.objections.conftest import published_penalty, published_sanction
from tests.records.test_record_lifecycle import penalty

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.records.test_reports_urlconf")]

URL = "/api/v1/platform/forwards/"
SECRET = "inbound-shared-secret"


@pytest.fixture(autouse=True)
def platform_secret():
    with override_settings(CITY_PLATFORM_SECRET=SECRET):
        yield


def post(client, data, *, secret=SECRET, timestamp=None, key=None, raw=None):
    body = raw if raw is not None else json.dumps(data, ensure_ascii=False).encode()
    timestamp = str(int(time.time())) if timestamp is None else timestamp
    headers = {"HTTP_X_PORTAL_TIMESTAMP": timestamp, "HTTP_X_PORTAL_SIGNATURE": sign(body, timestamp=timestamp,
                                                                                      secret=secret)}
    if key is not None:
        headers["HTTP_IDEMPOTENCY_KEY"] = key
    return client.generic("POST", URL, body, content_type="application/json", **headers)


def objection_forward(record, code, **extra):
    return {"schema": "forward-v1", "forward_id": "CP-2026-0001", "type": "objection", "record_id": record.pk,
            "record_version": record.version, "subject_code": code, "applicant_name": "李华",
            "applicant_contact": "0634-1234567", "reason": "处罚决定书已被复议机关撤销", **extra}


@pytest.fixture
def penalty_b(cast):
    return published_penalty(cast)


def test_an_objection_forward_enters_the_objection_workflow_once(client, cast, penalty_b):
    response = post(client, objection_forward(penalty_b, cast.unit_b.code), key="CP-2026-0001")
    assert response.status_code == 201, response.content
    answer = response.json()
    objection = Objection.objects.get()
    assert answer["id"] == objection.pk and answer["type"] == "objection" and answer["deadline"]
    assert (objection.applicant.username, objection.state) == ("city_platform", ObjectionState.SUBMITTED)
    assert "CP-2026-0001" in objection.reason and "李华" in objection.reason
    assert objection.clock.due_date.isoformat() == answer["deadline"]
    penalty_b.refresh_from_db()
    assert penalty_b.objection_open
    # The same workflow: the provider answers it, the subject unit sees it and is told.
    assert list(Objection.objects.answerable_by(cast.clerk_a)) == [objection]
    assert list(Objection.objects.visible_to(cast.clerk_b)) == [objection]
    assert OutboxMessage.objects.filter(key__startswith="inbox:platform-forward:CP-2026-0001:").count() == 1
    services.objection_review(objection=objection, actor=cast.clerk_a)
    # The platform re-sends after losing our answer: nothing is filed twice.
    again = post(client, objection_forward(penalty_b, cast.unit_b.code))
    assert again.status_code == 200 and again.json()["id"] == objection.pk
    assert Objection.objects.count() == 1


def test_a_repair_forward_enters_the_repair_workflow(client, cast, penalty_b):
    data = {"schema": "forward-v1", "forward_id": "CP-2026-0002", "type": "repair", "record_id": penalty_b.pk,
            "subject_code": cast.unit_b.code.lower(), "statement": "已全额缴纳罚款并完成整改",
            "losses_recovered": True}
    response = post(client, data)
    assert response.status_code == 201, response.content
    repair = Repair.objects.get()
    assert response.json()["id"] == repair.pk and repair.applicant == platform_user()
    assert repair.losses_recovered and "CP-2026-0002" in repair.statement
    assert post(client, data).status_code == 200 and Repair.objects.count() == 1


def test_a_forward_about_a_personal_record_tells_the_person(client, cast):
    record = published_sanction(cast)
    data = objection_forward(record, cast.servant_x.id_number, forward_id="CP-2026-0003")
    assert post(client, data).status_code == 201
    assert OutboxMessage.objects.filter(key=f"inbox:platform-forward:CP-2026-0003:{cast.user_x.pk}").exists()


def test_the_platform_user_cannot_log_in(cast):
    user = platform_user()
    assert platform_user().pk == user.pk
    assert not user.is_active and not user.has_usable_password()


@pytest.mark.parametrize("how", ["wrong secret", "no signature", "stale", "tampered"])
def test_a_bad_signature_is_401_and_files_nothing(client, cast, penalty_b, how):
    data = objection_forward(penalty_b, cast.unit_b.code)
    if how == "wrong secret":
        response = post(client, data, secret="guess")
    elif how == "stale":
        response = post(client, data, timestamp=str(int(time.time()) - 3600))
    elif how == "tampered":
        body = json.dumps(data).encode()
        timestamp = str(int(time.time()))
        signature = sign(body, timestamp=timestamp, secret=SECRET)
        response = client.generic("POST", URL, body.replace(b"CP-2026-0001", b"CP-2026-9999"),
                                  content_type="application/json", HTTP_X_PORTAL_TIMESTAMP=timestamp,
                                  HTTP_X_PORTAL_SIGNATURE=signature)
    else:
        response = client.post(URL, data, content_type="application/json")
    assert response.status_code == 401
    assert not Objection.objects.exists()


def test_without_a_configured_secret_nothing_is_accepted(client, cast, penalty_b):
    with override_settings(CITY_PLATFORM_SECRET=""):
        assert post(client, objection_forward(penalty_b, cast.unit_b.code), secret="").status_code == 401


def test_an_unknown_record_is_404(client, cast, penalty_b):
    draft = penalty(cast, decision_number="莱市监罚〔2026〕20号", decision_date=datetime.date(2026, 3, 3))
    for data in (objection_forward(penalty_b, cast.unit_b.code, record_id=999999),
                 objection_forward(draft, cast.unit_b.code),
                 objection_forward(penalty_b, cast.unit_a.code)):  # not this record's subject
        assert post(client, data).status_code == 404
    assert not Objection.objects.exists()


@pytest.mark.parametrize("change", [
    {"reason": ""}, {"type": "complaint"}, {"record_id": "12"}, {"forward_id": "bad id with spaces"},
    {"unexpected": 1},
])
def test_a_bad_body_is_400(client, cast, penalty_b, change):
    response = post(client, objection_forward(penalty_b, cast.unit_b.code, **change))
    assert response.status_code == 400
    assert not Objection.objects.exists()


def test_not_json_and_a_key_mismatch_are_400(client, cast, penalty_b):
    assert post(client, None, raw=b"{not json").status_code == 400
    assert post(client, objection_forward(penalty_b, cast.unit_b.code), key="OTHER").status_code == 400


def test_a_revoked_record_is_409(client, cast, penalty_b):
    records.record_revoke(record=penalty_b, actor=cast.clerk_a, reason="原处罚决定已撤销")
    assert post(client, objection_forward(penalty_b, cast.unit_b.code)).status_code == 409
    assert not Objection.objects.exists()


def test_only_post_is_allowed(client):
    assert client.get(URL).status_code == 405
