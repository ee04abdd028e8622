"""The decisions API: scope (clerk writes own, office reads all, supervisor in scope), bulk publish, quality,
the public search by part of a name, masking everywhere."""
import datetime

import pytest
from django.utils import timezone

from decisions import services
from decisions.models import Decision

from .factories import licence_row, penalty_row, person_penalty_row

pytestmark = pytest.mark.django_db
URL = "/api/v1/decisions/"
PUBLIC = "/api/v1/public/decisions/"


def today():
    return timezone.localdate()


def draft(cast, row, user=None):
    user = user or cast.clerk_a
    return services.decision_create(actor=user, department=user.unit, row=row)


def published(cast, row, user=None):
    user = user or cast.clerk_a
    return services.decision_publish(decision=draft(cast, row, user), actor=user)


def api_row(**extra):
    return penalty_row(**{"decision_date": today().isoformat(), **extra})


def test_the_clerk_creates_a_draft_for_their_department(cast, api):
    response = api.as_(cast.clerk_a).post(URL, api_row(), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["department"] == cast.unit_a.pk and body["version"] == 1
    assert body["publication_ends"] is None and body["published_on_time"] is None
    assert body["penalty_categories"] == ["fine", "confiscate_gains"]


def test_a_bad_row_is_400_by_field_and_writes_no_decision(cast, api):
    response = api.as_(cast.clerk_a).post(URL, api_row(subject_code="91370116MA0000001X", fine_amount="两万"),
                                          format="json")
    assert response.status_code == 400
    assert {"subject_code", "fine_amount"} <= set(response.json())
    assert not Decision.objects.exists()


def test_roles_that_never_write_get_403_and_anonymous_401(cast, api):
    assert api.as_(None).get(URL).status_code == 401
    for user in (cast.office, cast.leader, cast.supervisor_in, cast.user_x, cast.api_client):
        assert api.as_(user).post(URL, api_row(), format="json").status_code == 403
    for user in (cast.leader, cast.user_x, cast.cadre):
        assert api.as_(user).get(URL).status_code == 403


def test_scope_of_reads_and_writes(cast, api):
    mine = draft(cast, penalty_row(n=1))
    done = published(cast, penalty_row(n=2))
    theirs = draft(cast, licence_row(n=3), user=cast.clerk_b)
    ids = lambda user: {row["id"] for row in api.as_(user).get(URL).json()["results"]}  # noqa: E731
    assert ids(cast.clerk_a) == {mine.pk, done.pk}
    assert ids(cast.clerk_b) == {theirs.pk}
    assert ids(cast.office) == {mine.pk, done.pk, theirs.pk}
    assert ids(cast.supervisor_in) == {done.pk}  # unit A's published decisions, never drafts
    assert ids(cast.supervisor_out) == set()
    assert api.as_(cast.clerk_b).get(f"{URL}{mine.pk}/").status_code == 404
    assert api.as_(cast.clerk_b).patch(f"{URL}{mine.pk}/", {"note": "x"}, format="json").status_code == 404
    assert api.as_(cast.clerk_a).patch(f"{URL}{mine.pk}/", {"note": "补充"}, format="json").status_code == 200
    assert api.as_(cast.clerk_a).patch(f"{URL}{done.pk}/", {"note": "x"}, format="json").status_code == 409
    assert api.as_(cast.clerk_a).delete(f"{URL}{mine.pk}/").status_code == 405


def test_bulk_publish_of_own_drafts(cast, api):
    first, second = draft(cast, penalty_row(n=1)), draft(cast, licence_row(n=2))
    theirs = draft(cast, licence_row(n=3), user=cast.clerk_b)
    client = api.as_(cast.clerk_a)
    assert client.post(f"{URL}publish/", {"ids": [first.pk, theirs.pk]}, format="json").status_code == 404
    assert client.post(f"{URL}publish/", {"ids": []}, format="json").status_code == 400
    response = client.post(f"{URL}publish/", {"ids": [first.pk, second.pk]}, format="json")
    assert response.status_code == 200 and response.json() == {"published": 2}
    assert client.post(f"{URL}publish/", {"ids": [first.pk]}, format="json").status_code == 409
    assert Decision.objects.get(pk=theirs.pk).status == "draft"


def test_public_search_by_a_two_character_part_of_the_name(cast, api):
    company = published(cast, penalty_row(n=1, subject_name="济南明远食品有限公司"))
    published(cast, licence_row(n=2, subject_name="济南安和餐饮管理有限公司"))
    draft(cast, penalty_row(n=3, subject_name="明远商贸有限公司"))  # a draft never appears
    published(cast, penalty_row(n=4, subject_name="明远五金店", penalty_categories=["warning"], fine_amount="",
                                confiscated_amount=""))  # not published by rule
    client = api.as_(None)
    found = client.get(PUBLIC, {"q": "明远"}).json()
    assert [row["id"] for row in found["results"]] == [company.pk]
    assert client.get(PUBLIC, {"q": company.subject.uscc}).json()["count"] == 1
    assert client.get(PUBLIC, {"act": "licence"}).json()["count"] == 1
    assert client.get(PUBLIC, {"department": cast.unit_b.pk}).json()["count"] == 0
    assert client.get(f"{PUBLIC}{company.pk}/").status_code == 200
    hidden = Decision.objects.get(subject_name="明远五金店")
    assert client.get(f"{PUBLIC}{hidden.pk}/").status_code == 404


def test_id_numbers_are_masked_except_for_the_department_and_the_office(cast, api):
    row = person_penalty_row(n=1)
    decision = published(cast, row)
    full = row["id_number"]
    shown = lambda user, url: api.as_(user).get(url).json()["id_number"]  # noqa: E731
    assert shown(cast.clerk_a, f"{URL}{decision.pk}/") == full
    assert shown(cast.office, f"{URL}{decision.pk}/") == full
    assert shown(cast.supervisor_in, f"{URL}{decision.pk}/") != full
    assert "*" in shown(None, f"{PUBLIC}{decision.pk}/")
    assert full not in api.as_(None).get(PUBLIC, {"q": "赵一"}).content.decode()


def test_quality_office_all_clerk_own(cast, api):
    year = today().year
    published(cast, penalty_row(n=1, decision_date=today()))
    published(cast, penalty_row(n=2))  # decided in March, published today: late
    draft(cast, licence_row(n=2), user=cast.clerk_b)
    office = api.as_(cast.office).get(f"{URL}quality/", {"year": year}).json()
    assert {row["department"] for row in office} == {cast.unit_a.pk, cast.unit_b.pk}
    own = api.as_(cast.clerk_a).get(f"{URL}quality/", {"year": year}).json()
    assert [row["department"] for row in own] == [cast.unit_a.pk]
    assert (own[0]["on_time"], own[0]["late"]) == (1, 1)
    assert own[0]["timely_rate"] == "50.00" and own[0]["compliance_rate"] == "100.00"
    assert api.as_(cast.clerk_a).get(f"{URL}quality/").status_code == 400
    assert api.as_(cast.supervisor_in).get(f"{URL}quality/", {"year": year}).status_code == 403


def test_list_query_count_does_not_grow_with_rows(cast, api, django_assert_max_num_queries):
    for n in range(5):
        published(cast, penalty_row(n=n + 1))
    client = api.as_(cast.office)
    # roles, count, page (decisions joined with department, source unit, subject)
    with django_assert_max_num_queries(4):
        assert client.get(URL).status_code == 200
    anonymous = api.as_(None)
    # count, page
    with django_assert_max_num_queries(2):
        assert anonymous.get(PUBLIC).status_code == 200


def test_dates_are_validated_against_today(cast, api):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    response = api.as_(cast.clerk_a).post(URL, api_row(decision_date=tomorrow), format="json")
    assert response.status_code == 400 and "decision_date" in response.json()
