"""Submission: the receipt code (entropy, hash-only storage), routing rules, the triage queue, bad input."""
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from disputes import services
from disputes.choices import AssignmentHow, ClueState
from disputes.models import ClueAssignment, DisputeClue, RoutingRule
from notifications.models import OutboxMessage
from records.services import AttachmentTooLarge
from tests.factories import make_unit

from .conftest import PDF, TODAY, submit

pytestmark = pytest.mark.django_db


def test_a_receipt_code_carries_at_least_80_random_bits():
    codes = {services.new_receipt_code() for _ in range(500)}
    assert len(codes) == 500
    for code in codes:
        assert re.fullmatch(r"[A-Z2-7]{24}", code)  # 24 base32 characters = 120 bits
    assert services.RECEIPT_CODE_BYTES * 8 >= 80
    alphabet = set("".join(codes))
    assert len(alphabet) == 32  # every base32 symbol turns up: the code is not from a narrow set


def test_only_the_hash_of_the_code_is_stored(cast):
    clue, code = submit()
    assert clue.receipt_hash == hashlib.sha256(code.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM disputes_disputeclue")
        rows = cursor.fetchall()
    dump = repr(rows)
    assert code not in dump and code.lower() not in dump
    assert not OutboxMessage.objects.filter(payload__icontains=code).exists()


def test_the_code_opens_its_clue_in_any_spacing_and_case(cast):
    clue, code = submit()
    spaced = services.format_code(code).lower()
    assert services.clue_by_code(spaced) == clue
    assert services.clue_by_code("A" * 24) is None
    assert services.clue_by_code("not a code") is None
    assert services.clue_by_code("") is None


def test_without_a_matching_rule_the_clue_waits_in_the_office_queue(cast):
    clue, _code = submit(body_name="名录外的管委会")
    assert clue.state == ClueState.TRIAGE and clue.handling_unit is None
    assignment = ClueAssignment.objects.get(clue=clue)
    assert assignment.unit is None and assignment.how == AssignmentHow.INTAKE
    assert clue.acknowledge_clock.due_date == TODAY.replace(day=17)  # 15 calendar days


def test_the_most_specific_rule_wins_then_priority(cast):
    RoutingRule.objects.create(category="arrears", unit=cast.unit_b, priority=1)
    RoutingRule.objects.create(category="arrears", body_unit=cast.unit_a, unit=cast.unit_a, priority=90)
    RoutingRule.objects.create(body_keyword="凤城", unit=cast.unit_b, priority=5)
    by_body, _ = submit(body_unit=cast.unit_a, body_name="")
    assert by_body.handling_unit == cast.unit_a and by_body.state == ClueState.ASSIGNED
    by_category, _ = submit(body_name="名录外单位")
    assert by_category.handling_unit == cast.unit_b
    by_keyword, _ = submit(category="other", body_name="凤城某社区")
    assert by_keyword.handling_unit == cast.unit_b
    rule_row = ClueAssignment.objects.get(clue=by_body)
    assert rule_row.how == AssignmentHow.RULE and rule_row.rule.body_unit == cast.unit_a


def test_a_rule_naming_a_merged_unit_routes_to_its_successor(cast):
    old = make_unit("原区工商局")
    RoutingRule.objects.create(category="contract", unit=old)
    old.status, old.successor = "merged", cast.unit_a
    old.save()
    clue, _ = submit(category="contract")
    assert clue.handling_unit == cast.unit_a


def test_script_tags_are_stored_as_text(cast):
    clue, _ = submit(description="<script>alert('x')</script>拖欠")
    assert DisputeClue.objects.get(pk=clue.pk).description == "<script>alert('x')</script>拖欠"


@pytest.mark.parametrize("fields, field", [
    ({"description": "   "}, "description"),
    ({"body_name": "", "body_unit": None}, "body_name"),
    ({"category": "nonsense"}, "category"),
])
def test_bad_input_changes_nothing(cast, fields, field):
    with pytest.raises(ValidationError) as exc:
        submit(**fields)
    assert field in exc.value.message_dict
    assert not DisputeClue.objects.exists()


def test_attachments_are_type_and_size_checked(cast, settings):
    with pytest.raises(ValidationError):
        submit(attachments=[("合同.pdf", b"MZ\x90 not a pdf")])
    settings.MAX_ATTACHMENT_BYTES = 100
    with pytest.raises(AttachmentTooLarge):
        submit(attachments=[("合同.pdf", PDF + b"x" * 200)])
    assert not DisputeClue.objects.exists()
    settings.MAX_ATTACHMENT_BYTES = 10_000
    clue, _ = submit(attachments=[("合同.pdf", PDF)])
    assert clue.attachments.get().content_type == "application/pdf"


def test_contact_details_make_a_clue_named_and_consent_needs_them(cast):
    anonymous, _ = submit(share_contact=True)
    assert anonymous.anonymous is True and anonymous.share_contact is False
    named, _ = submit(contact_phone="13900000000")
    assert named.anonymous is False
