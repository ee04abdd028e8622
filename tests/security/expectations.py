"""The hand-written expectation table of the scope matrix (DESIGN.md §1, the access rule).

Written from the design, never from what the code answers. Each URL name maps to the argument kinds that fill
its URL (keys of ``world.ids``), the write method to try (``None``: the URL takes no write) and the expected
status for every role, for a read (GET) and a write (POST/PATCH with an empty body).

The access rule: API — anonymous on a non-public endpoint 401, a role that may never do the action 403, an object
outside the user's scope 404, an unsupported method 405, a wrong state 409. HTML — anonymous on a staff page 302
to the login page, a role that may never do it 403, out of scope 404.

The world (tests/security/world.py): unit A provides a sanction about servant X (``record``) and a draft
(``draft``); clerk A filed the import job; user X objected; clerk B (unit B) applied for repair; unit A keeps the
commitment and is the handler of the clue; the rectification case is unit A's; the score and query are unit A's.

An expected value is a status or a set of statuses. ``PASS`` is for a role the rule lets through on an empty
write: the answer is then the view's own (a form shown again, a field error, a redirect, a wrong state) — never a
refusal of access, never a 5xx.
"""
from __future__ import annotations

ROLES = ("anon", "office", "clerk_a", "head_a", "clerk_b", "user_x", "user_y", "leader", "supervisor_in",
         "supervisor_out", "cadre", "api_client")
USERS = ROLES[1:]
CLERKS_A = ("clerk_a", "head_a")
CLERKS = ("clerk_a", "head_a", "clerk_b")
SERVANTS = ("user_x", "user_y")
SUPERVISORS = ("supervisor_in", "supervisor_out")
STAFF = ("office", *CLERKS, "leader", *SUPERVISORS, "cadre")

PASS = frozenset({200, 201, 204, 302, 400, 409})
FORM = frozenset({200, 302, 400})  # a form page shown again with its errors, or done

# URLs the matrix does not visit, and why.
NOT_COVERED = {
    "api-schema": "the OpenAPI schema is public documentation (issue 9 item 2 fuzzes against it)",
    "api-docs": "Swagger UI page over the schema",
    "api-redoc": "ReDoc page over the schema",
    "set_language": "Django's language switch (tests/accounts/test_access_rule.py covers it)",
}
NOT_COVERED_PREFIXES = {
    "admin:": "the Django admin: is_staff + model permissions, Django's own access control",
}


def cells(default, anon=None, **by_role) -> dict[str, object]:
    """A full row: ``default`` for every signed-in role, ``anon`` for anonymous, then per-role overrides.
    A keyword may name a group: ``clerks=200`` sets clerk_a, head_a and clerk_b."""
    groups = {"clerks": CLERKS, "clerks_a": CLERKS_A, "servants": SERVANTS, "supervisors": SUPERVISORS,
              "staff": STAFF}
    row = {role: default for role in USERS}
    row["anon"] = default if anon is None else anon
    for key, value in by_role.items():
        for role in groups.get(key, (key,)):
            row[role] = value
    return row


def public():
    return cells(200)


def page(default=403, **by_role):
    """A staff HTML page: anonymous goes to the login page."""
    return cells(default, anon=302, **by_role)


def api(default=403, **by_role):
    """A non-public API endpoint: anonymous is 401."""
    return cells(default, anon=401, **by_role)


def spec(args=(), read=None, write=None, method="post", write_args=None):
    return {"args": tuple(args), "read": read, "write": write, "method": method,
            "write_args": tuple(write_args) if write_args is not None else tuple(args)}


# Rows reused below.
_OFFICE_PAGE = page(office=200)
_OFFICE_FORM = page(office=FORM)
# A unit A record (provided by A, about X of unit A): its provider's clerks and the office; the supervisor of A.
_RECORD_A_READ = page(office=200, clerks_a=200, clerk_b=404, supervisor_in=200, supervisor_out=404)
_RECORD_A_WRITE = page(office=PASS, clerks_a=PASS, clerk_b=404, supervisor_in=403, supervisor_out=403)
_RECORD_A_API_WRITE = api(office=PASS, clerks_a=PASS, clerk_b=404)
# Unit A's own things (commitment, clue, case, import job, task): unit A's clerks; B sees 404.
_UNIT_A_PAGE = page(office=200, clerks_a=200, clerk_b=404)
_UNIT_A_FORM = page(office=PASS, clerks_a=PASS, clerk_b=404)
_UNIT_A_ONLY_FORM = page(clerks_a=PASS, clerk_b=404)
_EVERYONE_SIGNED_IN = page(200, api_client=403)

