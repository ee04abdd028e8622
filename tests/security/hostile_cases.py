"""Who sends what where, for the hostile-input corpus (tests/security/test_hostile_inputs.py).

``API_CASES``: one entry per write operation of ``/api/schema/`` ("METHOD /path"): the role allowed to write
there, how to fill the path, a valid body to start from, an optional ``prepare`` that puts the world's object in
the state the operation needs (run inside the request's savepoint) and the pages that show what was written.

``FORM_CASES``: one entry per HTML form view (URL name): the role, the URL arguments, values that make the
generated base data valid (fields left out get a valid value from their form field), and the pages to look at.

``world`` is tests/security/world.py's namespace (``w.cast``, ``w.ids``, ``w.objects``) plus ``w.extra``
(objects made in test_hostile_inputs.py for states the shared world lacks).
"""
from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from tests.factories import make_resident_id, make_uscc

D = datetime.date


@dataclass
class ApiCase:
    role: str
    path: dict[str, str] = field(default_factory=dict)  # path parameter -> key of ``w.ids`` (or callable(w))
    body: Callable = lambda w: {}
    prepare: Callable | None = None
    shows: Callable | None = None  # (w, answer json) -> [(url, role)]
    kinds: dict[str, str] = field(default_factory=dict)  # field -> uscc | resident_id | number | date | text
    fields: tuple[str, ...] = ()  # only for operations whose schema names no body fields
    signed: bool = False


@dataclass
class FormCase:
    role: str
    args: dict[str, str] = field(default_factory=dict)  # URL kwarg -> key of ``w.ids`` (or callable(w))
    data: Callable = lambda w: {}
    query: str = ""
    prepare: Callable | None = None
    form: Callable | None = None  # (w, user) -> an unbound form, when the page shows none under "form"
    shows: Callable | None = None  # (w) -> [(url, role)]
    kinds: dict[str, str] = field(default_factory=dict)
    method: str = "post"
    fields: tuple[str, ...] = ()  # for a view that reads named values without a form


def url(name, *args):
    return reverse(name, args=args)


# --- the pages that show what was written ---------------------------------------------------------------------

def record_pages(pk):
    return [(url("records:record_detail", pk), "office"), (url("records:record_list"), "office")]


def shows_record(w, answer):
    pk = (answer or {}).get("id") or w.ids["draft"]
    return record_pages(pk)


def shows_path_record(key):
    return lambda w, answer=None: record_pages(w.ids[key])


