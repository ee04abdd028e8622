"""Issue #17 item 4: the leader dashboard opens on the latest published run, every bar is a link to the unit's
score, a veto says why in words, and a trend with fewer than two periods says so instead of drawing dots.
Its overdue figures count every kind of deadline the apps keep, and each that the leader may follow is a link
to the list of its rows."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from decisions import services as decisions
from decisions.services import REPORTING_CLOCK
from disputes import services as disputes
from disputes.models import RoutingRule
from evaluation import selectors, services
from objections.services import objection_withdraw
from records.models import RectificationCase
from records.services import punishment
from tests.decisions.factories import penalty_row
from tests.disputes.conftest import submit
from tests.factories import make_uscc
from tests.objections import conftest as objections
from tests.records.test_punishment_rectification import OPENED, explain, open_case, published_penalty
from tests.support.figures import overdue_cards, start_page_figure
from tests.support.long_lists import clocks_like, copies, detail_links, read_pages
from workdays.choices import OPEN_CLOCK_STATES
from workdays.models import Clock
from workdays.parties import registered_purposes
from workdays.selectors import clocks_past_due

from .conftest import defaulter, run

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("evaluation:dashboard")


def publish(version):
    services.run_publish(run=version, actor=None, today=version.reply_until + datetime.timedelta(days=1))
    return version


def test_it_opens_on_the_latest_published_run_not_a_draft_in_its_reply_window(client, cast, scheme):
    published = publish(run("2025Q2", today=D(2025, 7, 20)))
    draft = run()  # 2025Q3, later, still in its reply window
    client.force_login(cast.leader)
    page = client.get(URL)
    assert page.context["run"] == published
    assert client.get(URL, {"run": draft.pk}).context["run"] == draft  # a draft is still there to pick
    # A run that is not an id is ignored (issue 16 item 6): the dashboard opens as without it.
    assert client.get(URL, {"run": "x"}).context["run"] == published


def test_before_anything_is_published_it_shows_the_latest_draft(client, cast, scheme):
    draft = run()
    client.force_login(cast.leader)
    assert client.get(URL).context["run"] == draft


def test_every_bar_and_label_of_the_ranking_is_a_link_to_the_units_score(client, cast, scheme):
    version = publish(run())
    client.force_login(cast.leader)
    html = client.get(URL).content.decode()
    chart = html.split('<figure class="bars">')[1].split("</figure>")[0]
    links = re.findall(r'<a class="bars__item bars__link" href="([^"]+)"><span class="bars__label">([^<]+)</span>',
                       chart)
    assert sorted(links) == sorted((reverse("evaluation:score_detail", args=[s.pk]), s.unit_name)
                                   for s in version.scores.all())


def test_a_veto_says_why_in_words_next_to_the_score(client, cast, scheme):
    defaulter(cast, cast.unit_b, listed=D(2025, 8, 1))
    version = publish(run())
    assert version.scores.get(unit=cast.unit_b).vetoed
    client.force_login(cast.leader)
    html = client.get(URL).content.decode()
    assert f"{cast.unit_b.name}：一票否决：考核期内被列为失信被执行人（1 条记录），等次定为不合格" in html
    assert "bars__row bars__row--alert" in html


def test_a_trend_of_one_period_says_so_and_draws_nothing(client, cast, scheme):
    publish(run())
    client.force_login(cast.leader)
    page = client.get(URL)
    html = page.content.decode()
    assert "已有结果的期间不足两期，暂无趋势可比" in html and "chart--trend" not in html
    assert page.context["trend_codes"] == ["2025Q3"]  # the table keeps only periods with figures


def test_a_trend_of_two_periods_is_drawn_with_its_legend_linking_to_the_scores(client, cast, scheme):
    publish(run("2025Q2", today=D(2025, 7, 20)))
    latest = publish(run())
    client.force_login(cast.leader)
    html = client.get(URL).content.decode()
    assert "chart--trend" in html and "暂无趋势可比" not in html
    legend = html.split('<ul class="trend__legend">')[1].split("</ul>")[0]
    assert reverse("evaluation:score_detail", args=[latest.scores.get(unit=cast.unit_a).pk]) in legend
    assert all(int(size) >= 12 for size in re.findall(r'font-size="(\d+)"', html))


def test_the_dual_publication_card_counts_the_decisions_past_their_reporting_period(client, cast):
    """It counted clocks of the records' purpose (``dual_publication``), never the decisions' (0 whatever they were)."""
    today = timezone.localdate()
    for n in (1, 2):  # drafts decided weeks ago: past the reporting period
        decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a,
                                  row=penalty_row(n=n, decision_date=today - datetime.timedelta(days=40)))
    decisions.decision_create(actor=cast.clerk_b, department=cast.unit_b,
                              row=penalty_row(n=3, decision_date=today - datetime.timedelta(days=40)))
    decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(n=4, decision_date=today))
    overdue = Clock.objects.filter(purpose=REPORTING_CLOCK, state__in=OPEN_CLOCK_STATES, due_date__lt=today)
    assert overdue.count() == 3
    client.force_login(cast.leader)  # district-wide, like the rest of the dashboard
    assert overdue_cards(client.get(URL).content.decode())["双公示逾期未公示"][0] == 3
    client.force_login(cast.office)  # the office's start page says the same
    assert start_page_figure(client.get(reverse("workspace-home")).content.decode(), "双公示逾期未公示") == 3


def test_every_kind_of_deadline_the_apps_keep_has_an_overdue_card():
    assert {purpose for purpose, _label, _page in selectors.OVERDUE_CARDS} == registered_purposes()


def test_the_leader_opens_the_list_behind_each_linked_overdue_card(client, cast):
    client.force_login(cast.leader)
    cards = overdue_cards(client.get(URL).content.decode())
    assert {str(label) for _purpose, label, _page in selectors.OVERDUE_CARDS} <= set(cards)
    linked = {title: url for title, (_figure, url) in cards.items() if url}
    # records have no list of their own; the 双公示 quality page (it names the subjects of unpublished decisions),
    # the office's objection overview and the staff's clue list are not the leader's (P4): figures only
    assert set(linked) == {"失信情况书面说明逾期", "整改报告逾期", "督办任务逾期"}
    for title, url in linked.items():
        assert client.get(url).status_code == 200, title
    for page in ("decisions:quality", "objections:office_overview", "disputes:workspace_list"):
        assert client.get(reverse(page)).status_code == 403, page


def test_the_office_is_led_from_the_dual_publication_card_to_the_overdue_decisions(client, cast):
    late = decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(
        n=1, decision_date=timezone.localdate() - datetime.timedelta(days=40)))
    client.force_login(cast.office)
    cards = overdue_cards(client.get(URL).content.decode())
    assert cards["双公示逾期未公示"] == (1, reverse("decisions:quality") + "#overdue")
    overdue = client.get(reverse("decisions:quality")).content.decode().split('id="overdue"')[1]
    assert re.findall(r'href="(/workspace/decisions/\d+/)"', overdue) == [reverse("decisions:detail", args=[late.pk])]


def test_the_case_list_filtered_to_an_overdue_step_lists_the_cases_its_card_counts(client, cast):
    explained = open_case(cast)  # opened in March: both due dates long past
    explain(explained, cast)  # its explanation is in, its report is not
    record = published_penalty(cast, unit=cast.unit_b, decision_number="B-1")
    punishment.punishment_record_changed(record=record, actor=cast.clerk_b, today=OPENED)
    late = RectificationCase.objects.get(records=record)  # nothing in yet
    client.force_login(cast.leader)
    cards = overdue_cards(client.get(URL).content.decode())
    shown = {}
    for title, step in (("失信情况书面说明逾期", "explanation"), ("整改报告逾期", "report")):
        figure, url = cards[title]
        assert url == reverse("punishment:case_list") + f"?overdue={step}"
        page = client.get(url).content.decode()
        shown[step] = figure, re.findall(r'href="/workspace/punishment/cases/(\d+)/"', page)
    assert shown == {"explanation": (1, [str(late.pk)]), "report": (2, [str(late.pk), str(explained.pk)])}


def test_the_task_list_filtered_to_overdue_shows_only_the_assignments_past_due(client, cast):
    today = timezone.localdate()
    task = services.task_issue(actor=cast.office, title="报送整改报告", kind="rectification_report", description="d",
                               units=[cast.unit_a, cast.unit_b], issued_on=today - datetime.timedelta(days=90))
    late = task.assignments.get(unit=cast.unit_a)
    services.task_submit(assignment=task.assignments.get(unit=cast.unit_b), actor=cast.clerk_b, note="已报送",
                         files=[("a.pdf", b"%PDF x")], today=today)  # late, but no longer open
    client.force_login(cast.leader)
    assert overdue_cards(client.get(URL).content.decode())["督办任务逾期"][0] == 1
    page = client.get(reverse("evaluation:task_list"), {"overdue": "1"}).content.decode()
    assert re.findall(r'href="(/workspace/evaluation/tasks/\d+/)"', page) == [
        reverse("evaluation:assignment_detail", args=[late.pk])]


def test_the_task_list_pages_through_every_overdue_assignment_the_card_counts(client, cast):
    """The list stopped at 300 rows: one task to 301 units, all past due, counted 301 on the card and listed 300."""
    today = timezone.localdate()
    task = services.task_issue(actor=cast.office, title="报送整改报告", kind="rectification_report", description="d",
                               units=[cast.unit_a], issued_on=today - datetime.timedelta(days=90))
    first = task.assignments.get()
    units = copies(cast.unit_a, 300, name=lambda i: f"承办单位{i:03d}", code=lambda i: make_uscc())
    more = copies(first, 300, unit_id=lambda i: units[i].pk, clock_id=lambda i: None)
    clocks_like(first.clock, more)
    client.force_login(cast.leader)
    figure, url = overdue_cards(client.get(URL).content.decode())["督办任务逾期"]
    assert (figure, url) == (301, reverse("evaluation:task_list") + "?overdue=1")
    listed, pages = read_pages(client, url, detail_links("evaluation:assignment_detail"))
    assert sorted(map(int, listed)) == sorted([first.pk, *(a.pk for a in more)])  # each once
    assert "共 301 条" in pages[0] and len(pages) == 7  # 50 a page
    assert '<a href="?overdue=1&amp;page=2" rel="next">' in pages[0]  # the filter kept


def listed(page: str, detail: str) -> list[str]:
    """The ids of the rows a list links to (``detail``: the detail page's path up to the id)."""
    return sorted(re.findall(rf'href="{detail}(\d+)/"', page), key=int)


def test_the_office_is_led_from_the_objection_card_to_the_objections_past_their_answer_period(client, cast):
    """The card was a figure only: the objection overview had no such filter. An answer clock past its due date
    counts before the daily job marks it overdue, on the card and in the list."""
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=60)  # the 10 working days to answer are long past

    def objection(n, filed):
        record = objections.published_penalty(cast, decision_number=f"莱市监罚〔2026〕{n}号")
        return objections.file_objection(record, cast.clerk_b, today=filed)

    late, marked = objection(1, long_ago), objection(2, long_ago)
    Clock.objects.filter(pk=marked.clock_id).update(state="overdue")  # the daily job has seen this one
    objection(3, today)  # in time
    withdrawn = objection(4, long_ago)
    objection_withdraw(objection=withdrawn, actor=cast.clerk_b, reason="已自行核实")
    assert late.clock.state == "running" and late.clock.due_date < today
    client.force_login(cast.office)
    figure, url = overdue_cards(client.get(URL).content.decode())["异议答复逾期"]
    assert url == reverse("objections:office_overview") + "?past_due=true"
    page = client.get(url).content.decode()
    assert figure == 2 and listed(page, "/workspace/objections/") == [str(late.pk), str(marked.pk)]
    assert "共 2 条" in page


