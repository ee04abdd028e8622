"""Zero stock / zero increment: a stored snapshot's figures are never replaced without a trace. The replaced
figures are kept as a revision (who, when, why; no one for the daily job), an ended period's figures change only
with the office's reason, and the page says which periods changed and reads periods as labels, not codes."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from integrity_portal.periods import period_code_label
from records.models import ZeroStatusRevision, ZeroStatusSnapshot
from records.services import punishment
from tests.records.test_punishment_court_list import listing

pytestmark = pytest.mark.django_db

D = datetime.date
BASE = "/workspace/punishment"
PAGES = pytest.mark.urls("tests.records.test_punishment_urlconf")


def as_(client, user):
    client.logout()
    client.force_login(user)
    return client


def ended_q1_counted_empty():
    """2026Q1 stored after it ended, with no unit listed; then a listing within it is confirmed (a late import)."""
    return punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 2))


def figures(snapshot):
    return (snapshot.as_of, snapshot.stock_count, snapshot.increment_count, snapshot.is_final, snapshot.computed_at)


# --- the service ---------------------------------------------------------------------------------------------

def test_it_refuses_to_change_an_ended_periods_figures_without_a_reason(cast):
    before = figures(ended_q1_counted_empty())
    listing(cast, published=D(2026, 2, 1))
    for reason in ("", "   "):
        with pytest.raises(ValidationError) as refused:
            punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 10), actor=cast.office, reason=reason)
        assert "reason" in refused.value.message_dict
    assert figures(ZeroStatusSnapshot.objects.get(period="2026Q1")) == before
    assert not ZeroStatusRevision.objects.exists()


def test_with_a_reason_the_replaced_figures_are_kept_with_who_and_why(cast):
    old = ended_q1_counted_empty()
    listing(cast, published=D(2026, 2, 1))
    new = punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 10), actor=cast.office,
                                         reason="法院名单补录：2月1日列入")
    assert (new.pk, new.stock_count, new.increment_count, new.is_final) == (old.pk, 1, 1, True)
    assert new.computed_at > old.computed_at
    revision = ZeroStatusRevision.objects.get()
    assert (revision.snapshot, revision.actor, revision.reason) == (new, cast.office, "法院名单补录：2月1日列入")
    assert figures(revision) == figures(old) and revision.stock_units == [] and revision.increment_units == []
    assert revision.changed_at == new.computed_at


def test_the_daily_job_keeps_an_open_periods_replaced_figures_with_no_one_as_actor(cast):
    punishment.zero_status_refresh(today=D(2026, 3, 4))
    q1 = ZeroStatusSnapshot.objects.get(period="2026Q1")
    listing(cast, published=D(2026, 3, 5))
    punishment.zero_status_refresh(today=D(2026, 3, 10))
    revisions = ZeroStatusRevision.objects.filter(snapshot__period="2026Q1")
    assert [(r.actor, r.reason, r.stock_count, r.as_of, r.is_final, r.computed_at) for r in revisions] == [
        (None, "", 0, D(2026, 3, 4), False, q1.computed_at)]
    assert set(ZeroStatusRevision.objects.values_list("snapshot__period", flat=True)) == {"2026", "2026-03", "2026Q1"}


def test_unchanged_figures_write_no_revision(cast):
    listing(cast, published=D(2026, 2, 1))
    punishment.zero_status_refresh(today=D(2026, 3, 4))
    punishment.zero_status_refresh(today=D(2026, 3, 4))  # the same day again: nothing written at all
    punishment.zero_status_refresh(today=D(2026, 3, 9))  # a later day, the same units: as_of moves on, no revision
    assert ZeroStatusSnapshot.objects.get(period="2026Q1").as_of == D(2026, 3, 9)
    ended = punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 2))  # ends with the same figures
    assert ended.is_final and not ZeroStatusRevision.objects.exists()
    # The office recomputing an ended period whose figures stand needs no reason and writes nothing.
    assert figures(punishment.zero_status_compute(period="2026Q1", today=D(2026, 5, 1), actor=cast.office)) == \
        figures(ended)
    assert not ZeroStatusRevision.objects.exists()


def test_the_daily_job_leaves_an_ended_period_alone_even_run_for_an_earlier_day(cast):
    ended_q1_counted_empty()
    listing(cast, published=D(2026, 2, 1))
    assert "2026Q1" not in punishment.zero_status_refresh(today=D(2026, 3, 20))
    assert ZeroStatusSnapshot.objects.get(period="2026Q1").stock_count == 0


def test_only_the_office_changes_figures_by_hand(cast):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 2), actor=cast.leader, reason="x")
    assert not ZeroStatusSnapshot.objects.exists()


# --- the pages -----------------------------------------------------------------------------------------------

@PAGES
def test_the_compute_form_refuses_an_ended_periods_change_without_a_reason_and_changes_nothing(cast, client):
    """This one failed on the old code: the office's 计算 overwrote the reported figures in place (302)."""
    before = figures(ended_q1_counted_empty())
    listing(cast, published=D(2026, 2, 1))
    office = as_(client, cast.office)
    response = office.post(f"{BASE}/zero-status/compute/", {"period": "2026Q1", "reason": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["reason"] == ["2026年第1季度 已结束，其数字已经报出；更改须说明理由。"]
    assert figures(ZeroStatusSnapshot.objects.get(period="2026Q1")) == before
    assert not ZeroStatusRevision.objects.exists()

    response = office.post(f"{BASE}/zero-status/compute/", {"period": "2026Q1", "reason": "法院名单补录"})
    assert response.status_code == 302
    assert ZeroStatusSnapshot.objects.get(period="2026Q1").stock_count == 1
    assert ZeroStatusRevision.objects.get().actor == cast.office


@PAGES
def test_the_office_is_told_when_a_recount_finds_the_stored_figures_unchanged(cast, client):
    """Before, the office's 计算 with a reason answered the same whether it saved or not, and the reason of an
    unchanged recount was silently dropped."""
    before = figures(ended_q1_counted_empty())
    office = as_(client, cast.office)
    response = office.post(f"{BASE}/zero-status/compute/", {"period": "2026Q1", "reason": "复核"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["2026年第1季度的数字与已保存的快照相同，未作更改。"]
    assert figures(ZeroStatusSnapshot.objects.get(period="2026Q1")) == before
    assert not ZeroStatusRevision.objects.exists()

    listing(cast, published=D(2026, 2, 1))
    response = office.post(f"{BASE}/zero-status/compute/", {"period": "2026Q1", "reason": "法院名单补录"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["已保存2026年第1季度的快照。"]


@PAGES
def test_the_page_says_which_period_changed_and_shows_its_earlier_figures(cast, client):
    ended_q1_counted_empty()
    listing(cast, published=D(2026, 2, 1))
    punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 10), actor=cast.office, reason="法院名单补录")
    leader = as_(client, cast.leader)
    page = leader.get(f"{BASE}/zero-status/").content.decode()
    assert '<a href="?period=2026Q1#zero-revisions">已变更 1 次</a>' in page
    response = leader.get(f"{BASE}/zero-status/", {"period": "2026q1"})
    body = response.content.decode()
    assert "2026年第1季度的历次数字" in body and "法院名单补录" in body and cast.office.display_name in body
    assert [r.stock_count for r in response.context["page_obj"]] == [0]
    assert leader.get(f"{BASE}/zero-status/", {"period": "2019Q1"}).status_code == 404


@PAGES
def test_the_history_reads_periods_as_labels_not_codes(cast, client):
    now = timezone.now()
    ZeroStatusSnapshot.objects.bulk_create([
        ZeroStatusSnapshot(period=code, period_start=start, period_end=end, as_of=end, stock_count=0,
                           increment_count=0, is_final=True, computed_at=now)
        for code, start, end in [("2026Q4", D(2026, 10, 1), D(2026, 12, 31)), ("2026", D(2026, 1, 1), D(2026, 12, 31)),
                                 ("2026-07", D(2026, 7, 1), D(2026, 7, 31))]])
    page = as_(client, cast.leader).get(f"{BASE}/zero-status/").content.decode()
    for label in ("2026年第4季度", "2026年", "2026年7月"):
        assert f"<td>{label}</td>" in page
    for code in ("2026Q4", "2026", "2026-07"):
        assert f"<td>{code}</td>" not in page


@pytest.mark.requires("msgfmt")
def test_a_period_label_reads_in_english():
    with translation.override("en"):
        assert [period_code_label(code) for code in ("2026Q4", "2026", "2026-07", "odd")] == [
            "Q4 2026", "2026", "July 2026", "odd"]
    with translation.override("zh-hans"):
        assert period_code_label("2026-07") == "2026年7月"


@PAGES
def test_a_periods_earlier_figures_cost_the_same_queries_for_one_revision_as_for_several(cast, client):
    """The ``?period=`` view lists revisions with their actors (select_related): its query count does not grow
    with the rows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    snapshot = ended_q1_counted_empty()

    def revise(actor):
        ZeroStatusRevision.objects.create(
            snapshot=snapshot, **{name: getattr(snapshot, name) for name in ZeroStatusSnapshot.COUNTED},
            computed_at=snapshot.computed_at, actor=actor, reason="复核" if actor else "")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            response = leader.get(f"{BASE}/zero-status/", {"period": "2026Q1"})
        assert response.status_code == 200
        return len(ctx.captured_queries), len(response.context["page_obj"].object_list)

    leader = as_(client, cast.leader)
    revise(cast.office)
    leader.get(f"{BASE}/zero-status/", {"period": "2026Q1"})  # the session and caches warm
    one = queries()
    revise(None)
    revise(cast.leader)
    several = queries()
    assert (one[1], several[1]) == (1, 3)
    assert several[0] == one[0]


def test_a_revision_holds_every_figure_the_snapshot_holds():
    """The revision is a copy of the figures it replaces: the two share one definition of them, so a figure added
    to the snapshot is kept in its revisions too."""
    snapshot_fields = {f.name for f in ZeroStatusSnapshot._meta.concrete_fields} - {"id", "period"}
    revision_fields = {f.name for f in ZeroStatusRevision._meta.concrete_fields}
    assert snapshot_fields <= revision_fields
    assert set(ZeroStatusSnapshot.COUNTED) | {"computed_at"} == snapshot_fields


def test_the_admin_shows_both_read_only_with_the_period_first(cast, client):
    old = ended_q1_counted_empty()
    listing(cast, published=D(2026, 2, 1))
    punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 10), actor=cast.office, reason="补录")
    revision = ZeroStatusRevision.objects.get()
    from accounts.models import User

    admin = User.objects.create_superuser("zero_admin", password="x-2026-admin")  # noqa: S106 - test account
    client.force_login(admin)
    for path, first in ((f"/admin/records/zerostatussnapshot/{old.pk}/change/", "period"),
                        (f"/admin/records/zerostatusrevision/{revision.pk}/change/", "snapshot")):
        response = client.get(path)
        assert response.status_code == 200
        html = response.content.decode()
        rows = [html.index(f'field-{name}"') for name in (first, "period_start", "stock_count", "computed_at")]
        assert rows == sorted(rows), path
        assert 'name="stock_count"' not in html and 'name="reason"' not in html  # shown, not editable
