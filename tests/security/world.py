"""One small world for the security tests, built with the services on the shared cast.

Unit A (区市场监督管理局) provides a sanction about servant X; unit B provides a penalty against unit A (which
opens a rectification case); X objects and unit B applies for repair of a penalty unit A provided against it;
unit A keeps a published commitment with a milestone and evidence; a public clue is routed to unit A; an
evaluation run of 2025Q3 has a score query from unit A and a work task; there is an import job, a cadre check,
a credit report, a clearance report, a public notice, an outbox message and an inbox notice.

``build_world()`` returns a namespace of users (the cast) and a ``ids`` mapping used to fill URL arguments.
"""
from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.core.cache import cache
from django.utils import timezone

from accounts.choices import Role
from tests.factories import make_servant, make_unit, make_user

D = datetime.date
PDF = b"%PDF-1.4\n% security test\n%%EOF\n"
MISSING = 987654  # an id no object has


def build_cast() -> SimpleNamespace:
    """The shared cast of tests/conftest.py (same relations), for a module-scoped world. Usernames carry a
    ``sec-`` prefix: the module-scoped world must not collide with users already in the database."""
    discipline = make_unit("区纪委监委")
    audit = make_unit("区审计局")
    office_unit = make_unit("区发展和改革局")
    unit_a = make_unit("区市场监督管理局", discipline_unit=discipline, audit_unit=audit)
    unit_b = make_unit("凤城街道办事处", kind="street")
    other_supervisor_unit = make_unit("另一监督单位")
    servant_x = make_servant(unit_a, "张明")
    servant_y = make_servant(unit_b, "李华")
    return SimpleNamespace(
        unit_a=unit_a, unit_b=unit_b, discipline=discipline, audit=audit, office_unit=office_unit,
        servant_x=servant_x, servant_y=servant_y,
        office=make_user("sec-office", Role.CREDIT_OFFICE, unit=office_unit, is_staff=True),
        clerk_a=make_user("sec-clerk_a", Role.CLERK, unit=unit_a),
        head_a=make_user("sec-head_a", Role.CLERK, unit=unit_a, is_unit_head=True),
        clerk_b=make_user("sec-clerk_b", Role.CLERK, unit=unit_b),
        user_x=make_user("sec-servant_x", Role.CIVIL_SERVANT, civil_servant=servant_x),
        user_y=make_user("sec-servant_y", Role.CIVIL_SERVANT, civil_servant=servant_y),
        leader=make_user("sec-leader", Role.LEADER),
        supervisor_in=make_user("sec-supervisor_in", Role.SUPERVISOR, unit=discipline),
        supervisor_out=make_user("sec-supervisor_out", Role.SUPERVISOR, unit=other_supervisor_unit),
        cadre=make_user("sec-cadre", Role.CADRE_REVIEWER),
        api_client=make_user("sec-apiclient", Role.API_CLIENT),
    )


