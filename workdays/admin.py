"""The office's admin: every change goes through the same services as everywhere else."""
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyInline, year_filter

from . import services
from .models import CalendarException, CalendarYear, Clock, ClockEvent, ClockReminder, Policy


class CalendarExceptionInline(admin.TabularInline):
    model = CalendarException
    extra = 1
    fields = ["date", "kind", "name"]
    ordering = ["date"]


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    """Saving a year calls ``calendar_year_save``: revision + 1 and the open clocks are recomputed."""

    list_display = ["year", "status", "revision", "source_notice", "updated_at"]
    list_filter = ["status"]
    search_fields = ["year", "source_notice"]
    readonly_fields = ["revision", "updated_at"]
    inlines = [CalendarExceptionInline]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "year"] if obj else self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        """Deferred to ``save_related``: the year and its exceptions are saved together by the service."""

    def save_formset(self, request, form, formset, change):
        """Deferred to ``save_related``."""

    def save_related(self, request, form, formsets, change):
        exceptions = []
        for formset in formsets:
            # The service saves the rows; the admin's change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            for inline_form in formset.forms:
                data = getattr(inline_form, "cleaned_data", None)
                if not data or data.get("DELETE") or not data.get("date"):
                    continue
                exceptions.append((data["date"], data["kind"], data["name"]))
        year = form.instance.year if change else form.cleaned_data["year"]
        saved = services.calendar_year_save(
            year=year, status=form.cleaned_data["status"], source_notice=form.cleaned_data["source_notice"],
            exceptions=exceptions, actor=request.user,
        )
        form.instance.pk, form.instance.revision = saved.pk, saved.revision
        self.message_user(
            request, _("已保存 %(year)s 年第 %(rev)s 版；涉及该年度的进行中期限已重新计算。")
            % {"year": saved.year, "rev": saved.revision}, messages.SUCCESS,
        )


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    """Versions are read-only; changing the current version writes a new one through ``policy_revise``.

    The office reads a rule by its name and legal basis. Its key is the code's name for it (``objection_answer``):
    asked for when a rule is added, then never shown (the list still sorts and searches by it)."""

    list_display = ["name", "scope", "quantity", "legal_basis", "version", "is_current", "created_at"]
    list_display_links = ["name"]
    list_filter = ["is_current", "unit"]
    search_fields = ["key", "scope", "name", "legal_basis"]
    fields = ["key", "scope", "name", "value", "unit", "start_event", "applies_to", "legal_basis",
              "version", "is_current", "created_at", "created_by"]
    ordering = ["key", "scope", "-version"]

    @admin.display(description=_("期限"), ordering="value")
    def quantity(self, policy):
        return policy.quantity

    def get_fields(self, request, obj=None):
        """No key on a rule's page (its help text named another rule's key, too); a scope only where it has one."""
        if obj is None:
            return self.fields
        return [name for name in self.fields if name != "key" and (name != "scope" or obj.scope)]

    def get_readonly_fields(self, request, obj=None):
        always = ["version", "is_current", "created_at", "created_by"]
        if obj is None:
            return always
        if not obj.is_current:
            return [f for f in self.fields]
        return ["key", "scope", *always]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        new = services.policy_revise(
            key=obj.key, scope=obj.scope or "", value=data["value"], unit=data["unit"],
            legal_basis=data["legal_basis"], name=data["name"], start_event=data.get("start_event", ""),
            applies_to=data.get("applies_to", ""), actor=request.user,
        )
        obj.pk, obj.version, obj.is_current = new.pk, new.version, True
        self.message_user(request, _("已生成新版本 v%(version)s。") % {"version": new.version}, messages.SUCCESS)


class ClockEventInline(ReadOnlyInline):
    model = ClockEvent
    fields = ["at", "action", "from_state", "to_state", "old_due", "new_due", "actor", "reason"]
    readonly_fields = fields


class ClockReminderInline(ReadOnlyInline):
    model = ClockReminder
    fields = ["step", "sent_at"]
    readonly_fields = fields


@admin.register(Clock)
class ClockAdmin(admin.ModelAdmin):
    list_display = ["rule", "content_type", "object_id", "start_date", "due_date", "state", "provisional",
                    "calendar_revision"]
    list_filter = ["state", "policy", "provisional", "content_type", year_filter("due_date", _("到期年度"))]
    search_fields = ["purpose", "object_id", "calendar_revision"]
    show_full_result_count = False  # a clock for every objection, decision, clue and task: no second count
    list_select_related = ["content_type", "policy"]
    inlines = [ClockEventInline, ClockReminderInline]

    @admin.display(description=_("时限规则"), ordering="policy__name")
    def rule(self, obj):
        """The rule the clock counts, by its name: the ``purpose`` column held a key (dual_publication)."""
        return obj.policy.name

    #: ``purpose`` is the key the code starts a clock with; the page names the rule instead (``policy``).
    exclude = ["purpose"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name not in self.exclude]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
