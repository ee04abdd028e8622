"""The 双公示 demo (issue 14 item 8): several hundred licences and penalties on fictional companies and persons,
some late, some with quality errors, some not published by rule, one repaired through an application the office
approved and one application awaiting it; ``seed_demo`` twice is once."""
import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from stdnum.cn import ric, uscc

from decisions.models import Decision, DecisionCheck, Subject
from objections.models import Repair

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_has_hundreds_of_decisions_of_every_kind_and_loads_twice():
    call_command("seed_demo", password="demo-pass-1", verbosity=0)
    counts = (Decision.objects.count(), Subject.objects.count(), DecisionCheck.objects.count())
    assert counts[0] >= 300
    assert {"licence", "penalty"} == set(Decision.objects.values_list("act", flat=True))
    assert Decision.objects.values("department").distinct().count() == 3
    assert Decision.objects.filter(published_on_time=False).exists()  # late
    assert Decision.objects.filter(published_on_time=True).count() > Decision.objects.filter(
        published_on_time=False).count()
    assert Decision.objects.filter(status="published", disclosed=False).exists()  # not published by rule
    assert Decision.objects.filter(status="repaired").count() == 1
    today = timezone.localdate()
    assert not Decision.objects.filter(status="published", publication_ends__lt=today).exists()  # the nightly job's
    assert Decision.objects.filter(status="expired").exists()
    applications = Repair.objects.filter(decision__isnull=False)
    assert sorted(applications.values_list("state", "decision__status")) == [
        ("approved", "repaired"), ("submitted", "published")]
    assert applications.get(state="submitted").decision.publication_ends > today
    assert Decision.objects.filter(status="draft").exists()
    old = timezone.localdate() - datetime.timedelta(days=30)
    assert Decision.objects.filter(status="draft", decision_date__lt=old).exists()  # overdue, never published
    assert DecisionCheck.objects.filter(passed=False).exists()  # quality errors on first submission
    for subject in Subject.objects.all():
        if subject.category == "natural_person":
            assert ric.is_valid(subject.id_number) and subject.id_number[10:14] == "0101"
            assert 990 <= int(subject.id_number[14:17]) <= 999
        else:
            assert uscc.is_valid(subject.uscc)
    call_command("seed_demo", password="demo-pass-1", verbosity=0)
    assert (Decision.objects.count(), Subject.objects.count(), DecisionCheck.objects.count()) == counts
    assert applications.count() == 2
