"""The office's admin: schemes, indicators and entered figures are edited here, through the configuration
services (each change an audit row with old → new; a reason once a run has used them; activation calls the
service that checks the weights); runs, scores and import batches are read-only history."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.admin import AccountableAdmin, ReadOnlyAdmin, ReadOnlyInline, labelled_filter
from integrity_portal.admin_display import EMPTY
from integrity_portal.admin_tables import field_labels, labelled_rows, rows_table, shown_value
from records.choices import UnitKind
from records.models import CreditRecord, Unit

from . import scoring, selectors, services
from .choices import AppliesTo, ScoringRule
from .indicators import refs
from .indicators.imported import INPUT_LABELS
from .labels import detail_label, detail_rows, indicator_label
from .models import (
    AssignmentTransition,
    DemonstrationUnit,
    Indicator,
    IndicatorScore,
    InputBatch,
    InputValue,
    Period,
    ReplyQuery,
    Run,
    RunTransition,
    Scheme,
    Score,
    TaskAssignment,
    WorkTask,
)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["order", "key", "name", "weight", "direction", "rule", "params", "applies_to", "methodology"]
    save_service = staticmethod(services.indicator_save)
    delete_service = staticmethod(services.indicator_delete)


@admin.register(Scheme)
class SchemeAdmin(AccountableAdmin):
    list_display = ["year", "name", "status", "total_weight", "activated_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    readonly_fields = ["status", "activated_at"]
    inlines = [IndicatorInline]
    actions = ["activate"]

    @admin.action(description=_("校验权重并启用"))
    def activate(self, request, queryset):
        for scheme in queryset:
            try:
                services.scheme_activate(scheme=scheme, actor=request.user)
            except ValidationError as exc:
                self.message_user(request, f"{scheme}：{'；'.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{scheme}：{_('已启用')}")

    save_service = staticmethod(services.scheme_save)

    def reason_required(self, request, obj) -> bool:
        return services.scheme_in_use(obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Period)
class PeriodAdmin(ReadOnlyAdmin):
    list_display = ["code", "start", "end"]


class RunTransitionInline(ReadOnlyInline):
    model = RunTransition
    readonly_fields = ["at", "actor", "from_status", "to_status", "reason"]


#: A run's stored JSON and what the page shows instead (by names, not the keys the run stored).
RUN_JSON_SHOWN = {"scheme_snapshot": "scheme_shown", "zero_detail": "zero_shown"}
# The keys of an indicator in a run's scheme snapshot (``services.schemes.scheme_snapshot``).
SNAPSHOT_INDICATOR_KEYS = {"key", "name", "weight", "direction", "rule", "params", "applies_to", "methodology"}
ZERO_DETAIL_LABELS = {
    "stock": _("存量"), "increment": _("增量"), "stock_units": _("在列单位"), "increment_units": _("新列入单位"),
    "as_of": _("数据截至"), "pending_sources": _("数据来源尚未上线的指标"),
}


def _rule_text(indicator: dict) -> str:
    """The scoring rule in words, as the methodology page says it; stored parameters it cannot read as stored."""
    rule = indicator.get("rule")
    name = ScoringRule(rule).label if rule in ScoringRule.values else shown_value(rule)
    try:
        return f"{name}：{scoring.describe(rule, indicator.get('direction'), indicator.get('params') or {})}"
    except (KeyError, TypeError, ValueError, AttributeError):
        return f"{name}：{shown_value(indicator.get('params'))}"


def _unit_names(text) -> str:
    """Stored unit references (``unit:12,unit:15``) by the units' names."""
    items = refs(text) if isinstance(text, str) else []
    ids = [int(item[5:]) for item in items if item.startswith("unit:") and item[5:].isdigit()]
    names = dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
    return "、".join(names.get(pk, f"#{pk}") for pk in ids) or shown_value(text if not items else None)


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ["period", "version", "status", "trigger", "created_at", "reply_until", "published_at"]
    list_filter = ["status", "trigger"]
    search_fields = ["period__code"]
    inlines = [RunTransitionInline]
    fields = [RUN_JSON_SHOWN.get(f.name, f.name) for f in Run._meta.fields if f.name != "id"]
    readonly_fields = list(RUN_JSON_SHOWN.values())

    @admin.display(description=_("所用方案（快照）"))
    def scheme_shown(self, run):
        """The scheme as the run used it: its figures by the scheme's field names, then its indicators by name
        and source, 适用单位 and the rule in words (the methodology page's table)."""
        snapshot = dict(run.scheme_snapshot or {})
        indicators = snapshot.pop("indicators", None) or []
        rows = []
        for item in indicators:
            applies = item.get("applies_to")
            other = {key: value for key, value in item.items() if key not in SNAPSHOT_INDICATOR_KEYS}
            rows.append((item.get("name") or "—", indicator_label(item.get("key") or "—"),
                         shown_value(item.get("weight")),
                         AppliesTo(applies).label if applies in AppliesTo.values else shown_value(applies),
                         _rule_text(item), shown_value(item.get("methodology")),
                         *([shown_value(other)] if other else [])))
        head = [_("指标名称"), _("指标来源"), _("权重"), _("适用单位"), _("计分规则"), _("计分说明")]
        if any(len(row) > len(head) for row in rows):
            head.append(_("其他"))
        return format_html("{}{}", rows_table(labelled_rows(snapshot, field_labels(Scheme))), rows_table(rows, head))

    @admin.display(description=_("零存量零增量明细"))
    def zero_shown(self, run):
        def shown(key, value):
            if key in ("stock_units", "increment_units"):
                return _unit_names(value)
            if key == "pending_sources" and isinstance(value, list):
                return "、".join(indicator_label(k) for k in value) or "—"
            return shown_value(value)

        return rows_table(labelled_rows(run.zero_detail, ZERO_DETAIL_LABELS, value=shown))


