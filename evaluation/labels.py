"""What a user reads for the evaluation's internal keys: indicator sources, the counts and figures behind a value."""
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from integrity_portal.numbers import plain_number
from records.choices import Severity

from .indicators import SOURCES
from .indicators.imported import INPUT_LABELS

COUNT_LABELS = {
    Severity.SERIOUS.value: Severity.SERIOUS.label, Severity.GENERAL.value: Severity.GENERAL.label,
    Severity.MINOR.value: Severity.MINOR.label,
    "on_time": _("按时"), "late": _("逾期"),
    "acknowledged_on_time": _("按时受理"), "acknowledged_late": _("逾期受理"),
    "concluded_on_time": _("按时办结"), "concluded_late": _("逾期办结"),
    "fulfilled": _("已履行"), "partly": _("部分履行"), "unfulfilled": _("未履行"),
    "rectified": _("已整改"), "unrectified": _("未整改"),
}


def detail_label(key: str) -> str:
    """A count's or an imported figure's name (a key nobody named is shown as it is: a test catches it)."""
    return str(COUNT_LABELS.get(key) or INPUT_LABELS.get(key) or key)


#: The keys of an indicator's stored detail beside its ``counts`` and ``figures``.
DETAIL_LABELS = {"unit_records": _("单位记录"), "staff_records": _("工作人员记录")}


def detail_rows(detail: dict | None) -> list[tuple[str, str]]:
    """An indicator's stored detail as (name, number) rows: its counts, then its figures (as the indicator page
    lists them), then any other figure it kept; a key nobody named is shown as it is."""
    detail = detail or {}
    rows = []
    for group in ("counts", "figures"):
        rows += [(detail_label(key), plain_number(value)) for key, value in (detail.get(group) or {}).items()]
    for key, value in detail.items():
        if key not in ("counts", "figures"):
            shown = plain_number(value) if isinstance(value, int | float | str) else str(value)
            rows.append((str(DETAIL_LABELS.get(key) or detail_label(key)), shown))
    return rows


def indicator_label(key: str) -> str:
    source = SOURCES.get(key)
    return source.shown_label() if source else key


def stored_note(note: str) -> str:
    """A score's note as stored (zh-hans, written by the run from the sources' and the engine's constant notes) in
    the active language; a note that is no message of the code is shown as it is."""
    return gettext(note) if note else ""
