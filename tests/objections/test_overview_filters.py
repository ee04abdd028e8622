"""The office overview lists open objections only, so its filter form offers only the open states and no 未办结
(before, it offered 异议成立, 已驳回 … and 未办结 = 否, each of which could only give an empty list)."""
import pytest
from django.urls import reverse

from .conftest import file_objection
from .test_objection_subject import servant_sanction

pytestmark = pytest.mark.django_db


def test_the_overview_offers_the_open_states_only(client, cast):
    """Fails before the change: the form was the objection list's."""
    file_objection(servant_sanction(cast, cast.servant_x, cast.audit, 1), cast.user_x)
    client.force_login(cast.office)
    response = client.get(reverse("objections:office_overview"))
    form = response.context["filter"].form
    assert [value for value, _label in form.fields["state"].choices] == ["submitted", "under_review"]
    assert "open" not in form.fields
    page = response.content.decode()
    assert 'name="open"' not in page and 'value="rejected"' not in page
    assert len(client.get(reverse("objections:office_overview"), {"state": "submitted"}).context["page_obj"]) == 1
    wrong = client.get(reverse("objections:office_overview"), {"state": "rejected"})
    assert wrong.status_code == 200 and "state" in wrong.context["filter"].form.errors  # said, not a 500
    # the objection list keeps every state and 未办结
    listed = client.get(reverse("objections:objection_list")).context["filter"].form
    assert "rejected" in [value for value, _label in listed.fields["state"].choices] and "open" in listed.fields
