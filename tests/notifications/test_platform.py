"""Sharing with the city public credit platform: payloads, the handler against a real loopback server,
retries, the dead letter and the office's re-send."""
import datetime
import json

import jsonschema
import pytest
from django.test import override_settings

from accounts.models import AuditEntry
from integrity_portal.errors import TransitionNotAllowed
from notifications import payloads, platform, services
from notifications.choices import Channel, OutboxStatus
from notifications.models import OutboxMessage
from records import services as records
from records.models import CreditRecord, RecordEvent
from tests.commitments.conftest import make_commitment
from tests.notifications.test_platform_server import SECRET, FakePlatform
from tests.records.test_record_lifecycle import penalty, sanction

pytestmark = pytest.mark.django_db

D = datetime.date


def _validate(body: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(payloads.load_schema(body["type"]),
                                                format_checker=jsonschema.FormatChecker())
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(body)]


def _published(cast):
    unit_record = records.record_publish(record=penalty(cast), actor=cast.clerk_a, today=D(2026, 3, 5))
    person_record = records.record_publish(record=sanction(cast), actor=cast.clerk_a)
    return unit_record, person_record


def _platform(url: str, **extra):
    values = {"CITY_PLATFORM_URL": url, "CITY_PLATFORM_SECRET": SECRET, "CITY_PLATFORM_TIMEOUT": 0.5, **extra}
    return override_settings(**values)


def _deliver_until_settled(messages, rounds: int = 10) -> None:
    """Play the worker: deliver every unsent message, round after round (as the sweeper would)."""
    for _round in range(rounds):
        pending = [m for m in messages if OutboxMessage.objects.get(pk=m.pk).status != OutboxStatus.SENT]
        if not pending:
            return
        for message in pending:
            services.outbox_deliver(message_id=message.pk)


# --- payloads and schemas ---------------------------------------------------------------

def test_every_record_event_and_a_commitment_validate_against_their_schema(cast):
    unit_record, person_record = _published(cast)
    corrected = records.record_correct(record=unit_record, actor=cast.clerk_a, reason="文号录入错误",
                                       decision_number="莱市监罚〔2026〕13号")
    bodies = []
    for record, event in [(unit_record, "published"), (corrected, "corrected"), (person_record, "published"),
                          (person_record, "revoked"), (person_record, "repaired"), (person_record, "expired")]:
        message = payloads.record_share(record, event)
        bodies.append(payloads.envelope(message))
    commitment = make_commitment(cast, publish=True)
    bodies.append(payloads.envelope(OutboxMessage.objects.get(key=f"platform:commitment:{commitment.pk}:published")))
    for body in bodies:
        assert _validate(json.loads(json.dumps(body, default=str))) == [], body["idempotency_key"]
    assert {b["schema"] for b in bodies} == {"record-v1", "commitment-v1"}


def test_a_record_payload_is_the_current_version_only_and_carries_what_the_platform_needs(cast):
    unit_record, person_record = _published(cast)
    records.record_correct(record=unit_record, actor=cast.clerk_a, reason="文号录入错误",
                           decision_number="莱市监罚〔2026〕13号")
    unit_record.refresh_from_db()
    data = payloads.record_payload(unit_record, "corrected")["data"]
    assert data["version"] == 2 and data["decision_number"] == "莱市监罚〔2026〕13号"
    assert "history" not in data and "versions" not in data and "objection_open" not in data
    assert data["subject"] == {"type": "unit", "name": cast.unit_b.name, "code": cast.unit_b.code,
                               "category": "街道"}
    person = payloads.record_payload(person_record, "published")["data"]["subject"]
    assert person["id_number"] == cast.servant_x.id_number  # the platform is authorised: nothing masked
    assert set(person) == {"type", "name", "id_type", "id_number", "unit"}


def test_the_key_is_one_per_record_version_and_event(cast):
    unit_record, _person = _published(cast)
    payloads.record_share(unit_record, "published")
    payloads.record_share(unit_record, "published")
    keys = OutboxMessage.objects.filter(channel=Channel.PLATFORM, key__startswith=f"platform:record:{unit_record.pk}:")
    assert list(keys.values_list("key", flat=True)) == [f"platform:record:{unit_record.pk}:v1:published"]


def test_a_schema_catches_a_payload_the_platform_would_refuse(cast):
    unit_record, _person = _published(cast)
    body = payloads.envelope(payloads.record_share(unit_record, "published"))
    body["data"]["subject"]["code"] = "not-a-code"
    del body["data"]["provider"]
    errors = _validate(body)
    assert any("provider" in e for e in errors) and len(errors) >= 2


# --- no endpoint configured -----------------------------------------------------------------

