"""A record's stored values as people read them: the columns by their names and choices by their labels, the kind's
details by their standard names (``fieldsets``), a version's content and a change's old → new. The workspace's
record page and the admin show the same rows."""
import datetime
import json

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _

from .fieldsets import column_applies, shown_detail, specs_for
from .models import CreditRecord

# A version's content that its record's page shows elsewhere (the subject, the provider, the kind) or row by row.
SNAPSHOT_HIDDEN = {"subject_type", "civil_servant", "subject_unit", "provider", "kind", "details"}


def field_label(name: str) -> str:
    """The record field's name (决定文书号); a name that is no field of the record is shown as it is."""
    try:
        return str(CreditRecord._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def shown(value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def choice_label(name: str, value) -> str:
    """A snapshot or change value shown as the user knows it (choice labels, not codes)."""
    try:
        field = CreditRecord._meta.get_field(name)
    except FieldDoesNotExist:
        return shown(value)
    choices = dict(field.flatchoices) if field.choices else {}
    return str(choices.get(value, shown(value))) if value not in (None, "") else "—"


def detail_rows(kind: str, details: dict) -> list[tuple[str, str]]:
    """The kind's details, each by its name (a detail the kind does not name: by its key)."""
    details = details or {}
    rows = [(str(spec.label), shown(shown_detail(spec, details.get(spec.name)))) for spec in specs_for(kind)]
    known = {spec.name for spec in specs_for(kind)}
    rows += [(name, shown(value)) for name, value in details.items() if name not in known]
    return rows


def change_rows(changes: dict, kind: str) -> list[tuple[str, str, str]]:
    """A history row's ``{field: [old, new]}`` as (name, old, new), the details one by one; unchanged rows left out."""
    specs = {spec.name: spec for spec in specs_for(kind)}
    rows = []
    for name, pair in (changes or {}).items():
        old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
        if name == "details" and isinstance(old or {}, dict) and isinstance(new or {}, dict):
            old, new = old or {}, new or {}
            for key in dict.fromkeys([*old, *new]):
                if old.get(key) != new.get(key):
                    spec = specs.get(key)
                    rows.append((str(spec.label) if spec else key, shown(shown_detail(spec, old.get(key))),
                                 shown(shown_detail(spec, new.get(key)))))
            continue
        if name in {"civil_servant", "subject_unit", "provider"}:
            label = field_label(name) + _("（编号）")
        elif name == "attachment":
            label = _("证明材料")
        else:
            label = field_label(name)
        rows.append((label, choice_label(name, old), choice_label(name, new)))
    return [row for row in rows if row[1] != row[2]]


def snapshot_rows(snapshot: dict, kind: str) -> list[tuple[str, str]]:
    """A version's content: the kind's columns, then its details."""
    snapshot = snapshot or {}
    rows = [(field_label(name), choice_label(name, value)) for name, value in snapshot.items()
            if name not in SNAPSHOT_HIDDEN and column_applies(kind, name)]
    return rows + detail_rows(kind, snapshot.get("details") or {})
