"""Stored JSON in the admin as a person reads it: a small read-only table of names → values.

A JSON field shown as it is (``{"committed_on": "2026-03-01", "publication_type": "public"}``) gives the office
the code's keys. An admin excludes the field and shows one of these tables instead, from a display method::

    @admin.display(description=_("变更内容"))
    def changes_shown(self, event):
        return changes_table(event.changes, field_labels(Commitment), value=field_value(Commitment))

Each admin supplies only its labels (a dict, or ``field_labels`` of the models whose fields the keys are) and, where
a value is a stored key, how to show it (``field_value``: a choice by its label, a related row by its name). A key
nobody names is shown as it is: nothing stored is ever hidden."""
import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .admin_display import EMPTY

Labels = Mapping[str, str] | Callable[[str], str]
ValueShown = Callable[[str, object], str]


def shown_value(value) -> str:
    """A stored value as read: — for nothing, 是 / 否, a date as ``2026-03-01``, a time in local time, a list
    joined by 、 (its items shown the same way), anything else as text."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if timezone.is_aware(value) \
            else value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and len(value) > 10 and value[4:5] == "-" and value[10:11] in ("T", " "):
        try:
            return shown_value(datetime.datetime.fromisoformat(value))  # a stored time: 2026-03-01T08:00:00+00:00
        except ValueError:
            return value
    if isinstance(value, list | tuple):
        return "、".join(shown_value(item) for item in value)
    if isinstance(value, dict):
        return "；".join(f"{key}：{shown_value(item)}" for key, item in value.items())
    return str(value)


def _label_of(labels: Labels | None) -> Callable[[str], str]:
    if labels is None:
        return str
    if callable(labels):
        return lambda key: str(labels(key) or key)
    return lambda key: str(labels.get(key) or key)


def _value_of(value: ValueShown | None) -> ValueShown:
    return value or (lambda key, stored: shown_value(stored))


def rows_table(rows: Iterable[Sequence], head: Sequence = ()) -> str:
    """Rows of text as a small table; each row's first cell is its heading. No rows: —."""
    rows = list(rows)
    if not rows:
        return EMPTY
    header = format_html("<thead><tr>{}</tr></thead>", format_html_join("", "<th scope=\"col\">{}</th>",
                                                                        ((cell,) for cell in head))) if head else ""
    body = format_html_join("", "<tr>{}</tr>", (
        (format_html("<th scope=\"row\">{}</th>{}", row[0],
                     format_html_join("", "<td>{}</td>", ((cell,) for cell in row[1:]))),) for row in rows))
    return format_html('<table class="stored-json">{}<tbody>{}</tbody></table>', header, body)


def labelled_rows(mapping: Mapping | None, labels: Labels | None = None, *,
                  value: ValueShown | None = None) -> list[tuple[str, str]]:
    """``mapping``'s items as (name, value shown): each key by ``labels`` (the key itself when none names it)."""
    label, shown = _label_of(labels), _value_of(value)
    return [(label(key), shown(key, stored)) for key, stored in (mapping or {}).items()]


def labelled_table(mapping: Mapping | None, labels: Labels | None = None, *, value: ValueShown | None = None,
                   head: Sequence = ()) -> str:
    """A JSON object as a table of name → value (see ``labelled_rows``)."""
    return rows_table(labelled_rows(mapping, labels, value=value), head)


def changes_table(changes: Mapping | None, labels: Labels | None = None, *, value: ValueShown | None = None) -> str:
    """A ``{key: [old, new]}`` change map as a table of name | old | new; a value that is no pair is the new one."""
    label, shown = _label_of(labels), _value_of(value)
    rows = []
    for key, pair in (changes or {}).items():
        old, new = pair if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        rows.append((label(key), shown(key, old), shown(key, new)))
    return rows_table(rows, head=(_("项目"), _("原值"), _("新值")))


def _field(models_: Sequence[type[models.Model]], key: str) -> models.Field | None:
    for model in models_:
        try:
            field = model._meta.get_field(key)
        except FieldDoesNotExist:
            field = next((f for f in model._meta.concrete_fields if f.attname == key), None)
        if field is not None and field.concrete:
            return field
    return None


def field_labels(*models_: type[models.Model], **extra: str) -> Callable[[str], str]:
    """Keys that are field names (or ``_id`` names) of ``models_``, by the first model's field that has it; ``extra``
    names any other key. Anything else: the key."""

    def label(key: str) -> str:
        if key in extra:
            return str(extra[key])
        field = _field(models_, key)
        return str(field.verbose_name) if field is not None else key

    return label


def field_value(*models_: type[models.Model], **related: type[models.Model]) -> ValueShown:
    """Values of those fields as the field shows them: a choice by its label, a related row (its id stored) by its
    name; ``related`` names the model of other keys that store an id. Anything else by ``shown_value``."""

    def shown(key: str, stored) -> str:
        if stored is None or stored == "" or isinstance(stored, list | dict | bool):
            return shown_value(stored)
        field = _field(models_, key)
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(stored, stored))
        model = related.get(key) or (field.related_model if field is not None and field.many_to_one else None)
        if model is not None:
            try:
                row = model._base_manager.filter(pk=stored).first()
            except (ValueError, TypeError, ValidationError):
                row = None
            return str(row) if row is not None else f"#{stored}"
        return shown_value(stored)

    return shown
