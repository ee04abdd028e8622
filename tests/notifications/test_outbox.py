"""The outbox: rows in the cause's transaction, delivery after commit, exactly-once receivers."""
import pytest
from django.core import mail
from django.db import transaction

from notifications import services
from notifications.choices import Channel, OutboxStatus
from notifications.models import Notice, OutboxMessage

pytestmark = pytest.mark.django_db


def test_a_notice_is_an_outbox_row_delivered_after_commit(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with transaction.atomic():
            services.notice_send(recipient=cast.clerk_a, title="测试通知", key="t1")
            assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == 1
            assert not Notice.objects.exists()
    assert len(callbacks) == 1
    message = OutboxMessage.objects.get()
    assert services.outbox_deliver(message_id=message.pk) is True
    assert Notice.objects.get().recipient == cast.clerk_a
    # A second delivery of the same message (a retried task) changes nothing.
    assert services.outbox_deliver(message_id=message.pk) is False
    assert Notice.objects.count() == 1


def test_a_rolled_back_cause_leaves_no_side_effect(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.notice_send(recipient=cast.clerk_a, title="不应送达", key="t2")
                raise RuntimeError("cause failed")
    assert callbacks == []
    assert not OutboxMessage.objects.exists()


def test_the_same_key_is_written_once(cast):
    services.notice_send(recipient=cast.clerk_a, title="一", key="same")
    services.notice_send(recipient=cast.clerk_a, title="一", key="same")
    assert OutboxMessage.objects.count() == 1


def test_the_sweeper_delivers_what_the_broker_never_carried(cast):
    # No on_commit callback ran (as when the broker was down): the sweeper finds the rows.
    services.notice_send(recipient=cast.clerk_a, title="甲", key="s1", email=True)
    services.notice_send(recipient=cast.clerk_b, title="乙", key="s1")
    cast.clerk_a.email = "a@example.invalid"
    assert services.outbox_sweep() == 2
    assert services.outbox_sweep() == 0
    assert Notice.objects.count() == 2


def test_a_notice_is_dated_when_its_cause_happened_not_when_it_was_delivered(cast):
    """The demo's servant read 您的异议正在核查 above 您的异议已答复: the first notice's delivery was queued behind
    others and the inbox ordered by delivery time."""
    services.notice_send(recipient=cast.user_x, title="您的异议正在核查", key="o1:review")
    services.notice_send(recipient=cast.user_x, title="您的异议已答复", key="o1:answer")
    reviewing, answered = OutboxMessage.objects.order_by("created_at", "id")
    assert services.outbox_deliver(message_id=answered.pk)  # delivered first
    assert services.outbox_deliver(message_id=reviewing.pk)
    inbox = list(Notice.objects.filter(recipient=cast.user_x))  # the inbox's order: newest first
    assert [notice.title for notice in inbox] == ["您的异议已答复", "您的异议正在核查"]
    assert [notice.created_at for notice in inbox] == [answered.created_at, reviewing.created_at]


def test_email_goes_through_djangos_backend_once(cast):
    cast.clerk_a.email = "clerk@example.invalid"
    cast.clerk_a.save()
    services.notice_send(recipient=cast.clerk_a, title="到期提醒", body="请处理", key="m1", email=True)
    services.outbox_sweep()
    services.outbox_sweep()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["clerk@example.invalid"]
    assert "到期提醒" in mail.outbox[0].subject


def test_a_failing_delivery_is_retried_later_with_the_error_kept(cast, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    message = services.outbox_enqueue(key="mail:down", channel=Channel.EMAIL,
                                      payload={"to": ["x@example.invalid"], "subject": "s", "body": "b"})
    assert services.outbox_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert message.attempts == 1
    assert message.last_error
    assert message.next_attempt_at > message.created_at
    # Not due yet: the sweeper leaves it for later.
    assert services.outbox_sweep() == 0


def test_office_broadcast_reaches_the_role(api, cast):
    response = api.as_(cast.office).post("/api/v1/notices/broadcast/",
                                         {"title": "关于报送材料的通知", "body": "请于月底前报送。", "role": "clerk"},
                                         format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["recipient_count"] == 3
    services.outbox_sweep()
    assert set(Notice.objects.values_list("recipient__username", flat=True)) == {"clerk_a", "head_a", "clerk_b"}


def test_only_the_office_broadcasts(api, cast):
    response = api.as_(cast.clerk_a).post("/api/v1/notices/broadcast/", {"title": "x", "body": "y", "role": "clerk"},
                                          format="json")
    assert response.status_code == 403


def test_inbox_shows_only_my_notices_and_marks_them_read(api, cast):
    services.notice_send(recipient=cast.clerk_a, title="给甲", key="i1")
    services.notice_send(recipient=cast.clerk_b, title="给乙", key="i1")
    services.outbox_sweep()
    client = api.as_(cast.clerk_a)
    data = client.get("/api/v1/notices/").json()
    assert [row["title"] for row in data["results"]] == ["给甲"]
    other = Notice.objects.get(recipient=cast.clerk_b)
    assert client.get(f"/api/v1/notices/{other.pk}/").status_code == 404
    assert client.post("/api/v1/notices/mark-read/", {}, format="json").json() == {"marked": 1}
    assert client.get("/api/v1/notices/?unread=1").json()["count"] == 0


def test_a_channel_without_a_receiver_keeps_its_messages(cast):
    message = services.outbox_enqueue(key="platform:c1", channel=Channel.PLATFORM, payload={"id": 1})
    assert services.outbox_sweep() == 0
    message.refresh_from_db()
    assert message.status == OutboxStatus.PENDING
    assert "未配置接收方" in message.last_error
    assert message.attempts == 0
