"""Credit repair: the earliest date, the office's decision and what it changes in what is computed."""
import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from integrity_portal.errors import TransitionNotAllowed
from objections import services
from objections.choices import RepairState
from objections.models import Repair, RepairTransition
from objections.selectors import record_effect
from records.choices import RecordStatus
from records.models import CreditRecord, RecordEvent

from .conftest import published_penalty

D = datetime.date
pytestmark = pytest.mark.django_db
TODAY = D(2026, 7, 1)


def apply(record, user, today=TODAY, **extra):
    fields = {"statement": "已全额退还多收价款并公开致歉", "losses_recovered": True, "effects_removed": True}
    fields.update(extra)
    return services.repair_apply(record=record, applicant=user, today=today, **fields)


@pytest.fixture
def serious_b(cast):
    """A serious penalty of unit B decided 2024-06-03: window to 2027-06-03 (36 months), repairable from 2025-06-03."""
    return published_penalty(cast, severity="serious", decision_date=D(2024, 6, 3), title="严重违法经营")


def test_the_earliest_date_follows_the_minimum_period(cast, penalty_b, serious_b, sanction_x):
    assert services.repair_earliest_date(penalty_b) == D(2026, 6, 2)   # general: 3 months
    assert services.repair_earliest_date(serious_b) == D(2025, 6, 3)   # serious: 12 months
    assert services.repair_earliest_date(sanction_x) == D(2026, 4, 10)  # a general sanction: 3 months


def test_an_application_before_the_earliest_date_is_refused_with_that_date(cast, penalty_b):
    with pytest.raises(services.RepairTooEarly) as caught:
        apply(penalty_b, cast.clerk_b, today=D(2026, 5, 1))
    assert caught.value.earliest_date == D(2026, 6, 2)
    assert "2026-06-02" in caught.value.message
    assert not Repair.objects.exists()


def test_only_the_subject_applies_and_states_a_self_correction(cast, penalty_b):
    with pytest.raises(PermissionDenied):
        apply(penalty_b, cast.clerk_a)
    with pytest.raises(ValidationError) as caught:
        apply(penalty_b, cast.clerk_b, losses_recovered=False, effects_removed=False, statement="")
    assert {"statement", "self_correction"} <= set(caught.value.message_dict)


def test_a_second_open_application_is_refused(cast, penalty_b):
    apply(penalty_b, cast.clerk_b)
    with pytest.raises(TransitionNotAllowed):
        apply(penalty_b, cast.clerk_b)


def test_lighter_shortens_the_window_to_the_minimum_and_takes_it_out_of_view(cast, serious_b):
    before = record_effect(serious_b, on=TODAY)
    assert before["public"] and before["punitive"] and before["window_end"] == D(2027, 6, 3)
    repair = apply(serious_b, cast.clerk_b)
    services.repair_decide(repair=repair, actor=cast.office, outcome="approved", reason="整改到位",
                           punishment="lighter", today=TODAY)
    after = record_effect(serious_b, on=TODAY)
    assert after["status"] == RecordStatus.REPAIRED
    assert after["window_end"] == D(2025, 6, 3)  # window start + 12 months (the serious minimum)
    assert not after["public"] and not after["punitive"] and not after["counts_for_score"]
    repair.refresh_from_db()
    assert (repair.state, repair.punishment, repair.window_end_before) == ("approved", "lighter", D(2027, 6, 3))
    event = RecordEvent.objects.get(record=serious_b, action="repair_terms")
    assert event.changes["window_end"] == ["2027-06-03", "2025-06-03"]
    assert CreditRecord.objects.public(today=TODAY).filter(pk=serious_b.pk).count() == 0


def test_waived_ends_the_punitive_effect_today(cast, sanction_x):
    assert record_effect(sanction_x, on=TODAY)["punitive"]
    repair = apply(sanction_x, cast.user_x)
    services.repair_decide(repair=repair, actor=cast.office, outcome="approved", reason="主动挽回损失",
                           punishment="waived", today=TODAY)
    after = record_effect(sanction_x, on=TODAY)
    assert (after["effect_end"], after["window_end"]) == (TODAY, TODAY)  # was 2027-01-09
    assert not after["punitive"] and after["status"] == RecordStatus.REPAIRED


def test_rejected_changes_nothing_on_the_record(cast, penalty_b):
    repair = apply(penalty_b, cast.clerk_b)
    services.repair_decide(repair=repair, actor=cast.office, outcome="rejected", reason="损失尚未挽回",
                           today=TODAY)
    penalty_b.refresh_from_db()
    assert penalty_b.status == RecordStatus.PUBLISHED and penalty_b.window_end == D(2027, 3, 2)
    assert list(RepairTransition.objects.filter(repair=repair).values_list("to_state", flat=True)) == [
        "submitted", "rejected"]


@pytest.mark.parametrize("kwargs, field", [
    ({"outcome": "approved", "reason": ""}, "reason"),
    ({"outcome": "rejected", "reason": "x", "punishment": "waived"}, "punishment"),
    ({"outcome": "perhaps", "reason": "x"}, "outcome"),
])
def test_a_bad_decision_changes_nothing(cast, penalty_b, kwargs, field):
    repair = apply(penalty_b, cast.clerk_b)
    with pytest.raises(ValidationError) as caught:
        services.repair_decide(repair=repair, actor=cast.office, **kwargs)
    assert field in caught.value.message_dict
    repair.refresh_from_db()
    assert repair.state == RepairState.SUBMITTED


def test_a_decision_after_a_decision_is_refused(cast, penalty_b):
    repair = apply(penalty_b, cast.clerk_b)
    services.repair_decide(repair=repair, actor=cast.office, outcome="rejected", reason="不符合条件")
    with pytest.raises(TransitionNotAllowed):
        services.repair_decide(repair=repair, actor=cast.office, outcome="approved", reason="改为准予")


def test_the_repair_page_brackets_the_original_window_end_in_english(cast, client, serious_b):
    """Fails on the old template: "Lighter punishment（Original disclosure end 2027-06-03）"."""
    repair = apply(serious_b, cast.clerk_b)
    services.repair_decide(repair=repair, actor=cast.office, outcome="approved", reason="整改到位",
                           punishment="lighter", today=TODAY)
    client.force_login(cast.office)
    url = reverse("objections:repair_detail", args=[repair.pk])
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert " (originally disclosed until 2027-06-03)</dd>" in page and "（" not in page.split("2027-06-03")[0][-40:]
    client.cookies["django_language"] = "zh-hans"
    page = client.get(url).content.decode()
    assert "（原公示止 2027-06-03）</dd>" in page
