"""Issue 16, finding 7: a commitment's official in charge is a person. Their records (the draft a breach
opens) show only to those whose record scope covers them; the API gives everyone else name and post only."""
import datetime

import pytest
from django.urls import reverse

from commitments import services
from records import services as records
from tests.commitments.conftest import MADE, TODAY, make_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def breached(cast):
    """Unit A's published commitment with servant X in charge; a breach opened draft records for both."""
    commitment = make_commitment(cast, publish=True)
    services.official_assign(commitment=commitment, actor=cast.clerk_a, person_name="张明", title="副局长",
                             start=MADE, civil_servant=cast.servant_x)
    breach = services.commitment_breach(commitment=commitment, actor=cast.clerk_a, unfulfilled_content="租金未减免",
                                        breached_on=TODAY - datetime.timedelta(days=10))
    return commitment, breach


@pytest.mark.parametrize("who", ["leader", "supervisor_in"])
def test_the_draft_record_of_the_official_does_not_show_on_the_commitment_page(client, cast, breached, who):
    commitment, breach = breached
    client.force_login(getattr(cast, who))
    body = client.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()
    assert "张明" in body  # the official in charge is named
    assert "责任人失信记录" not in body
    assert reverse("records:record_detail", args=[breach.person_record.pk]) not in body


def test_the_provider_sees_both_draft_records(client, cast, breached):
    commitment, breach = breached
    client.force_login(cast.clerk_a)
    body = client.get(reverse("commitments:detail", args=[commitment.pk])).content.decode()
    assert reverse("records:record_detail", args=[breach.person_record.pk]) in body
    assert reverse("records:record_detail", args=[breach.unit_record.pk]) in body


# who → may the API name the official's civil_servant (their scope covers servant X's file)?
COVERS = {"office": True, "clerk_a": True, "supervisor_in": True, "clerk_b": False, "leader": False,
          "supervisor_out": False, "cadre": False}


@pytest.mark.parametrize("who", sorted(COVERS))
def test_the_api_names_the_person_only_to_those_whose_scope_covers_them(api, cast, breached, who):
    commitment, _ = breached
    response = api.as_(getattr(cast, who)).get(f"/api/v1/commitments/{commitment.pk}/")
    assert response.status_code == 200
    [official] = response.json()["officials"]
    assert (official["person_name"], official["title"]) == ("张明", "副局长")
    assert official["civil_servant"] == (cast.servant_x.pk if COVERS[who] else None)


def test_a_cadre_during_a_check_is_covered(api, cast, breached):
    commitment, _ = breached
    records.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                              purpose_note="拟任科长")
    [official] = api.as_(cast.cadre).get(f"/api/v1/commitments/{commitment.pk}/").json()["officials"]
    assert official["civil_servant"] == cast.servant_x.pk
