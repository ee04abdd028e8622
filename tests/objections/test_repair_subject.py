"""The repair application keeps its record's provider and subject, as the objection does (issue 18): the repair
list's unit filter (the unit provides the record, or the record is about the unit or one of its current servants)
reads the application's own columns instead of joining every application to its record, which made the list sort
all 14,078 applications of the 1M dataset after the joins (160–176 ms db p95)."""
import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.admin.templatetags import admin_list
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions import services as decisions
from objections import services
from objections.filtersets import RepairFilterSet
from objections.models import Repair
from objections.selectors import repair_list
from records.services.directory import servant_transfer
from tests.decisions.factories import penalty_row

from .conftest import published_penalty, published_sanction
from .test_objection_subject import joined, servant_sanction

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = D(2026, 11, 2)


def apply(record, user):
    return services.repair_apply(record=record, applicant=user, today=TODAY, statement="已全额退还并公开致歉",
                                 losses_recovered=True)


@pytest.fixture
def seeded(cast):
    """Applications on a penalty of unit B by unit A and one by the audit office, on sanctions of X (unit A) by
    unit A and by the audit office and on one of Y (unit B) by the audit office; then X moves to unit B."""
    made = {
        "penalty_a": apply(published_penalty(cast), cast.clerk_b),
        "penalty_audit": apply(published_penalty(cast, provider=cast.audit, decision_number="莱审罚〔2026〕3号"),
                               cast.clerk_b),
        "sanction_x_a": apply(published_sanction(cast), cast.user_x),
        "sanction_x_audit": apply(servant_sanction(cast, cast.servant_x, cast.audit, 1), cast.user_x),
        "sanction_y_audit": apply(servant_sanction(cast, cast.servant_y, cast.audit, 2), cast.user_y),
    }
    servant_transfer(servant=cast.servant_x, unit=cast.unit_b, post="科员", on=D(2026, 11, 9), actor=cast.office)
    return made


def test_applying_copies_the_records_provider_and_subject(cast, seeded):
    for repair in Repair.objects.select_related("record"):
        assert (repair.provider_id, repair.subject_unit_id, repair.subject_servant_id) == (
            repair.record.provider_id, repair.record.subject_unit_id, repair.record.civil_servant_id)
    assert Repair.objects.get(pk=seeded["sanction_x_audit"].pk).subject_servant_id == cast.servant_x.pk
    assert Repair.objects.get(pk=seeded["penalty_audit"].pk).provider_id == cast.audit.pk


@pytest.mark.parametrize("unit, expected", [
    ("unit_a", {"penalty_a", "sanction_x_a"}),  # X moved to unit B: the audit office's sanction of X left
    ("unit_b", {"penalty_a", "penalty_audit", "sanction_x_a", "sanction_x_audit", "sanction_y_audit"}),
    ("audit", {"penalty_audit", "sanction_x_audit", "sanction_y_audit"}),
    ("discipline", set()),
])
def test_the_unit_filter_gives_what_the_joins_gave(cast, seeded, unit, expected):
    unit = getattr(cast, unit)
    for user in (cast.office, cast.clerk_b):
        everything = repair_list(user)
        filtered = RepairFilterSet({"unit": unit.pk}, queryset=everything).qs
        assert list(filtered) == list(everything.filter(joined(unit)))  # the same rows in the same order
    filtered = RepairFilterSet({"unit": unit.pk}, queryset=repair_list(cast.office)).qs
    assert {r.pk for r in filtered} == {seeded[name].pk for name in expected}


def test_the_unit_filter_reads_the_applications_own_columns(cast, seeded):
    """Three equalities on the application's own columns, no list of the unit's servants: for a unit's ~800
    servants PostgreSQL estimated twenty times the applications they hold and scanned all of them (the bench's one
    MISS SCAN at 1M). Fails before the change (it asked for the servants first, then ``subject_servant_id IN``);
    the rows stay those of the joins (above)."""
    with CaptureQueriesContext(connection) as ctx:
        filtered = RepairFilterSet({"unit": cast.unit_b.pk}, queryset=repair_list(cast.office)).qs
        where = str(filtered.query).split(" WHERE ")[1]
    assert not [q["sql"] for q in ctx.captured_queries if "records_civilservant" in q["sql"]]
    assert "records_creditrecord" not in where and "records_civilservant" not in where, where
    assert "subject_servant_id" not in where and " IN " not in where and "ANY" not in where, where
    assert f'"objections_repair"."subject_servant_unit_id" = {cast.unit_b.pk}' in where, where


