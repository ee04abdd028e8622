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
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import PortalError
from .permissions import ANY_ROLE, PUBLIC, PortalPagination, RolePermission, roles_for

__all__ = ["ANY_ROLE", "PUBLIC", "PortalPagination", "RolePermission", "roles_for", "ScopedViewSetMixin",
           "ScopedReadOnlyViewSet", "exception_handler"]

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
