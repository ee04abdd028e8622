"""The office's admin: routing rules are editable (each change an audit row, ``AccountableAdmin``); clues, their
history and the reports are read-only here (transitions go through the services, from the workspace pages).
Contact details are not shown in the admin: the workspace reveals them and logs each reveal."""
from django.contrib import admin

from accounts.admin import AccountableAdmin, ReadOnlyAdmin, ReadOnlyInline

from .models import (
    ClearanceReport,
    ClearanceRow,
    ClueAssignment,
    ClueAttachment,
    ClueNote,
    ClueTransition,
    ContactReveal,
    DisputeClue,
    ReopenRequest,
    RoutingRule,
)


@admin.register(RoutingRule)
class RoutingRuleAdmin(AccountableAdmin):
    list_display = ["id", "category", "body_unit", "body_keyword", "unit", "priority", "is_active", "note"]
    list_filter = ["is_active", "category"]
    search_fields = ["body_keyword", "unit__name", "body_unit__name", "note"]
    autocomplete_fields = ["body_unit", "unit"]

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser




class TransitionInline(ReadOnlyInline):
    model = ClueTransition
    fields = readonly_fields = ["at", "actor", "from_state", "to_state", "reason"]


class AssignmentInline(ReadOnlyInline):
    model = ClueAssignment
    fields = readonly_fields = ["assigned_at", "unit", "how", "rule", "assigned_by", "ended_at", "refused_by",
                                "refusal_reason"]


class NoteInline(ReadOnlyInline):
    model = ClueNote
    fields = readonly_fields = ["at", "kind", "visibility", "author", "author_unit", "body"]


class AttachmentInline(ReadOnlyInline):
    model = ClueAttachment
    fields = readonly_fields = ["original_name", "content_type", "size", "sha256", "from_submitter", "uploaded_at"]


@admin.register(DisputeClue)
class DisputeClueAdmin(ReadOnlyAdmin):
    list_display = ["id", "category", "state", "handling_unit", "submitted_on", "acknowledged_on", "concluded_on",
                    "anonymous", "rating"]
    list_select_related = ["handling_unit"]
    list_filter = ["state", "category", "anonymous", "acknowledged_on_time", "concluded_on_time"]
    search_fields = ["description", "body_name", "body_unit__name", "handling_unit__name"]
    exclude = ["contact_name", "contact_phone", "contact_email", "receipt_hash"]
    inlines = [AssignmentInline, TransitionInline, NoteInline, AttachmentInline]


@admin.register(ReopenRequest)
class ReopenRequestAdmin(ReadOnlyAdmin):
    list_display = ["id", "clue", "state", "requested_at", "decided_by", "decided_at"]
    list_filter = ["state"]


@admin.register(ContactReveal)
class ContactRevealAdmin(ReadOnlyAdmin):
    list_display = ["at", "viewer", "viewer_unit", "clue", "channel"]
    list_filter = ["channel"]
    search_fields = ["viewer__username", "viewer__full_name"]


class RowInline(ReadOnlyInline):
    model = ClearanceRow
    fields = readonly_fields = ["unit", "received", "acknowledged_on_time", "concluded", "concluded_on_time", "open",
                                "overdue", "median_days"]


@admin.register(ClearanceReport)
class ClearanceReportAdmin(ReadOnlyAdmin):
    list_display = ["title", "period_start", "period_end", "generated_at", "published_at"]
    inlines = [RowInline]
