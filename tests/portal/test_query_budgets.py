"""Query budgets (issue 10 item 3): every list and detail page and every API GET operation runs a number of
queries that does not grow with the rows it shows.

The world of tests/security/world.py is grown to two rows of each kind (``grow(1)``), every page and endpoint is
measured, the world grows by eight more of each kind (records with versions and attachments, objections, repairs,
commitments with milestones, evidence and officials, clues with notes and attachments, rectification cases,
public notices, cadre checks, credit reports, import jobs, inbox notices, units and servants, tasks, a new
evaluation run over more units…) and everything is measured again: the counts must be equal, and under a ceiling.

``BUDGETS`` names every GET page of the URL configuration and every GET operation of the OpenAPI schema, with
the roles that see the rows; a page or operation added without an entry fails ``test_every_*_has_a_budget``.
"""
from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from rest_framework.test import APIClient

from tests.security.test_scope_matrix import url_patterns
from tests.security.world import PDF, build_world

# Every test is marked: pytest-django builds the test database only when a collected test asks for it, and the
# module-scoped world below must never be built anywhere else.
pytestmark = pytest.mark.django_db

D = datetime.date
CEILING = 25  # queries, for any page or endpoint unless its entry says otherwise


@dataclass(frozen=True)
class Budget:
    roles: tuple[str, ...]
    args: tuple[str, ...] = ()
    query: str = ""
    ceiling: int = CEILING
    status: int = 200
    spread: int = 0  # queries the count may move by, for a reason that is not the number of rows


def b(roles: str, *args: str, query: str = "", ceiling: int = CEILING, status: int = 200, spread: int = 0) -> Budget:
    return Budget(tuple(roles.split()), args, query, ceiling, status, spread)


