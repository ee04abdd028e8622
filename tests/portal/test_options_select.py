"""The filter forms' selects write their options in Python (issue 18: Django's per-option template include was
40 % of a public list's rendering). Their HTML must stay exactly what Django's Select writes."""
import pytest
from django import forms

from integrity_portal.filtering import OptionsSelect, PortalFilterSet
from records.filtersets import CreditRecordFilterSet
from records.models import CreditRecord, Unit
from tests.factories import make_unit

CHOICES = [("", "全部"), (1, "<b>甲单位</b> & 乙"), ("2", '带"引号"的单位'),
           ("组", [(3, "组内一"), (4, "组内二")])]


@pytest.mark.parametrize("value", [None, "", "1", "2", "4", ["1"]])
@pytest.mark.parametrize("attrs", [{"id": "id_unit"}, {"id": "id_x", "required": True, "disabled": False,
                                                       "class": 'a "b"'}])
def test_same_html_as_djangos_select(value, attrs):
    expected = forms.Select(choices=CHOICES).render("unit", value, attrs=attrs)
    assert OptionsSelect(choices=CHOICES).render("unit", value, attrs=attrs) == expected


@pytest.mark.django_db
def test_filter_forms_unit_selects_use_it_and_render_the_units():
    units = [make_unit(name=f"单位<{i}>") for i in range(3)]
    form = CreditRecordFilterSet({"unit": str(units[1].pk)}, queryset=CreditRecord.objects.all()).form
    assert isinstance(form.fields["unit"].widget, OptionsSelect)
    html = str(form["unit"])
    assert f'<option value="{units[1].pk}" selected>单位&lt;1&gt;</option>' in html
    assert html.count("<option") == Unit.objects.count() + 1
    assert issubclass(CreditRecordFilterSet, PortalFilterSet)
