from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _


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
        return self.get_response(request)