# URL name → who looks (space-separated roles of the shared cast; "anon" is the public) and the ids that fill it.
BUDGETS: dict[str, Budget] = {
    # --- start, accounts -------------------------------------------------------------------------------------
    "home": b("anon"),
    # The ten soonest clocks with their subjects: one query per kind of subject among them (records, objections,
    # cases, clues, task assignments), whatever the number of rows.
    "workspace-home": b("office clerk_a user_x", spread=4),  # the leader is sent on to the dashboard (test_todo)
    "workspace-todo": b("office clerk_a user_x", spread=4),  # every open item of every inbox (integrity_portal/todo.py)
    "accounts:login": b("anon"),
    "accounts:password_change": b("office"),
    "accounts:password_change_done": b("office"),
    "ledger:status": b("office"),
    "useraccounts:list": b("office"),  # branch sec-admin: the office's account pages
    "useraccounts:create": b("office"),
    "useraccounts:lockouts": b("office"),
    "useraccounts:detail": b("office", "account"),
    # Every configuration change, filterable by table: the office and the supervisors read it (branch config-audit).
    "configuration:changes": b("office supervisor_in"),
    # --- directory ---------------------------------------------------------------------------------------------
    "records:unit_list": b("office clerk_a supervisor_in"),
    "records:unit_create": b("office"),
    "records:unit_detail": b("office", "unit"),
    "records:unit_edit": b("office", "unit"),
    "records:servant_list": b("office clerk_a supervisor_in"),
    "records:servant_create": b("office"),
    "records:servant_detail": b("office clerk_a", "servant"),
    "records:servant_edit": b("office", "servant"),
    # --- records workspace --------------------------------------------------------------------------------------
    "records:record_list": b("office clerk_a supervisor_in"),
    "records:record_create": b("clerk_a"),
    "records:record_export": b("office clerk_a"),
    "records:record_detail": b("office clerk_a supervisor_in", "record"),
    "records:record_edit": b("clerk_a", "draft"),
    "records:record_revoke": b("clerk_a", "record"),
    "records:record_correct": b("clerk_a", "record"),
    "records:record_decision_changed": b("clerk_a", "record"),
    "records:record_attachment": b("office", "record", "attachment"),
    "records:import_upload": b("clerk_a"),
    "records:import_template": b("clerk_a", "import_kind"),
    "records:import_job": b("clerk_a", "import_job"),
    # --- personal files, cadre checks, file access -------------------------------------------------------------
    "records:my_file": b("user_x"),
    "records:cadre_check_list": b("cadre"),
    "records:cadre_check_create": b("cadre"),
    "records:cadre_check_detail": b("cadre", "cadre_check"),
    "records:cadre_servant_file": b("cadre", "servant", status=302),  # to the newest open check
    "records:file_access_list": b("office"),
    # --- inbox, calendar, policies -------------------------------------------------------------------------------
    "notifications:inbox": b("user_x office"),
    "workdays:calculator": b("anon"),
    "workdays:calendar-years": b("office"),
    "workdays:policies": b("office"),
    # --- joint punishment -----------------------------------------------------------------------------------------
    "punishment:case_list": b("office clerk_a"),
    "punishment:case_open": b("office"),
    "punishment:case_detail": b("office clerk_a", "case"),
    "punishment:case_explain": b("clerk_a", "case"),
    "punishment:case_report": b("clerk_a", "case"),
    "punishment:case_accept": b("office", "case"),
    "punishment:case_return": b("office", "case"),
    "punishment:case_accountability": b("office", "case"),
    "punishment:notice_publish": b("office"),
    "punishment:flag_list": b("office leader"),
    "punishment:zero_status": b("office"),
    "punishment:court_upload": b("office"),
    "punishment:court_template": b("office"),
    "punishment:court_import_detail": b("office", "court_import"),
    "punishment:public_notice_list": b("anon"),
    "punishment:public_notice_detail": b("anon", "public_notice"),
    # --- public disclosure, reports, verification ------------------------------------------------------------------
    "public:disclosure_list": b("anon"),
    "public:defaulter_list": b("anon"),
    "public:disclosure_detail": b("anon", "disclosure"),
    "reports:mine": b("user_x", status=302),  # to reports:servant
    "reports:servant": b("office user_x", "servant"),
    "reports:unit": b("anon", "unit"),
    "reports:issued": b("user_x", "report_code"),
    "reports:pdf": b("user_x", "report_code"),
    "reports:verify_form": b("anon"),
    "reports:verify": b("anon", "report_code"),
    # --- outbox -----------------------------------------------------------------------------------------------------
    "outbox:list": b("office"),
    "outbox:detail": b("office", "outbox"),
    # --- objections and repairs ---------------------------------------------------------------------------------------
    "objections:objection_list": b("office clerk_a user_x"),
    "objections:office_overview": b("office"),
    "objections:office_export": b("office"),
    "objections:objection_create": b("user_x", "record_free"),
    "objections:objection_detail": b("office clerk_a user_x", "objection"),
    "objections:objection_decide": b("clerk_a", "objection"),
    "objections:objection_withdraw": b("user_x", "objection"),
    "objections:objection_period": b("office", "objection"),  # the office sets this objection's answer period
    "objections:evidence": b("office", "evidence"),
    "objections:repair_list": b("office clerk_b"),
    "objections:repair_create": b("clerk_b", "repairable"),
    "objections:repair_create_decision": b("office clerk_a", "decision"),
    "objections:repair_detail": b("office clerk_b", "repair"),
    "objections:repair_decide": b("office", "repair"),
    # --- commitments ----------------------------------------------------------------------------------------------------
    "commitments:public_list": b("anon"),
    "commitments:feed": b("anon"),
    "commitments:public_unit": b("anon", "unit"),
    "commitments:public_detail": b("anon", "commitment"),
    "commitments:public_evidence": b("anon", "commitment", "commitment_evidence"),
    "commitments:list": b("office clerk_a"),
    "commitments:create": b("clerk_a"),
    "commitments:export": b("office"),
    "commitments:import_upload": b("clerk_a"),
    "commitments:import_template": b("clerk_a"),
    "commitments:detail": b("office clerk_a", "commitment"),
    "commitments:edit": b("clerk_a", "commitment"),
    "commitments:milestone_add": b("clerk_a", "commitment"),
    "commitments:milestone_complete": b("clerk_a", "commitment", "milestone"),
    "commitments:evidence": b("office", "commitment", "commitment_evidence"),
    "commitments:official_add": b("clerk_a", "commitment"),
    "commitments:conclude": b("clerk_a", "commitment"),
    "commitments:change": b("clerk_a", "commitment"),
    "commitments:breach": b("office", "commitment"),
    # --- disputes -----------------------------------------------------------------------------------------------------------
    "disputes:public_submit": b("anon"),
    "disputes:public_track": b("anon"),
    "disputes:public_receipt": b("anon"),  # no receipt in this session: the page says so
    "disputes:public_reports": b("anon"),
    "disputes:public_report": b("anon", "clearance"),
    "disputes:workspace_list": b("office clerk_a"),
    "disputes:report_list": b("office"),
    "disputes:report_build": b("office"),
    "disputes:report_detail": b("office", "clearance"),
    "disputes:report_export": b("office", "clearance"),
    "disputes:workspace_detail": b("office clerk_a", "clue"),
    "disputes:attachment": b("office", "clue", "clue_attachment"),
    # --- evaluation -----------------------------------------------------------------------------------------------------------
    "evaluation:workspace_home": b("office clerk_a"),
    "evaluation:run_list": b("office clerk_a"),
    "evaluation:run_detail": b("office clerk_a", "run"),
    "evaluation:run_export": b("office", "run"),
    "evaluation:score_detail": b("office clerk_a", "score"),
    "evaluation:indicator_detail": b("office", "score", "indicator"),
    "evaluation:dashboard": b("office leader"),
    "evaluation:task_list": b("office clerk_a"),
    "evaluation:assignment_detail": b("clerk_a", "assignment"),
    "evaluation:document_download": b("clerk_a", "assignment", "task_document"),
    "evaluation:inputs": b("office"),
    "evaluation:input_template": b("office", "input_kind"),
    "evaluation:scheme_current": b("office"),
    "evaluation:scheme": b("office", "year"),
    "evaluation:demonstration": b("office"),
    "evaluation:public_index": b("anon"),
    "evaluation:public_demonstration": b("anon"),
    "evaluation:public_methodology": b("anon", "year"),
    "evaluation:public_score": b("anon", "score"),
    "evaluation:public_ranking": b("anon", "period_code"),
    # --- API ---------------------------------------------------------------------------------------------------------------------
    "api-me": b("office"),
    "api-my-file": b("user_x"),
    "unit-list": b("office clerk_a"),
    "unit-detail": b("office", "unit"),
    "unit-heads": b("office", "unit"),
    "civil-servant-list": b("office clerk_a"),
    "civil-servant-detail": b("office", "servant"),
    "civil-servant-postings": b("office", "posted_servant"),
    "record-list": b("office clerk_a supervisor_in"),
    "record-detail": b("office", "record"),
    "record-history": b("office", "record"),
    "api-workdays-add": b("anon", query="start=2026-03-02&days=10"),
    "api-workdays-check": b("anon", query="date=2026-10-01"),
    "calendar-year-list": b("office"),
    "calendar-year-detail": b("office", "calendar_year"),
    "policy-list": b("office"),
    "policy-detail": b("office", "policy"),
    "broadcast-list": b("office"),
    "notice-list": b("user_x"),
    "notice-detail": b("user_x", "notice"),
    "objection-list": b("office clerk_a user_x"),
    "objection-detail": b("office", "objection"),
    "repair-list": b("office clerk_b"),
    "repair-detail": b("office", "repair"),
    "commitment-list": b("anon office"),
    "commitment-detail": b("anon office", "commitment"),
    "dispute-clue-list": b("office clerk_a"),
    "dispute-clue-detail": b("office", "clue"),
    "dispute-clue-contact": b("office", "clue"),
    "dispute-report-list": b("anon office"),
    "dispute-report-detail": b("office", "clearance"),
    "evaluation-period-list": b("anon office"),
    "evaluation-period-detail": b("office", "period_code"),
    "evaluation-score-list": b("anon office"),
    "evaluation-score-detail": b("office", "score"),
    "api-credit-check": b("api_client", query="code={unit_code}&purpose=procurement-review&matter=LWCG-2026-015"),
    "rectification-case-list": b("office clerk_a"),
    "rectification-case-detail": b("office", "case"),
    "restriction-flag-list": b("office leader"),
    "restriction-flag-detail": b("office", "flag"),
    # 双公示 decisions (branch decisions-core)
    "decision-list": b("office clerk_a supervisor_in"),
    "decision-detail": b("office clerk_a", "decision"),
    "decision-quality": b("office clerk_a", query="year=2026"),
    "public-decision-list": b("anon"),
    "public-decision-detail": b("anon", "decision"),
    # --- decisions-io: the 双公示 import ---------------------------------------------------------------------------
    "decisions_import:upload": b("clerk_a"),
    "decisions_import:job": b("office clerk_a", "decision_import_job"),
    "decision-import-job": b("office", "decision_import_job"),
}
BUDGETS.update({
    "decisions:public_list": b("anon"),
    "decisions:public_detail": b("anon", "decision"),
    "decisions:public_subject": b("anon", "decision_subject"),
    "decisions:list": b("office clerk_a supervisor_in"),
    "decisions:create": b("clerk_a", "decision_act"),
    "decisions:quality": b("office clerk_a"),
    "decisions:detail": b("office clerk_a supervisor_in", "decision"),
    "decisions:edit": b("clerk_a", "decision_draft"),
    "decisions:revoke": b("clerk_a", "decision"),
})

