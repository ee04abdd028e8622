"""The office's outbox pages: list with filters, detail, re-send; office only."""
import datetime
import html

import pytest

from notifications import payloads, platform
from notifications.choices import OutboxStatus
from notifications.models import OutboxMessage
from records import services as records
from tests.records.test_record_lifecycle import penalty, sanction

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.records.test_reports_urlconf")]


@pytest.fixture
def rows(cast):
    records.record_publish(record=penalty(cast), actor=cast.clerk_a, today=datetime.date(2026, 3, 5))
    records.record_publish(record=sanction(cast), actor=cast.clerk_a)
    return platform.demo_outbox()


def test_the_office_sees_every_state_and_filters_by_status_and_channel(client, cast, rows, django_assert_max_num_queries):
    client.force_login(cast.office)
    with django_assert_max_num_queries(12):  # session, user, roles, nav, unread count, rows, counts
        response = client.get("/workspace/outbox/")
    assert response.status_code == 200
    for message in rows.values():
        assert message.key in response.content.decode()
    response = client.get("/workspace/outbox/", {"status": "dead", "channel": "platform"})
    page = response.content.decode()
    assert rows[OutboxStatus.DEAD].key in page and rows[OutboxStatus.SENT].key not in page


def test_the_detail_shows_the_body_as_sent(client, cast, rows):
    client.force_login(cast.office)
    dead = rows[OutboxStatus.DEAD]
    page = html.unescape(client.get(f"/workspace/outbox/{dead.pk}/").content.decode())
    assert '"schema": "record-v1"' in page and dead.key in page and "重新发送" in page


def test_the_office_resends_a_dead_message(client, cast, rows, django_capture_on_commit_callbacks):
    client.force_login(cast.office)
    dead = rows[OutboxStatus.DEAD]
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(f"/workspace/outbox/{dead.pk}/resend/", {"reason": "平台已恢复"})
    assert response.status_code == 302 and len(callbacks) == 1
    dead.refresh_from_db()
    assert (dead.status, dead.attempts) == (OutboxStatus.PENDING, 0)


def test_a_sent_message_is_not_resent_409(client, cast, rows):
    client.force_login(cast.office)
    sent = rows[OutboxStatus.SENT]
    assert client.post(f"/workspace/outbox/{sent.pk}/resend/").status_code == 409
    assert OutboxMessage.objects.get(pk=sent.pk).status == OutboxStatus.SENT


def test_only_the_office_may_see_the_outbox(client, cast, rows):
    assert client.get("/workspace/outbox/").status_code == 302  # anonymous → login
    client.force_login(cast.clerk_a)
    assert client.get("/workspace/outbox/").status_code == 403
    assert client.post(f"/workspace/outbox/{rows[OutboxStatus.DEAD].pk}/resend/").status_code == 403
    client.force_login(cast.office)
    assert client.get("/workspace/outbox/999999/").status_code == 404


def test_the_payload_builders_import_no_other_app():
    source = payloads.__file__
    text = open(source, encoding="utf-8").read()
    assert "from records" not in text and "import records" not in text


def test_the_office_is_told_why_platform_messages_wait_and_the_error_is_in_words(client, cast, rows, settings):
    """The demo's outbox said "no receiver for channel platform" on hundreds of rows, and nothing said why."""
    from notifications import services

    client.force_login(cast.office)
    settings.CITY_PLATFORM_URL = ""
    pending = rows[OutboxStatus.PENDING]
    services.outbox_deliver(message_id=pending.pk)
    pending.refresh_from_db()
    assert pending.last_error.startswith("未配置接收方（市公共信用信息平台")
    page = client.get("/workspace/outbox/").content.decode()
    assert 'data-testid="platform-unconfigured"' in page and "CITY_PLATFORM_URL" in page
    settings.CITY_PLATFORM_URL = "http://127.0.0.1:9/receive"
    assert 'data-testid="platform-unconfigured"' not in client.get("/workspace/outbox/").content.decode()


def test_the_resend_log_reads_label_colon_and_brackets_in_english(client, cast, rows, django_capture_on_commit_callbacks):
    """Fails on the old template: "<office>：dead → pending（平台已恢复）"; the reason is data and stays as written."""
    client.force_login(cast.office)
    dead = rows[OutboxStatus.DEAD]
    with django_capture_on_commit_callbacks():
        client.post(f"/workspace/outbox/{dead.pk}/resend/", {"reason": "平台已恢复"})
    url = f"/workspace/outbox/{dead.pk}/"
    client.cookies["django_language"] = "en"
    page = html.unescape(client.get(url).content.decode())
    log = page[page.index('id="outbox-history"'):]
    log = log[:log.index("</section>")]
    assert f"{cast.office.display_name}: " in log and " (平台已恢复)</li>" in log
    assert not any(mark in log.replace("平台已恢复", "") for mark in "：（）")
    client.cookies["django_language"] = "zh-hans"
    page = html.unescape(client.get(url).content.decode())
    assert f"{cast.office.display_name}：" in page and "（平台已恢复）</li>" in page


def test_the_resend_log_names_the_states_not_their_keys(client, cast, rows, django_capture_on_commit_callbacks):
    """Fails on the old template: the log read "dead → pending", the stored keys."""
    client.force_login(cast.office)
    dead = rows[OutboxStatus.DEAD]
    with django_capture_on_commit_callbacks():
        client.post(f"/workspace/outbox/{dead.pk}/resend/", {"reason": "平台已恢复"})
    page = html.unescape(client.get(f"/workspace/outbox/{dead.pk}/").content.decode())
    log = page[page.index('id="outbox-history"'):]
    log = log[:log.index("</section>")]
    assert "多次失败，待人工处理 → 待发送" in log
    assert "dead" not in log and "pending" not in log
