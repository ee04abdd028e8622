"""The city public credit platform channel (seed clause 4, 8): the outbox handler and the office's re-send.

Each ``platform`` outbox row is POSTed as JSON (``notifications.payloads.envelope``) to
``settings.CITY_PLATFORM_URL`` with

- ``Idempotency-Key: <outbox key>`` — the platform stores each key once, so a retry after a
  lost answer never stores twice;
- ``X-Portal-Timestamp`` and ``X-Portal-Signature: sha256=<hex>``, an HMAC-SHA256 over
  ``"<timestamp>.<body>"`` with ``settings.CITY_PLATFORM_SECRET``;
- a timeout (``settings.CITY_PLATFORM_TIMEOUT`` seconds).

Only a 2xx answer acknowledges a message. Anything else — a timeout, a refused or dropped
connection, a 5xx, a 4xx — raises, and ``outbox_deliver`` retries with backoff until
``MAX_ATTEMPTS``, after which the row is dead (dead letter) and waits for the office's re-send.
The record itself is never touched by delivery.

With no ``CITY_PLATFORM_URL`` the handler is not registered at all, so ``outbox_deliver`` does
what it does for any channel without a receiver: the message stays pending, without counting
an attempt, and is looked at again in an hour. ``sync_platform_handler`` (run on import and
whenever the setting changes) keeps the registration in step with the setting.
"""
import datetime
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.signals import setting_changed
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.services import audit_log
from integrity_portal.errors import TransitionNotAllowed

from . import services
from .choices import Channel, OutboxStatus
from .models import OutboxMessage
from .payloads import envelope_bytes

logger = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Portal-Signature"
TIMESTAMP_HEADER = "X-Portal-Timestamp"
DEFAULT_TIMEOUT = 10.0
RESENDABLE = (OutboxStatus.DEAD, OutboxStatus.PENDING)


class PlatformRefused(Exception):
    """The platform answered, but not with 2xx: the message is retried (and dead after N tries)."""


def sign(body: bytes, *, timestamp: str, secret: str) -> str:
    """``sha256=<hex>``: HMAC-SHA256 over ``"<timestamp>.<body>"`` (both directions use it)."""
    digest = hmac.new(secret.encode("utf-8"), timestamp.encode("ascii") + b"." + body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def signature_valid(body: bytes, *, timestamp: str, signature: str, secret: str, max_skew: int = 300) -> bool:
    """Check a signature made by ``sign``, and that the timestamp is within ``max_skew`` seconds."""
    if not (secret and timestamp and signature):
        return False
    try:
        skew = abs(time.time() - int(timestamp))
    except ValueError:
        return False
    if skew > max_skew:
        return False
    return hmac.compare_digest(sign(body, timestamp=timestamp, secret=secret), signature)


def platform_request(message: OutboxMessage) -> urllib.request.Request:
    body = envelope_bytes(message)
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        "Accept": "application/json",
        "Idempotency-Key": message.key,
        TIMESTAMP_HEADER: timestamp,
        "User-Agent": "integrity-portal/1",
    }
    secret = getattr(settings, "CITY_PLATFORM_SECRET", "")
    if secret:
        headers[SIGNATURE_HEADER] = sign(body, timestamp=timestamp, secret=secret)
    return urllib.request.Request(settings.CITY_PLATFORM_URL, data=body, headers=headers, method="POST")


def deliver_to_platform(message: OutboxMessage) -> None:
    """POST one message; return on 2xx, raise otherwise (``outbox_deliver`` retries with backoff)."""
    request = platform_request(message)
    timeout = float(getattr(settings, "CITY_PLATFORM_TIMEOUT", DEFAULT_TIMEOUT) or DEFAULT_TIMEOUT)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - a configured https/http URL
            status = response.status
            response.read()
    except urllib.error.HTTPError as exc:
        detail = exc.read()[:300].decode("utf-8", "replace")
        raise PlatformRefused(f"HTTP {exc.code}: {detail}") from exc
    if not 200 <= status < 300:
        raise PlatformRefused(f"HTTP {status}")
    logger.info("outbox %s delivered to the city platform (HTTP %s)", message.key, status)


