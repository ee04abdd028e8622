"""The office's view of the register and the decisions: read-only (changes go through the clerks' pages and the
services; decisions are never deleted)."""
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.admin import PortalSearchAdmin, ReadOnlyAdmin, ReadOnlyInline, year_filter
from integrity_portal.search import contains

from .filtersets import search_decisions
from .models import LEGACY_CODES, Decision, DecisionCheck, DecisionTransition, Subject


class TransitionInline(ReadOnlyInline):
    model = DecisionTransition
    fields = ["at", "from_state", "to_state", "actor", "reason"]
    readonly_fields = fields


@admin.register(Subject)
class SubjectAdmin(PortalSearchAdmin, ReadOnlyAdmin):
    list_display = ["name", "category", "uscc", "registration_number", "id_type"]
    list_filter = ["category"]
    search_fields = ["name", "uscc", "registration_number", "organisation_code", "tax_number"]

    def portal_search(self, queryset, term):
        """Any part of the name (the n-gram index), or a code whole (its unique index)."""
        code = term.replace(" ", "").upper()
        by_code = Q(uscc=code)
        for legacy in LEGACY_CODES:
            by_code |= Q(**{legacy: code})
        return queryset.filter(contains(Subject, term, ("name",)) | by_code)


@admin.register(Decision)
class DecisionAdmin(PortalSearchAdmin, ReadOnlyAdmin):
    list_display = ["document_number", "version", "act", "subject_name", "department", "decision_date", "status",
                    "disclosed", "published_on_time", "publication_ends"]
    list_filter = ["act", "status", "disclosed", "published_on_time", "department",
                   year_filter("decision_date", _("决定年度"))]
    search_fields = ["document_number", "subject_name", "subject__uscc"]
    inlines = [TransitionInline]

    def portal_search(self, queryset, term):
        """The 双公示 lists' search: the subject's name or code, or the document number."""
        return search_decisions(queryset, term)


@admin.register(DecisionCheck)
class DecisionCheckAdmin(ReadOnlyAdmin):
    list_display = ["document_number", "act", "department", "first_checked_on", "passed", "attempts", "channel"]
    list_filter = ["passed", "act", "channel"]
    search_fields = ["document_number"]
