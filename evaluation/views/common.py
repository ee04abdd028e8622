from django.core.exceptions import PermissionDenied

from accounts.choices import Role
from integrity_portal.access import user_may

OFFICE = {Role.CREDIT_OFFICE}
READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK}
LEADERSHIP = {Role.CREDIT_OFFICE, Role.LEADER}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def require(user, roles) -> None:
    """A role that may read the page but never do this action → 403 (DESIGN.md §1; the page itself is no secret)."""
    if not user_may(user, roles):
        raise PermissionDenied