def sync_platform_handler(**kwargs) -> bool:
    """Register the handler when an endpoint is configured, unregister it when not. Returns whether registered."""
    if kwargs.get("setting") not in (None, "CITY_PLATFORM_URL"):
        return Channel.PLATFORM in services._handlers
    if getattr(settings, "CITY_PLATFORM_URL", ""):
        services.outbox_handler(Channel.PLATFORM)(deliver_to_platform)
        return True
    # No receiver: outbox_deliver keeps the messages pending (services.outbox_deliver, "no receiver").
    services._handlers.pop(Channel.PLATFORM, None)
    return False


sync_platform_handler()
setting_changed.connect(sync_platform_handler, dispatch_uid="notifications.platform.sync_platform_handler")


# --- the office's re-send --------------------------------------------------------

@transaction.atomic
def outbox_resend(*, message: OutboxMessage, actor, reason: str = "") -> OutboxMessage:
    """The office sends a dead (or waiting) message again now: a dead one gets a fresh set of tries.

    The row is locked, the change is written to the audit trail, and delivery is queued after
    commit; the receiver's de-duplication by key makes a re-send of something it already has harmless.
    """
    message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
    if message.status not in RESENDABLE:
        raise TransitionNotAllowed(
            _("消息当前状态为“%(status)s”，不能重新发送（只有待发送或多次失败的消息可以）。")
            % {"status": message.get_status_display()}
        )
    old_status, old_attempts = message.status, message.attempts
    message.status = OutboxStatus.PENDING
    message.next_attempt_at = timezone.now()
    message.locked_until = None
    if old_status == OutboxStatus.DEAD:
        message.attempts = 0
    message.save(update_fields=["status", "next_attempt_at", "locked_until", "attempts"])
    audit_log(actor=actor, action="outbox_resend", subject=message, from_state=old_status, to_state=message.status,
              changes={"attempts": [old_attempts, message.attempts]}, reason=(reason or "").strip())
    message_id = message.pk
    transaction.on_commit(lambda: services._queue_delivery(message_id), robust=True)
    return message


# --- demo data ---------------------------------------------------------------------

DEMO_ERRORS = {
    OutboxStatus.PENDING: "URLError: <urlopen error [Errno 111] Connection refused>",
    OutboxStatus.DEAD: "PlatformRefused: HTTP 500: internal error",
}


def demo_outbox(*, now: datetime.datetime | None = None) -> dict[str, OutboxMessage]:
    """Platform rows in every state for the demo district (idempotent: the keys are the real ones).

    Takes the first published demo records and puts the rows their publication writes (or would
    write) into each state: sent, pending (a refused try behind it), sending (claimed by a worker)
    and dead (every try failed), so the office page has something to show and to re-send.
    """
    from django.apps import apps

    from .payloads import record_key, record_payload

    now = now or timezone.now()
    record_model = apps.get_model("records", "CreditRecord")
    records = list(record_model.objects.filter(status="published")
                   .select_related("subject_unit", "civil_servant__unit", "provider").order_by("subject_type", "pk")[:4])
    if not records:
        return {}
    states = [
        (OutboxStatus.SENT, 1, now - datetime.timedelta(days=3)),
        (OutboxStatus.PENDING, 2, now + datetime.timedelta(minutes=2)),
        (OutboxStatus.SENDING, 1, now),
        (OutboxStatus.DEAD, services.MAX_ATTEMPTS, now),
    ]
    events = ["published", "corrected", "revoked", "repaired"]
    rows: dict[str, OutboxMessage] = {}
    for index, (status, attempts, when) in enumerate(states):
        record = records[index] if index < len(records) else records[0]
        event = "published" if index < len(records) else events[index]
        message, _created = OutboxMessage.objects.get_or_create(
            key=record_key(record, event),
            defaults={"channel": Channel.PLATFORM, "payload": record_payload(record, event), "next_attempt_at": when},
        )
        OutboxMessage.objects.filter(pk=message.pk).update(
            status=status, attempts=attempts, next_attempt_at=when, last_error=DEMO_ERRORS.get(status, ""),
            locked_until=now + datetime.timedelta(minutes=5) if status == OutboxStatus.SENDING else None,
            sent_at=when if status == OutboxStatus.SENT else None,
        )
        message.refresh_from_db()
        rows[status] = message
    return rows


def json_preview(message: OutboxMessage) -> str:
    """The body as it is sent, pretty-printed for the office page."""
    try:
        return json.dumps(json.loads(envelope_bytes(message)), ensure_ascii=False, indent=2)
    except ValueError:
        return json.dumps(message.payload, ensure_ascii=False, indent=2)
