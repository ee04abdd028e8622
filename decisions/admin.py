"""The office's view of the register and the decisions: read-only (changes go through the clerks' pages and the
services; decisions are never deleted)."""
from django.contrib import admin

from accounts.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import Decision, DecisionCheck, DecisionTransition, Subject


class TransitionInline(ReadOnlyInline):
    model = DecisionTransition
    fields = ["at", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields


@admin.register(Subject)
class SubjectAdmin(ReadOnlyAdmin):
    list_display = ["name", "category", "uscc", "registration_number", "id_type"]
    list_filter = ["category"]
    search_fields = ["name", "uscc", "registration_number", "organisation_code", "tax_number"]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["document_number", "version", "act", "subject_name", "department", "decision_date", "status",
                    "disclosed", "published_on_time", "publication_ends"]
    list_filter = ["act", "status", "disclosed", "published_on_time", "department"]
    search_fields = ["document_number", "subject_name", "subject__uscc"]
    date_hierarchy = "decision_date"
    inlines = [TransitionInline]


@admin.register(DecisionCheck)
class DecisionCheckAdmin(ReadOnlyAdmin):
    list_display = ["document_number", "act", "department", "first_checked_on", "passed", "attempts", "channel"]
    list_filter = ["passed", "act", "channel"]
    search_fields = ["document_number"]
