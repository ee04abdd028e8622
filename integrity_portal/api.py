"""API plumbing shared by every app: the access rule, pagination, error mapping.

The access rule of DESIGN.md §1 lives here, once:
- anonymous on a non-public endpoint -> 401 (token auth supplies WWW-Authenticate);
- a role that may never do the action -> 403 (``RolePermission``);
- an object outside the user's scope -> 404 (viewsets build on ``visible_to(user)``);
- an unsupported method -> 405 (viewsets only mix in what they support);
- a transition not allowed from the current state -> 409 (``TransitionNotAllowed``).
"""
import logging
from types import SimpleNamespace

from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.utils.translation import gettext as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import viewsets
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import PortalError
from .permissions import ANY_ROLE, PUBLIC, PortalPagination, RolePermission, roles_for

__all__ = ["ANY_ROLE", "PUBLIC", "PortalPagination", "RolePermission", "roles_for", "ScopedViewSetMixin",
           "ScopedReadOnlyViewSet", "exception_handler"]
logger = logging.getLogger(__name__)

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
    if isinstance(exc, OverflowError | DataError):
        # A value the database cannot hold (an id past 64 bits in a filter, found by fuzzing): the
        # client's mistake, answered 400 instead of 500; logged in case a view let it through unchecked.
        logger.warning("API value out of range for the database: %s", exc)
        return Response({"detail": _("请求中的数值或文本超出允许范围。"), "code": "out_of_range"}, status=400)
    return drf_exception_handler(exc, context)


# --- throttling of the token endpoint (applied by TokenEndpointThrottleMiddleware) ------------

class TokenEndpointThrottle(SimpleRateThrottle):
    """``POST /api/v1/auth/token/`` per client address: ``DEFAULT_THROTTLE_RATES["auth_token"]``."""

    scope = "auth_token"

    def get_rate(self):
        from rest_framework.settings import api_settings

        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# --- OpenAPI: the access rule's error answers, declared once for every operation ----------------

ERROR_BODY_SCHEMA = {
    "type": "object",
    "description": "错误：`detail`（说明）与 `code`。",
    "properties": {
        "detail": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "code": {"type": "string"},
    },
    "additionalProperties": True,
}
# 400: field errors ``{field: [message]}`` (a field may itself be called ``code``) or ``{"detail": …}``.
FIELD_ERRORS_SCHEMA = {"type": "object", "description": "按字段列出的错误 `{字段: [说明]}`，或 `detail`。",
                       "additionalProperties": True}
ERROR_DESCRIPTIONS = {
    400: "请求内容有误（字段错误）",
    401: "未登录或令牌无效",
    403: "当前角色无权进行此操作",
    404: "对象不存在或不在您的权限范围内",
    409: "当前状态不允许此操作，或记录已被他人修改",
    413: "请求内容过大",
    429: "请求过于频繁",
}


class PortalAutoSchema(AutoSchema):
    """drf-spectacular's schema plus the error statuses of DESIGN.md §1 for each operation.

    401 on every operation (a bad token), 403 on those that are not public, 404 everywhere (scope, unknown ids, pages past
    the end), 400 where the client sends a body or query parameters, 409 and 413 on writes, 429 on
    public operations (they are rate limited). Statuses a view declares itself are left as they are.
    """

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_statuses():
            responses.setdefault(str(code), {
                "description": ERROR_DESCRIPTIONS[code],
                "content": {"application/json": {"schema": FIELD_ERRORS_SCHEMA if code == 400 else ERROR_BODY_SCHEMA}},
            })
        return responses

    def _is_public(self) -> bool:
        if not any(isinstance(p, RolePermission) for p in self.view.get_permissions()):
            return True  # no role check at all (the token view)
        return PUBLIC in roles_for(self.view, SimpleNamespace(method=self.method))

    def _error_statuses(self) -> list[int]:
        write = self.method not in ("GET", "HEAD", "OPTIONS")
        public = self._is_public()
        codes = [401, 404]  # 401: a bad token is refused even where anonymous is welcome
        if write or any(p.get("in") == "query" for p in self._get_parameters()):
            codes.append(400)
        if not public:
            codes.append(403)
        if write:
            codes += [409, 413]
        if public:
            codes.append(429)
        return sorted(codes)


# --- optimistic concurrency: ETag on reads, If-Match on PATCH ---------------------------------

IF_MATCH_DESCRIPTION = (
    "可选。读取时响应头 `ETag` 的值（如 `\"12-1767225600000000\"`）；对象在此之后被他人修改则返回 409，"
    "不覆盖他人的修改。不带此头时不作检查。"
)


def etag(revision: str) -> str:
    return f'"{revision}"'


def if_match_revision(request, current: str) -> str | None:
    """The revision an ``If-Match`` header names: None when absent or ``*`` (no check).

    Several entity tags: ``current`` when it is among them, else the first (which the service
    then refuses). Weak tags (``W/"…"``) never match, as RFC 9110 says for If-Match.
    """
    header = (request.headers.get("If-Match") or "").strip()
    if not header or header == "*":
        return None
    values = []
    for tag in (part.strip() for part in header.split(",")):
        if len(tag) >= 2 and tag[0] == tag[-1] == '"':
            tag = tag[1:-1]
        if tag:
            values.append(tag)
    if not values:
        return None
    return current if current in values else values[0]
