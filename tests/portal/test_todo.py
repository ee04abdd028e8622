"""Each role's start page is its work: every inbox's count as the apps count it, soonest due first, each a link."""
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.portal.conftest import DEMO_ROLES
from tests.support.figures import overdue_cards, start_page_figure

pytestmark = [pytest.mark.slow]


def inbox_counts(html: str) -> dict[str, int]:
    return {key: int(n) for key, n in re.findall(r'data-inbox="([a-z_]+)">(\d+)<', html)}


def expected_counts(user) -> dict[str, int]:
    """What each app's own inbox holds for ``user``, counted from the apps' querysets."""
    from decisions.models import Decision
    from disputes.models import DisputeClue, ReopenRequest
    from evaluation.models import ReplyQuery, TaskAssignment
    from objections.models import Objection, Repair
    from records.models import CreditRecord, RectificationCase
    from workdays.models import Clock

    counts = {}
    if user.has_role("clerk"):
        counts["objections"] = Objection.objects.answerable_by(user).open().count()
        counts["clues"] = DisputeClue.objects.visible_to(user).filter(state__in=["assigned", "acknowledged"]).count()
        counts["rectification"] = RectificationCase.objects.handled_by(user).filter(
            state__in=["open", "explained", "returned"]).count()
        counts["tasks"] = TaskAssignment.objects.visible_to(user).filter(state__in=["open", "returned"]).count()
        counts["record_reporting"] = Clock.objects.filter(
            content_type__model="creditrecord", state__in=["running", "due_soon", "overdue", "very_overdue"],
            object_id__in=CreditRecord.objects.filter(provider=user.unit).values("pk")).count()
        drafts = Decision.objects.filter(department=user.unit, status="draft").values("pk")
        counts["decisions"] = Clock.objects.filter(
            content_type__model="decision", state__in=["running", "due_soon", "overdue", "very_overdue"],
            object_id__in=drafts).count()
    if user.is_office:
        counts["repairs"] = Repair.objects.filter(state="submitted").count()
        counts["clue_triage"] = DisputeClue.objects.filter(state="triage").count()
        counts["clue_reopen"] = ReopenRequest.objects.filter(state="pending").count()
        counts["rectification_review"] = RectificationCase.objects.filter(state="rectified").count()
        counts["task_review"] = TaskAssignment.objects.filter(state="submitted").count()
        counts["score_queries"] = ReplyQuery.objects.filter(state="open").count()
        counts["overdue"] = Clock.objects.filter(state__in=["overdue", "very_overdue"]).count()
    return {key: n for key, n in counts.items() if n}


@pytest.mark.parametrize("username", [u for u in DEMO_ROLES if u != "leader"])
def test_start_page_counts_equal_the_inboxes(client, demo_user, username):
    user = demo_user(username)
    client.force_login(user)
    page = client.get(reverse("workspace-home"))
    assert page.status_code == 200
    assert inbox_counts(page.content.decode()) == expected_counts(user)


def test_the_clerk_starts_on_the_objections_awaiting_the_answer(client, demo_user):
    clerk = demo_user("clerk")
    client.force_login(clerk)
    html = client.get(reverse("workspace-home")).content.decode()
    from objections.models import Objection

    awaiting = Objection.objects.answerable_by(clerk).open().count()
    assert awaiting >= 4  # the demo has objections awaiting the clerk's answer, one of them overdue
    assert inbox_counts(html)["objections"] == awaiting
    assert "暂无待办事项" not in html
    soonest = re.findall(r'href="/workspace/objections/\d+/"', html)
    assert soonest, "the most pressing objections are among the start page's first rows"
    full = client.get(reverse("workspace-todo")).content.decode()
    assert len(re.findall(r'href="/workspace/objections/\d+/"', full)) >= awaiting  # each a link to the objection  # each row is a link to the objection


def test_every_item_is_on_the_full_list_and_the_start_page_links_to_it(client, demo_user):
    office = demo_user("office")
    client.force_login(office)
    html = client.get(reverse("workspace-home")).content.decode()
    total = sum(inbox_counts(html).values())
    assert total > 12, "the demo office has more work than the start page shows"
    assert f"全部 {total} 项" in html
    full = client.get(reverse("workspace-todo")).content.decode()
    rows = re.findall(r"<tr>\s*<td>", full)
    assert len(rows) == total


def test_the_leader_starts_on_the_evaluation_dashboard(client, demo_user):
    client.force_login(demo_user("leader"))
    response = client.get(reverse("workspace-home"))
    assert response.status_code == 302 and response.url == reverse("evaluation:dashboard")


