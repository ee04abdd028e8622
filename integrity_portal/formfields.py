"""Form fields shared by the apps' HTML forms."""
from django import forms
from django.core.exceptions import ValidationError

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
