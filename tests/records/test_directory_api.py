"""The unit directory and civil servants through the API: validation, scope, masking."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.models import CivilServant, Posting, Unit
from tests.factories import make_resident_id, make_servant, make_uscc

pytestmark = pytest.mark.django_db


def test_office_creates_a_unit_with_a_valid_code(api, cast):
    response = api.as_(cast.office).post(
        "/api/v1/units/", {"name": "区统计局", "code": make_uscc(), "kind": "department"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert Unit.objects.filter(name="区统计局").exists()


def test_an_invalid_unit_code_is_a_field_error_and_nothing_is_saved(api, cast):
    before = Unit.objects.count()
    code = make_uscc()[:-1] + ("0" if make_uscc()[-1] != "0" else "1")
    response = api.as_(cast.office).post(
        "/api/v1/units/", {"name": "坏代码单位", "code": code[:17] + "Z", "kind": "department"}, format="json"
    )
    assert response.status_code == 400
    assert "code" in response.json()
    assert Unit.objects.count() == before


def test_an_invalid_resident_id_is_a_field_error(api, cast):
    good = make_resident_id()
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    response = api.as_(cast.office).post(
        "/api/v1/civil-servants/", {"name": "赵某", "id_number": bad, "unit": cast.unit_a.pk}, format="json"
    )
    assert response.status_code == 400
    assert "id_number" in response.json()
    assert not CivilServant.objects.filter(name="赵某").exists()


def test_an_unknown_unit_is_a_field_error(api, cast):
    response = api.as_(cast.office).post(
        "/api/v1/civil-servants/", {"name": "赵某", "id_number": make_resident_id(), "unit": 999999}, format="json"
    )
    assert response.status_code == 400
    assert "unit" in response.json()


def test_a_malformed_date_is_a_field_error(api, cast):
    response = api.as_(cast.office).post(
        f"/api/v1/civil-servants/{cast.servant_x.pk}/transfer/",
        {"unit": cast.unit_b.pk, "post": "科员", "on": "2026-13-45"}, format="json",
    )
    assert response.status_code == 400
    assert "on" in response.json()


def test_a_clerk_registers_servants_only_in_their_own_unit(api, cast):
    client = api.as_(cast.clerk_a)
    ok = client.post("/api/v1/civil-servants/", {"name": "钱某", "id_number": make_resident_id(),
                                                  "unit": cast.unit_a.pk}, format="json")
    assert ok.status_code == 201
    refused = client.post("/api/v1/civil-servants/", {"name": "孙某", "id_number": make_resident_id(),
                                                       "unit": cast.unit_b.pk}, format="json")
    assert refused.status_code == 400
    assert "unit" in refused.json()


@pytest.mark.parametrize("who, masked", [("office", False), ("user_x", False), ("clerk_a", True),
                                         ("supervisor_in", True), ("leader", True), ("cadre", True)])
def test_id_numbers_are_masked_except_to_the_person_and_the_office(api, cast, who, masked):
    user = getattr(cast, who)
    if who == "user_x":
        # The person sees their own record through the HTML page (the API directory is staff-only).
        return
    data = api.as_(user).get(f"/api/v1/civil-servants/{cast.servant_x.pk}/").json()
    assert (data["id_number"] != cast.servant_x.id_number) is masked
    if masked:
        assert "*" in data["id_number"]


def test_supervisors_see_only_the_units_they_supervise(api, cast):
    inside = api.as_(cast.supervisor_in).get("/api/v1/civil-servants/").json()
    assert cast.servant_x.pk in {row["id"] for row in inside["results"]}
    assert cast.servant_y.pk not in {row["id"] for row in inside["results"]}
    outside = api.as_(cast.supervisor_out).get("/api/v1/civil-servants/").json()
    assert outside["count"] == 0


def test_transfer_keeps_one_file_and_the_posting_history(api, cast):
    response = api.as_(cast.office).post(
        f"/api/v1/civil-servants/{cast.servant_x.pk}/transfer/",
        {"unit": cast.unit_b.pk, "post": "副主任", "on": "2026-06-01", "reason": "工作调动"}, format="json",
    )
    assert response.status_code == 200, response.json()
    postings = list(Posting.objects.filter(civil_servant=cast.servant_x).order_by("start"))
    assert [p.unit_id for p in postings] == [cast.unit_a.pk, cast.unit_b.pk]
    assert postings[0].end is not None and postings[1].end is None
    # The new unit's clerk now sees the person; the old unit's clerk no longer does.
    assert api.as_(cast.clerk_b).get(f"/api/v1/civil-servants/{cast.servant_x.pk}/").status_code == 200
    assert api.as_(cast.clerk_a).get(f"/api/v1/civil-servants/{cast.servant_x.pk}/").status_code == 404


def test_pagination_and_page_size_cap(api, cast):
    for index in range(5):
        make_servant(cast.unit_a, f"人员{index}")
    data = api.as_(cast.office).get("/api/v1/civil-servants/?page_size=2").json()
    assert {"count", "next", "previous", "results"} <= set(data)
    assert len(data["results"]) == 2
    capped = api.as_(cast.office).get("/api/v1/civil-servants/?page_size=5000").json()
    assert len(capped["results"]) <= 200


def test_filters_are_shared_with_the_html_list(api, cast):
    data = api.as_(cast.office).get(f"/api/v1/civil-servants/?unit={cast.unit_b.pk}").json()
    assert {row["id"] for row in data["results"]} == {cast.servant_y.pk}
    data = api.as_(cast.office).get("/api/v1/units/?kind=street").json()
    assert {row["id"] for row in data["results"]} == {cast.unit_b.pk}


@pytest.mark.parametrize("path", ["/api/v1/units/", "/api/v1/civil-servants/"])
def test_list_query_count_does_not_grow_with_rows(api, cast, path):
    client = api.as_(cast.office)
    client.get(path)  # warm up content types and the like
    with CaptureQueriesContext(connection) as few:
        client.get(path)
    for index in range(15):
        make_servant(cast.unit_b, f"批量{index}")
    with CaptureQueriesContext(connection) as many:
        client.get(path)
    # user + groups (roles) + count + page of rows
    assert len(many) == len(few) <= 5, [q["sql"] for q in many.captured_queries]


@pytest.mark.parametrize("path", ["/api/v1/units/{a}/", "/api/v1/civil-servants/{x}/"])
def test_detail_query_count(api, cast, path):
    client = api.as_(cast.office)
    url = path.format(a=cast.unit_a.pk, x=cast.servant_x.pk)
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # user + groups + the row (with its unit)
    assert len(queries) <= 4, [q["sql"] for q in queries.captured_queries]
