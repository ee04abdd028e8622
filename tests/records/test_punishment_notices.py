"""Clause 4 notices: personal dishonesty → the person's unit and its discipline unit; institutional
→ the superior unit and the audit unit; once per cause however often the hook or the job runs."""
import datetime

import pytest

from notifications.models import OutboxMessage
from records import services
from records.services import punishment
from tests.factories import make_unit, make_user
from tests.records.test_record_lifecycle import penalty, sanction

pytestmark = pytest.mark.django_db

D = datetime.date


def told(record, version=1) -> set[str]:
    rows = OutboxMessage.objects.filter(key__startswith=f"inbox:clause4:record:{record.pk}:v{version}:")
    ids = set(rows.values_list("payload__recipient_id", flat=True))
    from accounts.models import User

    return set(User.objects.filter(pk__in=ids).values_list("username", flat=True))


def test_a_personal_record_notifies_the_persons_unit_and_its_discipline_unit_once(cast):
    record = services.record_publish(record=sanction(cast), actor=cast.clerk_a)
    for _ in range(2):
        punishment.punishment_record_changed(record=record)
        punishment.record_published_notices(record)
    assert told(record) == {"clerk_a", "head_a", "supervisor_in"}
    assert OutboxMessage.objects.filter(key__startswith=f"inbox:clause4:record:{record.pk}:").count() == 3
    payload = OutboxMessage.objects.filter(key__startswith=f"inbox:clause4:record:{record.pk}:").first().payload
    assert "张明" in payload["title"] and "违反工作纪律" in payload["body"]


def test_an_institutional_record_notifies_the_superior_and_the_audit_unit(cast):
    superior = make_unit("区人民政府办公室")
    cast.unit_b.superior, cast.unit_b.audit_unit = superior, cast.audit
    cast.unit_b.save()
    make_user("superior_clerk", "clerk", unit=superior)
    make_user("auditor", "supervisor", unit=cast.audit)
    record = services.record_publish(record=penalty(cast), actor=cast.clerk_a, today=D(2026, 3, 5))
    assert punishment.record_published_notices(record) == 2
    assert told(record) == {"superior_clerk", "auditor"}
    assert "clerk_b" not in told(record)  # the unit itself learns of it through its rectification case


def test_a_correction_is_a_new_cause_told_once_and_drafts_or_entries_tell_no_one(cast):
    record = services.record_publish(record=sanction(cast), actor=cast.clerk_a)
    punishment.punishment_record_changed(record=record)
    record = services.record_correct(record=record, actor=cast.clerk_a, reason="文号更正", decision_number="更正号")
    punishment.punishment_record_changed(record=record)
    punishment.punishment_record_changed(record=record)
    assert told(record, version=2) == {"clerk_a", "head_a", "supervisor_in"}
    assert "更正" in OutboxMessage.objects.filter(key__startswith=f"inbox:clause4:record:{record.pk}:v2:")[0].payload[
        "title"]
    draft = sanction(cast)
    assert punishment.record_published_notices(draft) == 0
    entry = services.record_publish(record=services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=cast.servant_x,
        kind="integrity_training", title="培训", decision_date=D(2026, 4, 10),
        details={"training_name": "诚信", "training_type": "在职培训", "hours": "8"}), actor=cast.clerk_a)
    assert punishment.record_published_notices(entry) == 0
