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

PRINCIPLES (decided against DESIGN.md §1; where the design is silent, what a district credit office expects):

P1  Order of the checks: sign-in, then the role, then the method, then the object. Anonymous on a non-public
    URL: API 401, HTML 302 to the login page. A role that may NEVER do the action (on any object): 403, whatever
    the object and even if the object is in its read scope or does not exist — a 403 that is the same for every
    id reveals nothing. A signed-in user on the login page is sent on (302).
P2  Scope is per action. For a role that may do the action on some objects, an object outside its scope for THAT
    action is 404 — also when the object is in its read scope (clerk A may read X's objection, only X may
    withdraw it). 403 is only ever a statement about the role (P1).
P3  A method the URL does not take (GET on a POST-only action, POST on a read-only page) is 405 for every role
    that passes P1 for the read; nothing is looked up, so never 404. Function views that check the method
    before the role (``require_POST`` outermost) may answer 405 to a refused role too: ``POST_ONLY``.
P4  Leader: district-wide read-only views — dashboards, scores, rankings, runs, tasks, overdue figures,
    rectification cases, non-draft commitments, the directory of units and civil servants, INSTITUTIONAL
    records of every unit; never a personal record or file (404), never a resident's clue (they are worked
    by the office and the handling unit; the leader reads clearance reports), never an office work queue of
    objections (personal data).
P5  Supervisor: read-only, in scope (the units it disciplines, audits or is superior to, and their staff):
    the directory, records, the objections and repairs attached to those records, cases, commitments. Out
    of scope: 404. Never a write (403), never a credit report (issued to the person, the unit, the office,
    a cadre reviewer), never a clue.
P6  Cadre reviewer: the directory (to name the person), and a person's file only through an open check
    (the world has one on X): X's records 200, the report of X 200; everything else 403/404.
P7  Civil servant: their own file, records, objections, reports; another person's: 404. An issued report
    (and its PDF) follows the file of its subject: X, unit A's staff, the office, the cadre with a check.
P8  Clerk: their unit's records, commitments, cases, clues, tasks, scores; they keep the directory entries
    of their unit's civil servants (file registration, clause 1) but never the units (403). A unit records the
    breach of its own commitment (self-report; also when concluding a clue).
P9  Office: everything, but never acts in a unit's name (acknowledge or refuse a clue, explain or report a
    case, answer an objection, raise a score query, apply for repair): 403. Routing clues, deciding reopen
    requests and repairs, extending deadlines are the office's alone.
P10 api_client: token-only, the credit-check API; every other API is 403. Like every signed-in account it has
    a workspace home and an inbox with its own notices (nothing of anyone else).
P11 Public forms are rate limited per address: the runner clears the cache before each cell, so a 429 never
    stands in for the access rule's answer.
P12 Reference data: the calendar administration (HTML and API) is the office's and the leader's; policies
    (the deadlines and their legal basis) every staff role reads; the workday calculator is public.
P13 A refused write changes nothing: the runner compares a fingerprint of the watched tables before and after.
P15 The Django admin (every admin URL): staff only. Anonymous and every account without is_staff (in the world,
    everyone but the office) are sent to the admin's login page (302), read or write. The office (staff, not a
    superuser) reads the portal's tables there; it adds or changes only the configuration and directory tables
    it keeps (OFFICE_ADMIN_KEEPS); never deletes anything (records are never deleted; login attempts are cleared
    on the audited account pages); never adds or changes an account, a group or a token, nor sets a password
    (issue 16: only a superuser grants privileges; roles go through the workspace's account pages).
P14 An API-only account (api_client) works with a token on the API only: its session on any HTML page is ended
    and the page answers as to anyone anonymous (issue 16). The runner reads the ``anon`` cell for api_client
    on every HTML URL; the api_client cells of HTML rows are not consulted.

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
NOT_COVERED_PREFIXES: dict[str, str] = {}  # the Django admin is covered too (P15, the block at the end)


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


def post_only(allowed_row):
    """P3: GET on a POST-only function view: 405 for the allowed roles, refusal or 405 for the others."""
    return {role: value if value == 405 else frozenset({value, 405}) for role, value in allowed_row.items()}


def spec(args=(), read=None, write=None, method="post", write_args=None):
    return {"args": tuple(args), "read": read, "write": write, "method": method,
            "write_args": tuple(write_args) if write_args is not None else tuple(args)}


# Rows reused below.
_OFFICE_PAGE = page(office=200)
_OFFICE_FORM = page(office=FORM)
# A unit A record (provided by A, about X of unit A): its provider's clerks and the office; the supervisor of A.
_RECORD_A_READ = page(office=200, clerks_a=200, clerk_b=404, supervisor_in=200, supervisor_out=404, leader=404,
                      cadre=200)  # X's record: never the leader (P4); the cadre through the open check (P6)
_RECORD_A_WRITE = page(office=PASS, clerks_a=PASS, clerk_b=404, supervisor_in=403, supervisor_out=403)
_RECORD_A_API_WRITE = api(office=PASS, clerks_a=PASS, clerk_b=404)
# X's objection to unit A's record: X, unit A (provider), the office, the supervisor in scope (P5).
_OBJECTION_READ = page(office=200, clerks_a=200, clerk_b=404, user_x=200, user_y=404, supervisor_in=200,
                       supervisor_out=404)
# Unit B's repair of a penalty unit A provided against it: both units, the office, the supervisor of A (P5).
_REPAIR_READ = page(office=200, clerks=200, servants=404, supervisor_in=200, supervisor_out=404)
# The clue routed to unit A (P4, P5, P9).
_CLUE_READ = page(office=200, clerks_a=200, clerk_b=404)
_CLUE_WORK = page(office=200, clerks_a=200, clerk_b=404)
# Unit A's work task (clause 20): the office issues, the unit submits, the leader follows (P4).
_TASK_A = page(office=200, clerks_a=200, clerk_b=404, leader=200)
_EVALUATION_READERS = page(office=200, leader=200, clerks=200)
_EVALUATION_405 = page(office=405, leader=405, clerks=405)
# API rows of the directory and records.
_API_READERS = ("office", "leader", "cadre", *CLERKS, *SUPERVISORS)
_API_DIRECTORY_A = api(office=200, leader=200, cadre=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                       supervisor_out=404)
_API_DIRECTORY_405 = api(**{role: 405 for role in _API_READERS})  # P3: a POST-only action
_API_RECORD_X = api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200, supervisor_out=404, cadre=200,
                    user_x=200, user_y=404, leader=404)
