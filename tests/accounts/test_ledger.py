"""The tamper-evident ledger: sealing, the chain, and the three kinds of tampering it must reveal
(an edited row, a deleted record, a chain rewritten after an edit), the command, the office page,
the daily head export and the report verification code tied to the chain."""
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from accounts import ledger
from accounts.models import AuditEntry, LedgerEntry
from notifications.models import OutboxMessage
from records import reports
from records import services as records
from records.models import CreditRecord, CreditRecordVersion, RecordEvent, RectificationCaseRecord
from tests.records.test_record_lifecycle import penalty

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def heads_dir(settings, tmp_path):
    settings.LEDGER_EXPORT_DIR = tmp_path / "ledger-heads"
    return settings.LEDGER_EXPORT_DIR


@pytest.fixture
def history(cast):
    """Two published records (versions, events, audit rows), sealed, with today's head exported."""
    first = records.record_publish(record=penalty(cast), actor=cast.clerk_a)
    second = records.record_publish(record=penalty(cast, decision_number="莱市监罚〔2026〕13号"), actor=cast.clerk_a)
    ledger.ledger_seal_all()
    ledger.ledger_export_head(notify=False)
    return first, second


def history_rows() -> int:
    return sum(ledger.table_model(table).objects.count() for table in ledger.SEALED_TABLES)


def test_sealing_chains_one_entry_per_history_row_once(cast, history):
    entries = list(LedgerEntry.objects.order_by("sequence"))
    assert len(entries) == history_rows() > 0
    assert [e.sequence for e in entries] == list(range(1, len(entries) + 1))
    assert entries[0].prev_hash == ledger.GENESIS
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in zip(entries, entries[1:], strict=False))
    assert ledger.ledger_seal() == 0  # nothing new: sealing twice adds nothing

    record, _ = history
    records.record_revoke(record=record, actor=cast.clerk_a, reason="决定已被撤销")
    added = ledger.ledger_seal()
    assert added == history_rows() - len(entries) > 0
    event = RecordEvent.objects.filter(record=record, action="revoke").get()
    assert ledger.entry_for(event).sequence > entries[-1].sequence
    assert ledger.ledger_verify().ok


def test_the_database_refuses_a_second_entry_for_a_row_or_a_sequence(history):
    entry = LedgerEntry.objects.order_by("sequence").first()
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(sequence=10_000, table=entry.table, row_id=entry.row_id,
                                   content_hash="0" * 64, prev_hash="0" * 64, entry_hash="0" * 64)
    with pytest.raises(IntegrityError), transaction.atomic():
        LedgerEntry.objects.create(sequence=entry.sequence, table="records.RecordEvent", row_id=10**9,
                                   content_hash="0" * 64, prev_hash="0" * 64, entry_hash="0" * 64)


def test_an_intact_chain_verifies_against_rows_and_exported_heads(history):
    result = ledger.ledger_verify()
    assert result.ok, result.problems()
    assert result.entries == history_rows() and result.heads_checked == 1 and result.unsealed == 0


def test_an_edited_row_is_detected(history):
    record, _ = history
    event = RecordEvent.objects.filter(record=record, action="publish").get()
    RecordEvent.objects.filter(pk=event.pk).update(reason="事后改写的理由")  # behind the services' back

    result = ledger.ledger_verify()
    assert not result.ok
    assert result.edited == [f"records.RecordEvent:{event.pk}"]
    assert not result.missing and not result.broken and not result.heads


def test_a_deleted_record_is_detected(history):
    record, other = history
    versions = list(CreditRecordVersion.objects.filter(record=record).values_list("pk", flat=True))
    events = list(RecordEvent.objects.filter(record=record).values_list("pk", flat=True))
    # Someone with database access removes the whole record and its history.
    OutboxMessage.objects.all().delete()
    RectificationCaseRecord.objects.filter(record=record).delete()
    RecordEvent.objects.filter(record=record).delete()
    CreditRecordVersion.objects.filter(record=record).delete()
    AuditEntry.objects.filter(object_id=str(record.pk), content_type__model="creditrecord").delete()
    CreditRecord.objects.filter(pk=record.pk).delete()

    result = ledger.ledger_verify()
    assert not result.ok
    missing = set(result.missing)
    assert {f"records.CreditRecordVersion:{pk}" for pk in versions} <= missing
    assert {f"records.RecordEvent:{pk}" for pk in events} <= missing
    assert not any(row.endswith(f":{other.pk}") and "Version" in row for row in missing) or other.pk in versions