def _record_titles(text) -> str:
    """Stored record references (``record:10@1,record:12@2``) by the records' titles, as the score page lists
    them; a record that is gone by its number, a value that is no reference list as stored."""
    items = refs(text) if isinstance(text, str) else []
    ids = [int(pk) for item in items if item.startswith("record:") and (pk := item[7:].split("@", 1)[0]).isdigit()]
    titles = dict(CreditRecord._base_manager.filter(pk__in=ids).values_list("pk", "title"))
    return "、".join(titles.get(pk, f"#{pk}") for pk in ids) or shown_value(text if not items else None)


def _evidence_table(text) -> str:
    """Stored references (``record:10@1,decision:3``) as the indicator page lists them: each item by its title,
    date, status and note (a record since changed: the version used and the current one); a reference to nothing
    that can be read is shown as stored."""
    rows, _hidden = selectors.evidence_rows(text, readable=CreditRecord._base_manager.all())
    found = {row["ref"] for row in rows}
    shown = [(row["title"], shown_value(row["date"]), row["status"],
              _("计算时为第 %(u)s 版，现为第 %(c)s 版") % {"u": row["used_version"], "c": row["current_version"]}
              if row.get("changed") else row.get("extra") or "") for row in rows]
    shown += [(item, EMPTY, EMPTY, "") for item in refs(text) if item.split("@", 1)[0] not in found]
    return rows_table(shown, head=(_("事项"), _("日期"), _("状态"), _("备注")))


#: A score's veto basis (``services.runs``: ``indicators.records.vetoes``) by names.
VETO_DETAIL_LABELS = {"vetoed": Score._meta.get_field("vetoed").verbose_name, "records": _("失信被执行人记录"),
                      "held_out": _("异议处理中，暂不计入")}


SCORE_FIELDS_SHOWN = {"unit_kind": "unit_kind_shown", "veto_detail": "veto_shown"}


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["run", "unit_name", "total", "rank", "grade", "vetoed"]
    list_filter = ["grade", "vetoed", "run__status"]
    search_fields = ["unit_name"]
    list_select_related = ["run__period"]
    fields = [SCORE_FIELDS_SHOWN.get(f.name, f.name) for f in Score._meta.fields if f.name != "id"]
    readonly_fields = list(SCORE_FIELDS_SHOWN.values())

    @admin.display(description=Score._meta.get_field("unit_kind").verbose_name, ordering="unit_kind")
    def unit_kind_shown(self, score):
        """The unit's kind by its label (街道), as copied when the score was computed (a kind since retired: as
        stored)."""
        return UnitKind(score.unit_kind).label if score.unit_kind in UnitKind.values else shown_value(score.unit_kind)

    @admin.display(description=_("否决依据"))
    def veto_shown(self, score):
        def shown(key, value):
            return _record_titles(value) if key in ("records", "held_out") else shown_value(value)

        return rows_table(labelled_rows(score.veto_detail, VETO_DETAIL_LABELS, value=shown))


