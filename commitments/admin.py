"""The office's admin view of commitments: searchable, filterable, read-only history.

Commitments change only through the services (workspace, API); the admin action publishes
drafts through ``commitment_publish`` like every other entry point.
"""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin, ReadOnlyInline, labelled_filter
from integrity_portal.admin_tables import changes_table, field_labels, field_value
from integrity_portal.errors import PortalError
from records.models import CreditRecord

from . import services
from .choices import ACTION_LABELS, CommitmentStatus
from .models import Breach, Commitment, CommitmentChange, CommitmentEvent, Evidence, Milestone, ResponsibleOfficial


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ["title", "due_date", "weight", "done_on", "overdue"]


class OfficialInline(ReadOnlyInline):
    model = ResponsibleOfficial
    fields = ["stage", "person_name", "title", "start", "end"]


class ChangeInline(ReadOnlyInline):
    model = CommitmentChange
    fields = ["kind", "legal_basis", "approved_by", "approved_on", "compensation", "compensation_amount"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "unit", "kind", "publication_type", "status", "progress", "committed_on"]
    list_filter = ["kind", "status", "publication_type", "unit__kind"]
    search_fields = ["code", "title", "unit__name", "counterparty_name"]
    date_hierarchy = "committed_on"
    inlines = [OfficialInline, MilestoneInline, ChangeInline]
    actions = ["publish"]

    def has_change_permission(self, request, obj=None):
        # View pages only; the publish action needs change permission on the list.
        return obj is None and request.user.has_perm("commitments.change_commitment")

    @admin.action(description=_("公开所选草稿"), permissions=["change"])
    def publish(self, request, queryset):
        done = 0
        for commitment in queryset:
            try:
                services.commitment_publish(commitment=commitment, actor=request.user)
                done += 1
            except (PortalError, ValidationError) as exc:
                self.message_user(request, f"{commitment.code}: {getattr(exc, 'message', exc)}", messages.ERROR)
        if done:
            self.message_user(request, _("已公开 %(n)d 项。") % {"n": done}, messages.SUCCESS)


def _status_label(value: str) -> str:
    return CommitmentStatus(value).label if value in CommitmentStatus.values else (value or "—")


def _field_name(model, name: str) -> str:
    return model._meta.get_field(name).verbose_name


#: What an event's changes name, by the services that write them: a milestone's events (新增节点, 节点完成, 上传材料…)
#: its fields and files, the others the commitment's fields, a lawful change's basis, an official, a breach's records.
MILESTONE_ACTIONS = {"milestone_add", "milestone_done", "milestone_overdue", "evidence"}
MILESTONE_LABELS = field_labels(Milestone, Commitment, milestone=_field_name(Evidence, "milestone"),
                                file=_field_name(Evidence, "file"), files=Evidence._meta.verbose_name)
MILESTONE_VALUES = field_value(Milestone, Commitment)
COMMITMENT_LABELS = field_labels(
    Commitment, CommitmentChange, ResponsibleOfficial, official=ResponsibleOfficial._meta.verbose_name,
    change=CommitmentChange._meta.verbose_name, unit_record=_field_name(Breach, "unit_record"),
    person_record=_field_name(Breach, "person_record"))
COMMITMENT_VALUES = field_value(Commitment, CommitmentChange, ResponsibleOfficial, change=CommitmentChange,
                                unit_record=CreditRecord, person_record=CreditRecord)


@admin.register(CommitmentEvent)
class CommitmentEventAdmin(ReadOnlyAdmin):
    """The commitment's audit trail, read as the timeline reads it: actions and statuses by name, not by key."""

    list_display = ["at", "commitment", "action_label", "from_label", "to_label", "actor"]
    list_select_related = ["commitment", "actor"]
    list_filter = [labelled_filter("action", _("操作"), ACTION_LABELS)]
    search_fields = ["commitment__code", "commitment__title"]
    fields = ["commitment", "at", "actor", "action_label", "from_label", "to_label", "changes_shown", "reason"]
    readonly_fields = ["action_label", "from_label", "to_label", "changes_shown"]

    @admin.display(description=_("操作"), ordering="action")
    def action_label(self, event):
        return ACTION_LABELS.get(event.action, event.action)

    @admin.display(description=_("原状态"), ordering="from_status")
    def from_label(self, event):
        return _status_label(event.from_status)

    @admin.display(description=_("新状态"), ordering="to_status")
    def to_label(self, event):
        return _status_label(event.to_status)

    @admin.display(description=_("变更内容"))
    def changes_shown(self, event):
        """The changed fields by their names, old → new, choices by their labels (向社会公开, not public)."""
        if event.action in MILESTONE_ACTIONS:
            return changes_table(event.changes, MILESTONE_LABELS, value=MILESTONE_VALUES)
        return changes_table(event.changes, COMMITMENT_LABELS, value=COMMITMENT_VALUES)


@admin.register(CommitmentChange)
class CommitmentChangeAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "kind", "legal_basis", "approved_by", "approved_on", "compensation_amount"]
    list_filter = ["kind", "legal_basis"]
    search_fields = ["commitment__code", "commitment__title"]


@admin.register(Milestone)
class MilestoneAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "title", "due_date", "weight", "done_on", "overdue"]
    list_filter = ["overdue"]
    search_fields = ["title", "commitment__code"]


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["milestone", "original_name", "content_type", "size", "uploaded_at"]


@admin.register(ResponsibleOfficial)
class ResponsibleOfficialAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "stage", "person_name", "title", "start", "end"]
    search_fields = ["person_name", "commitment__code"]


@admin.register(Breach)
class BreachAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "breached_on", "found_on", "found_by", "official_name"]
    search_fields = ["commitment__code", "official_name"]