def test_a_chain_rewritten_after_an_edit_is_detected_against_the_exported_head(history):
    record, _ = history
    event = RecordEvent.objects.filter(record=record, action="publish").get()
    RecordEvent.objects.filter(pk=event.pk).update(reason="事后改写的理由")
    # The forger recomputes the edited row's hash and every link after it: the chain is
    # consistent again inside the database...
    target = ledger.entry_for(event)
    prev = target.prev_hash
    for entry in LedgerEntry.objects.filter(sequence__gte=target.sequence).order_by("sequence"):
        if entry.pk == target.pk:
            entry.content_hash = ledger.content_hash(RecordEvent.objects.get(pk=event.pk))
        entry.prev_hash = prev
        entry.entry_hash = prev = ledger.chain_hash(prev, entry.table, entry.row_id, entry.content_hash)
        entry.save(update_fields=["content_hash", "prev_hash", "entry_hash"])

    inside_only = ledger.ledger_verify(heads=[])
    assert inside_only.ok  # ...which is why the head lives outside the database
    result = ledger.ledger_verify()
    assert not result.ok and not result.edited and not result.broken
    assert len(result.heads) == 1 and "ledger-head-" in result.heads[0]


def test_a_removed_ledger_entry_breaks_the_chain(history):
    LedgerEntry.objects.filter(sequence=2).delete()
    result = ledger.ledger_verify()
    assert not result.ok and result.broken and result.unsealed == 1


def test_the_command_seals_verifies_and_exports(cast, history, heads_dir, capsys):
    records.record_revoke(record=history[0], actor=cast.clerk_a, reason="撤销")
    call_command("ledger", "seal")
    assert "sealed" in capsys.readouterr().out
    call_command("ledger", "export-head")
    out = capsys.readouterr().out
    head = json.loads(next(heads_dir.glob("ledger-head-*.json")).read_text())
    assert head["entry_hash"] in out and head["sequence"] == LedgerEntry.objects.count()
    office_notice = OutboxMessage.objects.get(key__startswith="inbox:ledger-head:", payload__recipient_id=cast.office.pk)
    assert head["entry_hash"] in office_notice.payload["body"]
    call_command("ledger", "verify")
    assert "ledger OK" in capsys.readouterr().out

    RecordEvent.objects.filter(record=history[1]).update(reason="改")
    with pytest.raises(CommandError, match="FAILED"):
        call_command("ledger", "verify")
    assert "数据被改动" in capsys.readouterr().err


def test_the_export_runs_as_a_celery_task_and_beat_schedules_both(history, heads_dir):
    from django_celery_beat.models import PeriodicTask

    from accounts import tasks

    assert tasks.ledger_seal() == 0
    assert tasks.ledger_export_head() == ledger.ledger_summary()["entry_hash"]
    scheduled = set(PeriodicTask.objects.filter(task__startswith="accounts.ledger_").values_list("task", flat=True))
    assert scheduled == {"accounts.ledger_seal", "accounts.ledger_export_head"}


@pytest.mark.urls("tests.accounts.ledger_urls")
def test_the_office_page_shows_the_head_and_verifies_on_demand(cast, client, history):
    url = "/workspace/ledger/"
    assert client.get(url).status_code == 302
    for user in (cast.clerk_a, cast.leader, cast.supervisor_in, cast.user_x):
        client.force_login(user)
        assert client.get(url).status_code == 403, user.username
    client.force_login(cast.office)
    page = client.get(url).content.decode()
    assert ledger.ledger_summary()["entry_hash"] in page
    ok = client.post(url)
    assert ok.status_code == 200 and "data-ledger-ok" in ok.content.decode()

    RecordEvent.objects.filter(record=history[0]).update(reason="改")
    failed = client.post(url)
    assert failed.status_code == 409 and "data-ledger-failed" in failed.content.decode()
    assert "数据被改动" in failed.content.decode()


def test_a_report_verification_code_shows_its_ledger_entry(cast, client):
    content = reports.unit_report_content(unit=cast.unit_b)
    report = reports.credit_report_issue(subject=cast.unit_b, content=content)
    page = client.get(f"/verify/{report.code}/").content.decode()
    assert "待入链" in page

    ledger.ledger_seal_all()
    entry = ledger.entry_for(report)
    assert entry is not None and entry.content_hash == ledger.content_hash(report)
    page = client.get(f"/verify/{report.code}/").content.decode()
    assert entry.entry_hash in page
