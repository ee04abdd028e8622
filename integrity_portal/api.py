"""API plumbing shared by every app: the access rule, pagination, error mapping.

The access rule of DESIGN.md §1 lives here, once:
- anonymous on a non-public endpoint -> 401 (token auth supplies WWW-Authenticate);
- a role that may never do the action -> 403 (``RolePermission``);
- an object outside the user's scope -> 404 (viewsets build on ``visible_to(user)``);
- an unsupported method -> 405 (viewsets only mix in what they support);
- a transition not allowed from the current state -> 409 (``TransitionNotAllowed``).
"""
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, permissions, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import PortalError

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


class ScopedViewSetMixin:
    """Every object comes from ``Model.objects.visible_to(user)``: out of scope is 404."""

    scoped_model = None

    def get_queryset(self):
        return self.scoped_model.objects.visible_to(self.request.user)


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


def exception_handler(exc, context):
    if isinstance(exc, PortalError):
        return Response({"detail": exc.message, "code": exc.code}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            data = {field: [str(m) for m in msgs] for field, msgs in exc.message_dict.items()}
        else:
            data = {"detail": exc.messages}
        return Response(data, status=400)
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": _("请求内容过大。")}, status=413)
    return drf_exception_handler(exc, context)
