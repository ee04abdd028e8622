"""Login lock-outs (django-axes), issue 16 finding 8.

Two limits, both for ``AXES_COOLOFF_TIME`` after the last failure, on every login (the workspace's, the admin's
and the API token's, all of which call ``authenticate``):

- the PAIR (username, address) after ``AXES_FAILURE_LIMIT`` failures (``AXES_LOCKOUT_PARAMETERS``), so guessing
  a user's password from one address never locks the real user out from another;
- the ADDRESS after ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures on any usernames, so one address cannot try a
  password on every account.

The address is ``integrity_portal.clientip.client_ip`` (``AXES_CLIENT_IP_CALLABLE``): a forged X-Forwarded-For is
ignored unless trusted proxies are configured. The office lifts either lock on the workspace's account pages
(``accounts.services.login_unlock`` / ``login_address_unlock``).
"""
from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def _since(request=None):
    return timezone.now() - get_cool_off(request)


def address_failures(ip_address: str | None) -> int:
    """Failed logins from ``ip_address`` on any usernames within the cool-off period."""
    if not ip_address:
        return 0
    total = AccessAttempt.objects.filter(ip_address=ip_address, attempt_time__gte=_since()).aggregate(
        n=Sum("failures_since_start"))["n"]
    return total or 0


def address_locked(ip_address: str | None) -> bool:
    return address_failures(ip_address) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


def locked_pairs() -> list[dict]:
    """(username, address) pairs locked now, newest first."""
    rows = (AccessAttempt.objects.filter(attempt_time__gte=_since())
            .values("username", "ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("-last"))
    return list(rows)


def locked_addresses() -> list[dict]:
    """Addresses locked now (over the per-address limit), newest first."""
    rows = (AccessAttempt.objects.filter(attempt_time__gte=_since())
            .values("ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.LOGIN_ADDRESS_FAILURE_LIMIT).order_by("-last"))
    return list(rows)


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler plus the per-address limit."""

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        if address_locked(getattr(request, "axes_ip_address", None)):
            request.axes_address_locked = True
            return True
        return False

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None and not getattr(request, "axes_locked_out", False) \
                and address_locked(getattr(request, "axes_ip_address", None)):
            request.axes_locked_out = True
            request.axes_address_locked = True
            request.axes_credentials = credentials