def test_an_application_follows_its_servants_transfers(cast, seeded):
    """Applying copies the servant's unit; each transfer moves the copy, inside the transfer's transaction."""
    x_rows = Repair.objects.filter(subject_servant=cast.servant_x)
    assert set(x_rows.values_list("subject_servant_unit_id", flat=True)) == {cast.unit_b.pk}  # moved in seeded
    assert Repair.objects.get(pk=seeded["sanction_y_audit"].pk).subject_servant_unit_id == cast.servant_y.unit_id
    assert Repair.objects.get(pk=seeded["penalty_a"].pk).subject_servant_unit_id is None  # about no servant
    with pytest.raises(RuntimeError), transaction.atomic():
        servant_transfer(servant=cast.servant_x, unit=cast.audit, post="科员", on=D(2026, 11, 20), actor=cast.office)
        assert set(x_rows.values_list("subject_servant_unit_id", flat=True)) == {cast.audit.pk}
        raise RuntimeError("the transfer fails after the copies moved")
    assert set(x_rows.values_list("subject_servant_unit_id", flat=True)) == {cast.unit_b.pk}  # rolled back with it
    servant_transfer(servant=cast.servant_x, unit=cast.unit_a, post="科员", on=D(2026, 11, 20), actor=cast.office)
    assert set(x_rows.values_list("subject_servant_unit_id", flat=True)) == {cast.unit_a.pk}
    filtered = RepairFilterSet({"unit": cast.unit_a.pk}, queryset=repair_list(cast.office)).qs
    assert {seeded["sanction_x_audit"].pk, seeded["sanction_x_a"].pk} <= {r.pk for r in filtered}


def test_the_migration_backfills_the_servants_unit(cast, seeded):
    migration = importlib.import_module("objections.migrations.0014_repair_servant_unit")
    Repair.objects.update(subject_servant_unit=None)  # as the new column starts
    migration.backfill(apps, SimpleNamespace(connection=connection))
    for repair in Repair.objects.select_related("subject_servant"):
        expected = repair.subject_servant.unit_id if repair.subject_servant_id else None
        assert repair.subject_servant_unit_id == expected, repair


def test_the_migration_backfills_the_copies(cast, seeded):
    migration = importlib.import_module("objections.migrations.0011_repair_subject")
    Repair.objects.update(provider=None, subject_unit=None, subject_servant=cast.servant_y)
    migration.backfill(apps, SimpleNamespace(connection=connection))
    for repair in seeded.values():
        assert Repair.objects.values_list("provider_id", "subject_unit_id", "subject_servant_id").get(
            pk=repair.pk) == (repair.record.provider_id, repair.record.subject_unit_id,
                              repair.record.civil_servant_id)


@pytest.fixture
def decision_repair(cast):
    """A subject's application on unit A's 双公示 penalty, registered by unit A's clerk."""
    decision = decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(n=5),
                                         today=D(2026, 3, 2))
    decision = decisions.decision_publish(decision=decision, actor=cast.clerk_a, today=D(2026, 3, 2))
    return services.repair_apply_decision(decision=decision, applicant=cast.clerk_a, statement="已缴纳罚款并整改",
                                          losses_recovered=True, today=TODAY)


def test_a_decisions_application_keeps_its_department_and_the_unit_filter_finds_it(cast, decision_repair):
    """Fails before the change: the provider stayed empty and the department's own filter did not show it."""
    assert (decision_repair.provider_id, decision_repair.subject_unit_id, decision_repair.subject_servant_id) == (
        cast.unit_a.pk, None, None)
    for user in (cast.office, cast.clerk_a):
        filtered = RepairFilterSet({"unit": cast.unit_a.pk}, queryset=repair_list(user)).qs
        assert list(filtered) == [decision_repair]
    assert not RepairFilterSet({"unit": cast.unit_b.pk}, queryset=repair_list(cast.office)).qs.exists()


def test_the_migration_gives_a_decisions_application_its_department(cast, decision_repair):
    migration = importlib.import_module("objections.migrations.0012_repair_decision_provider")
    Repair.objects.update(provider=None)
    migration.backfill(apps, SimpleNamespace(connection=connection))
    assert Repair.objects.get(pk=decision_repair.pk).provider_id == cast.unit_a.pk


def test_the_repair_list_names_its_column_for_records_and_decisions(client, cast, decision_repair):
    """The list's column held a 双公示 decision's number and subject under the heading 记录 (a dishonesty record);
    it is headed 修复对象, what the application asks to repair. Fails before the change."""
    record_repair = apply(published_penalty(cast), cast.clerk_b)
    client.force_login(cast.office)
    html = client.get(reverse("objections:repair_list")).content.decode()
    head = html.split("<thead>")[1].split("</thead>")[0]
    assert '<th scope="col">修复对象</th>' in head and ">记录<" not in head, head
    assert decision_repair.decision.document_number in html and record_repair.record.title in html


def test_the_offices_start_page_lists_a_decisions_application(client, cast, decision_repair):
    """The office's to-do read the application's record, which a 双公示 decision's application has not: the start
    page answered 500 as soon as one was open. Fails before the change."""
    client.force_login(cast.office)
    response = client.get(reverse("workspace-home"))
    assert response.status_code == 200
    html = response.content.decode()
    link = reverse("objections:repair_detail", args=[decision_repair.pk])
    item = html.split(f'href="{link}"')[1].split("</li>")[0] if f'href="{link}"' in html else ""
    assert decision_repair.decision.document_number in item, html


