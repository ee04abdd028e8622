"""The office's admin: the answer-period table is editable (each change an audit row); objections, repairs and their history
are read-only here (transitions go through the services, from the workspace pages)."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import AccountableAdmin, ReadOnlyAdmin, ReadOnlyInline
from records.choices import RecordKind

from .models import Evidence, Objection, ObjectionPolicy, ObjectionTransition, Repair, RepairTransition


class ObjectionPolicyForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("记录类别"), choices=RecordKind.choices)

    class Meta:
        model = ObjectionPolicy
        fields = ["kind", "policy_key", "note"]


@admin.register(ObjectionPolicy)
class ObjectionPolicyAdmin(AccountableAdmin):
    form = ObjectionPolicyForm
    list_display = ["kind_label", "policy_key", "note", "updated_at"]
    list_filter = ["policy_key"]
    search_fields = ["kind", "note"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser




class ObjectionTransitionInline(ReadOnlyInline):
    model = ObjectionTransition
    fields = readonly_fields = ["at", "actor", "from_state", "to_state", "reason"]


class RepairTransitionInline(ReadOnlyInline):
    model = RepairTransition
    fields = readonly_fields = ["at", "actor", "from_state", "to_state", "reason"]


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = readonly_fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ["id", "record", "applicant", "state", "filed_on", "clock", "decided_on", "answered_on_time"]
    list_filter = ["state", "policy_key", "answered_on_time", "record__kind"]
    search_fields = ["record__title", "applicant__username", "reason", "decision_reason"]
    date_hierarchy = "filed_on"
    list_select_related = ["record", "applicant", "clock__policy"]
    inlines = [ObjectionTransitionInline, EvidenceInline]


@admin.register(Repair)
class RepairAdmin(ReadOnlyAdmin):
    list_display = ["id", "subject_label", "applicant", "state", "filed_on", "punishment_label"]
    list_filter = ["state", "punishment"]
    search_fields = ["record__title", "decision__document_number", "decision__subject_name", "applicant__username",
                     "statement", "decision_reason"]
    date_hierarchy = "filed_on"
    list_select_related = ["record", "decision", "applicant"]
    inlines = [RepairTransitionInline, EvidenceInline]

    @admin.display(description=_("修复对象"))
    def subject_label(self, obj):
        """The record's title, or a 双公示 decision's number and subject (the 信用记录 column was "—" for those)."""
        return obj.subject_title

    @admin.display(description=_("惩戒措施"), ordering="punishment")
    def punishment_label(self, obj):
        """A 双公示 decision has no punishment (its decided application stores ``unchanged``): "—", as on the staff
        list (templates/objections/repair_list.html)."""
        if obj.record_id is None:
            return self.get_empty_value_display()
        return obj.get_punishment_display() or self.get_empty_value_display()


@admin.register(ObjectionTransition)
class ObjectionTransitionAdmin(ReadOnlyAdmin):
    list_display = ["objection", "at", "actor", "from_state", "to_state"]
    list_select_related = ["objection__record", "actor"]
    list_filter = ["to_state"]
    search_fields = ["reason"]


@admin.register(RepairTransition)
class RepairTransitionAdmin(ReadOnlyAdmin):
    list_display = ["repair", "at", "actor", "from_state", "to_state"]
    list_select_related = ["repair__record", "repair__decision", "actor"]
    list_filter = ["to_state"]
    search_fields = ["reason"]