# HTML URL names that are not a GET page, and why. (API operations come from the schema, which lists only GETs.)
NOT_A_PAGE: dict[str, str] = {
    **{name: "a POST action (GET answers 405)" for name in (
        "accounts:logout", "decisions:bulk_publish", "decisions:publish",
        "records:record_bulk_publish", "records:record_publish", "records:record_attach",
        "records:import_start", "notifications:mark_all_read", "punishment:zero_status_compute", "outbox:resend",
        "objections:objection_review", "objections:objection_extend", "objections:objection_pause",
        "objections:objection_resume", "commitments:publish", "commitments:evidence_upload",
        "disputes:public_add_info", "disputes:public_rate", "disputes:public_reopen", "disputes:report_publish",
        "disputes:contact", "disputes:route", "disputes:refuse", "disputes:acknowledge", "disputes:note",
        "disputes:conclude", "disputes:extend", "disputes:link", "disputes:reopen_decide", "evaluation:run_start",
        "evaluation:run_publish", "evaluation:score_query", "evaluation:query_answer", "set_language",
        "useraccounts:role", "useraccounts:active", "useraccounts:unlock")},
    "api-schema": "the OpenAPI document (no rows)",
    "api-docs": "Swagger UI over the schema (a static page)",
    "api-redoc": "ReDoc over the schema (a static page)",
}
NOT_A_PAGE_PREFIXES = ("admin:",)  # the Django admin: Django's own views


