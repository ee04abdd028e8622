"""The admin reads as the portal reads: a commitment's audit trail by action and status names (新增节点、履行中),
accounts by role names (区信用办), never by the keys the code stores (milestone_add, in_force, credit_office)."""
import pytest
from django.urls import reverse

from commitments.models import CommitmentEvent
from tests.commitments.conftest import make_commitment

pytestmark = pytest.mark.django_db


def test_a_commitments_events_read_by_action_and_status_names(cast, client):
    commitment = make_commitment(cast, publish=True)
    event = CommitmentEvent.objects.create(commitment=commitment, action="milestone_add", from_status="in_force",
                                           to_status="partly_fulfilled")
    client.force_login(cast.office)
    changelist = reverse("admin:commitments_commitmentevent_changelist")
    for url in (changelist, reverse("admin:commitments_commitmentevent_change", args=[event.pk])):
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "新增节点" in html and "履行中" in html and "部分履行" in html, url
        assert ">milestone_add<" not in html and ">in_force<" not in html and ">partly_fulfilled<" not in html, url
    event_page = client.get(reverse("admin:commitments_commitmentevent_change", args=[event.pk])).content.decode()
    assert "milestone_add" not in event_page  # nor in its title (the event's name)
    filtered = client.get(changelist, {"action": "milestone_add"})
    assert list(filtered.context["cl"].result_list) == [event]
    assert client.get(changelist, {"action": "nothing_like_it"}).status_code == 200


def test_accounts_and_groups_read_by_role_names(cast, client):
    client.force_login(cast.office)
    users = reverse("admin:accounts_user_changelist")
    html = client.get(users).content.decode()
    assert "区信用办" in html and "?role=credit_office" in html
    assert ">credit_office<" not in html and ">api_client<" not in html
    listed = client.get(users, {"role": "clerk"}).context["cl"].result_list
    assert cast.clerk_a in listed and cast.office not in listed
    groups = client.get(reverse("admin:auth_group_changelist")).content.decode()
    assert "区信用办" in groups and "外部系统" in groups


def test_a_commitments_event_data_reads_by_field_and_choice_names(cast, client):
    from tests.support.admin import keys_shown

    commitment = make_commitment(cast)
    event = commitment.events.get(action="create")
    assert event.changes["publication_type"] == [None, "public"]
    client.force_login(cast.office)
    html = client.get(reverse("admin:commitments_commitmentevent_change", args=[event.pk])).content.decode()
    for name in ("承诺作出日期", "公开类型", "向社会公开", "承诺类型", "招商引资政策承诺", "承诺对象类别", "法人及非法人组织",
                 "某新材料有限公司", commitment.committed_on.isoformat()):
        assert name in html, name
    assert keys_shown(html, ["committed_on", "investment_promotion", "publication_type", "public", "kind",
                             "counterparty_type", "organisation", "valid_until"]) == []
