"""Per-address rate limits for the public clue endpoints (submission, tracking look-ups).

A fixed window counted in Django's cache (locmem by default, Redis in production). A cache outage never fails
the request: the count is then simply not enforced. The address is REMOTE_ADDR; X-Forwarded-For is honoured only
when ``PORTAL_TRUSTED_PROXY_COUNT`` says how many trusted proxies append to it (the client is then the entry that
many places from the right, which a client cannot forge).
"""
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from integrity_portal.clientip import client_ip

logger = logging.getLogger(__name__)

# (requests, seconds) per address; override in settings as DISPUTES_RATE_LIMITS = {"submit": (5, 3600), …}.
DEFAULT_LIMITS = {"submit": (5, 3600), "track": (30, 600)}
MESSAGE = _("操作过于频繁，请稍后再试。")


def limit_for(action: str) -> tuple[int, int]:
    limits = {**DEFAULT_LIMITS, **(getattr(settings, "DISPUTES_RATE_LIMITS", None) or {})}
    return limits[action]


def hit(request, action: str) -> bool:
    """Count one request; False when the address is over the limit for ``action``."""
    count_allowed, window = limit_for(action)
    address = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    key = f"disputes:rl:{action}:{address}:{int(time.time() // window)}"
    try:
        cache.add(key, 0, timeout=window + 5)
        count = cache.incr(key)
    except ValueError:  # the key vanished (evicted) between add and incr
        count = 1
    except Exception as exc:  # noqa: BLE001 - a cache outage must not fail the request
        logger.warning("rate-limit cache unavailable, not enforcing %s: %s", action, exc)
        return True
    return count is None or count <= count_allowed