def shows_commitment(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["commitment"]
    return [(url("commitments:detail", pk), "clerk_a"), (url("commitments:public_detail", pk), "anon"),
            (url("commitments:list"), "clerk_a"), (url("commitments:public_list"), "anon")]


def shows_draft_commitment(w, answer=None):
    return shows_commitment(w, {"id": w.extra.draft_commitment.pk})


def shows_clue(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["clue"]
    return [(url("disputes:workspace_detail", pk), "office"), (url("disputes:workspace_list"), "office")]


def shows_new_clue(w, answer=None):
    from disputes.models import DisputeClue

    return shows_clue(w, {"id": DisputeClue.objects.order_by("-pk").values_list("pk", flat=True).first()})


def shows_objection(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["objection"]
    return [(url("objections:objection_detail", pk), "clerk_a"), (url("objections:objection_detail", pk), "user_x"),
            (url("objections:objection_list"), "clerk_a")]


def shows_repair(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["repair"]
    return [(url("objections:repair_detail", pk), "office"), (url("objections:repair_list"), "office")]


def shows_case(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["case"]
    return [(url("punishment:case_detail", pk), "office"), (url("punishment:case_list"), "office")]


def shows_unit(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["unit"]
    return [(url("records:unit_detail", pk), "office"), (url("records:unit_list"), "office")]


def shows_servant(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["servant"]
    return [(url("records:servant_detail", pk), "office"), (url("records:servant_list"), "office")]


def shows_inbox(w, answer=None):
    return [(url("notifications:inbox"), "clerk_a"), (url("notifications:inbox"), "user_x")]


def shows_policies(w, answer=None):
    return [(url("workdays:policies"), "office")]


def shows_assignment(w, answer=None):
    return [(url("evaluation:assignment_detail", w.ids["assignment"]), "office"),
            (url("evaluation:task_list"), "office")]


def shows_score(w, answer=None):
    return [(url("evaluation:score_detail", w.ids["score"]), "office"),
            (url("evaluation:run_detail", w.ids["run"]), "office")]


def shows_decision(w, answer=None):
    pk = (answer or {}).get("id") or w.ids["decision_draft"]
    return [(url("decisions:detail", pk), "clerk_a"), (url("decisions:list"), "clerk_a")]


def shows_new_decision(w, answer=None):
    from decisions.models import Decision

    return shows_decision(w, {"id": Decision.objects.order_by("-pk").values_list("pk", flat=True).first()})


def shows_published_decision(w, answer=None):
    pk = w.ids["decision"]
    return shows_decision(w, {"id": pk}) + [(url("decisions:public_detail", pk), "anon"),
                                            (url("decisions:public_list"), "anon")]


def shows_account(w, answer=None):
    return [(url("useraccounts:detail", w.ids["account"]), "office"), (url("useraccounts:list"), "office")]


# --- states the operations need (run inside the request's savepoint) ------------------------------------------

def review_objection(w):
    from objections import services

    services.objection_review(objection=w.objects.objection, actor=w.cast.clerk_a)


def acknowledge_clue(w):
    from disputes import services

    services.clue_acknowledge(clue=w.objects.clue, actor=w.cast.clerk_a, note="受理")


def conclude_clue(w):
    from disputes import services

    acknowledge_clue(w)
    services.clue_conclude(clue=w.objects.clue, actor=w.cast.clerk_a, outcome="resolved", reason="已支付")


def reopen_clue(w):
    from disputes import services

    conclude_clue(w)
    services.reopen_request(clue=w.objects.clue, reason="尚有尾款")


def explain_case(w):
    from records.services import punishment

    punishment.rectification_explain(case=w.objects.case, actor=w.cast.clerk_a, explanation="制度执行不到位")


def report_case(w):
    from records.services import punishment

    explain_case(w)
    punishment.rectification_report(case=w.objects.case, actor=w.cast.clerk_a, measures="建立制度", results="已整改",
                                    completed_on=D(2026, 3, 20))


def draft_commitment_id(w):
    return w.extra.draft_commitment.pk


def reopen_request_id(w):
    return w.objects.clue.reopen_requests.order_by("-pk").values_list("pk", flat=True).first()


PENALTY_DETAILS = {"subject_category": "法人及非法人组织", "violation_type": "违反价格法", "penalty_category": "罚款",
                   "penalty_content": "罚款人民币伍万元", "fine_amount": "5", "authority_code": "",
                   "penalty_valid_until": "2027-05-06", "note": "备注"}
RECORD_KINDS = {"details.authority_code": "uscc", "details.source_unit_code": "uscc",
                "details.fine_amount": "number", "details.confiscated_amount": "number"}


def new_record(w):
    return {"subject_type": "unit", "subject_unit": w.cast.unit_b.pk, "kind": "administrative_penalty",
            "severity": "general", "title": "超范围经营", "facts": "超出核准范围经营", "legal_basis": "《价格法》",
            "decision_body": "区市场监督管理局", "decision_number": "莱市监罚〔2026〕30号", "decision_date": "2026-05-06",
            "act_start": "2026-04-01", "act_end": "2026-04-30", "details": dict(PENALTY_DETAILS)}


def new_commitment(w):
    return {"code": "CN-2026-0099", "title": "企业开办一日办结承诺", "unit": w.cast.unit_a.pk, "kind": "approval_time_limit",
            "service_area": "", "reason": "优化营商环境", "content": "企业开办全流程一个工作日内办结",
            "liability": "超时的，依规追究责任", "committed_on": "2026-03-02", "valid_until": "2027-03-01",
            "amount": "10", "publication_type": "public", "counterparty_name": "某公司",
            "counterparty_type": "organisation", "counterparty_code": make_uscc(), "accepting_unit": "区政务服务中心",
            "weight": 10}


def forward(w):
    record = w.objects.penalty_b
    return {"schema": "forward-v1", "forward_id": "CP-2026-0001", "type": "objection", "record_id": record.pk,
            "record_version": record.version, "subject_code": w.cast.unit_b.code, "applicant_name": "李华",
            "applicant_contact": "0634-1234567", "reason": "处罚决定书已被复议机关撤销",
            "filed_at": "2026-03-02T10:00:00+08:00"}


def new_decision(w):
    """A 双公示 penalty of unit A on a company, as the clerk's API or form sends it (a new document number)."""
    from django.utils import timezone

    return {"act": "penalty", "subject_category": "legal_person", "subject_name": "济南明远食品有限公司",
            "subject_code": make_uscc(category="91"), "legal_representative": "王立",
            "document_number": "济莱市监罚〔2026〕990号", "violation_type": "食品安全",
            "violation_facts": "经营超过保质期的食品。", "legal_basis": "《中华人民共和国食品安全法》第一百二十四条",
            "penalty_categories": ["fine"], "content": "罚款2万元。", "fine_amount": "2",
            "decision_date": timezone.localdate().isoformat(), "note": "备注"}


DECISION_KINDS = {"subject_code": "uscc", "fine_amount": "number", "confiscated_amount": "number",
                  "decision_date": "date", "penalty_valid_until": "date", "valid_from": "date", "valid_to": "date"}
# A company has no personal identity documents (the generated values would be refused).
DECISION_PERSONAL_IDS = ("representative_id_type", "representative_id_number", "id_type", "id_number")
# The form's other fields of a penalty, left empty (the generated text would be a wrong code or number).
DECISION_FORM_BLANKS = dict.fromkeys(
    ("registration_number", "organisation_code", "tax_number", "institution_number", "social_org_number",
     *DECISION_PERSONAL_IDS, "licence_suspended", "penalty_valid_until", "validity_status", "document_name",
     "confiscated_amount", "severity"), "")


API_CASES: dict[str, ApiCase] = {
    # accounts
    "POST /api/v1/auth/token/": ApiCase("anon", body=lambda w: {"username": "sec-office", "password": "pw-for-tests-1"}),
    # directory
    "POST /api/v1/units/": ApiCase(
        "office", body=lambda w: {"name": "区统计局", "code": make_uscc(), "kind": "department",
                                  "superior": w.cast.office_unit.pk, "discipline_unit": w.cast.discipline.pk,
                                  "audit_unit": w.cast.audit.pk, "address": "莱芜区花园北路 1 号", "phone": "0634-1234567"},
        kinds={"code": "uscc"}, shows=shows_unit),
    "PATCH /api/v1/units/{id}/": ApiCase(
        "office", {"id": "unit"}, lambda w: {"name": "区市场监督管理局", "address": "莱芜区", "phone": "0634-1"},
        kinds={"code": "uscc"}, shows=shows_unit),
    "POST /api/v1/units/{id}/heads/": ApiCase(
        "office", {"id": "unit"}, lambda w: {"person_name": "王局长", "title": "局长", "start": "2026-01-05"},
        shows=shows_unit),
    "POST /api/v1/units/{id}/succeed/": ApiCase(
        "office", {"id": "unit"}, lambda w: {"successor": w.cast.unit_b.pk, "status": "renamed", "on": "2026-03-01",
                                            "reason": "机构改革"}, shows=shows_unit),
    "POST /api/v1/civil-servants/": ApiCase(
        "office", body=lambda w: {"name": "赵某", "id_number": make_resident_id(), "unit": w.cast.unit_a.pk,
                                  "post": "科员", "rank": "clerk_1", "status": "serving"},
        kinds={"id_number": "resident_id"}, shows=shows_servant),
    "PATCH /api/v1/civil-servants/{id}/": ApiCase(
        "office", {"id": "servant"}, lambda w: {"name": "张明", "post": "科员"},
        kinds={"id_number": "resident_id"}, shows=shows_servant),
    "POST /api/v1/civil-servants/{id}/transfer/": ApiCase(
        "office", {"id": "servant"}, lambda w: {"unit": w.cast.unit_b.pk, "post": "副主任", "on": "2026-06-01",
                                               "reason": "工作调动"}, shows=shows_servant),
    # records
    "POST /api/v1/records/": ApiCase("clerk_a", body=new_record, kinds=RECORD_KINDS, shows=shows_record),
    "PATCH /api/v1/records/{id}/": ApiCase(
        "clerk_a", {"id": "draft"}, lambda w: {"title": "改了", "facts": "事实", "details": dict(PENALTY_DETAILS)},
        kinds=RECORD_KINDS, shows=shows_path_record("draft")),
    "POST /api/v1/records/{id}/attachments/": ApiCase("clerk_a", {"id": "draft"}),
    "POST /api/v1/records/{id}/correct/": ApiCase(
        "clerk_a", {"id": "disclosure"},
        lambda w: {"reason": "更正事由", "title": "更正后", "facts": "事实", "details": dict(PENALTY_DETAILS)},
        kinds=RECORD_KINDS, shows=shows_path_record("disclosure")),
    "POST /api/v1/records/{id}/decision-changed/": ApiCase(
        "clerk_a", {"id": "disclosure"}, lambda w: {"on": "2026-03-02", "reason": "复议撤销"},
        shows=shows_path_record("disclosure")),
    "POST /api/v1/records/{id}/publish/": ApiCase("clerk_a", {"id": "draft"}),
    "POST /api/v1/records/{id}/revoke/": ApiCase(
        "clerk_a", {"id": "disclosure"}, lambda w: {"reason": "原决定撤销"}, shows=shows_path_record("disclosure")),
    "POST /api/v1/rectification-cases/": ApiCase(
        "office", body=lambda w: {"unit": w.cast.unit_b.pk, "records": [w.objects.penalty_b.pk], "reason": "典型"},
        shows=shows_case),
    "POST /api/v1/rectification-cases/{id}/explain/": ApiCase(
        "clerk_a", {"id": "case"}, lambda w: {"explanation": "制度执行不到位"}, shows=shows_case),
    "POST /api/v1/rectification-cases/{id}/report/": ApiCase(
        "clerk_a", {"id": "case"}, lambda w: {"measures": "建立制度", "results": "已整改", "completed_on": "2026-03-20"},
        prepare=explain_case, shows=shows_case),
    "POST /api/v1/rectification-cases/{id}/accept/": ApiCase(
        "office", {"id": "case"}, lambda w: {"note": "通过"}, prepare=report_case, shows=shows_case),
    "POST /api/v1/rectification-cases/{id}/return/": ApiCase(
        "office", {"id": "case"}, lambda w: {"reason": "材料不全"}, prepare=report_case, shows=shows_case),
    "POST /api/v1/rectification-cases/{id}/accountability/": ApiCase(
        "office", {"id": "case"}, lambda w: {"form": "诫勉", "decision": "对主要负责人诫勉谈话", "decided_on": "2026-03-20",
                                            "severity": "general"}, shows=shows_case),
    # objections and repairs
    "POST /api/v1/objections/": ApiCase(
        "clerk_b", body=lambda w: {"record": w.objects.penalty_b.pk, "reason": "处罚对象有误"}, shows=shows_objection),
    "POST /api/v1/objections/{id}/review/": ApiCase("clerk_a", {"id": "objection"}),
    "POST /api/v1/objections/{id}/decide/": ApiCase(
        "clerk_a", {"id": "objection"},
        lambda w: {"outcome": "upheld", "reason": "核实有误", "record_action": "correct",
                   "corrections": {"sanction_type": "warning", "title": "更正后"}},
        prepare=review_objection, shows=shows_objection),
    "POST /api/v1/objections/{id}/extend/": ApiCase(
        "office", {"id": "objection"}, lambda w: {"reason": "需其他单位核实", "days": 5}, shows=shows_objection),
    "POST /api/v1/objections/{id}/period/": ApiCase(
        "office", {"id": "objection"},
        lambda w: {"policy_key": "objection_answer_provincial_verify", "reason": "需其他单位核实"},
        shows=shows_objection),
    "POST /api/v1/objections/{id}/pause/": ApiCase(
        "office", {"id": "objection"}, lambda w: {"reason": "等待补充材料"}, shows=shows_objection),
    "POST /api/v1/objections/{id}/resume/": ApiCase(
        "office", {"id": "objection"}, lambda w: {"reason": "材料已补充"}, shows=shows_objection),
    "POST /api/v1/objections/{id}/withdraw/": ApiCase(
        "user_x", {"id": "objection"}, lambda w: {"reason": "已核实无误"}, shows=shows_objection),
    "POST /api/v1/repairs/": ApiCase(
        "clerk_a", body=lambda w: {"record": w.objects.record_b.pk, "statement": "已整改到位", "losses_recovered": True,
                                   "effects_removed": True, "harm_stopped": True}, shows=shows_repair),
    "POST /api/v1/repairs/{id}/decide/": ApiCase(
        "office", {"id": "repair"}, lambda w: {"outcome": "approved", "reason": "整改到位", "punishment": "lighter"},
        shows=shows_repair),
    "POST /api/v1/platform/forwards/": ApiCase(
        "anon", body=forward, signed=True, shows=shows_objection,
        fields=("forward_id", "type", "record_id", "record_version", "subject_code", "applicant_name",
                "applicant_contact", "reason", "statement", "losses_recovered", "filed_at"),
        kinds={"record_id": "number", "record_version": "number", "subject_code": "uscc", "filed_at": "date"}),
    # commitments
    "POST /api/v1/commitments/": ApiCase("clerk_a", body=new_commitment, kinds={"counterparty_code": "uscc"},
                                         shows=shows_commitment),
    "PATCH /api/v1/commitments/{id}/": ApiCase(
        "clerk_a", {"id": draft_commitment_id}, lambda w: {"title": "改了", "content": "新内容", "amount": "3"},
        kinds={"counterparty_code": "uscc"}, shows=shows_draft_commitment),
    "POST /api/v1/commitments/{id}/publish/": ApiCase("clerk_a", {"id": draft_commitment_id}),
    "POST /api/v1/commitments/{id}/milestones/": ApiCase(
        "clerk_a", {"id": "commitment"}, lambda w: {"title": "第二年减免到位", "due_date": "2026-06-30", "weight": 10},
        shows=shows_commitment),
    "POST /api/v1/commitments/{id}/officials/": ApiCase(
        "clerk_a", {"id": "commitment"},
        lambda w: {"person_name": "刘某", "title": "副局长", "stage": "implementation", "start": "2026-01-05",
                   "civil_servant": w.cast.servant_x.pk}, shows=shows_commitment),
    "POST /api/v1/commitments/{id}/conclude/": ApiCase(
        "clerk_a", {"id": "commitment"},
        lambda w: {"outcome": "partly_fulfilled", "on": "2026-03-02", "unfulfilled_content": "第三年未减免"},
        shows=shows_commitment),
    "POST /api/v1/commitments/{id}/change/": ApiCase(
        "clerk_a", {"id": "commitment"},
        lambda w: {"kind": "change", "legal_basis": "public_interest", "legal_basis_text": "规划调整",
                   "approved_by": "区政府常务会议", "approval_document": "莱政字〔2026〕3号", "approved_on": "2026-03-01",
                   "compensation": "补偿租金差额", "compensation_amount": "12.5", "new_terms": "减免两年",
                   "new_valid_until": "2027-03-01"}, shows=shows_commitment),
    "POST /api/v1/commitments/{id}/breach/": ApiCase(
        "clerk_a", {"id": "commitment"},
        lambda w: {"breached_on": "2026-03-01", "found_on": "2026-03-02", "unfulfilled_content": "未减免租金",
                   "stage": "implementation"}, shows=shows_commitment),
    # disputes
    "POST /api/v1/disputes/": ApiCase(
        "anon", body=lambda w: {"category": "arrears", "body_unit": w.cast.unit_a.pk, "body_name": "某管委会",
                                "description": "拖欠工程款 30 万元。", "amount": "30", "happened_on": "2026-01-05",
                                "contact_name": "王先生", "contact_phone": "13900000000",
                                "contact_email": "wang@example.cn", "share_contact": True},
        shows=shows_new_clue),
    "POST /api/v1/disputes/clues/{id}/route/": ApiCase(
        "office", {"id": "clue"}, lambda w: {"unit": w.cast.unit_b.pk, "note": "街道先办"}, shows=shows_clue),
    "POST /api/v1/disputes/clues/{id}/not-ours/": ApiCase(
        "clerk_a", {"id": "clue"}, lambda w: {"reason": "不属本单位"}, shows=shows_clue),
    "POST /api/v1/disputes/clues/{id}/acknowledge/": ApiCase(
        "clerk_a", {"id": "clue"}, lambda w: {"note": "受理"}, shows=shows_clue),
    "POST /api/v1/disputes/clues/{id}/notes/": ApiCase(
        "clerk_a", {"id": "clue"}, lambda w: {"body": "内部说明", "visibility": "public"}, shows=shows_clue),
    "POST /api/v1/disputes/clues/{id}/extend/": ApiCase(
        "clerk_a", {"id": "clue"}, lambda w: {"reason": "需核实"}, prepare=acknowledge_clue, shows=shows_clue),
    "POST /api/v1/disputes/clues/{id}/conclude/": ApiCase(
        "clerk_a", {"id": "clue"}, lambda w: {"outcome": "resolved", "reason": "已支付", "breach": False},
        prepare=acknowledge_clue, shows=shows_clue),
    "POST /api/v1/disputes/clues/{id}/link/": ApiCase(
        "clerk_a", {"id": "clue"}, lambda w: {"commitment": w.objects.commitment.pk}, shows=shows_clue),
    "POST /api/v1/disputes/clues/{id}/reopen-decide/": ApiCase(
        "office", {"id": "clue"}, lambda w: {"grant": True, "reason": "确有尾款未付"}, prepare=reopen_clue,
        shows=shows_clue),
    "POST /api/v1/disputes/track/": ApiCase(
        "anon", {}, lambda w: {"receipt_code": w.ids["receipt_code"]}),
    "POST /api/v1/disputes/track/info/": ApiCase(
        "anon", {}, lambda w: {"receipt_code": w.ids["receipt_code"], "body": "补充：发票号 123"}, shows=shows_clue),
    "POST /api/v1/disputes/track/rate/": ApiCase(
        "anon", {}, lambda w: {"receipt_code": w.ids["receipt_code"], "rating": 5, "comment": "满意"},
        prepare=conclude_clue, shows=shows_clue),
    "POST /api/v1/disputes/track/reopen/": ApiCase(
        "anon", {}, lambda w: {"receipt_code": w.ids["receipt_code"], "reason": "尚有尾款"}, prepare=conclude_clue,
        shows=shows_clue),
    "POST /api/v1/disputes/reports/{id}/publish/": ApiCase("office", {"id": "clearance"}),
    # 双公示 decisions: the issuing department's clerk writes
    "POST /api/v1/decisions/": ApiCase("clerk_a", body=new_decision, kinds=DECISION_KINDS, shows=shows_new_decision),
    "PATCH /api/v1/decisions/{id}/": ApiCase(
        "clerk_a", {"id": "decision_draft"}, lambda w: {"content": "预包装食品销售（含冷藏冷冻食品）", "note": "备注"},
        kinds=DECISION_KINDS, shows=shows_decision),
    "POST /api/v1/decisions/publish/": ApiCase("clerk_a", body=lambda w: {"ids": [w.ids["decision_draft"]]},
                                               shows=shows_decision),
    # a multipart upload: the file itself cannot be sent as text here (the decisions import tests send files)
    "POST /api/v1/decisions/import/": ApiCase("clerk_a", body=lambda w: {"dry_run": True}),
    # notifications, workdays
    "POST /api/v1/notices/broadcast/": ApiCase(
        "office", body=lambda w: {"title": "通知", "body": "请按时报送", "role": "clerk", "unit": w.cast.unit_a.pk,
                                  "send_email": False}, shows=shows_inbox),
    "POST /api/v1/notices/mark-read/": ApiCase("user_x", body=lambda w: {"ids": [w.ids["notice"]]}),
    "POST /api/v1/policies/{id}/revise/": ApiCase(
        "office", {"id": "policy"}, lambda w: {"value": 7, "unit": "working_days", "legal_basis": "山东省社会信用条例第三十九条",
                                              "name": "异议答复期限", "start_event": "objection_submitted",
                                              "applies_to": ""}, shows=shows_policies),
}


# --- HTML forms ---------------------------------------------------------------------------------------------

def form_of(cls, **kwargs):
    return lambda w, user: cls(**{key: (value(w, user) if callable(value) else value) for key, value in kwargs.items()})


def _disputes_form(name):
    def build(w, user):
        from disputes import forms

        return getattr(forms, name)()
    return build


def _evaluation_form(name):
    def build(w, user):
        from evaluation import forms

        return getattr(forms, name)()
    return build


def _records_form(name):
    def build(w, user):
        from records import forms_punishment

        return getattr(forms_punishment, name)()
    return build


def _query_form(w, user):
    from evaluation.forms import QueryForm

    return QueryForm(items=w.objects.score.items.all())


def _code(w):
    return {"code": w.ids["receipt_code"]}


FORM_CASES: dict[str, FormCase] = {
    "accounts:login": FormCase("anon", data=lambda w: {"username": "sec-office", "password": "pw-for-tests-1"}),
    "accounts:password_change": FormCase(
        "clerk_b", data=lambda w: {"old_password": "pw-for-tests-1", "new_password1": "Xy7!long-enough-pass",
                                   "new_password2": "Xy7!long-enough-pass"}),
    "workdays:calculator": FormCase("anon", data=lambda w: {"start": "2026-03-02", "days": "10"}, method="get",
                                    kinds={"days": "number", "start": "date"}),
    # directory
    "records:unit_create": FormCase("office", data=lambda w: {"code": make_uscc(), "superior": "", "discipline_unit": "",
                                                               "audit_unit": ""},
                                    kinds={"code": "uscc"}, shows=lambda w: [(url("records:unit_list"), "office")]),
    "records:unit_edit": FormCase("office", {"pk": "unit"}, kinds={"code": "uscc"}, shows=lambda w: shows_unit(w)),
    "records:servant_create": FormCase("office", data=lambda w: {"id_number": make_resident_id(),
                                                                  "unit": w.cast.unit_a.pk},
                                       kinds={"id_number": "resident_id"},
                                       shows=lambda w: [(url("records:servant_list"), "office")]),
    "records:servant_edit": FormCase("office", {"pk": "servant"}, kinds={"id_number": "resident_id"},
                                     shows=lambda w: shows_servant(w)),
    # records
    "records:record_create": FormCase(
        "clerk_a", query="?kind=administrative_penalty",
        data=lambda w: {"kind": "administrative_penalty", "subject_type": "unit", "subject_unit": w.cast.unit_b.pk,
                        "civil_servant": ""},
        shows=lambda w: [(url("records:record_list"), "clerk_a")]),
    "records:record_edit": FormCase("clerk_a", {"pk": "draft"}, shows=lambda w: record_pages(w.ids["draft"])),
    "records:record_correct": FormCase("clerk_a", {"pk": "disclosure"}, data=lambda w: {"reason": "更正事由"},
                                       shows=lambda w: record_pages(w.ids["disclosure"])),
    "records:record_revoke": FormCase("clerk_a", {"pk": "disclosure"},
                                      shows=lambda w: record_pages(w.ids["disclosure"])),
    "records:record_decision_changed": FormCase("clerk_a", {"pk": "disclosure"}, data=lambda w: {"on": "2026-03-02"},
                                                shows=lambda w: record_pages(w.ids["disclosure"])),
    "records:record_bulk_publish": FormCase("clerk_a", data=lambda w: {"ids": [w.ids["draft"]]}, fields=("ids",),
                                            kinds={"ids": "number"}, shows=lambda w: record_pages(w.ids["draft"])),
    "records:record_attach": FormCase("clerk_a", {"pk": "draft"}, form=lambda w, user: __import__(
        "records.forms_records", fromlist=["AttachmentForm"]).AttachmentForm()),
    "records:import_upload": FormCase("clerk_a"),
    "records:cadre_check_create": FormCase("cadre", data=lambda w: {"civil_servant": w.cast.servant_x.pk},
                                           shows=lambda w: [(url("records:cadre_check_list"), "cadre")]),
    # punishment
    "punishment:case_open": FormCase("office", data=lambda w: {"unit": w.cast.unit_b.pk,
                                                                "records": [w.objects.penalty_b.pk]},
                                     shows=lambda w: [(url("punishment:case_list"), "office")]),
    "punishment:case_explain": FormCase("clerk_a", {"pk": "case"}, form=_records_form("ExplainForm"),
                                        shows=lambda w: shows_case(w)),
    "punishment:case_report": FormCase("clerk_a", {"pk": "case"}, prepare=explain_case,
                                       data=lambda w: {"completed_on": "2026-03-20"},
                                       form=_records_form("ReportForm"), shows=lambda w: shows_case(w)),
    "punishment:case_accept": FormCase("office", {"pk": "case"}, prepare=report_case, form=_records_form("AcceptForm"),
                                       shows=lambda w: shows_case(w)),
    "punishment:case_return": FormCase("office", {"pk": "case"}, prepare=report_case, form=_records_form("ReturnForm"),
                                       shows=lambda w: shows_case(w)),
    "punishment:case_accountability": FormCase("office", {"pk": "case"},
                                               data=lambda w: {"form": "诫勉", "decided_on": "2026-03-20"},
                                               form=_records_form("AccountabilityDecideForm"),
                                               shows=lambda w: shows_case(w)),
    "punishment:notice_publish": FormCase("office", data=lambda w: {"cases": [w.ids["case"]]},
                                          shows=lambda w: [(url("punishment:public_notice_list"), "anon")]),
    "punishment:zero_status_compute": FormCase("office", data=lambda w: {"period": "2025Q3"},
                                               form=_records_form("ZeroStatusForm")),
    "punishment:court_upload": FormCase("office", form=_records_form("CourtUploadForm")),
    # objections and repairs
    "objections:objection_create": FormCase("clerk_b", {"record_pk": "disclosure"},
                                            shows=lambda w: [(url("objections:objection_list"), "clerk_b")]),
    "objections:objection_decide": FormCase("clerk_a", {"pk": "objection"}, prepare=review_objection,
                                            data=lambda w: {"outcome": "rejected", "record_action": ""},
                                            shows=lambda w: shows_objection(w)),
    "objections:objection_withdraw": FormCase("user_x", {"pk": "objection"}, shows=lambda w: shows_objection(w)),
    "objections:objection_extend": FormCase("office", {"pk": "objection"}, data=lambda w: {"days": "5"},
                                            shows=lambda w: shows_objection(w)),
    "objections:objection_period": FormCase("office", {"pk": "objection"},
                                            data=lambda w: {"policy_key": "objection_answer_provincial_verify"},
                                            shows=lambda w: shows_objection(w)),
    "objections:objection_pause": FormCase("office", {"pk": "objection"}, shows=lambda w: shows_objection(w)),
    "objections:objection_resume": FormCase("office", {"pk": "objection"}, shows=lambda w: shows_objection(w)),
    "objections:repair_create": FormCase("clerk_a", {"record_pk": lambda w: w.objects.record_b.pk},
                                         shows=lambda w: [(url("objections:repair_list"), "clerk_a")]),
    "objections:repair_create_decision": FormCase("clerk_a", {"decision_pk": "decision"},
                                                  shows=lambda w: shows_published_decision(w)),
    "objections:repair_decide": FormCase("office", {"pk": "repair"}, data=lambda w: {"outcome": "approved",
                                                                                     "punishment": "lighter"},
                                         shows=lambda w: shows_repair(w)),
    # commitments
    "commitments:create": FormCase("clerk_a", data=lambda w: {**new_commitment(w), "parent": ""},
                                   kinds={"counterparty_code": "uscc"},
                                   shows=lambda w: [(url("commitments:list"), "clerk_a")]),
    "commitments:import_upload": FormCase("clerk_a"),
    "commitments:edit": FormCase("clerk_a", {"pk": draft_commitment_id}, kinds={"counterparty_code": "uscc"},
                                 shows=lambda w: shows_draft_commitment(w)),
    "commitments:milestone_add": FormCase("clerk_a", {"pk": "commitment"}, data=lambda w: {"due_date": "2026-06-30"},
                                          shows=lambda w: shows_commitment(w)),
    "commitments:milestone_complete": FormCase("clerk_a", {"pk": "commitment", "milestone_pk": "milestone"},
                                               data=lambda w: {"completed_on": "2026-03-02"},
                                               shows=lambda w: shows_commitment(w)),
    "commitments:evidence_upload": FormCase("clerk_a", {"pk": "commitment", "milestone_pk": "milestone"}),
    "commitments:official_add": FormCase("clerk_a", {"pk": "commitment"},
                                         data=lambda w: {"start": "2026-01-05", "civil_servant": ""},
                                         shows=lambda w: shows_commitment(w)),
    "commitments:conclude": FormCase("clerk_a", {"pk": "commitment"},
                                     data=lambda w: {"outcome": "partly_fulfilled", "on": "2026-03-02"},
                                     shows=lambda w: shows_commitment(w)),
    "commitments:change": FormCase("clerk_a", {"pk": "commitment"},
                                   data=lambda w: {"kind": "change", "legal_basis": "public_interest",
                                                   "approved_on": "2026-03-01", "new_valid_until": "2027-03-01",
                                                   "compensation_amount": "12.5"},
                                   shows=lambda w: shows_commitment(w)),
    "commitments:breach": FormCase("clerk_a", {"pk": "commitment"},
                                   data=lambda w: {"breached_on": "2026-03-01", "found_on": "2026-03-02"},
                                   shows=lambda w: shows_commitment(w)),
    # disputes, public
    "disputes:public_submit": FormCase("anon", data=lambda w: {"category": "arrears", "body_unit": w.cast.unit_a.pk,
                                                                "contact_email": "wang@example.cn",
                                                                "happened_on": "2026-01-05", "amount": "30"},
                                       form=_disputes_form("ClueSubmitForm"),
                                       shows=lambda w: shows_new_clue(w)),
    "disputes:public_track": FormCase("anon", data=_code, form=_disputes_form("TrackForm")),
    "disputes:public_add_info": FormCase("anon", data=_code, form=_disputes_form("AddInfoForm"),
                                         shows=lambda w: shows_clue(w)),
    "disputes:public_rate": FormCase("anon", data=lambda w: {**_code(w), "rating": "5"}, prepare=conclude_clue,
                                     form=_disputes_form("RateForm"), shows=lambda w: shows_clue(w)),
    "disputes:public_reopen": FormCase("anon", data=_code, prepare=conclude_clue, form=_disputes_form("ReopenForm"),
                                       shows=lambda w: shows_clue(w)),
    # disputes, workspace
    "disputes:report_build": FormCase("office", data=lambda w: {"period_start": "2026-02-01",
                                                                 "period_end": "2026-02-28"}),
    "disputes:route": FormCase("office", {"pk": "clue"}, data=lambda w: {"unit": w.cast.unit_b.pk},
                               shows=lambda w: shows_clue(w)),
    "disputes:refuse": FormCase("clerk_a", {"pk": "clue"}, shows=lambda w: shows_clue(w)),
    "disputes:acknowledge": FormCase("clerk_a", {"pk": "clue"}, shows=lambda w: shows_clue(w)),
    "disputes:note": FormCase("clerk_a", {"pk": "clue"}, data=lambda w: {"visibility": "public"},
                              shows=lambda w: shows_clue(w)),
    "disputes:conclude": FormCase("clerk_a", {"pk": "clue"}, prepare=acknowledge_clue,
                                  data=lambda w: {"outcome": "resolved", "merged_into": ""},
                                  shows=lambda w: shows_clue(w)),
    "disputes:extend": FormCase("clerk_a", {"pk": "clue"}, prepare=acknowledge_clue, shows=lambda w: shows_clue(w)),
    "disputes:link": FormCase("clerk_a", {"pk": "clue"}, data=lambda w: {"commitment": w.objects.commitment.pk},
                              shows=lambda w: shows_clue(w)),
    "disputes:reopen_decide": FormCase("office", {"pk": "clue", "request_pk": reopen_request_id}, prepare=reopen_clue,
                                       data=lambda w: {"grant": "on"}, shows=lambda w: shows_clue(w)),
    # 双公示 decisions
    "decisions:create": FormCase("clerk_a", {"act": "decision_act"},
                                 data=lambda w: {**new_decision(w), **DECISION_FORM_BLANKS},
                                 kinds=DECISION_KINDS, shows=lambda w: shows_new_decision(w)),
    "decisions:edit": FormCase("clerk_a", {"pk": "decision_draft"}, kinds=DECISION_KINDS,
                               data=lambda w: dict.fromkeys(DECISION_PERSONAL_IDS, ""),  # a company: none
                               shows=lambda w: shows_decision(w)),
    "decisions:revoke": FormCase("clerk_a", {"pk": "decision"}, shows=lambda w: shows_published_decision(w)),
    "decisions:bulk_publish": FormCase("clerk_a", data=lambda w: {"ids": [w.ids["decision_draft"]]}, fields=("ids",),
                                       kinds={"ids": "number"}, shows=lambda w: shows_decision(w)),
    "decisions:quality": FormCase("office", data=lambda w: {"year": "2026"}, method="get", kinds={"year": "number"}),
    # reports, public: the typed code (any case, hyphens, spaces) is normalised and redirects to its page
    "reports:verify_form": FormCase("anon", data=lambda w: {"code": "abcd-efgh-jkmn-pqrs-tuvw"}, method="get"),
    "decisions_import:upload": FormCase("clerk_a"),
    # the office's account pages
    "useraccounts:create": FormCase(
        "office", data=lambda w: {"username": "new-clerk", "password1": "Xy7!long-enough-pass",
                                  "password2": "Xy7!long-enough-pass", "role": "clerk", "unit": w.cast.unit_a.pk,
                                  "civil_servant": ""},
        shows=lambda w: [(url("useraccounts:list"), "office")]),
    "useraccounts:role": FormCase(
        "office", {"pk": "account"}, form=lambda w, user: __import__(
            "accounts.forms_accounts", fromlist=["AccountRoleForm"]).AccountRoleForm(actor=user),
        data=lambda w: {"role": "clerk", "unit": w.cast.unit_b.pk, "civil_servant": ""},
        shows=lambda w: shows_account(w)),
    # the detail page's two reason forms carry a prefix (active-, unlock-)
    "useraccounts:active": FormCase("office", {"pk": "account"}, data=lambda w: {"active-reason": "调离本单位"},
                                    fields=("active-reason",), shows=lambda w: shows_account(w)),
    "useraccounts:unlock": FormCase("office", {"pk": "account"}, data=lambda w: {"unlock-reason": "本人确认"},
                                    fields=("unlock-reason",), shows=lambda w: shows_account(w)),
    "useraccounts:lockouts": FormCase("office", data=lambda w: {"ip_address": "10.9.8.7"}),
    # evaluation
    "evaluation:run_start": FormCase("office", data=lambda w: {"period": "2025Q3"},
                                     form=_evaluation_form("RunStartForm")),
    "evaluation:score_query": FormCase("clerk_a", {"pk": "score"}, form=_query_form,
                                       data=lambda w: {"indicator_key": "dishonesty_records"},
                                       shows=lambda w: shows_score(w)),
    "evaluation:query_answer": FormCase("office", {"pk": "query"}, form=_evaluation_form("AnswerForm"),
                                        data=lambda w: {"outcome": "rejected"}, shows=lambda w: shows_score(w)),
    "evaluation:task_list": FormCase("office", data=lambda w: {"units": [w.cast.unit_a.pk], "kind": "work_plan",
                                                                "issued_on": "2025-09-01"},
                                     form=_evaluation_form("TaskForm"),
                                     shows=lambda w: [(url("evaluation:task_list"), "office")]),
    "evaluation:assignment_detail": FormCase("office", {"pk": "assignment"}, data=lambda w: {"action": "review"},
                                             form=_evaluation_form("ReviewForm"), shows=lambda w: shows_assignment(w)),
    "evaluation:inputs": FormCase("office", form=_evaluation_form("InputImportForm")),
    "evaluation:demonstration": FormCase("office", form=_evaluation_form("DemonstrationForm"),
                                         data=lambda w: {"score": w.ids["score"]}),
}

# POST views that take no form fields: what they do is the whole request (a button), or not a data form at all.
NOT_FORMS = {
    "accounts:logout": "a button: logs out",
    "set_language": "Django's language switch: a known language or nothing happens",
    "records:record_publish": "a button",
    "records:import_start": "a button",
    "notifications:mark_all_read": "a button",
    "reports:servant": "a button: issue a report",
    "reports:unit": "a button: issue a report",
    "outbox:resend": "a button",
    "ledger:status": "a button: verify the ledger",
    "objections:objection_review": "a button",
    "commitments:publish": "a button",
    "decisions:publish": "a button",
    "disputes:report_publish": "a button",
    "disputes:contact": "a button: reveal the contact (logged)",
    "evaluation:run_publish": "a button",
    "reports:verify": "the code is in the path and only looked up; the form it shows sends to reports:verify_form",
}