class IndicatorSourceShown:
    """The indicator's source by its name (失信记录情况), not by its key (dishonesty_records)."""

    exclude = ["indicator_key"]
    readonly_fields = ["source"]

    @admin.display(description=_("指标来源"), ordering="indicator_key")
    def source(self, obj):
        return indicator_label(obj.indicator_key)


@admin.register(IndicatorScore)
class IndicatorScoreAdmin(IndicatorSourceShown, ReadOnlyAdmin):
    list_display = ["score", "name", "value", "points"]
    search_fields = ["score__unit_name", "indicator_key"]
    list_select_related = ["score__run__period"]
    exclude = [*IndicatorSourceShown.exclude, "detail", "evidence", "held_out"]
    readonly_fields = [*IndicatorSourceShown.readonly_fields, "detail_shown", "evidence_shown", "held_out_shown"]

    @admin.display(description=_("计数明细"))
    def detail_shown(self, item):
        """The counts and figures behind the value by their names (严重 2, 受理件数 40), as the indicator page."""
        return rows_table(detail_rows(item.detail))

    @admin.display(description=IndicatorScore._meta.get_field("evidence").verbose_name)
    def evidence_shown(self, item):
        return _evidence_table(item.evidence)

    @admin.display(description=IndicatorScore._meta.get_field("held_out").verbose_name)
    def held_out_shown(self, item):
        return _evidence_table(item.held_out)


@admin.register(ReplyQuery)
class ReplyQueryAdmin(IndicatorSourceShown, ReadOnlyAdmin):
    list_display = ["run", "score", "source", "state", "outcome", "raised_at"]
    list_filter = ["state", "outcome"]


@admin.register(InputBatch)
class InputBatchAdmin(ReadOnlyAdmin):
    list_display = ["period", "kind", "original_name", "row_count", "uploaded_by", "uploaded_at"]
    list_filter = ["kind"]


class InputValueForm(forms.ModelForm):
    """The data item is chosen by its name (受理件数), not typed as a key (hotline_cases)."""

    key = forms.ChoiceField(label=_("数据项"), choices=list(INPUT_LABELS.items()))

    class Meta:
        model = InputValue
        fields = ["period", "unit", "key", "value"]


@admin.register(InputValue)
class InputValueAdmin(AccountableAdmin):
    """Figures may be entered or corrected here by the office (the entered indicators), with a reason once a run
    has used the period's figures; the model's ``clean`` checks them as the import does."""

    form = InputValueForm
    list_display = ["period", "unit", "figure", "value", "batch", "updated_at"]
    list_filter = [labelled_filter("key", _("数据项"), INPUT_LABELS), "period"]
    search_fields = ["unit__name"]
    autocomplete_fields = ["unit"]
    readonly_fields = ["batch", "entered_by"]
    save_service = staticmethod(services.input_value_save)

    @admin.display(description=_("数据项"), ordering="key")
    def figure(self, value):
        return detail_label(value.key)

    def reason_required(self, request, obj) -> bool:
        return services.period_in_use(obj.period if obj.period_id else None)

    def has_delete_permission(self, request, obj=None):
        return False


class AssignmentInline(ReadOnlyInline):
    model = TaskAssignment
    readonly_fields = ["unit", "state", "due_date", "submitted_on", "on_time", "closed_on"]
    fields = readonly_fields


@admin.register(WorkTask)
class WorkTaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "issued_on", "issued_by"]
    list_select_related = ["issued_by"]
    list_filter = ["kind"]
    search_fields = ["title"]
    inlines = [AssignmentInline]


@admin.register(AssignmentTransition)
class AssignmentTransitionAdmin(ReadOnlyAdmin):
    list_display = ["assignment", "at", "from_state", "to_state", "actor"]
    list_select_related = ["assignment__task", "assignment__unit", "actor"]


@admin.register(DemonstrationUnit)
class DemonstrationUnitAdmin(ReadOnlyAdmin):
    list_display = ["year", "category", "unit", "community", "total", "designated_on", "revoked_on"]
    list_filter = ["year", "category"]
