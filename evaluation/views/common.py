from django.http import Http404

from accounts.choices import Role
from integrity_portal.access import user_may

OFFICE = {Role.CREDIT_OFFICE}
READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK}
LEADERSHIP = {Role.CREDIT_OFFICE, Role.LEADER}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require(user, roles) -> None:
    """A role that may read the page but not do this → 404 (existence does not leak)."""
    if not user_may(user, roles):
        raise Http404