def test_a_decisions_application_is_decided_without_a_punishment(client, cast, decision_repair):
    """Approval ends a decision's publication early; there is no punishment to lighten or waive. The form asked for
    one, and the service stored it. Both fail before the change."""
    client.force_login(cast.office)
    url = reverse("objections:repair_decide", args=[decision_repair.pk])
    html = client.get(url).content.decode()
    assert 'name="punishment"' not in html and "停止公示" in html
    with pytest.raises(ValidationError) as refused:
        services.repair_decide(repair=decision_repair, actor=cast.office, outcome="approved", reason="整改到位",
                               punishment="waived", today=TODAY)
    assert "punishment" in refused.value.message_dict
    decision_repair.refresh_from_db()
    assert decision_repair.state == "submitted" and decision_repair.decision.status == "published"
    response = client.post(url, {"outcome": "approved", "reason": "已履行处罚决定，整改到位。"})
    assert response.status_code == 302
    decision_repair.refresh_from_db()
    assert (decision_repair.state, decision_repair.punishment, decision_repair.decision.status) == (
        "approved", "unchanged", "repaired")
    detail = client.get(reverse("objections:repair_detail", args=[decision_repair.pk])).content.decode()
    assert "准予修复" in detail and "惩戒措施" not in detail  # nor does its page show one


def list_row(html, repair):
    link = f'href="{reverse("objections:repair_detail", args=[repair.pk])}"'
    assert link in html, html
    return html.split(link)[1].split("</tr>")[0]


@pytest.mark.parametrize("outcome", [None, "approved", "rejected"])
def test_the_repair_list_shows_no_punishment_for_a_decisions_application(client, cast, decision_repair, outcome):
    """A decision has no punishment: the list said 惩戒措施不变 (the stored ``unchanged``) under a decided decision's
    application, as the detail page did before 405fe01. Fails before the change for the decided ones."""
    record_repair = apply(published_penalty(cast), cast.clerk_b)
    services.repair_decide(repair=record_repair, actor=cast.office, outcome="rejected", reason="整改未到位",
                           today=TODAY)
    if outcome:
        services.repair_decide(repair=decision_repair, actor=cast.office, outcome=outcome, reason="已履行处罚决定",
                               today=TODAY)
    client.force_login(cast.office)
    html = client.get(reverse("objections:repair_list")).content.decode()
    row = list_row(html, decision_repair)
    assert "惩戒措施不变" not in row and row.rstrip().endswith("<td>—</td>"), row
    assert list_row(html, record_repair).rstrip().endswith("<td>惩戒措施不变</td>")  # a record's keeps its label


@pytest.mark.parametrize("outcome", ["approved", "rejected"])
def test_the_applicant_is_told_what_happens_to_the_publication_not_a_punishment(cast, decision_repair, outcome):
    """The notice of the decision said 惩戒措施不变 to a decision's applicant (a decision has no punishment). Fails
    before the change."""
    from notifications.models import Notice
    from notifications.services import outbox_sweep

    services.repair_decide(repair=decision_repair, actor=cast.office, outcome=outcome, reason="已履行处罚决定",
                           today=TODAY)
    outbox_sweep()
    notice = Notice.objects.filter(recipient=cast.clerk_a, link=decision_repair.get_absolute_url(),
                                   title__contains="未获准" if outcome == "rejected" else "已获准").get()
    assert "惩戒措施" not in notice.body
    ends = decision_repair.decision.publication_ends
    expected = f"于{TODAY.isoformat()}停止公示" if outcome == "approved" else f"继续公示至{ends.isoformat()}"
    assert expected in notice.body and notice.body.endswith("理由：已履行处罚决定"), notice.body


@pytest.mark.parametrize("outcome", ["approved", "rejected"])
def test_the_admins_repair_list_shows_no_punishment_for_a_decisions_application(client, cast, decision_repair,
                                                                                 outcome):
    """The admin's 惩戒措施 column showed a decided decision's application the stored ``unchanged`` (惩戒措施不变),
    which the staff list stopped doing in b65aa30. Fails before the change."""
    record_repair = apply(published_penalty(cast), cast.clerk_b)
    services.repair_decide(repair=record_repair, actor=cast.office, outcome="rejected", reason="整改未到位",
                           today=TODAY)
    services.repair_decide(repair=decision_repair, actor=cast.office, outcome=outcome, reason="已履行处罚决定",
                           today=TODAY)
    client.force_login(cast.office)
    changelist = client.get(reverse("admin:objections_repair_changelist")).context["cl"]
    column = [header["text"] for header in admin_list.result_headers(changelist)].index("惩戒措施")
    rows = zip(changelist.result_list, admin_list.results(changelist), strict=True)
    cells = {repair.pk: row[column] for repair, row in rows}
    assert ">—</td>" in cells[decision_repair.pk], cells[decision_repair.pk]
    assert ">惩戒措施不变</td>" in cells[record_repair.pk]  # a record's keeps its label
    subject = [header["text"] for header in admin_list.result_headers(changelist)].index("修复对象")
    what = {repair.pk: row[subject] for repair, row in zip(changelist.result_list, admin_list.results(changelist),
                                                             strict=True)}
    decision = decision_repair.decision
    assert f"{decision.document_number} {decision.subject_name}" in what[decision_repair.pk]  # it said —
    assert record_repair.record.title in what[record_repair.pk]
