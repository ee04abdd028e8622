"""A tiny run of the scale generator (issue 10) on the test database, so `make bench`'s data keeps working."""
import pytest
from django.core.management import call_command
from stdnum.cn import ric, uscc

from commitments.models import Commitment
from disputes.models import DisputeClue
from objections.models import Objection
from records.models import CivilServant, CreditRecord, Unit
from workdays.calendar import get_calendar

ARGS = ["--records", "300", "--servants", "30", "--units", "6", "--seed", "3", "--objections", "20",
        "--commitments", "15", "--clues", "12", "--file-records", "40", "--quiet"]


@pytest.mark.django_db
def test_generate_scale_small_dataset_is_valid_and_reused(capsys):
    call_command("generate_scale", *ARGS)
    assert Unit.objects.count() == 6 and CivilServant.objects.count() == 30
    assert CreditRecord.objects.count() == 300
    assert Commitment.objects.count() == 15 and DisputeClue.objects.count() == 12
    assert 0 < Objection.objects.count() <= 20
    assert all(uscc.is_valid(code) for code in Unit.objects.values_list("code", flat=True))
    assert all(ric.is_valid(number) for number in CivilServant.objects.values_list("id_number", flat=True))
    heavy = CivilServant.objects.order_by("pk").first()
    assert CreditRecord.objects.filter(civil_servant=heavy).count() >= 40
    # Due dates are the calendar's, as the services compute them.
    cal = get_calendar()
    for objection in Objection.objects.select_related("clock")[:5]:
        assert objection.clock.due_date == cal.add_working_days(objection.filed_on, 10).date

    call_command("generate_scale", *ARGS)  # same parameters: reused, nothing added
    assert CreditRecord.objects.count() == 300
    assert "reused" in capsys.readouterr().out
