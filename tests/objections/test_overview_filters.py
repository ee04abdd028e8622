"""The office overview lists open objections only, so its filter form offers only the open states and no 未办结
(before, it offered 异议成立, 已驳回 … and 未办结 = 否, each of which could only give an empty list); 答复逾期
lists what the leadership dashboard's card counts."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from .conftest import file_objection, published_penalty
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


def test_答复逾期_lists_the_objections_whose_answer_clock_ran_out_before_the_daily_job_marks_them(client, api, cast):
    """The leadership dashboard's 异议答复逾期 card links to ?past_due=true (workdays.selectors.clocks_past_due);
    before, the filter did not exist and the list ignored it. 期限状态 reads the daily job's mark, which is not there
    yet here: it finds nothing."""
    today = timezone.localdate()
    late = file_objection(published_penalty(cast, decision_number="A-1"), cast.clerk_b,
                          today=today - datetime.timedelta(days=60))
    in_time = file_objection(published_penalty(cast, decision_number="A-2"), cast.clerk_b, today=today)
    client.force_login(cast.office)
    for page in ("objections:office_overview", "objections:objection_list"):
        html = client.get(reverse(page)).content.decode()
        assert re.search(r'<label for="id_past_due">答复逾期:?</label>\s*<select name="past_due"', html), page
        found = lambda value: [o.pk for o in client.get(reverse(page), {"past_due": value}).context["page_obj"]]  # noqa: E731,B023
        assert (found("true"), found("false")) == ([late.pk], [in_time.pk]), page
    assert not client.get(reverse("objections:objection_list"), {"clock_state": ["overdue", "very_overdue"]}) \
        .context["page_obj"].object_list
    results = api.as_(cast.office).get("/api/v1/objections/", {"past_due": "true"}).json()["results"]
    assert [o["id"] for o in results] == [late.pk]
