"""records/ and me/file/ through the API: the access rule across the cast, transitions, query counts."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records import services
from records.models import CreditRecord, FileAccess
from tests.records.test_record_lifecycle import PENALTY_DETAILS, penalty, sanction

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(cast):
    """A published sanction of servant X, a published penalty of unit B, a draft of unit A's clerk."""
    return {
        "sanction_x": services.record_publish(record=sanction(cast), actor=cast.clerk_a),
        "penalty_b": services.record_publish(record=penalty(cast), actor=cast.clerk_a),
        "draft": penalty(cast, title="草稿记录"),
    }


PENALTY_BODY = {
    "subject_type": "unit", "kind": "administrative_penalty", "severity": "general", "title": "超范围经营",
    "decision_number": "莱市监罚〔2026〕30号", "decision_date": "2026-05-06", "details": PENALTY_DETAILS,
}


# who → ids of the fixture records they see in the list
VISIBILITY = {
    "office": {"sanction_x", "penalty_b", "draft"},
    "clerk_a": {"sanction_x", "penalty_b", "draft"},   # provider of all three
    "clerk_b": {"penalty_b"},                          # published record against their unit
    "user_x": {"sanction_x"},
    "user_y": set(),
    "supervisor_in": {"sanction_x"},                  # staff of a unit they supervise
    "supervisor_out": set(),
    "leader": {"penalty_b"},                          # institutional records only
    "cadre": set(),                                   # nothing without a check
}


@pytest.mark.parametrize("who", sorted(VISIBILITY))
def test_each_role_sees_exactly_its_scope(api, cast, records, who):
    data = api.as_(getattr(cast, who)).get("/api/v1/records/?page_size=200").json()
    seen = {name for name, record in records.items() if record.pk in {row["id"] for row in data["results"]}}
    assert seen == VISIBILITY[who]
    for name, record in records.items():
        status = api.as_(getattr(cast, who)).get(f"/api/v1/records/{record.pk}/").status_code
        assert status == (200 if name in VISIBILITY[who] else 404), (name, status)


def test_anonymous_is_401_and_api_client_is_403(api, cast, records):
    assert api.as_(None).get("/api/v1/records/").status_code == 401
    assert api.as_(cast.api_client).get("/api/v1/records/").status_code == 403


def test_a_cadre_sees_a_file_only_during_a_check(api, cast, records):
    services.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                               purpose_note="拟提拔任职前审查")
    ids = {row["id"] for row in api.as_(cast.cadre).get("/api/v1/records/").json()["results"]}
    assert records["sanction_x"].pk in ids
    access = FileAccess.objects.get(viewer=cast.cadre)
    assert access.cadre_check is not None and "拟提拔" in access.purpose


def test_views_of_a_personal_file_are_logged_but_not_the_persons_own(api, cast, records):
    api.as_(cast.user_x).get(f"/api/v1/records/{records['sanction_x'].pk}/")
    assert not FileAccess.objects.exists()
    api.as_(cast.supervisor_in).get(f"/api/v1/records/{records['sanction_x'].pk}/")
    assert FileAccess.objects.filter(viewer=cast.supervisor_in, civil_servant=cast.servant_x).count() == 1


def test_clerk_creates_a_draft_for_their_unit(api, cast):
    response = api.as_(cast.clerk_a).post("/api/v1/records/", {**PENALTY_BODY, "subject_unit": cast.unit_b.pk},
                                          format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["provider"], body["version"]) == ("draft", cast.unit_a.pk, 1)


def test_a_clerk_cannot_name_another_units_person(api, cast):
    response = api.as_(cast.clerk_a).post("/api/v1/records/", {
        "subject_type": "person", "civil_servant": cast.servant_y.pk, "kind": "accountability", "severity": "general",
        "title": "x", "decision_date": "2026-01-05", "details": {"accountability_form": "诫勉"},
    }, format="json")
    assert response.status_code == 400
    assert "civil_servant" in response.json()
    assert not CreditRecord.objects.exists()