def build_world() -> SimpleNamespace:  # noqa: C901 - one straight list of builders
    from commitments import services as commitments
    from disputes import services as disputes
    from disputes.models import RoutingRule
    from evaluation import services as evaluation
    from notifications.models import Notice, OutboxMessage
    from objections import services as objections
    from records import punishment_clocks, reports
    from records import services as records
    from records.imports import import_submit
    from records.models import RectificationCase
    from records.services import punishment
    from tests.commitments.conftest import make_commitment
    from tests.evaluation.conftest import run
    from tests.records.test_import import PENALTY, penalty_row, workbook
    from tests.records.test_record_lifecycle import penalty, sanction
    from workdays.calendar import clear_calendar_cache

    clear_calendar_cache()
    cache.clear()
    punishment_clocks.register()
    cast = build_cast()

    # Records: unit A's sanction about X (published, with an attachment) and a draft of unit A.
    record_x = records.record_publish(record=sanction(cast), actor=cast.clerk_a)
    attachment = records.record_attach(record=record_x, actor=cast.clerk_a, name="决定书.pdf", data=PDF)
    draft_a = penalty(cast, title="草稿记录", decision_number="莱市监罚〔2026〕77号")
    # A penalty unit A provided against unit B (B may object and seek repair), decided long enough ago to repair.
    penalty_b = records.record_publish(
        record=penalty(cast, severity="serious", decision_date=D(2024, 6, 3), title="严重违法经营",
                       decision_number="莱市监罚〔2024〕5号"),
        actor=cast.clerk_a, today=D(2024, 6, 5))
    # A penalty unit B provided against unit A: it opens a rectification case for unit A.
    record_b = records.record_publish(
        record=penalty(cast, provider=cast.unit_b, subject_unit=cast.unit_a, decision_number="凤街罚〔2026〕3号"),
        actor=cast.clerk_b, today=D(2026, 3, 9))
    punishment.punishment_record_changed(record=record_b, actor=cast.clerk_b, today=D(2026, 3, 9))
    case = RectificationCase.objects.get(records=record_b)
    public_notice = punishment.punishment_notice_publish(cases=[case], number="区信用办〔2026〕1号",
                                                         title="整改公示", body="限期整改", actor=cast.office)

    objection = objections.objection_submit(record=record_x, applicant=cast.user_x, reason="决定文书号录入有误",
                                            evidence=[("说明.pdf", PDF)], today=D(2026, 9, 28))
    evidence = objection.evidence.get()
    repair = objections.repair_apply(record=penalty_b, applicant=cast.clerk_b, statement="已全额退还多收价款",
                                     losses_recovered=True, effects_removed=True, today=D(2026, 7, 1))

    job = import_submit(actor=cast.clerk_a, provider=cast.unit_a, kind=PENALTY, name="导入.xlsx",
                        file_bytes=workbook([penalty_row(cast.unit_b)]))
    cadre_check = records.cadre_check_start(reviewer=cast.cadre, civil_servant=cast.servant_x,
                                            purpose="appointment", purpose_note="拟任科长")
    credit_report = reports.credit_report_issue(
        subject=cast.servant_x, content=reports.servant_report_content(servant=cast.servant_x, records=[record_x]),
        issued_to=cast.user_x)

    commitment = make_commitment(cast, publish=True)
    milestone = commitments.milestone_add(commitment=commitment, actor=cast.clerk_a, title="首年减免到位",
                                          due_date=commitment.valid_until)
    commitment_evidence = commitments.evidence_attach(milestone=milestone, actor=cast.clerk_a, name="凭证.pdf",
                                                      data=PDF)

    RoutingRule.objects.create(category="arrears", body_unit=cast.unit_a, unit=cast.unit_a, priority=10)
    clue, receipt_code = disputes.clue_submit(
        today=D(2026, 3, 2), category="arrears", description="区市场监督管理局拖欠我公司设备款 50 万元。",
        body_unit=cast.unit_a, amount="50", contact_name="王先生", contact_phone="13900000000", share_contact=True,
        attachments=[("合同.pdf", PDF)])
    clue_attachment = clue.attachments.get()
    clearance = disputes.clearance_report_build(period_start=D(2026, 3, 1), period_end=D(2026, 3, 31))

    evaluation.scheme_create_default(year=2025)
    version = run()
    score_a = version.scores.get(unit=cast.unit_a)
    query = evaluation.query_raise(score=score_a, indicator_key="dishonesty_records", actor=cast.clerk_a,
                                   reason="本单位记录有误", today=D(2025, 10, 21))
    task = evaluation.task_issue(actor=cast.office, title="报送整改报告", kind="rectification_report",
                                 description="d", units=[cast.unit_a], issued_on=D(2025, 9, 1))
    assignment = task.assignments.get()
    evaluation.task_submit(assignment=assignment, actor=cast.clerk_a, note="已报送", files=[("a.pdf", PDF)],
                           today=D(2025, 9, 20))
    task_document = assignment.documents.first()

    # 双公示 (branch decisions-core): unit A's published penalty on a company, and a draft of unit A.
    from decisions import services as decisions
    from tests.decisions.factories import licence_row
    from tests.decisions.factories import penalty_row as decision_penalty_row

    decision = decisions.decision_publish(
        decision=decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a,
                                           row=decision_penalty_row(n=901, decision_date=timezone.localdate())),
        actor=cast.clerk_a)
    decision_draft = decisions.decision_create(actor=cast.clerk_a, department=cast.unit_a,
                                               row=licence_row(n=902, decision_date=timezone.localdate(),
                                                               valid_from=timezone.localdate()))

    notice = Notice.objects.create(key="security-world-notice", recipient=cast.user_x, title="测试通知", body="正文")
    outbox = OutboxMessage.objects.order_by("pk").first()

    ids = {
        "unit": cast.unit_a.pk, "servant": cast.servant_x.pk, "record": record_x.pk, "draft": draft_a.pk,
        "attachment": attachment.pk, "import_job": job.pk, "import_kind": PENALTY, "cadre_check": cadre_check.pk,
        "report_code": credit_report.code, "case": case.pk, "public_notice": public_notice.pk,
        "court_import": MISSING, "disclosure": penalty_b.pk, "outbox": outbox.pk, "objection": objection.pk,
        "evidence": evidence.pk, "repair": repair.pk, "commitment": commitment.pk, "milestone": milestone.pk,
        "commitment_evidence": commitment_evidence.pk, "clue": clue.pk, "receipt_code": receipt_code,
        "clue_attachment": clue_attachment.pk, "reopen_request": MISSING, "clearance": clearance.pk,
        "run": version.pk, "score": score_a.pk, "indicator": "dishonesty_records", "query": query.pk,
        "assignment": assignment.pk, "task_document": task_document.pk if task_document else MISSING,
        "input_kind": "hotline", "year": 2025, "period_code": "2025Q3", "notice": notice.pk,
        "calendar_year": 2026, "policy": None, "flag": MISSING,
        "account": cast.clerk_a.pk,
        "decision": decision.pk, "decision_draft": decision_draft.pk, "decision_subject": decision.subject_id,
        "decision_act": "penalty",
    }
    from records.models import RestrictionFlag
    from workdays.models import CalendarYear, Policy

    ids["calendar_year"] = CalendarYear.objects.order_by("pk").values_list("pk", flat=True).first()
    ids["policy"] = Policy.objects.filter(key="objection_answer", is_current=True).values_list("pk", flat=True)[0]
    ids["flag"] = RestrictionFlag.objects.values_list("pk", flat=True).first() or MISSING
    # decisions-io: a background import job of unit A's clerk (a file of unit A's decisions).
    from django.core.files.base import ContentFile

    from decisions.import_jobs import DecisionImportJob

    decision_job = DecisionImportJob(uploader=cast.clerk_a, department=cast.unit_a, original_name="处罚.xlsx",
                                     act="penalty", total_rows=1)
    decision_job.file.save("处罚.xlsx", ContentFile(b"PK"), save=True)
    ids["decision_import_job"] = decision_job.pk
    ids.update(admin_ids(cast))
    return SimpleNamespace(cast=cast, ids=ids, objects=SimpleNamespace(
        record_x=record_x, record_b=record_b, penalty_b=penalty_b, case=case, objection=objection, repair=repair,
        commitment=commitment, clue=clue, run=version, score=score_a))


def admin_ids(cast) -> dict:
    """URL arguments of the admin rows (P15): per registered model its oldest object, or an id no object has
    (a reader is then sent back to the admin's index); the user admin's object is clerk A (the office may read it, not change it, nor set its password)."""
    from django.contrib import admin
    from django.contrib.contenttypes.models import ContentType
    from rest_framework.authtoken.models import Token

    Token.objects.get_or_create(user=cast.api_client)  # the token admin has an object the office may not open
    ids = {}
    for model in admin.site._registry:
        first = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        ids[f"admin:{model._meta.app_label}.{model._meta.model_name}"] = MISSING if first is None else first
    ids["admin:accounts.user"] = cast.clerk_a.pk
    ids["admin:authtoken.tokenproxy"] = cast.api_client.pk  # DRF's token admin names a token by its user
    ids.update(admin_app="accounts", admin_ct=ContentType.objects.get_for_model(cast.clerk_a).pk,
               admin_obj=cast.clerk_a.pk)
    return ids
