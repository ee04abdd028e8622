"""Clues forwarded by the city platform enter through the existing inbound exchange (issue 15 item 6): a signed
forward-v1 body of ``type: clue`` is submitted like a resident's clue (routing, the acknowledgement clock), once
per ``forward_id``; the platform gets the receipt code for the submitter."""
import pytest
from django.test import override_settings

from disputes.models import DisputeClue
from disputes.services import normalise_code
from tests.objections.test_inbound import SECRET, post

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.records.test_reports_urlconf")]


@pytest.fixture(autouse=True)
def platform_secret():
    with override_settings(CITY_PLATFORM_SECRET=SECRET):
        yield


def clue_forward(cast, **extra):
    data = {"schema": "forward-v1", "forward_id": "CP-CLUE-0001", "type": "clue", "category": "arrears",
            "description": "区市场监督管理局拖欠我公司设备款 50 万元。", "body_code": cast.unit_a.code,
            "applicant_name": "王先生", "applicant_contact": "13900000000", "amount": 50}
    data.update(extra)
    return data


def test_a_clue_forward_is_submitted_once_and_answers_the_receipt_code(client, cast, rule_a):
    response = post(client, clue_forward(cast), key="CP-CLUE-0001")
    assert response.status_code == 201, response.content
    answer = response.json()
    clue = DisputeClue.objects.get()
    assert answer["type"] == "clue" and answer["id"] == clue.pk and answer["receipt_code"]
    assert DisputeClue.hash_code(normalise_code(answer["receipt_code"])) == clue.receipt_hash  # the submitter's key
    assert clue.body_unit == cast.unit_a and clue.handling_unit == cast.unit_a  # routed by the rule
    assert "CP-CLUE-0001" in clue.description and clue.contact_phone == "13900000000"
    assert clue.acknowledge_clock is not None

    again = post(client, clue_forward(cast))
    assert again.status_code == 200 and again.json()["id"] == clue.pk and "receipt_code" not in again.json()
    assert DisputeClue.objects.count() == 1


def test_a_clue_forward_without_a_description_is_400_and_files_nothing(client, cast):
    response = post(client, clue_forward(cast, description=""))
    assert response.status_code == 400 and not DisputeClue.objects.exists()
