"""The office reads clocks in the admin by the rule they count (双公示信息报送期限), never by the purpose key the
code starts them with (dual_publication), and their events by state names, not state codes."""
import datetime

import pytest
from django.urls import reverse

from workdays.services import clock_start, clock_stop

from .conftest import TEST_PURPOSE

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_clock_and_its_events_read_by_the_rules_name_and_state_names(subject, parties, client):
    clock = clock_start(subject=subject, purpose=TEST_PURPOSE, policy_key="objection_answer",
                        start_date=D(2026, 3, 2), today=D(2026, 3, 2))
    clock_stop(clock=clock, actor=parties.office, reason="已答复")
    clock.refresh_from_db()
    assert str(clock).startswith(f"{clock.policy.name} #{subject.pk}：")
    stop = clock.events.order_by("-id").first()
    assert str(stop).endswith(f"{clock.events.first().get_to_state_display()}→{stop.get_to_state_display()}")

    parties.office.is_superuser = True
    parties.office.save(update_fields=["is_superuser"])
    client.force_login(parties.office)
    for url in (reverse("admin:workdays_clock_changelist"), reverse("admin:workdays_clock_change", args=[clock.pk])):
        page = client.get(url).content.decode()
        assert clock.policy.name in page, url
        assert TEST_PURPOSE not in page.replace(f'value="{TEST_PURPOSE}"', ""), url  # a search box may echo it
        assert f"{stop.from_state}→" not in page and f"→{stop.to_state}" not in page, url