def test_the_dashboards_overdue_figures_are_the_offices_and_each_link_lists_the_rows_it_counts(client, demo_user):
    """The demo's 双公示 drafts past their reporting period: the office's start page, its to-do list and the
    dashboard give one figure (the dashboard said 0: it counted the records' clock purpose). Each card links to
    the list of what it counts, for a reader who may open that list: the 双公示 quality page, the objection overview
    and the clue list not for the leader."""
    from integrity_portal.todo import inboxes_for

    office = demo_user("office")
    client.force_login(office)
    figure = start_page_figure(client.get(reverse("workspace-home")).content.decode(), "双公示逾期未公示")
    overdue = next(inbox for inbox in inboxes_for(office) if inbox.key == "overdue")
    decision_page = reverse("decisions:detail", args=[0]).removesuffix("0/")
    assert figure == len([item for item in overdue.items if item.url.startswith(decision_page)]) > 0
    rows = {  # how each linked page lists a row
        "双公示逾期未公示": lambda html: html.split('id="overdue"')[1].split("</ul>")[0].count("<li>"),
        "失信情况书面说明逾期": lambda html: len(re.findall(r'href="/workspace/punishment/cases/\d+/"', html)),
        "整改报告逾期": lambda html: len(re.findall(r'href="/workspace/punishment/cases/\d+/"', html)),
        "督办任务逾期": lambda html: len(re.findall(r'href="/workspace/evaluation/tasks/\d+/"', html)),
        "异议答复逾期": lambda html: len(re.findall(r'href="/workspace/objections/\d+/"', html)),
        "纠纷线索受理逾期": lambda html: len(re.findall(r'href="/workspace/disputes/\d+/"', html)),
        "纠纷线索办结逾期": lambda html: len(re.findall(r'href="/workspace/disputes/\d+/"', html)),
    }
    staff_only = {"双公示逾期未公示", "异议答复逾期", "纠纷线索受理逾期", "纠纷线索办结逾期"}  # not the leader's pages
    for reader, lists in (("office", set(rows)), ("leader", set(rows) - staff_only)):
        client.force_login(demo_user(reader))
        cards = overdue_cards(client.get(reverse("evaluation:dashboard")).content.decode())
        assert cards["双公示逾期未公示"][0] == figure, reader
        linked = {title: (count, url) for title, (count, url) in cards.items() if url}
        assert set(linked) == lists, reader
        for title, (count, url) in linked.items():
            page = client.get(url)
            assert page.status_code == 200 and rows[title](page.content.decode()) == count, (reader, title)


def test_the_start_page_reads_each_inbox_in_a_bounded_number_of_queries(client, demo_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(demo_user("office"))
    client.get(reverse("workspace-home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("workspace-home"))
    # session, user, 7 inboxes, one query per kind of clock subject, cards, notices: not one per item
    assert len(queries) <= 25, [q["sql"] for q in queries.captured_queries]


def inbox_link(html: str, key: str) -> str:
    """Where the start page's count of the inbox ``key`` leads."""
    return unescape(re.search(rf'<a href="([^"]+)">[^<]*<strong class="todo-count" data-inbox="{key}">', html)[1])


def test_no_to_do_row_names_only_a_unit(demo_user):
    """clerk2's rectification rows all read 凤城街道办事处 (only the verb told them apart), and the office's feedback to
    answer read 答复考核反馈 | 区市场监督管理局 (fails on the old rows)."""
    from integrity_portal.todo import inboxes_for
    from records.models import Unit

    units = set(Unit.objects.values_list("name", flat=True))
    for username in DEMO_ROLES:
        for inbox in inboxes_for(demo_user(username)):
            for item in inbox.items:
                assert str(item.subject) not in units, (username, inbox.key, str(item.what), str(item.subject))


def test_the_clerk_reads_which_case_each_rectification_row_is_about(client, demo_user):
    """Each row names its case and the record it is about, and the explanation is 报送, as the case page's button
    says (fails on the old rows: 报送书面说明 | 凤城街道办事处)."""
    from records.models import RectificationCase

    clerk2 = demo_user("clerk2")
    client.force_login(clerk2)
    html = client.get(reverse("workspace-todo")).content.decode()
    rows = re.findall(r'<a href="/workspace/punishment/cases/(\d+)/">([^<]+)</a></td>\s*<td>([^<]*)</td>', html)
    assert len(rows) == RectificationCase.objects.handled_by(clerk2).filter(
        state__in=["open", "explained", "returned"]).count() >= 8
    for pk, what, subject in rows:
        case = RectificationCase.objects.get(pk=pk)
        assert unescape(subject) == f"整改 #{pk}：{case.records.get().title}"
        assert what in ("报送书面说明", "报送整改报告")
    assert len({subject for _pk, _what, subject in rows}) == len(rows)


def test_the_office_reads_which_period_indicator_and_unit_each_feedback_row_is_about(demo_user):
    """待答复的考核反馈 rows read 答复考核反馈 | <period> <indicator>（<unit>）, not the unit alone (fails on the old
    rows: 答复考核反馈 | 区市场监督管理局)."""
    from evaluation.labels import indicator_label
    from evaluation.models import ReplyQuery
    from integrity_portal.todo import inboxes_for

    (inbox,) = [inbox for inbox in inboxes_for(demo_user("office")) if inbox.key == "score_queries"]
    queries = ReplyQuery.objects.filter(state="open").select_related("run__period", "score").order_by("pk")
    assert queries.exists()
    assert [str(item.subject) for item in inbox.items] == [
        f"{q.run.period.label} {indicator_label(q.indicator_key)}（{q.score.unit_name}）" for q in queries]
    assert "热线" in str(inbox.items[0].subject)  # the demo's query is about the hotline's on-time rate


def test_the_office_reopen_and_feedback_to_dos_open_where_they_are_decided(client, demo_user):
    """待决定的重新办理申请 opened the whole clue list and 待答复的考核反馈 the evaluation home, neither of which showed
    the item (fails on the old links)."""
    from disputes.models import ReopenRequest
    from evaluation.models import ReplyQuery

    client.force_login(demo_user("office"))
    html = client.get(reverse("workspace-home")).content.decode()
    pending = ReopenRequest.objects.filter(state="pending").select_related("clue")
    assert pending.exists()
    clues = client.get(inbox_link(html, "clue_reopen")).content.decode()
    assert sorted(re.findall(r">(JF\d{4}-\d{6})</a></th>", clues)) == sorted(r.clue.reference for r in pending)
    assert clues.count('<span class="tag">重新办理申请待决定</span>') == len(pending)
    queries = ReplyQuery.objects.filter(state="open")
    assert queries.exists()
    page = client.get(inbox_link(html, "score_queries")).content.decode()
    for query in queries:
        assert reverse("evaluation:query_answer", args=[query.pk]) in page
