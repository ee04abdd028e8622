"""Cached fragments of the anonymous public pages (issue 10).

An anonymous page is the same for every visitor of one language, but the page *shell* is not: the
language switch carries the visitor's CSRF token. So the views cache the rendered body of the page
(everything the queries and the heavy template work produce) and render the shell around it per
request. A hit costs two cache round trips and no query.

The key holds the language, today's date (what is public depends on the day), the full path with its
query string, and the version of every *scope* the fragment reads (``"commitments"``, ``"disclosures"``…).
A change bumps its scope's version (``bump_public_version``): at once, so the request that made it sees
it, and again after commit, so a page a concurrent request rendered from the old data before the commit
is not kept under the new version. Entries also expire after ``PUBLIC_PAGE_CACHE_SECONDS`` — the bound for
changes made without a signal (bulk ``update()``, a disclosure window closing). ``0`` turns the cache off
(the test settings do, so tests see every change; tests of the cache turn it on).

The cache is Django's default cache: Redis in production (an outage is a miss, never an error), locmem
otherwise. Logged-in users are never served from it (staff see more than the public).
"""
import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

logger = logging.getLogger(__name__)

PREFIX = "publicpage"


def _version_key(scope: str) -> str:
    return f"{PREFIX}:version:{scope}"


def _new_version() -> str:
    return str(time.time_ns())


def bump_public_version(scope: str) -> None:
    """The public pages reading ``scope`` change: now, and once more after the transaction commits."""
    if settings.PUBLIC_PAGE_CACHE_SECONDS:
        bump_version(scope)


def bump_version(scope: str) -> None:
    """What is cached under ``scope`` changes: a new version now, and once more after the transaction commits."""

    def bump():
        try:
            cache.set(_version_key(scope), _new_version(), timeout=None)
        except Exception as exc:  # noqa: BLE001 - a cache outage only means misses
            logger.warning("public page cache: could not bump %s: %s", scope, exc)

    bump()
    transaction.on_commit(bump)


def _versions(scopes: tuple[str, ...]) -> list[str] | None:
    keys = [_version_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    versions = []
    for key in keys:
        if key not in found:
            # First use, or the cache lost it: start a new version (never reuse an old one).
            cache.add(key, _new_version(), timeout=None)
            found[key] = cache.get(key)
            if found[key] is None:
                return None  # the cache is not answering: no caching for this request
        versions.append(str(found[key]))
    return versions


def page_key(request, scopes: tuple[str, ...]) -> str | None:
    """The fragment's key for this request, or None when the cache is unavailable."""
    versions = _versions(scopes)
    if versions is None:
        return None
    query = sorted((name, value) for name in request.GET for value in request.GET.getlist(name))
    digest = hashlib.sha256(f"{request.path}?{query!r}".encode()).hexdigest()[:32]
    return ":".join([PREFIX, *versions, translation.get_language() or "", timezone.localdate().isoformat(), digest])


def cached_public_fragment(request, *, scopes: tuple[str, ...], render):
    """``render()`` for an anonymous visitor, from the cache when it is there; logged-in users always render."""
    timeout = settings.PUBLIC_PAGE_CACHE_SECONDS
    if not timeout or request.user.is_authenticated:
        return render()
    try:
        key = page_key(request, scopes)
        fragment = cache.get(key) if key else None
    except Exception as exc:  # noqa: BLE001 - the Redis backend already turns errors into misses; any other too
        logger.warning("public page cache unavailable: %s", exc)
        key = fragment = None
    if fragment is None:
        fragment = render()
        if key:
            cache.set(key, fragment, timeout=timeout)
    return fragment


def cached_value(name: str, *, scopes: tuple[str, ...], timeout: int, compute):
    """``compute()``, kept under ``name``, the scopes' versions, the language and today's date for ``timeout``
    seconds: for what a staff page shows every reader alike and costs a read of a whole table (the office's
    per-unit objection statistics). ``timeout`` 0 computes every time; a cache outage too."""
    if not timeout:
        return compute()
    try:
        versions = _versions(scopes)
        key = (":".join([PREFIX, "value", name, *versions, translation.get_language() or "",
                         timezone.localdate().isoformat()]) if versions is not None else None)
        value = cache.get(key) if key else None
    except Exception as exc:  # noqa: BLE001 - as above: any cache error is a miss
        logger.warning("cache unavailable for %s: %s", name, exc)
        key = value = None
    if value is None:
        value = compute()
        if key:
            try:
                cache.set(key, value, timeout=timeout)
            except Exception as exc:  # noqa: BLE001
                logger.warning("cache unavailable for %s: %s", name, exc)
    return value
