"""The office's ledger page: the chain's head, the exported heads, and a verification on demand.

Credit office only. Mounted by ``accounts.urls_ledger`` (namespace ``ledger``) under /workspace/.
GET shows the head; POST verifies the whole chain against the rows and the exported heads.
"""
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from accounts.choices import Role
from integrity_portal.access import role_required

from . import ledger


@require_http_methods(["GET", "POST"])
@role_required(Role.CREDIT_OFFICE)
def ledger_status(request):
    result = ledger.ledger_verify() if request.method == "POST" else None
    return render(request, "accounts/ledger.html", {
        "summary": ledger.ledger_summary(), "result": result, "tables": ledger.SEALED_TABLES,
        "problems": result.problems()[:200] if result else [],
    }, status=200 if result is None or result.ok else 409)
