"""The client's address, one rule for every per-address limit (login lock-outs, public clue forms)."""
from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR; X-Forwarded-For only when ``PORTAL_TRUSTED_PROXY_COUNT`` says how many trusted proxies append to
    it (the client is then the entry that many places from the right, which a client cannot forge)."""
    remote = request.META.get("REMOTE_ADDR", "") or "unknown"
    trusted = int(getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= trusted:
        return forwarded[-trusted]
    return forwarded[0] if forwarded else remote
