"""The credit-check API (clause 5), the rectification-case API and the restriction-flag API."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records import services
from records.models import CreditCheckLog, RectificationCase
from records.services import punishment
from tests.records.test_punishment_court_list import listing
from tests.records.test_punishment_rectification import open_case, published_penalty

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.records.test_punishment_urlconf")]

D = datetime.date
CHECK = "/api/v1/credit-check/"
WHY = {"purpose": "政府采购供应商资格审查", "matter": "2026年区政务云服务采购项目（LWCG-2026-015）"}
CASES = "/api/v1/rectification-cases/"
FLAGS = "/api/v1/restriction-flags/"


@pytest.fixture
def listed_unit_b(cast):
    """Unit B listed as 失信被执行人 (flags on), with an open rectification case and a general penalty."""
    record = listing(cast)
    punishment.punishment_record_changed(record=record, today=D(2026, 2, 4))
    fine = published_penalty(cast, unit=cast.unit_b, decision_number="P-1")
    punishment.punishment_record_changed(record=fine, today=D(2026, 3, 9))  # a case by rule for each record
    return record


# --- credit check ----------------------------------------------------------------------------

def test_the_credit_check_tells_flags_open_rectification_and_counts_without_personal_data(cast, api, listed_unit_b):
    services.unit_head_appoint(unit=cast.unit_b, person_name="李华", start=D(2020, 1, 1), actor=None,
                               civil_servant=cast.servant_y)
    response = api.as_(cast.api_client).get(CHECK, {"code": cast.unit_b.code.lower(), **WHY})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["code"], data["name"], data["listed_as_judgment_defaulter"]) == (cast.unit_b.code, cast.unit_b.name,
                                                                                  True)
    assert {f["kind"] for f in data["restriction_flags"]} == {"subsidies", "financing", "investment_approval",
                                                              "allocations"}
    assert data["restriction_flags"][0]["since"] == "2026-02-01" and data["restriction_flags"][0]["until"] is None
    assert [c["state"] for c in data["open_rectification"]] == ["open", "open"] and data["award_eligible"] is False
    assert data["published_records_by_severity"] == {"minor": 0, "general": 1, "serious": 1}
    text = response.content.decode()
    for personal in (cast.servant_y.name, cast.servant_y.id_number, cast.servant_x.id_number):
        assert personal not in text


def test_the_office_may_check_too_and_a_clean_unit_has_nothing(cast, api):
    data = api.as_(cast.office).get(CHECK, {"code": cast.unit_a.code, **WHY}).json()
    assert (data["restriction_flags"], data["open_rectification"], data["award_eligible"]) == ([], [], True)


@pytest.mark.parametrize("who, status", [("anonymous", 401), ("clerk_a", 403), ("leader", 403), ("user_x", 403)])
def test_only_api_clients_and_the_office_may_check(cast, api, who, status):
    user = None if who == "anonymous" else getattr(cast, who)
    assert api.as_(user).get(CHECK, {"code": cast.unit_a.code, **WHY}).status_code == status


def test_a_bad_checksum_is_400_a_missing_code_400_and_an_unknown_unit_404(cast, api):
    client = api.as_(cast.api_client)
    code = cast.unit_a.code
    bad = code[:-1] + ("0" if code[-1] != "0" else "1")
    assert client.get(CHECK, {"code": bad, **WHY}).status_code == 400
    assert "code" in client.get(CHECK, {"code": bad, **WHY}).json()
    assert client.get(CHECK, WHY).status_code == 400
    from tests.factories import make_uscc

    assert client.get(CHECK, {"code": make_uscc(), **WHY}).status_code == 404
    assert not CreditCheckLog.objects.exists()  # nothing answered, nothing logged


def test_a_credit_check_without_purpose_or_matter_is_refused_with_field_errors_and_logs_nothing(cast, api):
    client = api.as_(cast.api_client)
    response = client.get(CHECK, {"code": cast.unit_a.code})
    assert response.status_code == 400
    assert set(response.json()) == {"purpose", "matter"}
    response = client.get(CHECK, {"code": cast.unit_a.code, "purpose": WHY["purpose"], "matter": "  "})
    assert response.status_code == 400 and set(response.json()) == {"matter"}
    assert client.get(CHECK, {"code": cast.unit_a.code, "purpose": "用" * 201, "matter": "x"}).status_code == 400
    assert not CreditCheckLog.objects.exists()


def test_every_check_is_logged_with_the_caller_purpose_matter_and_what_was_answered(cast, api, listed_unit_b):
    data = api.as_(cast.api_client).get(CHECK, {"code": cast.unit_b.code, **WHY}).json()
    log = CreditCheckLog.objects.get()
    assert (log.caller, log.unit, log.purpose, log.matter) == (cast.api_client, cast.unit_b, WHY["purpose"],
                                                               WHY["matter"])
    assert data["check_id"] == log.pk and (data["purpose"], data["matter"]) == (WHY["purpose"], WHY["matter"])
    assert log.answer["award_eligible"] is False and log.answer["listed_as_judgment_defaulter"] is True
    assert "latest_grade" in data and data["latest_grade"] is None  # never evaluated


def test_the_credit_check_is_in_the_openapi_schema_with_its_three_required_parameters(cast, api):
    response = api.as_(cast.office).get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    operation = response.json()["paths"]["/api/v1/credit-check/"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {"code", "purpose", "matter"}
    assert all(p["required"] for p in operation["parameters"])
    assert {"200", "400", "404"} <= set(operation["responses"])


# --- rectification cases --------------------------------------------------------------------------

def test_the_unit_clerk_explains_and_reports_through_the_api_and_the_office_accepts(cast, api):
    case = open_case(cast)
    url = f"{CASES}{case.pk}/"
    clerk = api.as_(cast.clerk_a)
    response = clerk.post(url + "explain/", {"explanation": "制度执行不到位"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "explained"
    response = clerk.post(url + "report/", {"measures": "", "results": ""}, format="json")
    assert response.status_code == 400
    assert {"report_measures", "report_results", "report_completed_on"} <= set(response.json())
    response = clerk.post(url + "report/", {"measures": "建立制度", "results": "已整改",
                                            "completed_on": "2026-03-20"}, format="json")
    assert response.json()["state"] == "rectified"
    office = api.as_(cast.office)
    response = office.post(url + "return/", {"reason": "材料不全"}, format="json")
    assert response.json()["state"] == "returned" and response.json()["report_clock_state"] == "running"
    clerk = api.as_(cast.clerk_a)
    clerk.post(url + "report/", {"measures": "补充", "results": "完成", "completed_on": "2026-03-25"}, format="json")
    response = api.as_(cast.office).post(url + "accept/", {"note": "通过"}, format="json")
    assert response.json()["state"] == "accepted" and response.json()["award_ineligible"] is False


def test_case_api_access_rule(cast, api):
    case = open_case(cast)
    url = f"{CASES}{case.pk}/"
    assert api.as_(None).get(url).status_code == 401
    assert api.as_(cast.clerk_b).get(url).status_code == 404
    assert api.as_(cast.clerk_b).post(url + "explain/", {"explanation": "x"}, format="json").status_code == 404
    assert api.as_(cast.leader).get(url).status_code == 200
    assert api.as_(cast.leader).post(url + "explain/", {"explanation": "x"}, format="json").status_code == 403
    assert api.as_(cast.clerk_a).post(url + "accept/", {}, format="json").status_code == 403
    assert api.as_(cast.office).post(url + "accept/", {}, format="json").status_code == 409
    assert api.as_(cast.office).delete(url).status_code == 405
    assert api.as_(cast.api_client).get(CASES).status_code == 403


def test_the_office_opens_a_case_through_the_api(cast, api):
    record = published_penalty(cast, severity="minor")
    response = api.as_(cast.office).post(CASES, {"unit": cast.unit_a.pk, "records": [record.pk], "reason": "典型"},
                                         format="json")
    assert response.status_code == 201, response.content
    assert response.json()["origin"] == "office" and response.json()["records"] == [record.pk]
    again = api.as_(cast.office).post(CASES, {"unit": cast.unit_a.pk, "records": [record.pk]}, format="json")
    assert again.status_code == 409


def test_the_case_list_costs_the_same_queries_for_one_or_many_cases(cast, api):
    open_case(cast)
    client = api.as_(cast.office)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(CASES).status_code == 200
        return len(ctx.captured_queries)

    count()  # warm: the user's roles are cached after the first request
    one = count()
    for n in range(3):
        open_case(cast, decision_number=f"M-{n}")
    assert RectificationCase.objects.count() == 4
    # the count, the page of cases (unit and both clocks joined), the records prefetch
    assert count() == one == 3


def test_restriction_flags_list_for_the_office_and_leader_and_the_clerks_own(cast, api, listed_unit_b):
    data = api.as_(cast.leader).get(FLAGS, {"active": "true"}).json()
    assert data["count"] == 4 and data["results"][0]["unit"] == cast.unit_b.pk
    assert api.as_(cast.clerk_a).get(FLAGS).json()["count"] == 0
    assert api.as_(cast.clerk_b).get(FLAGS).json()["count"] == 4
    assert api.as_(cast.user_x).get(FLAGS).status_code == 403

