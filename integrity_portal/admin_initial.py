"""The admin's add form takes initial values from the query string (``?unit=3``). Django looks a relation's value
up as given, so ``?unit=abc`` on an add page was a ValueError, a 500 (issue 16 item 6, found by the hostile
query-string sweep). Every registered ModelAdmin drops relation values that are not ids the database can hold."""
from types import MethodType

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError

from .formfields import IdField


def _is_id(text: str) -> bool:
    try:
        IdField().clean(text)
    except ValidationError:
        return False
    return True


def _safe_initial(self, request):
    initial = type(self).get_changeform_initial_data(self, request)
    for name, value in list(initial.items()):
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.is_relation:
            continue
        values = value if isinstance(value, list) else str(value).split(",")
        if not all(_is_id(str(v)) for v in values):
            del initial[name]
    return initial


def guard_admin_initial_data(site=admin.site) -> None:
    for model_admin in site._registry.values():
        model_admin.get_changeform_initial_data = MethodType(_safe_initial, model_admin)
