"""The outbox: every side effect is a row written in its cause's transaction.

Delivery happens after commit (``transaction.on_commit(..., robust=True)`` queues a
Celery task); if the broker is down the request still succeeds, and the periodic
sweeper re-sends whatever is left. Receivers de-duplicate by ``key``.
"""
import datetime
import logging
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from integrity_portal.faults import fault_point

from .choices import Channel, OutboxStatus
from .models import Broadcast, Notice, OutboxMessage

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 12
LOCK_SECONDS = 300
_handlers: dict[str, Callable[[OutboxMessage], None]] = {}


def outbox_handler(channel: str):
    """Register the receiver for a channel; later apps add theirs (e.g. the city platform)."""

    def register(func):
        _handlers[channel] = func
        return func

    return register


def outbox_enqueue(*, key: str, channel: str, payload: dict) -> OutboxMessage:
    """Write an outbox row (once per key) and queue its delivery after commit."""
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={"channel": channel, "payload": payload, "next_attempt_at": timezone.now()},
    )
    if created:
        transaction.on_commit(lambda: _queue_delivery(message.pk), robust=True)
    return message


def _queue_delivery(message_id: int) -> None:
    from .tasks import deliver_outbox_message

    deliver_outbox_message.delay(message_id)


def notice_send(
    *, recipient, title: str, body: str = "", link: str = "", key: str,
    email: bool = False, level: str = "info",
) -> None:
    """An in-app notice (and optionally an e-mail) to one user, via the outbox."""
    payload = {"recipient_id": recipient.pk, "title": title, "body": body, "link": link, "level": level}
    outbox_enqueue(key=f"inbox:{key}:{recipient.pk}", channel=Channel.INBOX, payload=payload)
    if email and recipient.email:
        outbox_enqueue(
            key=f"email:{key}:{recipient.pk}", channel=Channel.EMAIL,
            payload={"to": [recipient.email], "subject": title, "body": body, "link": link},
        )


def notice_send_many(*, recipients: Iterable, title: str, body: str = "", link: str = "",
                     key: str, email: bool = False, level: str = "info") -> int:
    count = 0
    for recipient in recipients:
        notice_send(recipient=recipient, title=title, body=body, link=link, key=key, email=email, level=level)
        count += 1
    return count


@transaction.atomic
def broadcast_send(*, author, title: str, body: str, recipients: Iterable, audience: str,
                   send_email: bool = False) -> Broadcast:
    """The office sends a notice to a set of users."""
    broadcast = Broadcast.objects.create(author=author, title=title, body=body, audience=audience,
                                         send_email=send_email)
    broadcast.recipient_count = notice_send_many(
        recipients=recipients, title=title, body=body, key=f"broadcast:{broadcast.pk}", email=send_email,
    )
    broadcast.save(update_fields=["recipient_count"])
    return broadcast


def notice_mark_read(*, user, notice_ids: Iterable[int] | None = None) -> int:
    qs = Notice.objects.visible_to(user).unread()
    if notice_ids is not None:
        qs = qs.filter(pk__in=list(notice_ids))
    return qs.update(read_at=timezone.now())


# --- delivery -------------------------------------------------------------

def _lock_seconds() -> int:
    return int(getattr(settings, "OUTBOX_LOCK_SECONDS", LOCK_SECONDS))


def outbox_deliver(*, message_id: int) -> bool:
    """Claim one message with a conditional update, deliver it, mark it sent.

    Returns True when this call delivered it. A message another worker holds, or one
    already sent, is left alone: running this twice never delivers twice.
    """
    now = timezone.now()
    claimed = (
        OutboxMessage.objects.filter(pk=message_id, status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING])
        .exclude(locked_until__gt=now)
        .update(status=OutboxStatus.SENDING, locked_until=now + datetime.timedelta(seconds=_lock_seconds()))
    )
    if not claimed:
        return False
    fault_point("outbox.after_claim")
    message = OutboxMessage.objects.get(pk=message_id)
    handler = _handlers.get(message.channel)
    if handler is None:
        # A channel whose receiver is not set up yet (e.g. the city platform before its
        # endpoint is configured): keep the message, look again in an hour. Nothing is lost.
        OutboxMessage.objects.filter(pk=message_id).update(
            status=OutboxStatus.PENDING, locked_until=None,
            last_error=_("未配置接收方（%(channel)s）：消息保留待发送，每小时检查一次。") % {
                "channel": message.get_channel_display()},
            next_attempt_at=timezone.now() + datetime.timedelta(hours=1),
        )
        return False
    try:
        handler(message)
    except Exception as exc:  # noqa: BLE001 - any failure is retried with backoff
        attempts = message.attempts + 1
        status = OutboxStatus.DEAD if attempts >= MAX_ATTEMPTS else OutboxStatus.PENDING
        delay = datetime.timedelta(seconds=min(3600, 30 * 2 ** (attempts - 1)))
        OutboxMessage.objects.filter(pk=message_id).update(
            status=status, attempts=attempts, locked_until=None,
            next_attempt_at=timezone.now() + delay, last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        logger.warning("outbox %s (%s) failed, attempt %s: %s", message.key, message.channel, attempts, exc)
        return False
    fault_point("outbox.after_deliver")
    OutboxMessage.objects.filter(pk=message_id).update(
        status=OutboxStatus.SENT, attempts=message.attempts + 1, locked_until=None,
        sent_at=timezone.now(), last_error="",
    )
    return True


def outbox_sweep(*, limit: int = 500) -> int:
    """Deliver what is due and was not delivered (broker or mail outage, crash)."""
    now = timezone.now()
    due = list(
        OutboxMessage.objects.filter(status__in=[OutboxStatus.PENDING, OutboxStatus.SENDING], next_attempt_at__lte=now)
        .exclude(locked_until__gt=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for message_id in due if outbox_deliver(message_id=message_id))


@outbox_handler(Channel.INBOX)
def _deliver_inbox(message: OutboxMessage) -> None:
    data = message.payload
    try:
        with transaction.atomic():
            Notice.objects.get_or_create(
                key=message.key,
                defaults={
                    "recipient_id": data["recipient_id"], "title": data["title"][:200],
                    "body": data.get("body", ""), "link": data.get("link", ""), "level": data.get("level", "info"),
                    "created_at": message.created_at,
                },
            )
    except IntegrityError:
        # A racing delivery created it first: the receiver's key makes this exactly-once.
        pass


@outbox_handler(Channel.EMAIL)
def _deliver_email(message: OutboxMessage) -> None:
    data = message.payload
    body = data.get("body", "")
    if data.get("link"):
        body += "\n\n" + data["link"]
    email = EmailMessage(
        subject=f"[{settings.PORTAL_NAME}] {data['subject']}", body=body,
        from_email=settings.DEFAULT_FROM_EMAIL, to=data["to"],
        headers={"X-Portal-Key": message.key},
    )
    email.send(fail_silently=False)