_API_RECORD_405 = api(**{role: 405 for role in (*_API_READERS, *SERVANTS)})
# API rows of objections, clues and cases: a GET of a POST-only action is 405 for the roles that read (P3).
_API_OBJECTION_405 = api(**{role: 405 for role in ("office", *CLERKS, *SERVANTS, *SUPERVISORS)})
_API_CLUE_405 = api(office=405, clerks=405)
_API_CASE_405 = api(office=405, clerks=405, leader=405, supervisors=405)
# Unit A's own things (commitment, clue, case, import job, task): unit A's clerks; B sees 404.
_UNIT_A_PAGE = page(office=200, clerks_a=200, clerk_b=404)
_UNIT_A_FORM = page(office=PASS, clerks_a=PASS, clerk_b=404)
_UNIT_A_ONLY_FORM = page(clerks_a=PASS, clerk_b=404)
# The directory entry of unit A or of X (P4, P5, P6, P8).
_DIRECTORY_A = page(office=200, leader=200, cadre=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                    supervisor_out=404)

TABLE: dict[str, dict] = {
    # --- start, accounts ------------------------------------------------------------------------------------
    "home": spec(read=public()),
    "workspace-home": spec(read=page(200, leader=302)),  # P10; a leader starts on the evaluation dashboard
    # --- screens-todo: the leader starts on the evaluation dashboard; every role's full to-do list --------------
    "workspace-todo": spec(read=page(200)),
    "ledger:status": spec(read=_OFFICE_PAGE, write=page(office=200)),  # the office verifies the ledger
    "accounts:login": spec(read=cells(302, anon=200), write=cells(302, anon=200)),  # P1: signed in → sent on
    "accounts:logout": spec(read=cells(405), write=cells(302)),
    "accounts:password_change": spec(read=page(200), write=page(200)),
    "accounts:password_change_done": spec(read=page(200)),
    # --- directory (office; clerks and supervisors scoped) ----------------------------------------------------
    "records:unit_list": spec(read=page(office=200, clerks=200, supervisors=200, leader=200, cadre=200)),
    "records:unit_create": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "records:unit_detail": spec(["unit"], read=_DIRECTORY_A),
    "records:unit_edit": spec(["unit"], read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "records:servant_list": spec(read=page(office=200, clerks=200, supervisors=200, leader=200, cadre=200)),
    "records:servant_create": spec(read=page(office=200, clerks=200), write=page(office=FORM, clerks=FORM)),
    "records:servant_detail": spec(["servant"], read=_DIRECTORY_A | {"user_x": 200, "user_y": 404}),
    "records:servant_edit": spec(["servant"], read=page(office=200, clerks_a=200, clerk_b=404),
                                 write=page(office=FORM, clerks_a=FORM, clerk_b=404)),
    # --- records workspace ---------------------------------------------------------------------------------
    "records:record_list": spec(read=page(office=200, clerks=200, supervisors=200, leader=200, cadre=200)),
    "records:record_create": spec(read=page(office=200, clerks=200), write=page(office=FORM, clerks=FORM)),
    "records:record_bulk_publish": spec(read=page(office=405, clerks=405), write=page(office=PASS, clerks=PASS)),
    "records:record_export": spec(read=page(office=200, clerks=200, supervisors=200, leader=200, cadre=200)),
    "records:record_detail": spec(["record"], read=_RECORD_A_READ),
    "records:record_edit": spec(["draft"], read=page(office=200, clerks_a=200, clerk_b=404),
                                write=_RECORD_A_WRITE),
    # screens-layout: GET is the confirmation page (what publishing does and to whom), in the writer's scope
    "records:record_publish": spec(["draft"], read=page(office=200, clerks_a=200, clerk_b=404),
                                   write=_RECORD_A_WRITE),
    "records:record_revoke": spec(["record"], read=page(office=200, clerks_a=200, clerk_b=404),
                                  write=_RECORD_A_WRITE),
    "records:record_correct": spec(["record"], read=page(office=200, clerks_a=200, clerk_b=404),
                                   write=_RECORD_A_WRITE),
    "records:record_decision_changed": spec(["record"], read=page(office=200, clerks_a=200, clerk_b=404),
                                            write=_RECORD_A_WRITE),
    "records:record_attach": spec(["record"], read=page(office=405, clerks=405),
                                  write=_RECORD_A_WRITE),
    "records:record_attachment": spec(["record", "attachment"], read=_RECORD_A_READ),
    "records:import_upload": spec(read=page(office=200, clerks=200), write=page(office=FORM, clerks=FORM)),
    "records:import_template": spec(["import_kind"], read=page(office=200, clerks=200)),
    "records:import_job": spec(["import_job"], read=_UNIT_A_PAGE),
    "records:import_start": spec(["import_job"], read=page(office=405, clerks=405),
                                 write=_UNIT_A_FORM),
    # --- personal files, cadre checks, file access ---------------------------------------------------------
    "records:my_file": spec(read=page(servants=200)),
    "records:cadre_check_list": spec(read=page(cadre=200)),
    "records:cadre_check_create": spec(read=page(cadre=200), write=page(cadre=FORM)),
    "records:cadre_check_detail": spec(["cadre_check"], read=page(cadre=200)),
    "records:cadre_servant_file": spec(["servant"], read=page(cadre=302)),  # on to the open check's page
    # The office's log of who opened which file; the person is told by a notice (clause 1), not by this page.
    "records:file_access_list": spec(read=_OFFICE_PAGE),
    # --- inbox, calendar, policies -------------------------------------------------------------------------
    "notifications:inbox": spec(read=page(200)),
    "notifications:mark_all_read": spec(read=post_only(page(405)), write=page(PASS)),
    "workdays:calculator": spec(read=public()),
    "workdays:calendar-years": spec(read=page(office=200, leader=200)),  # P12
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
    "punishment:flag_list": spec(read=page(office=200, leader=200)),  # a district-wide overview (P4)
    "punishment:zero_status": spec(read=page(office=200, leader=200)),
    "punishment:zero_status_compute": spec(read=page(office=200), write=page(office=PASS)),  # GET: the form
    "punishment:court_upload": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "punishment:court_template": spec(read=_OFFICE_PAGE),
    "punishment:court_import_detail": spec(["court_import"], read=page(office=404)),
    "punishment:public_notice_list": spec(read=public()),
    "punishment:public_notice_detail": spec(["public_notice"], read=public()),
    # --- public disclosure, reports, verification ------------------------------------------------------------
    "public:disclosure_list": spec(read=public()),
    "public:defaulter_list": spec(read=public()),
    "public:disclosure_detail": spec(["disclosure"], read=public()),
    "reports:mine": spec(read=page(servants=302), write=page(servants=405)),  # on to reports:servant
    # The report of servant X: X, unit A's staff, the office, the supervisor in scope, a cadre with a check.
    "reports:servant": spec(["servant"], read=page(user_x=200, user_y=404, office=200, clerks_a=200, clerk_b=404,
                                                   cadre=200),
                            write=page(user_x=PASS, user_y=404, office=PASS, clerks_a=PASS, clerk_b=404,
                                       cadre=PASS)),
    "reports:unit": spec(["unit"], read=public(), write=cells(PASS)),
    # X's issued report follows X's file (P7); for anyone else it does not exist.
    "reports:issued": spec(["report_code"], read=page(404, user_x=200, office=200, clerks_a=200, cadre=200)),
    "reports:pdf": spec(["report_code"], read=page(404, user_x=200, office=200, clerks_a=200, cadre=200)),
    "reports:verify_form": spec(read=public(), write=cells(405)),  # a GET form
    "reports:verify": spec(["report_code"], read=public()),
    # --- outbox (office) ------------------------------------------------------------------------------------
    "outbox:list": spec(read=_OFFICE_PAGE),
    "outbox:detail": spec(["outbox"], read=_OFFICE_PAGE),
    "outbox:resend": spec(["outbox"], read=post_only(page(office=405)), write=page(office=PASS)),
    # --- configuration changes (branch rules-config, issue 15 item 5): the office and every supervisor read ----
    "configuration:changes": spec(read=page(office=200, supervisors=200)),
    # --- the office's account pages (branch sec-admin, issue 16): the office only; ``account`` is clerk A -------
    "useraccounts:list": spec(read=_OFFICE_PAGE),
    "useraccounts:create": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "useraccounts:lockouts": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "useraccounts:detail": spec(["account"], read=_OFFICE_PAGE),
    **{f"useraccounts:{action}": spec(["account"], read=post_only(page(office=405)), write=page(office=FORM))
       for action in ("role", "active", "unlock")},
    # --- objections (X's objection to unit A's record) ------------------------------------------------------
    "objections:objection_list": spec(read=page(office=200, clerks=200, servants=200, supervisors=200)),
    # The office's work queue of open objections: personal data, not a leader's dashboard (P4).
    "objections:office_overview": spec(read=_OFFICE_PAGE),
    "objections:office_export": spec(read=_OFFICE_PAGE),
    "objections:objection_create": spec(["record"], read=page(user_x=200, user_y=404, clerks=404),
                                         write=page(user_x=FORM, user_y=404, clerks=404)),
    "objections:objection_detail": spec(["objection"], read=_OBJECTION_READ),
    # The provider (unit A) answers; clerks may answer, so clerk B is 404 (P2); the office never answers (P9).
    "objections:objection_review": spec(["objection"], read=page(clerks_a=405, clerk_b=405),
                                        write=page(clerks_a=PASS, clerk_b=404)),
    "objections:objection_decide": spec(["objection"], read=page(clerks_a=200, clerk_b=404),
                                        write=page(clerks_a=PASS, clerk_b=404)),
    # The applicant withdraws (a unit's clerks for a unit's objection): clerk A reads it but may not withdraw it.
    "objections:objection_withdraw": spec(["objection"], read=page(user_x=200, user_y=404, clerks=404),
                                          write=page(user_x=PASS, user_y=404, clerks=404)),
    # Extending, pausing and resuming the answer clock: the office's (P9), GET shows the form.
    "objections:objection_extend": spec(["objection"], read=page(office=200), write=page(office=PASS)),
    "objections:objection_pause": spec(["objection"], read=page(office=200), write=page(office=PASS)),
    "objections:objection_resume": spec(["objection"], read=page(office=200), write=page(office=PASS)),
    "objections:evidence": spec(["evidence"], read=_OBJECTION_READ),
    # --- repairs (clerk B applied about a penalty unit A provided against unit B) ----------------------------
    "objections:repair_list": spec(read=page(office=200, clerks=200, servants=200, supervisors=200)),
    "objections:repair_create": spec(["disclosure"], read=page(clerk_b=200, clerks_a=404, servants=404),
                                     write=page(clerk_b=FORM, clerks_a=404, servants=404)),
    # a 双公示 penalty's subject applies to end publication early: its department's clerks or the office register it
    "objections:repair_create_decision": spec(["decision"], read=page(office=200, clerks_a=200, clerk_b=404),
                                              write=page(office=PASS, clerks_a=PASS, clerk_b=404)),
    "objections:repair_detail": spec(["repair"], read=_REPAIR_READ),
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
    "commitments:publish": spec(["commitment"], read=page(office=405, clerks=405),
                                write=_UNIT_A_FORM),
    "commitments:milestone_add": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404),
                                      write=_UNIT_A_FORM),
    "commitments:milestone_complete": spec(["commitment", "milestone"], read=page(office=200, clerks_a=200,
                                                                                  clerk_b=404),
                                           write=_UNIT_A_FORM),
    "commitments:evidence_upload": spec(["commitment", "milestone"], read=page(office=200, clerks_a=200,
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
    "commitments:breach": spec(["commitment"], read=page(office=200, clerks_a=200, clerk_b=404),
                               write=_UNIT_A_FORM),  # P8
    # --- disputes (a public clue routed to unit A) ----------------------------------------------------------
    "disputes:public_submit": spec(read=public(), write=cells(FORM)),
    # screens-layout: the receipt after POST → redirect → GET (the code from the session; without one, says so)
    "disputes:public_receipt": spec(read=public()),
    # The tracking forms take the receipt code in the body: none given names no clue, the same 404 as a wrong one.
    "disputes:public_track": spec(read=public(), write=cells(404)),
    "disputes:public_add_info": spec(read=cells(405), write=cells(404)),
    "disputes:public_rate": spec(read=cells(405), write=cells(404)),
    "disputes:public_reopen": spec(read=cells(405), write=cells(404)),
    "disputes:public_reports": spec(read=public()),
    "disputes:public_report": spec(["clearance"], read=cells(404)),  # a draft report is not public
    # The clue is worked by the office and the handling unit only (P4, P5); GET of an action shows its form.
    "disputes:workspace_list": spec(read=page(office=200, clerks=200)),
    "disputes:report_list": spec(read=page(office=200, leader=200)),
    "disputes:report_build": spec(read=page(office=200), write=page(office=FORM)),
    "disputes:report_detail": spec(["clearance"], read=page(office=200, leader=200)),
    "disputes:report_export": spec(["clearance"], read=page(office=200, leader=200)),
    "disputes:report_publish": spec(["clearance"], read=page(office=405), write=page(office=PASS)),
    "disputes:workspace_detail": spec(["clue"], read=_CLUE_READ),
    "disputes:contact": spec(["clue"], read=page(office=405, clerks=405),
                             write=page(office=PASS, clerks_a=PASS, clerk_b=404)),
    "disputes:route": spec(["clue"], read=page(office=200), write=page(office=PASS)),  # P9
    # Acting in the unit's name: its clerks only (P9).
    **{f"disputes:{action}": spec(["clue"], read=page(clerks_a=200, clerk_b=404), write=_UNIT_A_ONLY_FORM)
       for action in ("refuse", "acknowledge")},
    # Working the clue: the handling unit and the office (P9: the office watches every deadline).
    **{f"disputes:{action}": spec(["clue"], read=_CLUE_WORK, write=_UNIT_A_FORM)
       for action in ("note", "conclude", "extend", "link")},
    # The world has no reopen request: the office (who decides them, P9) finds none.
    "disputes:reopen_decide": spec(["clue", "reopen_request"], read=page(office=404), write=page(office=404)),
    "disputes:attachment": spec(["clue", "clue_attachment"], read=_CLUE_READ),
    # --- evaluation (a draft run of 2025Q3; unit A's score and query; a task for unit A) ---------------------
    "evaluation:workspace_home": spec(read=page(office=200, clerks=200, leader=200)),
    # Every run the role may read, paged (unpublished versions: the office, the leader, the clerks' drafts)
    "evaluation:run_list": spec(read=page(office=200, clerks=200, leader=200)),
    "evaluation:run_start": spec(read=page(office=302), write=page(office=PASS)),  # GET: back to the home
    "evaluation:run_detail": spec(["run"], read=page(office=200, clerks=200, leader=200)),
    # screens-layout: GET is the confirmation page (what publishing does, how many units)
    "evaluation:run_publish": spec(["run"], read=page(office=200), write=page(office=PASS)),
    "evaluation:run_export": spec(["run"], read=page(office=200, leader=200)),
    "evaluation:score_detail": spec(["score"], read=page(office=200, clerks_a=200, clerk_b=404, leader=200)),
    "evaluation:score_query": spec(["score"], read=page(clerks=405), write=page(clerks_a=PASS, clerk_b=404)),
    "evaluation:indicator_detail": spec(["score", "indicator"], read=page(office=200, clerks_a=200, clerk_b=404,
                                                                          leader=200)),
    "evaluation:query_answer": spec(["query"], read=page(office=200), write=page(office=PASS)),  # GET: the form
    "evaluation:dashboard": spec(read=page(office=200, leader=200)),
    "evaluation:task_list": spec(read=page(office=200, clerks=200, leader=200), write=page(office=FORM)),
    # Unit A's task: the leader reads it too (P4). An empty POST names no action (submit, review, extend): the
    # page's own 404 for every role that may open it; the roles checks per action are in tests/evaluation.
    "evaluation:assignment_detail": spec(["assignment"], read=_TASK_A,
                                         write=page(office=404, clerks_a=404, clerk_b=404, leader=404)),
    "evaluation:document_download": spec(["assignment", "task_document"], read=_TASK_A),
    "evaluation:inputs": spec(read=_OFFICE_PAGE, write=_OFFICE_FORM),
    "evaluation:input_template": spec(["input_kind"], read=_OFFICE_PAGE),
    # The indicator scheme: everyone the evaluation concerns reads it (it is public anyway); the page takes no POST.
    "evaluation:scheme_current": spec(read=_EVALUATION_READERS, write=_EVALUATION_405),
    "evaluation:scheme": spec(["year"], read=_EVALUATION_READERS, write=_EVALUATION_405),
    # No published annual run in the world: nothing to designate from (404).
    "evaluation:demonstration": spec(read=_OFFICE_PAGE, write=page(office=404)),
    "evaluation:public_index": spec(read=public()),
    "evaluation:public_demonstration": spec(read=public()),
    "evaluation:public_methodology": spec(["year"], read=public()),
    "evaluation:public_score": spec(["score"], read=cells(404)),  # the run is a draft: not public yet
    "evaluation:public_ranking": spec(["period_code"], read=cells(404)),
    # --- API: accounts, directory (P4, P6: leader and cadre read it all; P8: clerks keep their servants) ------------
    "api-token": spec(read=cells(405), write=cells(400)),
    "api-me": spec(read=api(200)),
    "api-my-file": spec(read=api(servants=200)),
    "unit-list": spec(read=api(office=200, clerks=200, supervisors=200, leader=200, cadre=200), write=api(office=400)),
    "unit-detail": spec(["unit"], read=_API_DIRECTORY_A, write=api(office=PASS), method="patch"),
    "unit-heads": spec(["unit"], read=_API_DIRECTORY_A, write=api(office=400)),
    "unit-succeed": spec(["unit"], read=_API_DIRECTORY_405, write=api(office=400)),
    "civil-servant-list": spec(read=api(office=200, clerks=200, supervisors=200, leader=200, cadre=200),
                               write=api(office=400, clerks=400)),
    "civil-servant-detail": spec(["servant"], read=_API_DIRECTORY_A,
                                 write=api(office=PASS, clerks_a=PASS, clerk_b=404), method="patch"),
    "civil-servant-postings": spec(["servant"], read=_API_DIRECTORY_A),
    "civil-servant-transfer": spec(["servant"], read=_API_DIRECTORY_405, write=api(office=400)),
    # --- API: records (unit A's record about X; clerks write, others read in scope) ---------------------------
    # Reads: X's own (P7), unit A, the office, the supervisor in scope, the cadre with a check; never the leader.
    "record-list": spec(read=api(office=200, clerks=200, supervisors=200, cadre=200, servants=200, leader=200),
                        write=api(office=400, clerks=400)),
    "record-detail": spec(["record"], read=_API_RECORD_X, write=_RECORD_A_API_WRITE, method="patch",
                          write_args=["draft"]),
    "record-history": spec(["record"], read=_API_RECORD_X),
    **{f"record-{action}": spec([arg], read=_API_RECORD_405, write=_RECORD_A_API_WRITE)
       for action, arg in (("attachments", "record"), ("correct", "record"), ("decision-changed", "record"),
                           ("publish", "draft"), ("revoke", "record"))},
    # --- API: workdays, notices (P10: every account has its own notices; P12) -------------------------------------
    "api-workdays-add": spec(read=cells(400)),  # no start/days given: a field error, for anyone
    "api-workdays-check": spec(read=cells(400)),
    "calendar-year-list": spec(read=api(office=200, leader=200)),
    "calendar-year-detail": spec(["calendar_year"], read=api(office=200, leader=200)),
    "policy-list": spec(read=api(200, servants=403, api_client=403)),
    "policy-detail": spec(["policy"], read=api(200, servants=403, api_client=403)),
    "policy-revise": spec(["policy"], read=api(405, servants=403, api_client=403), write=api(office=400)),
    "broadcast-list": spec(read=api(office=200), write=api(office=400)),
    "notice-list": spec(read=api(200)),
    "notice-mark-read": spec(read=api(405), write=api(PASS)),
    "notice-detail": spec(["notice"], read=api(404, user_x=200)),
    # --- API: objections and repairs (X's objection; unit B's repair) -------------------------------------------
    "objection-list": spec(read=api(office=200, clerks=200, servants=200, supervisors=200),
                           write=api(clerks=400, servants=400)),
    "objection-detail": spec(["objection"], read={**_OBJECTION_READ, "anon": 401}),
    # The provider's clerks answer (P2: clerk B 404; P9: never the office).
    "objection-decide": spec(["objection"], read=_API_OBJECTION_405, write=api(clerks_a=400, clerk_b=404)),
    "objection-review": spec(["objection"], read=_API_OBJECTION_405, write=api(clerks_a=PASS, clerk_b=404)),
    # The answer clock: the office's (P9).
    "objection-extend": spec(["objection"], read=_API_OBJECTION_405, write=api(office=400)),
    "objection-pause": spec(["objection"], read=_API_OBJECTION_405, write=api(office=400)),
    "objection-resume": spec(["objection"], read=_API_OBJECTION_405, write=api(office=PASS)),
    # The applicant withdraws; clerks may withdraw their unit's objections, not X's (P2).
    "objection-withdraw": spec(["objection"], read=_API_OBJECTION_405, write=api(user_x=PASS, user_y=404, clerks=404)),
    "repair-list": spec(read=api(office=200, clerks=200, servants=200, supervisors=200),
                        write=api(clerks=400, servants=400)),
    "repair-detail": spec(["repair"], read={**_REPAIR_READ, "anon": 401}),
    "repair-decide": spec(["repair"], read=_API_OBJECTION_405, write=api(office=400)),  # P9
    # --- API: commitments (public reads published; unit A's clerks write) -----------------------------------------
    "commitment-list": spec(read=cells(200), write=api(office=400, clerks=400)),
    "commitment-detail": spec(["commitment"], read=cells(200), write=api(office=PASS, clerks_a=PASS, clerk_b=404),
                              method="patch"),
    # P3: reads are public, so a GET of a POST-only action is 405 for anyone, anonymous included.
    **{f"commitment-{action}": spec(["commitment"], read=cells(405),
                                    write=api(office=PASS, clerks_a=PASS, clerk_b=404))
       for action in ("change", "conclude", "milestones", "officials", "publish")},
    "commitment-breach": spec(["commitment"], read=cells(405), write=api(office=400, clerks_a=400, clerk_b=404)),
    # --- API: disputes (the public tracks by receipt code; the office and unit A work the clue, P4/P5/P9) -----------
    "dispute-submit": spec(read=cells(405), write=cells(400)),
    # The receipt code travels in the POST body, never in a URL (issue 16 item 9): an empty body is 400.
    "dispute-track": spec(read=cells(405), write=cells(400)),
    "dispute-track-info": spec(read=cells(405), write=cells(400)),
    "dispute-track-rate": spec(read=cells(405), write=cells(400)),
    "dispute-track-reopen": spec(read=cells(405), write=cells(400)),
    "dispute-clue-list": spec(read=api(office=200, clerks=200)),
    "dispute-clue-detail": spec(["clue"], read=api(office=200, clerks_a=200, clerk_b=404)),
    "dispute-clue-contact": spec(["clue"], read=api(office=200, clerks_a=200, clerk_b=404)),
    **{f"dispute-clue-{action}": spec(["clue"], read=_API_CLUE_405, write=api(clerks_a=PASS, clerk_b=404))
       for action in ("acknowledge", "refuse")},
    **{f"dispute-clue-{action}": spec(["clue"], read=_API_CLUE_405,
                                      write=api(office=PASS, clerks_a=PASS, clerk_b=404))
       for action in ("conclude", "extend", "link", "notes")},
    "dispute-clue-reopen-decide": spec(["clue"], read=_API_CLUE_405, write=api(office=PASS)),
    "dispute-clue-route": spec(["clue"], read=_API_CLUE_405, write=api(office=400)),
    "dispute-report-list": spec(read=cells(200)),
    "dispute-report-detail": spec(["clearance"], read=cells(404, office=200, leader=200)),
    # Reads are public (P3: GET is 405 for anyone); publishing is the office's (P1: everyone else 403).
    "dispute-report-publish": spec(["clearance"], read=cells(405), write=api(office=PASS)),
    # --- 双公示 decisions (branch decisions-core): unit A's published penalty on a company (``decision``), its draft
    # licence (``decision_draft``). The issuing department's clerks write; the office reads all but never acts in a
    # unit's name (P9); supervisors read in scope (P5); the public reads what the rules disclose.
    "decision-list": spec(read=api(office=200, clerks=200, supervisors=200), write=api(clerks=400)),
    "decision-detail": spec(["decision"], read=api(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                                   supervisor_out=404),
                            write=api(clerks_a=PASS, clerk_b=404), method="patch"),
    "decision-publish": spec(read=api(office=405, clerks=405, supervisors=405), write=api(clerks=400)),  # P3
    "decision-quality": spec(read=api(office=400, clerks=400)),  # no year given: a field error
    "public-decision-list": spec(read=public()),
    "public-decision-detail": spec(["decision"], read=public()),
    "decisions:public_list": spec(read=public()),
    "decisions:public_detail": spec(["decision"], read=public()),
    "decisions:public_subject": spec(["decision_subject"], read=public()),
    "decisions:list": spec(read=page(office=200, clerks=200, supervisors=200)),
    "decisions:create": spec(["decision_act"], read=page(clerks=200), write=page(clerks=FORM)),
    "decisions:bulk_publish": spec(read=page(clerks=405), write=page(clerks=PASS)),
    "decisions:quality": spec(read=page(office=200, clerks=200)),
    "decisions:detail": spec(["decision"], read=page(office=200, clerks_a=200, clerk_b=404, supervisor_in=200,
                                                     supervisor_out=404)),
    "decisions:edit": spec(["decision_draft"], read=page(clerks_a=200, clerk_b=404),
                           write=page(clerks_a=FORM, clerk_b=404)),
    "decisions:publish": spec(["decision_draft"], read=page(clerks=405), write=page(clerks_a=PASS, clerk_b=404)),
    "decisions:revoke": spec(["decision"], read=page(clerks_a=200, clerk_b=404), write=page(clerks_a=FORM, clerk_b=404)),
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
    # Explaining and reporting: unit A in its own name (P9); accepting, sending back, accountability: the office.
    **{f"rectification-case-{action}": spec(["case"], read=_API_CASE_405, write=api(clerks_a=PASS, clerk_b=404))
       for action in ("explain", "report")},
    **{f"rectification-case-{action}": spec(["case"], read=_API_CASE_405, write=api(office=PASS))
       for action in ("accept", "accountability", "send-back")},
    "restriction-flag-list": spec(read=api(office=200, clerks=200, leader=200, supervisors=200)),  # P10
    "restriction-flag-detail": spec(["flag"], read=api(404, user_x=403, user_y=403, cadre=403, api_client=403)),
    # The city platform's inbound forwards authenticate by signature, not by account: no signature, 401 for all.
    "platform-forward": spec(read=cells(405), write=cells(401)),
    # --- decisions-io: the 双公示 import (a department's clerk imports its own decisions; the office follows jobs) ----
    "decisions_import:upload": spec(read=page(clerks=200), write=page(clerks=FORM)),
    "decisions_import:job": spec(["decision_import_job"], read=page(office=200, clerks_a=200, clerk_b=404),
                                 write=page(office=405, clerks_a=405, clerk_b=405)),
    "decision-import": spec(read=api(clerks=405), write=api(clerks=400)),
    "decision-import-job": spec(["decision_import_job"], read=api(office=200, clerks_a=200, clerk_b=404),
                                write=api(office=405, clerks=405)),
    # --- rules-effects: the office sets one objection's answer period (3, 7 or 10 wd, with a reason; P9) --------
    "objections:objection_period": spec(["objection"], read=page(office=200), write=page(office=PASS)),
    "objection-period": spec(["objection"], read=_API_OBJECTION_405, write=api(office=400)),
}


# --- the Django admin (branch sec-admin, issue 16 finding 1): every admin URL × role (P15) --------------------------
# What the office may read in the admin (app label, or app.model) and the tables it keeps there (adds, changes).
OFFICE_ADMIN_READS = {"accounts.user", "accounts.auditentry", "accounts.configurationchange", "auth.group", "records",
                      "accounts.loginattempt", "accounts.loginlog", "accounts.loginfailure",
                      "workdays", "notifications", "django_celery_beat", "axes", "commitments", "objections",
                      "disputes", "evaluation"}
OFFICE_ADMIN_KEEPS = {"records.unit", "records.unitheadterm", "records.civilservant", "records.rectificationrule",
                      "workdays.calendaryear", "workdays.policy", "disputes.routingrule", "objections.objectionpolicy",
                      "evaluation.scheme", "evaluation.inputvalue", "django_celery_beat"}
# A history table whose admin form is read-only but takes a POST: its transitions call the services (DESIGN §3).
OFFICE_ADMIN_ACTS = {"records.creditrecord"}
ADMIN_OFFICE_FORM = frozenset({200, 302})  # a form shown again with its errors, or saved; never refused, never 5xx


def _office_may(table: str, tables: set[str]) -> bool:
    return table in tables or table.split(".")[0] in tables


def admin_rows(registry) -> dict[str, dict]:
    """One row per admin URL: the site's own pages, then per registered model its list, add, change, history and
    delete pages (and the user admin's password page). ``registry``: the admin site's {model: ModelAdmin}."""
    def staff(office, **more):
        return cells(302, office=office, **more)

    rows = {
        "admin:index": spec(read=staff(200)),
        "admin:app_list": spec(["admin_app"], read=staff(200)),
        # The login form shows to whoever is not staff; a staff member is sent on to the index.
        "admin:login": spec(read=cells(200, office=302), write=cells(200)),
        "admin:logout": spec(read=staff(405), write=cells(302)),  # signed out, on to the home page
        "admin:password_change": spec(read=staff(200), write=staff(200)),  # one's own password
        "admin:password_change_done": spec(read=staff(200)),
        "admin:autocomplete": spec(read=staff(403)),  # no field named: refused
        "admin:jsi18n": spec(read=staff(200)),
        "admin:view_on_site": spec(["admin_ct", "admin_obj"], read=staff(404)),  # an account has no public page
    }
    for model in registry:
        table = f"{model._meta.app_label}.{model._meta.model_name}"
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        reads, keeps = _office_may(table, OFFICE_ADMIN_READS), _office_may(table, OFFICE_ADMIN_KEEPS)
        obj = [f"admin:{table}"]
        rows[f"{prefix}_changelist"] = spec(read=staff(200 if reads else 403))
        rows[f"{prefix}_add"] = spec(read=staff(200 if keeps else 403),
                                     write=staff(ADMIN_OFFICE_FORM if keeps else 403))
        # The world's object, or an id no object has (then the admin sends a reader back to its index).
        acts = keeps or table in OFFICE_ADMIN_ACTS
        rows[f"{prefix}_change"] = spec(obj, read=staff(frozenset({200, 302}) if reads else 403),
                                        write=staff(ADMIN_OFFICE_FORM if acts else 403))
        rows[f"{prefix}_history"] = spec(obj, read=staff(frozenset({200, 302}) if reads else 403))
        rows[f"{prefix}_delete"] = spec(obj, read=staff(403), write=staff(403))
    rows["admin:auth_user_password_change"] = spec(["admin:accounts.user"], read=staff(403), write=staff(403))
    return rows


def _admin_registry():
    from django.contrib import admin

    return admin.site._registry


TABLE.update(admin_rows(_admin_registry()))
