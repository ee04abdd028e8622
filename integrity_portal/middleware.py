import logging

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class BodySizeLimitMiddleware:
    """Answer 413 for a request body over the limit, before anything reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return JsonResponse(
                {"detail": _("请求内容过大（上限 %(limit)d MB）。") % {"limit": settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)}},
                status=413,
            )
        if "chunked" in request.META.get("HTTP_TRANSFER_ENCODING", "").lower() and not request.META.get("CONTENT_LENGTH"):
            # A chunked body has no length to check before reading it: refuse it unread (411).
            return JsonResponse({"detail": _("请求须注明内容长度（Content-Length）。")}, status=411)
        return self.get_response(request)


class PrivateAnswersMiddleware:
    """``Cache-Control: private, no-store`` on every answer that is not public (issue 16), by one rule:

    - the request carries credentials (a session cookie or an ``Authorization`` header): personal pages,
      staff pages and every API answer to a signed-in user or a token — and a public page a signed-in
      user sees may hold what only staff see;
    - a write (a receipt code, a form's result);
    - a download (``Content-Disposition: attachment``: exports, attachments, reports).

    Public answers to anonymous visitors keep their own caching; static files are served before this
    (WhiteNoise is above it). An answer that already says ``no-store`` is left as its view wrote it.
    """

    SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" in response.get("Cache-Control", ""):
            return response
        credentials = settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
        download = response.get("Content-Disposition", "").lower().startswith("attachment")
        if credentials or download or request.method not in self.SAFE_METHODS:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ChineseFirstLocaleMiddleware:
    """Chinese unless the user chose otherwise with the language switch.

    Django's LocaleMiddleware follows the browser's Accept-Language; a district portal is
    Chinese first, so only the language cookie (set by the switch) changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        patch_vary = response.get("Vary", "")
        if "Cookie" not in patch_vary:
            response["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response


class TokenEndpointThrottleMiddleware:
    """DRF throttling (scope ``auth_token``, per client address) for ``POST /api/v1/auth/token/``.

    The token view comes from DRF's ``ObtainAuthToken``, which switches throttling off
    (``throttle_classes = ()``); guessing passwords through it is limited here instead: over the
    rate the answer is 429 with ``Retry-After``, before the view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and _is_token_endpoint(request.path_info):
            from .api import TokenEndpointThrottle

            throttle = TokenEndpointThrottle()
            if not throttle.allow_request(request, None):
                wait = throttle.wait()
                response = JsonResponse({"detail": _("登录尝试过于频繁，请稍后再试。"), "code": "throttled"}, status=429)
                if wait is not None:
                    response["Retry-After"] = str(max(1, int(wait)))
                return response
        return self.get_response(request)


class APIOnlyAccountMiddleware:
    """A session of an API-only account (``api_client``) ends on the HTML site: such an account works with a
    token on /api/ only (the HTML login refuses it), so a session found on a page is signed out and the page
    answers as to anyone anonymous (a staff page: to the login page). After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path_info.startswith("/api/") \
                and getattr(user, "is_api_only", False):
            from django.contrib.auth import logout

            logout(request)
        return self.get_response(request)


def _is_token_endpoint(path: str) -> bool:
    from django.urls import NoReverseMatch, reverse

    try:
        return path == reverse("api-token")
    except NoReverseMatch:
        return False


DATABASE_UNAVAILABLE_HTML = """<!doctype html>
<html lang="zh-hans"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1><p>{message}</p></main></body></html>
"""


class ControlCharacterQueryMiddleware:
    """A NUL byte in the query string is never a real filter value; PostgreSQL refuses it in text (a DataError
    deep in a filter or the admin's changelist). Answered 400 before any view runs (issue 16 item 6)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            return DatabaseUnavailableMiddleware.plain_page(
                request, 400, _("请求有误"), _("请求中含有无效字符。"), "invalid_character")
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A lost database connection (restart, fail-over, network) is a 503 with a message, not a 500; a value the
    database cannot hold is a 400.

    Listed last in MIDDLEWARE so its ``process_exception`` runs first. Nothing here touches the
    database: the page is a plain string, not a template with the user's context. Django drops
    the broken connection at the end of the request; the next request connects again.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError, InterfaceError, OperationalError

        if isinstance(exception, OverflowError | DataError):
            return self.value_out_of_range(request, exception)
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable for %s %s: %s", request.method, request.path, exception)
        message = _("数据库暂时无法连接，您的请求未被处理。请稍后重试；已提交的数据不会丢失。")
        response = self.plain_page(request, 503, _("服务暂时不可用"), message, "database_unavailable")
        response["Retry-After"] = "30"
        return response

    @staticmethod
    def plain_page(request, status: int, title: str, message: str, code: str):
        from django.http import HttpResponse

        wants_json = request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")
        if wants_json:
            response = JsonResponse({"detail": message, "code": code}, status=status,
                                    json_dumps_params={"ensure_ascii": False})
        else:
            response = HttpResponse(DATABASE_UNAVAILABLE_HTML.format(title=title, message=message), status=status,
                                    content_type="text/html; charset=utf-8")
        response["Cache-Control"] = "no-store"
        response.portal_error_code = code  # for tests: which safety net answered
        return response

    def value_out_of_range(self, request, exception):
        """The safety net behind the filters' and forms' own checks (issue 16 item 6): a number the database
        cannot hold (an id past 64 bits in a query string or a path) is the client's mistake, 400, never a 500.
        Logged, because it means a field let the value through unchecked."""
        logger.warning("value out of range for the database in %s %s: %s", request.method, request.path, exception)
        return self.plain_page(request, 400, _("请求有误"), _("请求中的数值或文本超出允许范围。"), "out_of_range")