@pytest.mark.parametrize("change, field", [
    ({"decision_date": "2099-01-01"}, "decision_date"),
    ({"decision_date": "2026-02-30"}, "decision_date"),
    ({"subject_unit": 99999}, "subject_unit"),
    ({"details": {**PENALTY_DETAILS, "fine_amount": "很多"}}, "details.fine_amount"),
    ({"act_start": "2026-03-01", "act_end": "2026-01-01"}, "act_end"),
])
def test_bad_input_is_400_with_the_field_and_nothing_saved(api, cast, change, field):
    body = {**PENALTY_BODY, "subject_unit": cast.unit_b.pk, **change}
    response = api.as_(cast.clerk_a).post("/api/v1/records/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not CreditRecord.objects.exists()


def test_transitions_through_the_api(api, cast, records):
    client = api.as_(cast.clerk_a)
    draft = records["draft"]
    assert client.patch(f"/api/v1/records/{draft.pk}/", {"title": "改了"}, format="json").status_code == 200
    assert client.post(f"/api/v1/records/{draft.pk}/publish/").json()["status"] == "published"
    assert client.post(f"/api/v1/records/{draft.pk}/publish/").status_code == 409
    assert client.patch(f"/api/v1/records/{draft.pk}/", {"title": "再改"}, format="json").status_code == 409
    assert client.post(f"/api/v1/records/{draft.pk}/revoke/", {}, format="json").status_code == 400
    corrected = client.post(f"/api/v1/records/{draft.pk}/correct/", {"reason": "更正事由", "title": "更正后"},
                            format="json")
    assert corrected.json()["version"] == 2
    history = client.get(f"/api/v1/records/{draft.pk}/history/").json()
    assert [v["version"] for v in history["versions"]] == [1, 2]
    assert client.post(f"/api/v1/records/{draft.pk}/revoke/", {"reason": "原决定撤销"}, format="json").status_code == 200
    assert client.delete(f"/api/v1/records/{draft.pk}/").status_code == 405


def test_other_units_cannot_write_even_what_they_can_read(api, cast, records):
    client = api.as_(cast.clerk_b)
    assert client.post(f"/api/v1/records/{records['penalty_b'].pk}/revoke/", {"reason": "x"}, format="json").status_code == 404
    assert client.post(f"/api/v1/records/{records['draft'].pk}/publish/").status_code == 404
    assert api.as_(cast.user_x).post(f"/api/v1/records/{records['sanction_x'].pk}/revoke/",
                                     {"reason": "x"}, format="json").status_code == 403


def test_attachment_type_and_size_are_checked(api, cast, records, settings):
    client = api.as_(cast.clerk_a)
    url = f"/api/v1/records/{records['draft'].pk}/attachments/"
    from django.core.files.uploadedfile import SimpleUploadedFile

    ok = client.post(url, {"file": SimpleUploadedFile("决定书.pdf", b"%PDF-1.4 test", "application/pdf")},
                     format="multipart")
    assert ok.status_code == 201
    fake = client.post(url, {"file": SimpleUploadedFile("virus.pdf", b"MZ\x90\x00", "application/pdf")},
                       format="multipart")
    assert fake.status_code == 400
    settings.MAX_ATTACHMENT_BYTES = 10
    big = client.post(url, {"file": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * 100, "application/pdf")},
                      format="multipart")
    assert big.status_code == 413
    assert records["draft"].attachments.count() == 1


def test_my_file_has_the_documented_shape_and_only_my_records(api, cast, records):
    services.record_publish(record=services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="annual_assessment", assessment_grade="competent", title="2025年度考核",
        decision_date=datetime.date(2026, 1, 20), details={"assessment_year": 2025}), actor=cast.clerk_a)
    data = api.as_(cast.user_x).get("/api/v1/me/file/").json()
    assert data["servant"]["id"] == cast.servant_x.pk
    assert data["servant"]["id_number"] == cast.servant_x.id_number
    assert [r["id"] for r in data["records"]] == [records["sanction_x"].pk]
    assert {"id", "kind", "severity", "status", "version", "objection_open"} <= set(data["records"][0])
    assert [e["kind"] for e in data["entries"]] == ["annual_assessment"]
    assert data["records"][0]["provider_name"] == cast.unit_a.name
    # The draft's history (create, edits) is the provider's own (issue 16): the person's starts at publication.
    assert data["records"][0]["history"][0]["action"] == "publish"
    assert api.as_(cast.user_y).get("/api/v1/me/file/").json()["records"] == []
    assert api.as_(cast.clerk_a).get("/api/v1/me/file/").status_code == 403


def test_list_and_file_query_counts_are_constant(api, cast, records):
    def count(user, path):
        client = api.as_(user)
        client.get(path)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx)

    before = (count(cast.office, "/api/v1/records/"), count(cast.user_x, "/api/v1/me/file/"))
    for _ in range(10):
        services.record_publish(record=sanction(cast), actor=cast.clerk_a)
        services.record_publish(record=penalty(cast), actor=cast.clerk_a)
    after = (count(cast.office, "/api/v1/records/"), count(cast.user_x, "/api/v1/me/file/"))
    assert after == before


@pytest.mark.requires("msgfmt")
@pytest.mark.parametrize("language, message", [("zh-hans", "请指定信息提供单位。"), ("en", "Specify the providing unit.")])
def test_a_record_without_a_provider_is_refused_in_the_readers_language(api, cast, language, message):
    """An office account of no unit must name the providing unit. The refusal was Chinese whatever the client asked
    for (a literal, not a message of the catalogue). Fails before the change for English."""
    from django.conf import settings

    from accounts.choices import Role
    from tests.factories import make_user

    office = make_user("office_no_unit", Role.CREDIT_OFFICE, unit=None, is_staff=True)
    client = api.as_(office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language  # the language switch's choice
    response = client.post("/api/v1/records/", {**PENALTY_BODY, "subject_unit": cast.unit_b.pk}, format="json")
    assert response.status_code == 400 and response.json()["provider"] == [message], response.json()
    assert not CreditRecord.objects.filter(title=PENALTY_BODY["title"]).exists()