TABLE: dict[str, dict] = {
    # --- start, accounts ------------------------------------------------------------------------------------
    "home": spec(read=public()),
    "workspace-home": spec(read=_EVERYONE_SIGNED_IN),
    "accounts:login": spec(read=public(), write=cells(200)),
    "accounts:logout": spec(read=cells(405), write=cells(302)),
    "accounts:password_change": spec(read=page(200), write=page(200)),
    "accounts:password_change_done": spec(read=page(200)),
    # --- directory (office; clerks and supervisors scoped) ----------------------------------------------------
    "records:unit_list": spec(read=page(office=200, clerks=200, supervisors=200)),
    "records:unit_create": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "records:unit_detail": spec(["unit"], read=page(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                                    supervisor_out=404)),
    "records:unit_edit": spec(["unit"], read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "records:servant_list": spec(read=page(office=200, clerks=200, supervisors=200)),
    "records:servant_create": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "records:servant_detail": spec(["servant"], read=_RECORD_A_READ),
    "records:servant_edit": spec(["servant"], read=_OFFICE_PAGE, write=_OFFICE_FORM),
    # --- records workspace ---------------------------------------------------------------------------------
    "records:record_list": spec(read=page(office=200, clerks=200, supervisors=200)),
    "records:record_create": spec(read=page(office=200, clerks=200), write=page(office=FORM, clerks=FORM)),
    "records:record_bulk_publish": spec(read=page(office=405, clerks=405), write=page(office=PASS, clerks=PASS)),
    "records:record_export": spec(read=page(office=200, clerks=200, supervisors=200)),
    "records:record_detail": spec(["record"], read=_RECORD_A_READ),
    "records:record_edit": spec(["draft"], read=page(office=200, clerks_a=200, clerk_b=404),
                                write=_RECORD_A_WRITE),
    "records:record_publish": spec(["draft"], read=page(office=405, clerks_a=405, clerk_b=404),
                                   write=_RECORD_A_WRITE),
    "records:record_revoke": spec(["record"], read=page(office=200, clerks_a=200, clerk_b=404),
                                  write=_RECORD_A_WRITE),
    "records:record_correct": spec(["record"], read=page(office=200, clerks_a=200, clerk_b=404),
                                   write=_RECORD_A_WRITE),
    "records:record_decision_changed": spec(["record"], read=page(office=200, clerks_a=200, clerk_b=404),
                                            write=_RECORD_A_WRITE),
    "records:record_attach": spec(["record"], read=page(office=405, clerks_a=405, clerk_b=404),
                                  write=_RECORD_A_WRITE),
    "records:record_attachment": spec(["record", "attachment"], read=_RECORD_A_READ),
    "records:import_upload": spec(read=page(office=200, clerks=200), write=page(office=FORM, clerks=FORM)),
    "records:import_template": spec(["import_kind"], read=page(office=200, clerks=200)),
    "records:import_job": spec(["import_job"], read=_UNIT_A_PAGE),
    "records:import_start": spec(["import_job"], read=page(office=405, clerks_a=405, clerk_b=404),
                                 write=_UNIT_A_FORM),
    # --- personal files, cadre checks, file access ---------------------------------------------------------
    "records:my_file": spec(read=page(servants=200)),
    "records:cadre_check_list": spec(read=page(cadre=200)),
    "records:cadre_check_create": spec(read=page(cadre=200), write=page(cadre=FORM)),
    "records:cadre_check_detail": spec(["cadre_check"], read=page(cadre=200)),
    "records:cadre_servant_file": spec(["servant"], read=page(cadre=200)),
    "records:file_access_list": spec(read=page(office=200, servants=200)),
    # --- inbox, calendar, policies -------------------------------------------------------------------------
    "notifications:inbox": spec(read=_EVERYONE_SIGNED_IN),
    "notifications:mark_all_read": spec(read=page(405, api_client=403), write=page(PASS, api_client=403)),
    "workdays:calculator": spec(read=public()),
    "workdays:calendar-years": spec(read=page(200, servants=403, api_client=403)),
    "workdays:policies": spec(read=page(200, servants=403, api_client=403)),
    # --- joint punishment (unit A's case) -------------------------------------------------------------------
    "punishment:case_list": spec(read=page(office=200, clerks=200, leader=200, supervisors=200)),
    "punishment:case_open": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "punishment:case_detail": spec(["case"], read=page(office=200, clerks_a=200, clerk_b=404, leader=200,
                                                       supervisor_in=200, supervisor_out=404)),
    "punishment:case_explain": spec(["case"], read=page(clerks_a=200, clerk_b=404), write=_UNIT_A_ONLY_FORM),
    "punishment:case_report": spec(["case"], read=page(clerks_a=200, clerk_b=404), write=_UNIT_A_ONLY_FORM),
    "punishment:case_accept": spec(["case"], read=page(office=200), write=page(office=PASS)),
    "punishment:case_return": spec(["case"], read=page(office=200), write=page(office=PASS)),
    "punishment:case_accountability": spec(["case"], read=page(office=200), write=page(office=PASS)),
    "punishment:notice_publish": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "punishment:flag_list": spec(read=page(office=200, clerks=200, leader=200, supervisors=200)),
    "punishment:zero_status": spec(read=page(office=200, leader=200)),
    "punishment:zero_status_compute": spec(read=page(office=405), write=page(office=PASS)),
    "punishment:court_upload": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "punishment:court_template": spec(read=_OFFICE_PAGE),
    "punishment:court_import_detail": spec(["court_import"], read=page(office=404)),
    "punishment:public_notice_list": spec(read=public()),
    "punishment:public_notice_detail": spec(["public_notice"], read=public()),
    # --- public disclosure, reports, verification ------------------------------------------------------------
    "public:disclosure_list": spec(read=public()),
    "public:defaulter_list": spec(read=public()),
    "public:disclosure_detail": spec(["disclosure"], read=public()),
    "reports:mine": spec(read=page(servants=200), write=page(servants=PASS)),
    # The report of servant X: X, unit A's staff, the office, the supervisor in scope, a cadre with a check.
    "reports:servant": spec(["servant"], read=page(user_x=200, user_y=404, office=200, clerks_a=200, clerk_b=404,
                                                   supervisor_in=200, supervisor_out=404, cadre=200),
                            write=page(user_x=PASS, user_y=404, office=PASS, clerks_a=PASS, clerk_b=404,
                                       supervisor_in=PASS, supervisor_out=404, cadre=PASS)),
    "reports:unit": spec(["unit"], read=public(), write=cells(PASS)),
    # X's issued report: only X (and the office); for anyone else it does not exist.
    "reports:issued": spec(["report_code"], read=page(404, user_x=200, office=200)),
    "reports:pdf": spec(["report_code"], read=page(404, user_x=200, office=200)),
    "reports:verify_form": spec(read=public(), write=cells(FORM)),
    "reports:verify": spec(["report_code"], read=public()),
    # --- outbox (office) ------------------------------------------------------------------------------------
    "outbox:list": spec(read=_OFFICE_PAGE),
    "outbox:detail": spec(["outbox"], read=_OFFICE_PAGE),
    "outbox:resend": spec(["outbox"], read=page(office=405), write=page(office=PASS)),
    # --- objections (X's objection to unit A's record) ------------------------------------------------------
    "objections:objection_list": spec(read=page(office=200, clerks=200, servants=200)),
    "objections:office_overview": spec(read=page(office=200, leader=200)),
    "objections:office_export": spec(read=page(office=200, leader=200)),
    "objections:objection_create": spec(["record"], read=page(user_x=200, user_y=404, clerks=404),
                                         write=page(user_x=FORM, user_y=404, clerks=404)),
    "objections:objection_detail": spec(["objection"], read=page(office=200, clerks_a=200, clerk_b=404,
                                                                 user_x=200, user_y=404)),
    "objections:objection_review": spec(["objection"], read=page(office=405, clerks_a=405, clerk_b=404,
                                                                 user_x=403, user_y=404),
                                        write=page(clerks_a=PASS, clerk_b=404, user_y=404)),
    "objections:objection_decide": spec(["objection"], read=page(clerks_a=200, clerk_b=404, user_y=404),
                                        write=page(clerks_a=PASS, clerk_b=404, user_y=404)),
    "objections:objection_withdraw": spec(["objection"], read=page(user_x=200, clerk_b=404, user_y=404),
                                          write=page(user_x=PASS, clerk_b=404, user_y=404)),
    "objections:objection_extend": spec(["objection"], read=page(office=405, user_y=404, clerk_b=404),
                                        write=page(office=PASS, user_y=404, clerk_b=404)),
    "objections:objection_pause": spec(["objection"], read=page(office=405, user_y=404, clerk_b=404),
                                       write=page(office=PASS, user_y=404, clerk_b=404)),
    "objections:objection_resume": spec(["objection"], read=page(office=405, user_y=404, clerk_b=404),
                                        write=page(office=PASS, user_y=404, clerk_b=404)),
    "objections:evidence": spec(["evidence"], read=page(office=200, clerks_a=200, clerk_b=404, user_x=200,
                                                        user_y=404)),
    # --- repairs (clerk B applied about a penalty unit A provided against unit B) ----------------------------
    "objections:repair_list": spec(read=page(office=200, clerks=200, servants=200)),
    "objections:repair_create": spec(["disclosure"], read=page(clerk_b=200, clerks_a=404, servants=404),
                                     write=page(clerk_b=FORM, clerks_a=404, servants=404)),
    "objections:repair_detail": spec(["repair"], read=page(office=200, clerk_b=200, clerks_a=200, servants=404)),
    "objections:repair_decide": spec(["repair"], read=page(office=200), write=page(office=PASS)),
    # --- commitments (unit A's published commitment) ---------------------------------------------------------
    "commitments:public_list": spec(read=public()),
    "commitments:feed": spec(read=public()),
    "commitments:public_unit": spec(["unit"], read=public()),
    "commitments:public_detail": spec(["commitment"], read=public()),
    "commitments:public_evidence": spec(["commitment", "commitment_evidence"], read=public()),
    "commitments:list": spec(read=page(office=200, clerks=200, leader=200, supervisors=200)),
    "commitments:create": spec(read=page(office=200, clerks=200), write=page(office=FORM, clerks=FORM)),
    "commitments:import_upload": spec(read=page(office=200, clerks=200), write=page(office=FORM, clerks=FORM)),
    "commitments:import_template": spec(read=page(office=200, clerks=200)),
    "commitments:export": spec(read=page(office=200, clerks=200, leader=200, supervisors=200)),
    "commitments:detail": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404, leader=200,
                                                         supervisor_in=200, supervisor_out=404)),
    "commitments:edit": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404), write=_UNIT_A_FORM),
    "commitments:publish": spec(["commitment"], read=page(office=405, clerks_a=405, clerk_b=404),
                                write=_UNIT_A_FORM),
    "commitments:milestone_add": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404),
                                      write=_UNIT_A_FORM),
    "commitments:milestone_complete": spec(["commitment", "milestone"], read=page(office=200, clerks_a=200,
                                                                                  clerk_b=404),
                                           write=_UNIT_A_FORM),
    "commitments:evidence_upload": spec(["commitment", "milestone"], read=page(office=405, clerks_a=405,
                                                                               clerk_b=404),
                                        write=_UNIT_A_FORM),
    "commitments:evidence": spec(["commitment", "commitment_evidence"],
                                 read=page(office=200, clerks_a=200, clerk_b=404, leader=200, supervisor_in=200,
                                           supervisor_out=404)),
    "commitments:official_add": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404),
                                     write=_UNIT_A_FORM),
    "commitments:conclude": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404),
                                 write=_UNIT_A_FORM),
    "commitments:change": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404), write=_UNIT_A_FORM),
    "commitments:breach": spec(["commitment"], read=page(office=200), write=page(office=PASS)),
    # --- disputes (a public clue routed to unit A) ----------------------------------------------------------
    "disputes:public_submit": spec(read=public(), write=cells(FORM)),
    "disputes:public_track": spec(read=public(), write=cells(FORM)),
    "disputes:public_add_info": spec(read=cells(405), write=cells(FORM)),
    "disputes:public_rate": spec(read=cells(405), write=cells(FORM)),
    "disputes:public_reopen": spec(read=cells(405), write=cells(FORM)),
    "disputes:public_reports": spec(read=public()),
    "disputes:public_report": spec(["clearance"], read=cells(404)),  # a draft report is not public
    "disputes:workspace_list": spec(read=page(office=200, clerks=200, leader=200, supervisors=200)),
    "disputes:report_list": spec(read=page(office=200, leader=200)),
    "disputes:report_build": spec(read=page(office=200), write=page(office=FORM)),
    "disputes:report_detail": spec(["clearance"], read=page(office=200, leader=200)),
    "disputes:report_export": spec(["clearance"], read=page(office=200, leader=200)),
    "disputes:report_publish": spec(["clearance"], read=page(office=405), write=page(office=PASS)),
    "disputes:workspace_detail": spec(["clue"], read=page(office=200, clerks_a=200, clerk_b=404, leader=200,
                                                          supervisor_in=200, supervisor_out=404)),
    "disputes:contact": spec(["clue"], read=page(office=405, clerks_a=405, clerk_b=404),
                             write=page(office=PASS, clerks_a=PASS, clerk_b=404)),
    "disputes:route": spec(["clue"], read=page(office=405), write=page(office=PASS)),
    "disputes:refuse": spec(["clue"], read=page(office=405, clerks_a=405, clerk_b=404), write=_UNIT_A_ONLY_FORM),
    "disputes:acknowledge": spec(["clue"], read=page(office=405, clerks_a=405, clerk_b=404),
                                 write=_UNIT_A_ONLY_FORM),
    "disputes:note": spec(["clue"], read=page(office=405, clerks_a=405, clerk_b=404), write=_UNIT_A_FORM),
    "disputes:conclude": spec(["clue"], read=page(office=405, clerks_a=405, clerk_b=404), write=_UNIT_A_ONLY_FORM),
    "disputes:extend": spec(["clue"], read=page(office=405, clerks_a=405, clerk_b=404), write=_UNIT_A_ONLY_FORM),
    "disputes:link": spec(["clue"], read=page(office=405, clerks_a=405, clerk_b=404), write=_UNIT_A_FORM),
    "disputes:reopen_decide": spec(["clue", "reopen_request"], read=page(office=404, clerks_a=404, clerk_b=404),
                                   write=page(office=404, clerks_a=404, clerk_b=404)),
    "disputes:attachment": spec(["clue", "clue_attachment"], read=page(office=200, clerks_a=200, clerk_b=404,
                                                                       leader=200, supervisor_in=200,
                                                                       supervisor_out=404)),
    # --- evaluation (a draft run of 2025Q3; unit A's score and query; a task for unit A) ---------------------
    "evaluation:workspace_home": spec(read=page(office=200, clerks=200, leader=200)),
    "evaluation:run_start": spec(read=page(office=405), write=page(office=PASS)),
    "evaluation:run_detail": spec(["run"], read=page(office=200, clerks=200, leader=200)),
    "evaluation:run_publish": spec(["run"], read=page(office=405), write=page(office=PASS)),
    "evaluation:run_export": spec(["run"], read=page(office=200, leader=200)),
    "evaluation:score_detail": spec(["score"], read=page(office=200, clerks_a=200, clerk_b=404, leader=200)),
    "evaluation:score_query": spec(["score"], read=page(office=405, clerks_a=405, clerk_b=404),
                                   write=page(clerks_a=PASS, clerk_b=404)),
    "evaluation:indicator_detail": spec(["score", "indicator"], read=page(office=200, clerks_a=200, clerk_b=404,
                                                                          leader=200)),
    "evaluation:query_answer": spec(["query"], read=page(office=405), write=page(office=PASS)),
    "evaluation:dashboard": spec(read=page(office=200, leader=200)),
    "evaluation:task_list": spec(read=page(office=200, clerks=200, leader=200), write=page(office=FORM)),
    "evaluation:assignment_detail": spec(["assignment"], read=_UNIT_A_PAGE, write=_UNIT_A_FORM),
    "evaluation:document_download": spec(["assignment", "task_document"], read=_UNIT_A_PAGE),
    "evaluation:inputs": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "evaluation:input_template": spec(["input_kind"], read=_OFFICE_PAGE),
    "evaluation:scheme_current": spec(read=page(office=200, leader=200), write=page(office=FORM)),
    "evaluation:scheme": spec(["year"], read=page(office=200, leader=200), write=page(office=FORM)),
    "evaluation:demonstration": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "evaluation:public_index": spec(read=public()),
    "evaluation:public_demonstration": spec(read=public()),
    "evaluation:public_methodology": spec(["year"], read=public()),
    "evaluation:public_score": spec(["score"], read=cells(404)),  # the run is a draft: not public yet
    "evaluation:public_ranking": spec(["period_code"], read=cells(404)),
    # --- API: accounts, directory -------------------------------------------------------------------------------
    "api-token": spec(read=cells(405), write=cells(400)),
    "api-me": spec(read=api(200)),
    "api-my-file": spec(read=api(servants=200)),
    "unit-list": spec(read=api(office=200, clerks=200, supervisors=200), write=api(office=400)),
    "unit-detail": spec(["unit"], read=api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                           supervisor_out=404),
                        write=api(office=PASS, clerks_a=403, clerk_b=404, supervisor_in=403, supervisor_out=404),
                        method="patch"),
    "unit-heads": spec(["unit"], read=api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                          supervisor_out=404),
                       write=api(office=400, clerks_a=403, clerk_b=404, supervisor_in=403, supervisor_out=404)),
    "unit-succeed": spec(["unit"], read=api(office=405, clerks_a=405, clerk_b=404, supervisor_in=405,
                                            supervisor_out=404),
                         write=api(office=400, clerks_a=403, clerk_b=404, supervisor_in=403, supervisor_out=404)),
    "civil-servant-list": spec(read=api(office=200, clerks=200, supervisors=200), write=api(office=400)),
    "civil-servant-detail": spec(["servant"], read=api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                                       supervisor_out=404),
                                 write=api(office=PASS, clerks_a=403, clerk_b=404, supervisor_in=403,
                                           supervisor_out=404), method="patch"),
    "civil-servant-postings": spec(["servant"], read=api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                                         supervisor_out=404)),
    "civil-servant-transfer": spec(["servant"], read=api(office=405, clerks_a=405, clerk_b=404, supervisor_in=405,
                                                         supervisor_out=404),
                                   write=api(office=400, clerks_a=403, clerk_b=404, supervisor_in=403,
                                             supervisor_out=404)),
    # --- API: records (unit A's record about X; clerks write, others read in scope) ---------------------------
    "record-list": spec(read=api(office=200, clerks=200, supervisors=200, cadre=200),
                        write=api(office=400, clerks=400)),
    "record-detail": spec(["record"], read=api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                               supervisor_out=404, cadre=404),
                          write=_RECORD_A_API_WRITE | {"supervisor_in": 403, "supervisor_out": 404, "cadre": 404},
                          method="patch", write_args=["draft"]),
    "record-attachments": spec(["record"], read=api(office=405, clerks_a=405, clerk_b=404, supervisor_in=405,
                                                    supervisor_out=404, cadre=404),
                               write=_RECORD_A_API_WRITE | {"supervisor_in": 403, "supervisor_out": 404,
                                                            "cadre": 404}),
    "record-correct": spec(["record"], read=api(office=405, clerks_a=405, clerk_b=404, supervisor_in=405,
                                                supervisor_out=404, cadre=404),
                           write=_RECORD_A_API_WRITE | {"supervisor_in": 403, "supervisor_out": 404, "cadre": 404}),
    "record-decision-changed": spec(["record"], read=api(office=405, clerks_a=405, clerk_b=404, supervisor_in=405,
                                                         supervisor_out=404, cadre=404),
                                    write=_RECORD_A_API_WRITE | {"supervisor_in": 403, "supervisor_out": 404,
                                                                 "cadre": 404}),
    "record-history": spec(["record"], read=api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                                supervisor_out=404, cadre=404)),
    "record-publish": spec(["draft"], read=api(office=405, clerks_a=405, clerk_b=404, supervisor_in=405,
                                               supervisor_out=404, cadre=404),
                           write=_RECORD_A_API_WRITE | {"supervisor_in": 403, "supervisor_out": 404, "cadre": 404}),
    "record-revoke": spec(["record"], read=api(office=405, clerks_a=405, clerk_b=404, supervisor_in=405,
                                               supervisor_out=404, cadre=404),
                          write=_RECORD_A_API_WRITE | {"supervisor_in": 403, "supervisor_out": 404, "cadre": 404}),
    # --- API: workdays, notices ----------------------------------------------------------------------------------
    "api-workdays-add": spec(read=cells(400)),  # no start/days given: a field error, for anyone
    "api-workdays-check": spec(read=cells(400)),
    "calendar-year-list": spec(read=cells(200)),
    "calendar-year-detail": spec(["calendar_year"], read=cells(200)),
    "policy-list": spec(read=api(200, servants=403, api_client=403)),
    "policy-detail": spec(["policy"], read=api(200, servants=403, api_client=403)),
    "policy-revise": spec(["policy"], read=api(405, servants=403, api_client=403), write=api(office=400)),
    "broadcast-list": spec(read=api(office=200), write=api(office=400)),
    "notice-list": spec(read=api(200, api_client=403)),
    "notice-mark-read": spec(read=api(405, api_client=403), write=api(PASS, api_client=403)),
    "notice-detail": spec(["notice"], read=api(404, user_x=200, api_client=403)),
    # --- API: objections and repairs ------------------------------------------------------------------------------
    "objection-list": spec(read=api(office=200, clerks=200, servants=200),
                           write=api(clerks=400, servants=400)),
    "objection-detail": spec(["objection"], read=api(office=200, clerks_a=200, clerk_b=404, user_x=200,
                                                     user_y=404)),
    "objection-decide": spec(["objection"], read=api(office=405, clerks_a=405, clerk_b=404, user_x=405, user_y=404),
                             write=api(clerks_a=400, clerk_b=404, user_y=404)),
    "objection-extend": spec(["objection"], read=api(office=405, clerks_a=405, clerk_b=404, user_x=405, user_y=404),
                             write=api(office=400, clerk_b=404, user_y=404)),
    "objection-pause": spec(["objection"], read=api(office=405, clerks_a=405, clerk_b=404, user_x=405, user_y=404),
                            write=api(office=400, clerk_b=404, user_y=404)),
    "objection-resume": spec(["objection"], read=api(office=405, clerks_a=405, clerk_b=404, user_x=405, user_y=404),
                             write=api(office=PASS, clerk_b=404, user_y=404)),
    "objection-review": spec(["objection"], read=api(office=405, clerks_a=405, clerk_b=404, user_x=405, user_y=404),
                             write=api(clerks_a=PASS, clerk_b=404, user_y=404)),
    "objection-withdraw": spec(["objection"], read=api(office=405, clerks_a=405, clerk_b=404, user_x=405,
                                                       user_y=404),
                               write=api(user_x=PASS, clerk_b=404, user_y=404)),
    "repair-list": spec(read=api(office=200, clerks=200, servants=200), write=api(clerks=400, servants=400)),
    "repair-detail": spec(["repair"], read=api(office=200, clerk_b=200, clerks_a=200, servants=404)),
    "repair-decide": spec(["repair"], read=api(office=405, clerk_b=405, clerks_a=405, servants=404),
                          write=api(office=400, servants=404)),
    # --- API: commitments (public reads published; unit A's clerks write) -----------------------------------------
    "commitment-list": spec(read=cells(200), write=api(office=400, clerks=400)),
    "commitment-detail": spec(["commitment"], read=cells(200), write=api(office=PASS, clerks_a=PASS, clerk_b=404,
                                                                          leader=403), method="patch"),
    **{f"commitment-{action}": spec(["commitment"], read=cells(405, anon=401),
                                    write=api(office=PASS, clerks_a=PASS, clerk_b=404))
       for action in ("change", "conclude", "milestones", "officials", "publish")},
    "commitment-breach": spec(["commitment"], read=cells(405, anon=401), write=api(office=400, clerk_b=404)),
    # --- API: disputes (the public tracks by receipt code; staff work the clue routed to unit A) -------------------
    "dispute-submit": spec(read=cells(405), write=cells(400)),
    "dispute-track": spec(["receipt_code"], read=cells(200)),
    "dispute-track-info": spec(["receipt_code"], read=cells(405), write=cells(400)),
    "dispute-track-rate": spec(["receipt_code"], read=cells(405), write=cells(PASS)),
    "dispute-track-reopen": spec(["receipt_code"], read=cells(405), write=cells(PASS)),
    "dispute-clue-list": spec(read=api(office=200, clerks=200, leader=200, supervisors=200)),
    "dispute-clue-detail": spec(["clue"], read=api(office=200, clerks_a=200, clerk_b=404, leader=200,
                                                   supervisor_in=200, supervisor_out=404)),
    "dispute-clue-contact": spec(["clue"], read=api(office=200, clerks_a=200, clerk_b=404, leader=403,
                                                    supervisor_in=403, supervisor_out=404)),
    **{f"dispute-clue-{action}": spec(["clue"], read=api(office=405, clerks_a=405, clerk_b=404, leader=405,
                                                         supervisor_in=405, supervisor_out=404),
                                      write=api(clerks_a=PASS, clerk_b=404, supervisor_out=404))
       for action in ("acknowledge", "conclude", "extend", "refuse")},
    **{f"dispute-clue-{action}": spec(["clue"], read=api(office=405, clerks_a=405, clerk_b=404, leader=405,
                                                         supervisor_in=405, supervisor_out=404),
                                      write=api(office=PASS, clerks_a=PASS, clerk_b=404, supervisor_out=404))
       for action in ("link", "notes")},
    "dispute-clue-reopen-decide": spec(["clue"], read=api(office=405, clerks_a=405, clerk_b=404, leader=405,
                                                          supervisor_in=405, supervisor_out=404),
                                       write=api(office=PASS, clerks_a=PASS, clerk_b=404, supervisor_out=404)),
    "dispute-clue-route": spec(["clue"], read=api(office=405, clerks_a=405, clerk_b=404, leader=405,
                                                  supervisor_in=405, supervisor_out=404),
                               write=api(office=400, clerk_b=404, supervisor_out=404)),
    "dispute-report-list": spec(read=cells(200)),
    "dispute-report-detail": spec(["clearance"], read=cells(404, office=200, leader=200)),
    "dispute-report-publish": spec(["clearance"], read=api(404, office=405, leader=405),
                                   write=api(404, office=PASS, leader=403)),
    # --- API: evaluation (draft run: office, leader, unit A's clerks for their score; public once published) -------
    "evaluation-period-list": spec(read=cells(200)),
    "evaluation-period-detail": spec(["period_code"], read=cells(404, office=200, leader=200, clerks=200)),
    "evaluation-score-list": spec(read=cells(200)),
    "evaluation-score-detail": spec(["score"], read=cells(404, office=200, leader=200, clerks_a=200)),
    # --- API: credit check, rectification, flags, inbound forwards ----------------------------------------------
    "api-credit-check": spec(read=api(office=400, api_client=400)),  # no code given: a field error
    "rectification-case-list": spec(read=api(office=200, clerks=200, leader=200, supervisors=200),
                                    write=api(office=400)),
    "rectification-case-detail": spec(["case"], read=api(office=200, clerks_a=200, clerk_b=404, leader=200,
                                                         supervisor_in=200, supervisor_out=404)),
    **{f"rectification-case-{action}": spec(
        ["case"], read=api(office=405, clerks_a=405, clerk_b=404, leader=405, supervisor_in=405, supervisor_out=404),
        write=api(clerks_a=PASS, clerk_b=404, supervisor_out=404))
       for action in ("explain", "report")},
    **{f"rectification-case-{action}": spec(
        ["case"], read=api(office=405, clerks_a=405, clerk_b=404, leader=405, supervisor_in=405, supervisor_out=404),
        write=api(office=PASS, clerk_b=404, supervisor_out=404))
       for action in ("accept", "accountability", "send-back")},
    "restriction-flag-list": spec(read=api(office=200, clerks=200, leader=200, supervisors=200, api_client=200)),
    "restriction-flag-detail": spec(["flag"], read=api(404, user_x=403, user_y=403, cadre=403)),
    "platform-forward": spec(read=api(405, **{r: 403 for r in USERS if r != "office"}), write=api(office=400)),
}
