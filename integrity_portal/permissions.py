"""The role half of the access rule; imported by DRF settings, so it imports little."""
from rest_framework import exceptions, pagination, permissions

PUBLIC = "__public__"
ANY_ROLE = "__any_role__"
SAFE = "safe"
WRITE = "write"


def roles_for(view, request) -> set[str]:
    """Roles allowed for this request: ``action_roles[action]`` else read/write roles."""
    action = getattr(view, "action", None)
    action_roles = getattr(view, "action_roles", {}) or {}
    if action and action in action_roles:
        return set(action_roles[action])
    if request.method in permissions.SAFE_METHODS:
        return set(getattr(view, "read_roles", ()) or ())
    return set(getattr(view, "write_roles", ()) or ())


class RolePermission(permissions.BasePermission):
    """401 for anonymous on a non-public endpoint, 403 for a role never allowed."""

    def has_permission(self, request, view):
        if request.method == "OPTIONS":
            return True
        allowed = roles_for(view, request)
        if PUBLIC in allowed:
            return True
        user = request.user
        if not user or not user.is_authenticated:
            raise exceptions.NotAuthenticated()
        if user.is_superuser or ANY_ROLE in allowed:
            return True
        return bool(user.roles & allowed)


class PortalPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


