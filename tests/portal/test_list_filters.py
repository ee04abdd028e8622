"""Issue #17 item 5: list filters speak the user's language — 全部 for no choice, date pickers, units by name,
evaluation periods picked from a list."""
import datetime
import re

import pytest
from django.urls import reverse

from evaluation.forms import RunStartForm, period_choices
from evaluation.models import Period

pytestmark = pytest.mark.django_db


def test_a_list_filter_offers_all_dates_and_units_by_name(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("records:record_list")).content.decode()
    assert "---------" not in html
    assert '<option value="" selected>全部</option>' in html
    assert re.search(r'<input type="date" name="decided_from"', html)
    # the unit is picked by its name (the value stays its id, so ?unit=<id> links keep working)
    assert f'<option value="{cast.unit_b.pk}">{cast.unit_b.name}</option>' in html
    assert "单位（编号）" not in html and "提供单位（编号）" not in html


def test_a_yes_no_filter_reads_all_rather_than_unknown(client, cast):
    client.force_login(cast.office)
    html = client.get(reverse("records:record_list")).content.decode()
    assert '<option value="unknown" selected>全部</option>' in html
    assert "未知" not in html


def test_filtering_by_a_unit_picked_by_name_still_filters(client, cast):
    client.force_login(cast.office)
    response = client.get(reverse("records:record_list"), {"unit": cast.unit_b.pk})
    assert response.status_code == 200 and not response.context["filter"].form.errors


def test_the_evaluation_period_is_picked_from_the_periods_that_exist():
    Period.objects.create(code="2019Q2", year=2019, quarter=2, start=datetime.date(2019, 4, 1),
                          end=datetime.date(2019, 6, 30))
    choices = period_choices(datetime.date(2026, 5, 10))
    codes = [code for code, _label in choices]
    assert codes[:3] == ["2026Q2", "2026Q1", "2026"]  # latest first; a quarter not begun is not offered
    assert "2019Q2" in codes and "2026Q3" not in codes
    assert ("2025Q4", "2025年第4季度") in choices
    assert not RunStartForm({"period": "2031Q1"}).is_valid()  # not typed: a period outside the list is refused
