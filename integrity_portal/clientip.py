"""The client's address, one rule for every per-address limit (login lock-outs, public clue forms)."""
import ipaddress

from django.conf import settings


def _address(text: str) -> str:
    """The text when it is an IP address, else "" (axes stores it in an inet column: PostgreSQL refuses text)."""
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """REMOTE_ADDR; X-Forwarded-For only when ``PORTAL_TRUSTED_PROXY_COUNT`` says how many trusted proxies append to
    it (the client is then the entry that many places from the right, which a client cannot forge). Anything that is
    not an IP address (a request without REMOTE_ADDR, as Django's test client's ``force_login`` makes) is ""."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    trusted = int(getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0) or 0)
    if trusted <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) >= trusted:
        return _address(forwarded[-trusted])
    return _address(forwarded[0]) if forwarded else remote
