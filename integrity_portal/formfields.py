"""Form fields shared by the apps' HTML forms."""
from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField

from .numbers import plain_number

# The largest primary key the database holds (a 64-bit signed integer): a larger id is not looked up.
MAX_ID = 2**63 - 1


class IdsMultipleChoiceField(forms.ModelMultipleChoiceField):
    """``ModelMultipleChoiceField`` whose ids are checked before the query: a value that is not an id
    (text, an integer past 64 bits) is the field's "invalid value" error, never a database error."""

    def _check_values(self, value):
        for pk in value if isinstance(value, list | tuple | set | frozenset) else []:
            text = str(pk).strip()
            if not text.isdigit() or not 0 < int(text) <= MAX_ID:
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": text[:50]})
        return super()._check_values(value)


class IdField(forms.IntegerField):
    """An object id in a filter or a query string: a positive integer the database can hold. Anything else (text,
    a fraction, an integer past 64 bits) is the field's error, so the filter is left out instead of the value
    reaching the database (an OverflowError on SQLite, a DataError on PostgreSQL: a 500)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


def id_from_query(value) -> int | None:
    """An id read straight from ``request.GET``: the int, or None when it is missing or not an id."""
    field = IdField(required=False)
    try:
        return field.clean(value)
    except ValidationError:
        return None


class PlainNumberBoundField(BoundField):
    """A stored number pre-filled as a page prints it (``plain_number``): ``5``, not ``5.000000``.
    Only the initial value changes; a bound form shows what the user typed, as typed."""

    def value(self):
        value = super().value()
        return value if self.form.is_bound else plain_number(value)


class PlainDecimalField(forms.DecimalField):
    """A ``DecimalField`` that edits a stored amount: pre-filled as ``5`` (not ``5.000000``), and a number
    submitted equal to the stored one cleans to the stored value (``5`` → ``Decimal("5.000000")``), so
    saving the form unchanged changes nothing (no edit event, no ``"5.000000"`` → ``"5"`` in a JSON detail).
    Validation is ``DecimalField``'s."""

    bound_field_class = PlainNumberBoundField

    def _clean_bound_field(self, bf):
        # Django's per-field cleaning hook (FileField uses it to see the initial value).
        value = super()._clean_bound_field(bf)
        try:
            stored = self.to_python(bf.initial)
        except ValidationError:
            return value
        return stored if value is not None and value == stored else value
