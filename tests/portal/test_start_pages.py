"""Each staff role gets its own start page; the public home is open to everyone."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, expected", [
    ("office", "区信用办"), ("clerk_a", "信息提供单位经办人"), ("head_a", "单位主要负责人"),
    ("supervisor_in", "监督单位"), ("cadre", "组织人事部门"), ("user_x", "公务员"),
])  # api_client: no HTML session at all (tests/accounts/test_api_only_accounts.py); the leader: tests/portal/test_todo.py
def test_every_role_has_a_start_page(client, cast, who, expected):
    client.force_login(getattr(cast, who))
    response = client.get(reverse("workspace-home"))
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_the_start_page_shows_new_notices(client, cast):
    from notifications.services import notice_send, outbox_sweep

    notice_send(recipient=cast.clerk_a, title="请于本周报送双公示信息", key="n1")
    outbox_sweep()
    client.force_login(cast.clerk_a)
    page = client.get(reverse("workspace-home")).content.decode()
    assert "请于本周报送双公示信息" in page


def test_anonymous_gets_the_public_home_and_the_login_redirect_for_the_workspace(client, db):
    assert client.get("/").status_code == 200
    response = client.get(reverse("workspace-home"))
    assert response.status_code == 302


def test_the_public_home_names_each_public_list_as_its_page_does(client, db):
    """The home card 双公示信息 opened the credit-record disclosure page (信用信息公示), the 双公示 decisions had no
    card, and the evaluation card read 评价结果 where the menu and the page say 考核结果 (fails on the old home)."""
    import re

    home = client.get("/").content.decode()
    cards = dict((title, href) for href, title in re.findall(
        r'<h3 class="card__title"><a href="([^"]+)">([^<]+)</a></h3>', home))
    assert cards["双公示信息"] == reverse("decisions:public_list")
    assert cards["信用信息公示"] == reverse("public:disclosure_list")
    assert cards["考核结果"] == reverse("evaluation:public_index")
    assert ">评价结果<" not in home
    assert f'action="{reverse("decisions:public_list")}" role="search"' in home
    for title in ("信用信息公示", "考核结果"):  # the menu uses the card's name, and the page's heading holds it
        assert f"{title}</a></li>" in home, title
        assert title in re.search(r"<h1>([^<]+)</h1>", client.get(cards[title]).content.decode())[1], title


def test_office_start_page_query_count_is_bounded(client, cast):
    client.force_login(cast.office)
    client.get(reverse("workspace-home"))
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("workspace-home"))
    # session, user, notices, 4 cards, the reporting policy's text, 7 inboxes (repairs, clues to route, reopen
    # requests, reports to accept, tasks to review, score queries, overdue clocks): none per row
    assert len(queries) <= 16, [q["sql"] for q in queries.captured_queries]


def test_the_clerks_dual_publication_card_counts_what_the_to_do_list_holds(client, cast):
    from decisions import services as decisions
    from tests.decisions.factories import penalty_row

    for n in (1, 2):
        decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(n=n))
    client.force_login(cast.clerk_a)
    response = client.get("/workspace/")
    card = next(c for c in response.context["cards"] if c["title"] == "待公示的双公示决定")
    inbox = next(i for i in response.context["inboxes"] if i.key == "decisions")
    assert card["value"] == inbox.count == 2
    assert "超期报送" not in response.content.decode()
