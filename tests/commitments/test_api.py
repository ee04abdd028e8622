"""/api/v1/commitments/: public reads, clerk writes of their own unit, the access rule, query counts."""
import pytest

from commitments import services
from commitments.models import Commitment

from .conftest import TODAY, make_commitment

pytestmark = pytest.mark.django_db
LIST = "/api/v1/commitments/"

NEW = {
    "title": "企业开办一日办结承诺", "kind": "approval_time_limit", "reason": "优化营商环境",
    "content": "企业开办全流程一个工作日内办结", "liability": "超时的，依规追究责任", "committed_on": TODAY.isoformat(),
    "publication_type": "public",
}


def _ids(response):
    return sorted(row["id"] for row in response.data["results"])


@pytest.fixture
def mixed(cast):
    """One commitment of each visibility: public, limited, not public, draft."""
    return {
        "public": make_commitment(cast, publish=True),
        "limited": make_commitment(cast, publish=True, publication_type="limited"),
        "not_public": make_commitment(cast, publish=True, publication_type="not_public"),
        "draft": make_commitment(cast),
    }


def test_anonymous_reads_only_published_public_commitments(cast, api, mixed):
    response = api.as_(None).get(LIST)
    assert response.status_code == 200
    assert _ids(response) == [mixed["public"].pk]
    assert api.get(f"{LIST}{mixed['limited'].pk}/").status_code == 404
    assert api.get(f"{LIST}{mixed['public'].pk}/").data["officials"] is None


def test_staff_read_limited_ones_and_their_own_unit(cast, api, mixed):
    assert _ids(api.as_(cast.clerk_b).get(LIST)) == sorted([mixed["public"].pk, mixed["limited"].pk])
    assert _ids(api.as_(cast.clerk_a).get(LIST)) == sorted(c.pk for c in mixed.values())


def test_a_clerk_registers_a_draft_of_their_own_unit(cast, api):
    response = api.as_(cast.clerk_b).post(LIST, {**NEW, "unit": cast.unit_a.pk}, format="json")
    assert response.status_code == 201, response.data
    commitment = Commitment.objects.get(pk=response.data["id"])
    assert (commitment.unit, commitment.status) == (cast.unit_b, "draft")
    assert commitment.code.startswith(f"CN-{cast.unit_b.code}-{TODAY.year}-")


def test_a_bad_counterparty_code_is_a_400(cast, api):
    response = api.as_(cast.clerk_a).post(LIST, {**NEW, "counterparty_name": "某公司", "counterparty_type":
                                                 "organisation", "counterparty_code": "91370116MA00000000"},
                                          format="json")
    assert response.status_code == 400
    assert "counterparty_code" in response.data
    assert not Commitment.objects.exists()


def test_the_access_rule(cast, api, mixed):
    assert api.as_(None).post(LIST, NEW, format="json").status_code == 401
    assert api.as_(cast.leader).post(LIST, NEW, format="json").status_code == 403
    other = mixed["draft"]
    assert api.as_(cast.clerk_b).patch(f"{LIST}{other.pk}/", {"title": "改"}, format="json").status_code == 404
    assert api.as_(cast.clerk_b).post(f"{LIST}{other.pk}/publish/").status_code == 404
    assert api.as_(cast.clerk_a).delete(f"{LIST}{other.pk}/").status_code == 405
    assert Commitment.objects.get(pk=other.pk).title != "改"


def test_publish_then_publish_again_is_409(cast, api, mixed):
    client = api.as_(cast.clerk_a)
    response = client.post(f"{LIST}{mixed['draft'].pk}/publish/")
    assert response.status_code == 200
    assert response.data["status"] == "in_force"
    assert client.post(f"{LIST}{mixed['draft'].pk}/publish/").status_code == 409
    assert client.patch(f"{LIST}{mixed['draft'].pk}/", {"title": "改"}, format="json").status_code == 409


def test_a_milestone_after_the_end_is_a_400(cast, api, mixed):
    commitment = mixed["public"]
    response = api.as_(cast.clerk_a).post(f"{LIST}{commitment.pk}/milestones/", {
        "title": "太晚", "due_date": "2099-01-01", "weight": 10}, format="json")
    assert response.status_code == 400
    assert "due_date" in response.data
    response = api.post(f"{LIST}{commitment.pk}/milestones/", {"title": "ok", "due_date": TODAY.isoformat(),
                                                               "weight": 150}, format="json")
    assert response.status_code == 400
    assert not commitment.milestones.exists()


def test_filters_by_kind_status_and_year(cast, api, mixed):
    ppp = make_commitment(cast, kind="ppp", publish=True)
    assert _ids(api.as_(None).get(LIST, {"kind": "ppp"})) == [ppp.pk]
    assert _ids(api.get(LIST, {"year": str(TODAY.year - 5)})) == []
    assert _ids(api.get(LIST, {"status": "in_force", "kind": "investment_promotion"})) == [mixed["public"].pk]


def test_the_list_costs_a_fixed_number_of_queries(cast, api, mixed, django_assert_num_queries):
    for _ in range(5):
        make_commitment(cast, publish=True)
    client = api.as_(None)
    with django_assert_num_queries(2):  # the count, the page with the unit joined
        client.get(LIST)


def test_the_detail_costs_a_fixed_number_of_queries(cast, api, mixed, django_assert_num_queries):
    commitment = mixed["public"]
    for day in range(3):
        milestone = services.milestone_add(commitment=commitment, actor=cast.clerk_a, title=f"节点{day}",
                                           due_date=TODAY, weight=10)
        services.evidence_attach(milestone=milestone, actor=cast.clerk_a, name="e.pdf", data=b"%PDF-1.4")
    client = api.as_(None)
    # the commitment with unit, milestones, their evidence, changes, officials, children
    with django_assert_num_queries(6):
        response = client.get(f"{LIST}{commitment.pk}/")
    assert len(response.data["milestones"]) == 3
