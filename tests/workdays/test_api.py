import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return APIClient()


def test_anyone_can_add_working_days(client):
    response = client.get("/api/v1/workdays/add/", {"start": "2026-09-28", "days": 10})

    assert response.status_code == 200
    data = response.json()
    assert data["date"] == "2026-10-16"
    assert data["provisional"] is False
    assert data["counted"] == 10
    assert {"date": "2026-10-01", "reason": "国庆节"} in data["skipped"]
    assert data["makeup_days"] == ["2026-10-10"]


def test_a_provisional_year_is_flagged(client):
    data = client.get("/api/v1/workdays/add/", {"start": "2031-01-01", "days": 5}).json()
    assert data == {**data, "date": "2031-01-08", "provisional": True}


@pytest.mark.parametrize(
    "params, field",
    [({"start": "2026-02-30", "days": 3}, "start"), ({"start": "2026-09-28", "days": -1}, "days"),
     ({"start": "2026-09-28"}, "days"), ({"days": 3}, "start"), ({"start": "2026-09-28", "days": "x"}, "days")],
)
def test_bad_input_is_400_with_a_field_message(client, params, field):
    response = client.get("/api/v1/workdays/add/", params)
    assert response.status_code == 400
    assert field in response.json()


def test_check_answers_a_date(client):
    assert client.get("/api/v1/workdays/check/", {"date": "2026-10-01"}).json() == {
        "date": "2026-10-01", "workday": False, "reason": "国庆节", "provisional": False,
    }
    assert client.get("/api/v1/workdays/check/", {"date": "2026-10-10"}).json()["workday"] is True
    assert client.get("/api/v1/workdays/check/", {"date": "x"}).status_code == 400


def test_calendar_years_are_for_the_office_and_leaders(client, people):
    assert client.get("/api/v1/calendar-years/").status_code == 401
    client.force_authenticate(people.clerk)
    assert client.get("/api/v1/calendar-years/").status_code == 403
    client.force_authenticate(people.leader)
    response = client.get("/api/v1/calendar-years/", {"year": 2026})
    assert response.status_code == 200
    [year] = response.json()["results"]
    assert year["status"] == "official"
    assert {"date": "2026-10-10", "kind": "makeup_workday", "name": "国庆节调休上班"} in year["exceptions"]


def test_staff_read_policies_and_the_office_revises(client, people):
    client.force_authenticate(people.servant)
    assert client.get("/api/v1/policies/").status_code == 403
    client.force_authenticate(people.clerk)
    response = client.get("/api/v1/policies/", {"key": "objection_answer", "is_current": True})
    assert response.status_code == 200
    [policy] = response.json()["results"]
    assert (policy["value"], policy["unit"], policy["version"]) == (10, "working_days", 1)

    payload = {"value": 7, "unit": "working_days", "legal_basis": "区信用办通知"}
    assert client.post(f"/api/v1/policies/{policy['id']}/revise/", payload).status_code == 403
    client.force_authenticate(people.office)
    response = client.post(f"/api/v1/policies/{policy['id']}/revise/", payload)
    assert response.status_code == 201
    assert (response.json()["version"], response.json()["value"], response.json()["is_current"]) == (2, 7, True)
    assert client.post(f"/api/v1/policies/{policy['id']}/revise/", {"value": 7}).status_code == 400


def test_the_paths_are_in_the_schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/workdays/add/" in paths
    assert {p["name"] for p in paths["/api/v1/workdays/add/"]["get"]["parameters"]} >= {"start", "days"}
    assert "/api/v1/policies/{id}/revise/" in paths
    assert "/api/v1/calendar-years/" in paths


def test_listing_calendar_years_costs_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_authenticate(people.office)
    # 1 the user's roles, 2 count, 3 the page of years, 4 their exceptions (prefetch)
    with django_assert_num_queries(4):
        response = client.get("/api/v1/calendar-years/", {"page_size": 200})
    assert response.json()["count"] == 23


def test_listing_policies_costs_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_authenticate(people.clerk)
    # 1 the user's roles, 2 count, 3 the page of policies
    with django_assert_num_queries(3):
        response = client.get("/api/v1/policies/")
    assert response.json()["count"] >= 21


def test_the_calculator_api_costs_one_query_with_the_calendar_cached(client, django_assert_num_queries):
    client.get("/api/v1/workdays/add/", {"start": "2026-09-28", "days": 10})
    with django_assert_num_queries(1):  # the calendar signature
        assert client.get("/api/v1/workdays/add/", {"start": "2026-01-05", "days": 3}).status_code == 200
