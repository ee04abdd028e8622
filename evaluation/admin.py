"""The office's admin: schemes, indicators and entered figures are edited here, through the configuration
services (each change an audit row with old → new; a reason once a run has used them; activation calls the
service that checks the weights); runs, scores and import batches are read-only history."""
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin import AccountableAdmin, ReadOnlyAdmin, ReadOnlyInline, labelled_filter

from . import services
from .indicators.imported import INPUT_LABELS
from .labels import detail_label, indicator_label
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


@admin.register(Run)
class RunAdmin(ReadOnlyAdmin):
    list_display = ["period", "version", "status", "trigger", "created_at", "reply_until", "published_at"]
    list_filter = ["status", "trigger"]
    search_fields = ["period__code"]
    inlines = [RunTransitionInline]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ["run", "unit_name", "total", "rank", "grade", "vetoed"]
    list_filter = ["grade", "vetoed", "run__status"]
    search_fields = ["unit_name"]
    list_select_related = ["run__period"]


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