# --- completeness -----------------------------------------------------------------------------------------------------

def html_pages_missing_a_budget() -> list[str]:
    return sorted(name for name, route, _ in url_patterns()
                  if not route.startswith("api/") and name not in BUDGETS and name not in NOT_A_PAGE
                  and not name.startswith(NOT_A_PAGE_PREFIXES))


def schema_get_operations() -> dict[str, str]:
    """operationId → URL name, for every GET operation of the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    found = {}
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        concrete = path.replace("{id}", "1").replace("{code}", "X")
        for placeholder in ("{", "}"):
            concrete = concrete.replace(placeholder, "")
        found[operations["get"]["operationId"]] = resolve(concrete).url_name
    return found


def api_operations_missing_a_budget() -> list[str]:
    return sorted(f"{operation} ({name})" for operation, name in schema_get_operations().items()
                  if name not in BUDGETS)


def test_every_html_page_has_a_budget():
    missing = html_pages_missing_a_budget()
    assert not missing, f"GET pages with no entry in BUDGETS (or NOT_A_PAGE): {missing}"


def test_every_api_get_operation_has_a_budget():
    missing = api_operations_missing_a_budget()
    assert not missing, f"API GET operations with no entry in BUDGETS: {missing}"


def test_budgets_name_only_pages_that_exist():
    known = {name for name, _, _ in url_patterns()}
    assert not (set(BUDGETS) | set(NOT_A_PAGE)) - known


@pytest.mark.urls("tests.portal.urls_with_extra_pages")
def test_the_completeness_checks_report_a_page_and_an_operation_added_without_a_budget():
    assert "budget-extra-page" in html_pages_missing_a_budget()
    assert any("(budget-extra-endpoint)" in entry for entry in api_operations_missing_a_budget())


@pytest.mark.urls("tests.portal.urls_with_extra_pages")
def test_the_measurement_sees_a_page_that_queries_once_per_row(cast):
    from tests.factories import make_unit

    clients, budget = Clients(cast), b("anon")
    before, _, problem = measure(clients, "budget-extra-page", budget, "anon", {})
    for index in range(8):
        make_unit(f"N+1 单位{index}", superior=cast.unit_a)
    after, _, _ = measure(clients, "budget-extra-page", budget, "anon", {})
    assert problem is None and after == before + 8


# --- the world, grown ---------------------------------------------------------------------------------------------------

def grow(world, n: int, tag: str) -> None:  # noqa: C901, PLR0915 - one straight list of builders
    """Add ``n`` rows of every kind the pages show, each attached to the objects the URLs name."""
    from commitments import services as commitments
    from disputes import services as disputes
    from evaluation import services as evaluation
    from notifications.models import Notice
    from objections import services as objections
    from records import reports
    from records import services as records
    from records.imports import import_submit
    from records.models import RectificationCase
    from records.services import punishment
    from tests.commitments.conftest import make_commitment
    from tests.evaluation.conftest import defaulter
    from tests.factories import make_servant, make_unit
    from tests.records.test_import import PENALTY, penalty_row, workbook
    from tests.records.test_record_lifecycle import penalty, sanction

    cast, objects = world.cast, world.objects
    for i in range(n):
        key = f"{tag}{i}"
        unit = make_unit(f"增长单位{key}", superior=cast.unit_a, discipline_unit=cast.discipline,
                         audit_unit=cast.audit)
        servant = make_servant(cast.unit_a, f"增长人员{key}")
        make_servant(unit, f"外单位人员{key}")

        # Records about X (with an objection each), penalties of unit A against B (one with a repair), and
        # penalties of B against A (each opens a rectification case); versions and attachments on record_x.
        about_x = records.record_publish(record=sanction(cast), actor=cast.clerk_a)
        objections.objection_submit(record=about_x, applicant=cast.user_x, reason=f"有误{key}",
                                    evidence=[("说明.pdf", PDF)], today=D(2026, 9, 28))
        records.record_publish(record=sanction_about(cast, servant), actor=cast.clerk_a)
        against_b = records.record_publish(
            record=penalty(cast, severity="serious", decision_date=D(2024, 6, 3), title=f"严重违法经营{key}",
                           decision_number=f"莱市监罚〔2024〕{key}号"),
            actor=cast.clerk_a, today=D(2024, 6, 5))
        objections.repair_apply(record=against_b, applicant=cast.clerk_b, statement=f"已整改{key}",
                                losses_recovered=True, effects_removed=True, today=D(2026, 7, 1))
        records.record_publish(record=penalty(cast, title=f"未明码标价{key}", decision_number=f"莱市监罚〔2026〕{key}号"),
                               actor=cast.clerk_a)
        penalty(cast, title=f"草稿{key}", decision_number=f"莱市监罚〔2026〕草{key}号")
        against_a = records.record_publish(
            record=penalty(cast, provider=cast.unit_b, subject_unit=cast.unit_a, decision_number=f"凤街罚〔2026〕{key}号"),
            actor=cast.clerk_b, today=D(2026, 3, 9))
        punishment.punishment_record_changed(record=against_a, actor=cast.clerk_b, today=D(2026, 3, 9))
        defaulter(cast, unit, listed=D(2025, 8, 1))
        punishment.flags_sync_for_unit(unit, today=D(2025, 8, 2))
        records.record_correct(record=objects.record_x, actor=cast.clerk_a, reason=f"更正{key}",
                               title=f"违反工作纪律（更正{key}）")
        objects.record_x.refresh_from_db()
        records.record_attach(record=objects.record_x, actor=cast.clerk_a, name=f"附件{key}.pdf", data=PDF)
        case = RectificationCase.objects.get(records=against_a)
        punishment.punishment_notice_publish(cases=[case, objects.case], number=f"区信用办〔2026〕{key}号",
                                             title=f"整改公示{key}", body="限期整改", actor=cast.office)

        import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name=f"导入{key}.xlsx",
                      file_bytes=workbook([penalty_row(cast.unit_b, 决定文书号=f"莱市监罚〔2026〕导{key}号")]))
        check = records.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x, purpose="appointment",
                                          purpose_note=f"拟任{key}")
        records.file_access_log(viewer=cast.cadre, servant_ids=[cast.servant_x.pk], purpose=f"查阅{key}",
                                channel="html", cadre_check=check)
        reports.credit_report_issue(
            subject=cast.servant_x, content=reports.servant_report_content(servant=cast.servant_x,
                                                                           records=[objects.record_x]),
            issued_to=cast.user_x)

        # Commitments of unit A (published), milestones, evidence and officials on the world's commitment.
        make_commitment(cast, publish=True, title=f"承诺{key}")
        milestone = commitments.milestone_add(commitment=objects.commitment, actor=cast.clerk_a, title=f"节点{key}",
                                              due_date=objects.commitment.valid_until)
        commitments.evidence_attach(milestone=milestone, actor=cast.clerk_a, name=f"凭证{key}.pdf", data=PDF)
        commitments.official_assign(commitment=objects.commitment, actor=cast.clerk_a, person_name=f"负责人{key}",
                                    start=D(2025, 1, 1) + datetime.timedelta(days=i + (0 if tag == "s" else 100)))

        # Clues routed to unit A; notes and attachments on the world's clue.
        disputes.clue_submit(today=D(2026, 3, 2), category="arrears", description=f"拖欠设备款{key}。",
                             body_unit=cast.unit_a, amount="5", contact_name="王先生", contact_phone="13900000000",
                             share_contact=True, attachments=[("合同.pdf", PDF)])
        disputes.clue_note_add(clue=objects.clue, actor=cast.clerk_a, body=f"进展{key}", visibility="public",
                               files=[(f"进展{key}.pdf", PDF)])

        # Unit heads of unit A, postings of the mover, clearance reports of past months.
        day = D(2021, 1, 1) + datetime.timedelta(days=30 * ((0 if tag == "s" else 10) + i))
        records.unit_head_appoint(unit=cast.unit_a, person_name=f"主要负责人{key}", start=day, actor=cast.office)
        mover = world.objects.mover
        records.servant_transfer(servant=mover, unit=cast.unit_b, post="科员", on=day, actor=cast.office)
        records.servant_transfer(servant=mover, unit=cast.unit_a, post="科员", on=day + datetime.timedelta(days=10),
                                 actor=cast.office)
        month = D(2024, 1, 1) + datetime.timedelta(days=31 * ((0 if tag == "s" else 10) + i))
        start = month.replace(day=1)
        end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        disputes.clearance_report_publish(report=disputes.clearance_report_build(period_start=start, period_end=end),
                                          actor=cast.office)

        # 双公示 (branch decisions-core): published penalties and a draft of unit A; a new version of the world's.
        from decisions import services as decisions
        from tests.decisions.factories import penalty_row as decision_row

        decisions.decision_publish(decision=decisions.decision_create(
            actor=cast.clerk_a, department=cast.unit_a,
            row=decision_row(n=f"增{key}", decision_date=D(2026, 3, 2))), actor=cast.clerk_a)
        decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a,
                                  row=decision_row(n=f"草{key}", decision_date=D(2026, 3, 2)))

        # Configuration changes (configuration:changes): the answer period's value, changed and sealed per row.
        from accounts.services import configuration_change_record
        from workdays.models import Policy

        policy = Policy.objects.get(pk=world.ids["policy"])
        configuration_change_record(actor=cast.office, instance=policy, old={"value": policy.value},
                                    new={"value": policy.value + i + 1}, reason=f"调整{key}")

        # Inbox notices, evaluation tasks.
        Notice.objects.create(key=f"budget-{key}", recipient=cast.user_x, title=f"通知{key}", body="正文")
        Notice.objects.create(key=f"budget-office-{key}", recipient=cast.office, title=f"通知{key}", body="正文")
        evaluation.task_issue(actor=cast.office, title=f"报送{key}", kind="rectification_report", description="d",
                              units=[cast.unit_a, unit], issued_on=D(2025, 9, 1))

    # A new evaluation version over the grown directory, published; clearance reports of more months.
    disputes.clearance_report_build(period_start=D(2026, 3, 1), period_end=D(2026, 3, 31))


def sanction_about(cast, servant):
    from records import services as records

    return records.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=servant,
        kind="government_sanction", severity="general", sanction_type="demerit", title="违反工作纪律",
        decision_date=D(2026, 1, 10), details={"sanction_body": "区纪委监委"})


def evaluate(world) -> None:
    """A published evaluation version over the current directory; the ids follow it."""
    from evaluation import services as evaluation
    from evaluation.models import ReplyQuery
    from tests.evaluation.conftest import run

    for query in ReplyQuery.objects.filter(state="open"):
        evaluation.query_answer(query=query, actor=world.cast.office, outcome="maintained", answer="维持")
    version = run()
    evaluation.run_publish(run=version, actor=world.cast.office, today=D(2026, 1, 31))
    world.ids["run"] = version.pk
    world.ids["score"] = version.scores.get(unit=world.cast.unit_a).pk


def extra_ids(world) -> None:
    from disputes import services as disputes
    from records import services as records
    from tests.factories import make_servant
    from tests.records.test_record_lifecycle import penalty

    cast = world.cast
    free = records.record_publish(record=sanction_about(cast, cast.servant_x), actor=cast.clerk_a)
    world.ids["record_free"] = free.pk
    repairable = records.record_publish(
        record=penalty(cast, severity="serious", decision_date=D(2024, 6, 3), title="可修复记录",
                       decision_number="莱市监罚〔2024〕可修复号"),
        actor=cast.clerk_a, today=D(2024, 6, 5))
    world.ids["repairable"] = repairable.pk
    world.ids["unit_code"] = cast.unit_a.code
    world.objects.mover = make_servant(cast.unit_a, "调动人员")
    world.ids["posted_servant"] = world.objects.mover.pk
    report = disputes.clearance_report_build(period_start=D(2026, 2, 1), period_end=D(2026, 2, 28))
    disputes.clearance_report_publish(report=report, actor=cast.office)
    world.ids["clearance"] = report.pk


def detail_objects(world, rows: int) -> None:
    """Imports are detail pages of their rows: a new one with ``rows`` rows each time; the ids follow it."""
    from evaluation import services as evaluation
    from objections import services as objections
    from records import court_list
    from records import services as records
    from records.imports import import_submit
    from records.models import RectificationCase, RestrictionFlag
    from records.services import punishment
    from tests.records.test_import import PENALTY, penalty_row, workbook
    from tests.records.test_punishment_court_list import court_row
    from tests.records.test_punishment_court_list import workbook as court_workbook
    from tests.records.test_record_lifecycle import penalty

    cast = world.cast
    job = import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="导入.xlsx", file_bytes=workbook(
        [penalty_row(cast.unit_b, 决定文书号=f"莱市监罚〔2026〕{rows}-{i}号") for i in range(rows)]))
    world.ids["import_job"] = job.pk
    court = court_list.court_list_import(
        actor=cast.office, name="名单.xlsx", today=D(2026, 3, 10), file_bytes=court_workbook(
            [court_row(name=f"某某有限公司{rows}-{i}", case_number=f"（2026）鲁0116执{rows}{i:02d}号")
             for i in range(rows)]))
    world.ids["court_import"] = court.pk
    world.ids["flag"] = RestrictionFlag.objects.order_by("pk").values_list("pk", flat=True).first()

    # An objection and a repair with ``rows`` evidence files, a notice of ``rows``
    # cases.
    about_x = records.record_publish(record=sanction_about(cast, cast.servant_x), actor=cast.clerk_a)
    objection = objections.objection_submit(record=about_x, applicant=cast.user_x, reason="有误", today=D(2026, 9, 28),
                                            evidence=[(f"说明{i}.pdf", PDF) for i in range(rows)])
    world.ids["objection"], world.ids["evidence"] = objection.pk, objection.evidence.first().pk
    against_b = records.record_publish(
        record=penalty(cast, severity="serious", decision_date=D(2024, 6, 3), title=f"严重违法经营{rows}",
                       decision_number=f"莱市监罚〔2024〕修{rows}号"),
        actor=cast.clerk_a, today=D(2024, 6, 5))
    repair = objections.repair_apply(record=against_b, applicant=cast.clerk_b, statement="已整改", today=D(2026, 7, 1),
                                     losses_recovered=True, effects_removed=True,
                                     evidence=[(f"凭证{i}.pdf", PDF) for i in range(rows)])
    world.ids["repair"] = repair.pk
    cases = RectificationCase.objects.filter(unit=cast.unit_a).order_by("-pk")[:rows]
    notice = punishment.punishment_notice_publish(cases=cases, number=f"区信用办〔2026〕通{rows}号", title="整改公示",
                                                  body="限期整改", actor=cast.office)
    world.ids["public_notice"] = notice.pk
    task = evaluation.task_issue(actor=cast.office, title=f"报送材料{rows}", kind="rectification_report",
                                 description="d", units=[cast.unit_a], issued_on=D(2025, 9, 1))
    assignment = task.assignments.get()
    evaluation.task_submit(assignment=assignment, actor=cast.clerk_a, note="已报送", today=D(2025, 9, 20),
                           files=[(f"材料{i}.pdf", PDF) for i in range(rows)])
    world.ids["assignment"], world.ids["task_document"] = assignment.pk, assignment.documents.first().pk


# --- measuring ----------------------------------------------------------------------------------------------------

@dataclass
class Measured:
    small: dict[tuple[str, str], int] = field(default_factory=dict)
    large: dict[tuple[str, str], int] = field(default_factory=dict)
    problems: dict[tuple[str, str], str] = field(default_factory=dict)
    sizes: dict[tuple[str, str], list[int]] = field(default_factory=dict)


MEASURED = Measured()


def url_of(name: str, budget: Budget, ids: dict) -> str:
    if name.startswith(NOT_A_PAGE_PREFIXES):
        return reverse(name)  # an admin change list
    route_groups = {n: groups for n, _, groups in url_patterns()}[name]
    kwargs = {group: ids[arg] for group, arg in zip(route_groups, budget.args, strict=True)}
    url = reverse(name, kwargs=kwargs)
    if budget.query:
        url += "?" + budget.query.format(**ids)
    return url


class Clients:
    def __init__(self, cast):
        self.cast, self.made = cast, {}

    def get(self, role: str, is_api: bool):
        key = (role, is_api)
        if key not in self.made:
            user = None if role == "anon" else getattr(self.cast, role)
            client = APIClient() if is_api else Client()
            if user is not None:
                if is_api:
                    client.force_authenticate(user=user)
                else:
                    client.force_login(user)
            self.made[key] = client
        return self.made[key]


def measure(clients: Clients, name: str, budget: Budget, role: str, ids: dict) -> tuple[int, int, str | None]:
    """(queries, response bytes, problem) of one GET; caches emptied first, so a cached page is measured too."""
    from workdays.calendar import clear_calendar_cache

    url = url_of(name, budget, ids)
    client = clients.get(role, url.startswith("/api/"))
    cache.clear()
    clear_calendar_cache()
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        transaction.set_rollback(True)
    size = len(response.getvalue() if getattr(response, "streaming", False) else response.content)
    if response.status_code != budget.status:
        return len(queries), size, f"{url} as {role}: status {response.status_code}, expected {budget.status}"
    return len(queries), size, None


def admin_changelists() -> dict[str, str]:
    """Every list of the Django admin (the office's configuration and read-only views of every table): the
    model's label → the URL name of its change list."""
    from django.contrib import admin

    return {model._meta.label: f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
            for model in admin.site._registry}


#: The admin's lists, as the office sees them; a list the office may not see answers 403 and is not counted.
ADMIN_BUDGET = b("office")


def measure_all(world, clients: Clients, into: dict, warm: bool) -> None:
    for name in admin_changelists().values():
        if warm:
            measure(clients, name, ADMIN_BUDGET, "office", world.ids)
        count, _size, problem = measure(clients, name, ADMIN_BUDGET, "office", world.ids)
        into[(name, "office")] = count
        if problem:
            MEASURED.problems.setdefault((name, "office"), problem)
    for name, budget in BUDGETS.items():
        for role in budget.roles:
            if warm:  # process-wide caches (content types, translations, templates) filled once
                measure(clients, name, budget, role, world.ids)
            count, size, problem = measure(clients, name, budget, role, world.ids)
            into[(name, role)] = count
            MEASURED.sizes.setdefault((name, role), []).append(size)
            if problem:
                MEASURED.problems.setdefault((name, role), problem)


def dump(path: str) -> None:
    """QUERY_BUDGETS_DUMP=path: a table of counts and sizes, to read while fixing."""
    with open(path, "w") as out:
        for key in sorted(MEASURED.large):
            out.write(f"{key[0]:45} {key[1]:14} {MEASURED.small.get(key)!s:>4} {MEASURED.large[key]:>4} "
                      f"{MEASURED.sizes.get(key)}\n")


@pytest.fixture(scope="module")
def measured(request, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            world = build_world()
            clients = Clients(world.cast)
            extra_ids(world)
            grow(world, 1, "s")
            evaluate(world)
            detail_objects(world, 2)
            measure_all(world, clients, MEASURED.small, warm=True)
            grow(world, 8, "l")
            evaluate(world)
            detail_objects(world, 10)
            measure_all(world, clients, MEASURED.large, warm=False)
            if os.environ.get("QUERY_BUDGETS_DUMP"):
                dump(os.environ["QUERY_BUDGETS_DUMP"])
            yield MEASURED
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            reporter = request.config.pluginmanager.get_plugin("terminalreporter")
            if reporter is not None and MEASURED.large:
                constant = {name for name in BUDGETS if all(within_budget(name, role) for role in BUDGETS[name].roles)}
                figure = (f"query budgets: {len(constant)} pages and endpoints, constant in rows "
                          f"({len(MEASURED.large)} page × role measurements; {len(BUDGETS)} budgets)")
                # After the summary: written from a fixture's teardown, the line would land in captured output.
                request.config.add_cleanup(lambda: reporter.write_line(figure))


def within_budget(name: str, role: str) -> bool:
    key, budget = (name, role), BUDGETS[name]
    small, large = MEASURED.small.get(key), MEASURED.large.get(key)
    return (key not in MEASURED.problems and small is not None and large is not None
            and abs(small - large) <= budget.spread and large <= budget.ceiling)


@pytest.mark.parametrize("name", sorted(BUDGETS))
def test_the_query_count_is_constant_in_rows(measured, name):
    failures = []
    for role in BUDGETS[name].roles:
        key = (name, role)
        if key in measured.problems:
            failures.append(measured.problems[key])
            continue
        small, large = measured.small[key], measured.large[key]
        if abs(small - large) > BUDGETS[name].spread:
            failures.append(f"{name} as {role}: {small} queries with 2 rows of each kind, {large} with 10")
        if large > BUDGETS[name].ceiling:
            failures.append(f"{name} as {role}: {large} queries, over the ceiling of {BUDGETS[name].ceiling}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("label", sorted(admin_changelists()))
def test_every_admin_list_runs_a_number_of_queries_that_does_not_grow_with_its_rows(measured, label):
    """The admin shows the office whole tables (2M decisions, every file access): a list that looks up each row's
    related object on its own sends a query per row shown, 100 per page."""
    key = (admin_changelists()[label], "office")
    if "status 403" in measured.problems.get(key, ""):
        pytest.skip(f"the office does not see {label} in the admin")
    assert key not in measured.problems, measured.problems[key]
    small, large = measured.small[key], measured.large[key]
    assert small == large, f"{label}: {small} queries with 2 rows of each kind, {large} with 10"
    assert large <= CEILING, f"{label}: {large} queries, over the ceiling of {CEILING}"
