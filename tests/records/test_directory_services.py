"""Succession, the head's history and the HTML forms of the directory."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import AuditEntry
from integrity_portal.errors import TransitionNotAllowed
from records import services
from records.models import CivilServant
from tests.factories import make_bad_resident_id, make_resident_id, make_unit

pytestmark = pytest.mark.django_db


def test_succession_passes_staff_and_people_to_the_successor(cast):
    new_unit = make_unit("区市场监督管理局（新）")
    services.unit_succeed(unit=cast.unit_a, successor=new_unit, status="merged",
                          on=datetime.date(2026, 3, 1), actor=cast.office, reason="区委编委〔2026〕3号")
    cast.unit_a.refresh_from_db()
    cast.clerk_a.refresh_from_db()
    cast.servant_x.refresh_from_db()
    assert cast.unit_a.current_successor() == new_unit
    assert cast.clerk_a.unit == new_unit
    assert cast.servant_x.unit == new_unit
    assert cast.servant_x.postings.count() == 2
    entry = AuditEntry.objects.get(action="unit_succeed")
    assert (entry.from_state, entry.to_state, entry.actor) == ("active", "merged", cast.office)


def test_succession_chain_is_followed_and_cycles_are_refused(cast):
    b2 = make_unit("继任一")
    services.unit_succeed(unit=cast.unit_a, successor=b2, status="renamed", on=datetime.date(2026, 1, 1),
                          actor=cast.office, reason="更名")
    with pytest.raises(TransitionNotAllowed):
        services.unit_succeed(unit=b2, successor=cast.unit_a, status="merged", on=datetime.date(2026, 2, 1),
                              actor=cast.office, reason="回并")


def test_succession_needs_a_reason(cast):
    with pytest.raises(ValidationError):
        services.unit_succeed(unit=cast.unit_a, successor=cast.unit_b, status="merged",
                              on=datetime.date(2026, 1, 1), actor=cast.office, reason=" ")


def test_head_history_answers_who_was_in_charge_on_a_day(cast):
    services.unit_head_appoint(unit=cast.unit_a, person_name="甲负责人", start=datetime.date(2020, 1, 1),
                               actor=cast.office)
    services.unit_head_appoint(unit=cast.unit_a, person_name="乙负责人", start=datetime.date(2024, 7, 1),
                               actor=cast.office)
    assert cast.unit_a.head_on(datetime.date(2023, 5, 5)).person_name == "甲负责人"
    assert cast.unit_a.head_on(datetime.date(2024, 6, 30)).person_name == "甲负责人"
    assert cast.unit_a.head_on(datetime.date(2024, 7, 1)).person_name == "乙负责人"
    assert cast.unit_a.head_on(datetime.date(2019, 1, 1)) is None


def test_a_new_head_cannot_start_before_the_current_one(cast):
    services.unit_head_appoint(unit=cast.unit_a, person_name="甲", start=datetime.date(2024, 1, 1), actor=None)
    with pytest.raises(ValidationError):
        services.unit_head_appoint(unit=cast.unit_a, person_name="乙", start=datetime.date(2023, 1, 1), actor=None)


def test_the_audit_trail_never_holds_a_full_id_number(cast):
    new_id = make_resident_id()
    services.servant_update(servant=cast.servant_x, actor=cast.office, id_number=new_id)
    entry = AuditEntry.objects.filter(action="servant_update").latest("at")
    assert new_id not in str(entry.changes)


def test_html_servant_form_shows_a_field_error_and_saves_nothing(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(reverse("records:servant_create"), {
        "name": "周某", "id_number": make_bad_resident_id(), "unit": cast.unit_a.pk, "status": "serving",
    })
    assert response.status_code == 200
    assert "GB 11643" in response.content.decode()
    assert not CivilServant.objects.filter(name="周某").exists()


def test_html_servant_form_creates_through_the_service(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(reverse("records:servant_create"), {
        "name": "吴某", "id_number": make_resident_id(), "unit": cast.unit_a.pk, "status": "serving",
    })
    servant = CivilServant.objects.get(name="吴某")
    assert response.status_code == 302
    assert servant.postings.count() == 1


def test_html_servant_detail_shows_the_full_id_only_to_the_person(client, cast):
    client.force_login(cast.user_x)
    page = client.get(reverse("records:servant_detail", args=[cast.servant_x.pk])).content.decode()
    assert cast.servant_x.id_number in page
    client.force_login(cast.clerk_a)
    page = client.get(reverse("records:servant_detail", args=[cast.servant_x.pk])).content.decode()
    assert cast.servant_x.id_number not in page
    assert cast.servant_x.masked_id_number in page


def test_a_servant_cannot_open_another_persons_page(client, cast):
    client.force_login(cast.user_x)
    assert client.get(reverse("records:servant_detail", args=[cast.servant_y.pk])).status_code == 404
