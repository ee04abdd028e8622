"""integrity_portal.formfields.PlainDecimalField: a stored amount pre-filled as written, saved back unchanged."""
from decimal import Decimal

from django import forms

from integrity_portal.formfields import PlainDecimalField


class AmountForm(forms.Form):
    amount = PlainDecimalField(required=False)


def test_a_stored_amount_is_filled_in_without_padding_zeros():
    assert AmountForm(initial={"amount": Decimal("5.000000")})["amount"].value() == "5"
    assert AmountForm(initial={"amount": "120.50"})["amount"].value() == "120.5"  # a JSON detail stores text
    assert AmountForm()["amount"].value() == ""


def test_what_the_user_typed_comes_back_as_typed():
    form = AmountForm({"amount": "5.000"}, initial={"amount": Decimal("5.000000")})
    assert form["amount"].value() == "5.000"


def test_the_same_number_cleans_to_the_stored_value_and_another_to_the_typed_one():
    unchanged = AmountForm({"amount": "5"}, initial={"amount": "5.000000"})
    changed = AmountForm({"amount": "6.0"}, initial={"amount": "5.000000"})
    cleared = AmountForm({"amount": ""}, initial={"amount": "5.000000"})
    assert unchanged.is_valid() and changed.is_valid() and cleared.is_valid()
    assert str(unchanged.cleaned_data["amount"]) == "5.000000"
    assert str(changed.cleaned_data["amount"]) == "6.0"
    assert cleared.cleaned_data["amount"] is None
    assert not AmountForm({"amount": "五"}, initial={"amount": "5"}).is_valid()