def test_the_office_is_led_from_each_clue_card_to_the_clues_past_that_deadline(client, cast):
    """The cards were figures only: the clue list's 已逾期 reads the daily job's mark, on both clocks at once."""
    RoutingRule.objects.create(category="arrears", body_unit=cast.unit_a, unit=cast.unit_a, priority=10)
    today = timezone.localdate()
    days = datetime.timedelta

    def clue(submitted):
        return submit(body_unit=cast.unit_a, body_name="", today=submitted)[0]

    unacknowledged = clue(today - days(30))  # 15 days to acknowledge: past
    concluding = clue(today - days(101))
    disputes.clue_acknowledge(clue=concluding, actor=cast.clerk_a, today=today - days(100))  # 60 days: past
    in_time = clue(today - days(30))
    disputes.clue_acknowledge(clue=in_time, actor=cast.clerk_a, today=today - days(29))
    clue(today)
    assert clocks_past_due(today=today).count() == 2
    client.force_login(cast.office)
    cards = overdue_cards(client.get(URL).content.decode())
    shown = {}
    for title, step in (("纠纷线索受理逾期", "acknowledge"), ("纠纷线索办结逾期", "conclude")):
        figure, url = cards[title]
        assert url == reverse("disputes:workspace_list") + f"?past_due={step}"
        shown[step] = figure, listed(client.get(url).content.decode(), "/workspace/disputes/")
    assert shown == {"acknowledge": (1, [str(unacknowledged.pk)]), "conclude": (1, [str(concluding.pk)])}


def test_the_veto_line_and_the_run_choice_use_english_separators_on_english_pages(client, cast, scheme):
    """Fails on the old template: "<unit>：One-vote veto…" and "<period> version 1（Published）"."""
    defaulter(cast, cast.unit_b, listed=D(2025, 8, 1))
    version = publish(run())
    client.force_login(cast.leader)
    client.cookies["django_language"] = "en"
    html = client.get(URL).content.decode()
    veto = re.search(r'<p class="veto">(.*?)</p>', html).group(1)
    choice = re.search(rf'<option value="{version.pk}"[^>]*>(.*?)</option>', html).group(1)
    assert veto.startswith(f"{cast.unit_b.name}: ") and "：" not in veto[:len(cast.unit_b.name) + 2]
    assert choice.endswith(" (Published)") and "（" not in choice, choice
    client.cookies["django_language"] = "zh-hans"
    html = client.get(URL).content.decode()
    assert f'<p class="veto">{cast.unit_b.name}：一票否决' in html
    assert re.search(rf'<option value="{version.pk}"[^>]*>[^<]*（已发布）</option>', html)