def test_without_an_endpoint_the_message_waits_without_using_a_try(cast):
    unit_record, _person = _published(cast)
    message = payloads.record_share(unit_record, "published")
    with override_settings(CITY_PLATFORM_URL=""):
        assert services.outbox_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
    assert "未配置接收方" in message.last_error


# --- the loopback platform ----------------------------------------------------------------------

def test_failures_timeouts_and_a_lost_answer_lose_nothing_and_store_nothing_twice(cast):
    unit_record, person_record = _published(cast)
    events_before = RecordEvent.objects.count()
    messages = [payloads.record_share(unit_record, "published"), payloads.record_share(person_record, "published"),
                OutboxMessage.objects.get(key=f"platform:commitment:{make_commitment(cast, publish=True).pk}:published")]
    script = ["500", "500", "timeout", "drop", "500"]
    with FakePlatform(script, slow_seconds=1.0) as fake, _platform(fake.url):
        _deliver_until_settled(messages)
    assert fake.invalid == []
    assert sorted(fake.stored) == sorted(m.key for m in messages)
    assert set(fake.store_count.values()) == {1}  # stored once each, whatever was retried
    outcomes = [outcome for _key, outcome in fake.requests]
    assert {"500", "timeout", "drop"} <= set(outcomes)
    assert len(fake.requests) > len(messages)
    for message in messages:
        message.refresh_from_db()
        assert message.status == OutboxStatus.SENT and message.sent_at is not None
    assert sum(OutboxMessage.objects.get(pk=m.pk).attempts for m in messages) == len(fake.requests)
    # Delivery never touches the records themselves.
    unit_record_after = CreditRecord.objects.get(pk=unit_record.pk)
    assert (unit_record_after.status, unit_record_after.version) == ("published", 1)
    assert RecordEvent.objects.count() == events_before


def test_the_request_carries_the_key_a_signature_and_the_versioned_body(cast):
    unit_record, _person = _published(cast)
    message = payloads.record_share(unit_record, "published")
    with _platform("http://127.0.0.1:9/never"):
        request = platform.platform_request(message)
    assert request.get_header("Idempotency-key") == message.key
    body = request.data
    assert platform.signature_valid(body, timestamp=request.get_header("X-portal-timestamp"),
                                    signature=request.get_header("X-portal-signature"), secret=SECRET)
    assert json.loads(body)["schema"] == "record-v1"
    assert body == payloads.envelope_bytes(message)  # the same bytes on every try


def test_an_unsigned_request_is_refused_and_retried_not_lost(cast):
    unit_record, _person = _published(cast)
    message = payloads.record_share(unit_record, "published")
    with FakePlatform() as fake, _platform(fake.url, CITY_PLATFORM_SECRET="wrong"):
        assert services.outbox_deliver(message_id=message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (OutboxStatus.PENDING, 1)
    assert "HTTP 401" in message.last_error and fake.stored == {}


def test_after_n_failures_the_message_is_dead_and_the_office_resends_it(cast, django_capture_on_commit_callbacks):
    unit_record, _person = _published(cast)
    message = payloads.record_share(unit_record, "published")
    with FakePlatform(["500"] * services.MAX_ATTEMPTS) as fake, _platform(fake.url):
        for _try in range(services.MAX_ATTEMPTS):
            services.outbox_deliver(message_id=message.pk)
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxStatus.DEAD, services.MAX_ATTEMPTS)
        services.outbox_sweep()  # the sweeper leaves the dead letter alone
        assert OutboxMessage.objects.get(pk=message.pk).status == OutboxStatus.DEAD
        with django_capture_on_commit_callbacks() as callbacks:
            platform.outbox_resend(message=message, actor=cast.office, reason="市平台已恢复")
        assert len(callbacks) == 1
        message.refresh_from_db()
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
        assert services.outbox_deliver(message_id=message.pk) is True
    assert fake.store_count[message.key] == 1  # (the sweep also delivered the other record's rows)
    entry = AuditEntry.objects.get(action="outbox_resend")
    assert (entry.actor, entry.from_state, entry.to_state, entry.reason) == (cast.office, "dead", "pending", "市平台已恢复")


def test_a_sent_message_cannot_be_resent(cast):
    unit_record, _person = _published(cast)
    message = payloads.record_share(unit_record, "published")
    OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.SENT)
    with pytest.raises(TransitionNotAllowed):
        platform.outbox_resend(message=message, actor=cast.office)
    assert not AuditEntry.objects.filter(action="outbox_resend").exists()


def test_demo_rows_cover_every_state_and_are_idempotent(cast):
    _published(cast)
    first = platform.demo_outbox()
    second = platform.demo_outbox()
    assert set(first) == set(OutboxStatus.values)
    assert {m.pk for m in first.values()} == {m.pk for m in second.values()}
    for message in second.values():
        assert _validate(payloads.envelope(message)) == []
