from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.admin import (
    AccountableAdmin,
    PortalSearchAdmin,
    ReadOnlyAdmin,
    ReadOnlyInline,
    labelled_filter,
    year_filter,
)
from integrity_portal.admin_tables import rows_table

from . import services
from .choices import FILE_ACCESS_CHANNEL_LABELS, RECORD_EVENT_LABELS, RecordStatus
from .display import change_rows, detail_rows, snapshot_rows
from .forms import CivilServantAdminForm
from .models import (
    Attachment,
    CadreCheck,
    CivilServant,
    CourtListEntry,
    CourtListImport,
    CreditCheckLog,
    CreditRecord,
    CreditRecordVersion,
    CreditReport,
    FileAccess,
    ImportJob,
    Posting,
    PunishmentNotice,
    RecordEvent,
    RectificationAttachment,
    RectificationCase,
    RectificationRule,
    RectificationTransition,
    RestrictionFlag,
    Unit,
    UnitHeadTerm,
    ZeroStatusRevision,
    ZeroStatusSnapshot,
)


class NoDeleteMixin:
    """Records are never deleted, only moved through states."""

    def has_delete_permission(self, request, obj=None):
        return False


class UnitHeadTermInline(ReadOnlyInline):
    model = UnitHeadTerm
    fk_name = "unit"
    fields = ["person_name", "title", "start", "end"]
    readonly_fields = fields


@admin.register(Unit)
class UnitAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "superior", "status", "successor"]
    list_select_related = ["superior", "successor"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["superior", "discipline_unit", "audit_unit"]
    readonly_fields = ["status", "successor", "succeeded_on", "created_at", "updated_at"]
    inlines = [UnitHeadTermInline]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.UNIT_FIELDS if name in form.cleaned_data}
        if change:
            saved = services.unit_update(unit=obj, actor=request.user, **fields)
        else:
            saved = services.unit_create(actor=request.user, **fields)
        obj.pk = saved.pk


@admin.register(UnitHeadTerm)
class UnitHeadTermAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["unit", "person_name", "title", "start", "end"]
    list_filter = ["unit__kind"]
    search_fields = ["person_name", "unit__name"]
    autocomplete_fields = ["unit", "civil_servant"]

    def get_readonly_fields(self, request, obj=None):
        return ["unit", "person_name", "title", "start", "end", "civil_servant"] if obj else []

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            saved = services.unit_head_appoint(
                unit=obj.unit, person_name=obj.person_name, title=obj.title, start=obj.start,
                civil_servant=obj.civil_servant, actor=request.user,
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
            raise
        obj.pk = saved.pk


class PostingInline(ReadOnlyInline):
    model = Posting
    fields = ["unit", "post", "start", "end", "created_by"]
    readonly_fields = fields


@admin.register(CivilServant)
class CivilServantAdmin(NoDeleteMixin, admin.ModelAdmin):
    form = CivilServantAdminForm  # the change form never prefills the full ID number (issue 16)
    list_display = ["name", "masked_id_number", "unit", "post", "rank", "status"]
    list_filter = ["status", "rank", "unit__kind"]
    search_fields = ["name", "id_number", "unit__name"]
    autocomplete_fields = ["unit"]
    inlines = [PostingInline]

    @admin.display(description=_("公民身份号码（脱敏）"))
    def masked_id_number(self, obj):
        return obj.masked_id_number

    def get_readonly_fields(self, request, obj=None):
        # A move between units is a transfer (with its history), not an edit of the field.
        return ["unit", "created_at", "updated_at"] if obj else ["created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        fields = {name: form.cleaned_data[name] for name in services.SERVANT_FIELDS if name in form.cleaned_data}
        if change:
            saved = services.servant_update(servant=obj, actor=request.user, **fields)
        else:
            saved = services.servant_create(actor=request.user, unit=form.cleaned_data["unit"], **fields)
        obj.pk = saved.pk


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["civil_servant", "unit", "post", "start", "end"]
    search_fields = ["civil_servant__name", "unit__name"]
    list_filter = ["unit__kind"]


@admin.register(ImportJob)
class ImportJobAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "provider", "kind", "original_name", "status", "total_rows", "valid_rows",
                    "created_count"]
    list_filter = ["status", "kind"]
    search_fields = ["original_name", "provider__name", "uploader__username"]


def _status_name(value: str) -> str:
    return RecordStatus(value).label if value in RecordStatus.values else (value or "—")


class RecordEventInline(ReadOnlyInline):
    model = RecordEvent
    fields = ["at", "actor", "action_name", "from_name", "to_name", "version", "changes_shown", "reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("record")

    @admin.display(description=_("操作"))
    def action_name(self, event):
        return RECORD_EVENT_LABELS.get(event.action, event.action)

    @admin.display(description=_("原状态"))
    def from_name(self, event):
        return _status_name(event.from_status)

    @admin.display(description=_("新状态"))
    def to_name(self, event):
        return _status_name(event.to_status)

    @admin.display(description=_("变更内容"))
    def changes_shown(self, event):
        """The changed fields by their names, old → new, as on the record's page (not the stored keys)."""
        return rows_table(change_rows(event.changes, event.record.kind), head=(_("项目"), _("原值"), _("新值")))


class RecordVersionInline(RecordEventInline):
    model = CreditRecordVersion
    fields = ["version", "created_at", "created_by", "reason", "content_shown"]
    readonly_fields = fields

    @admin.display(description=_("内容"))
    def content_shown(self, version):
        """The version's content as the record's page shows it: its kind's fields by name, choices by label."""
        return rows_table(snapshot_rows(version.snapshot, version.record.kind))


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "sha256", "uploaded_by", "uploaded_at", "file"]
    readonly_fields = fields


@admin.register(CreditRecord)
class CreditRecordAdmin(PortalSearchAdmin, ReadOnlyAdmin):
    """Records change only through the services (workspace, API, these actions); history is read-only."""

    list_display = ["id", "kind", "subject", "severity", "title", "decision_date", "provider", "status",
                    "version", "objection_open", "published_late"]
    list_filter = ["status", "kind", "severity", "subject_type", "objection_open", "published_late",
                   year_filter("decision_date", _("决定年度"))]
    search_fields = ["title", "decision_number", "subject_unit__name", "civil_servant__name", "provider__name"]
    list_select_related = ["civil_servant", "subject_unit", "provider"]
    inlines = [RecordVersionInline, RecordEventInline, AttachmentInline]
    actions = ["publish_selected"]
    #: The kind's details are stored by their keys; the page shows them by name (``details_shown``).
    exclude = ["details"]

    def has_change_permission(self, request, obj=None):
        # Viewing is allowed; the form itself is read-only (fields below).
        return request.user.has_perm("records.view_creditrecord")

    @admin.display(description=_("主体名称"))
    def subject(self, obj):
        return obj.subject_name

    def get_readonly_fields(self, request, obj=None):
        return [("details_shown" if f.name == "details" else f.name) for f in CreditRecord._meta.fields]

    @admin.display(description=_("专项字段"))
    def details_shown(self, record):
        return rows_table(detail_rows(record.kind, record.details))

    def portal_search(self, queryset, term):
        """The records list's search (title, document number, the servant's name), or the unit's or the
        provider's name. The units that match are looked up first (a few hundred units in all) and passed as a
        list: as a subquery, the OR made PostgreSQL read every record (0.5 s for 补贴 on 1M records)."""
        from .filtersets import record_search

        found = record_search(term)
        units = list(Unit.objects.filter(name__icontains=term).values_list("pk", flat=True))
        if units:
            found |= Q(subject_unit__in=units) | Q(provider__in=units)
        return queryset.filter(found)

    @admin.action(description=_("发布所选草稿"))
    def publish_selected(self, request, queryset):
        from integrity_portal.errors import PortalError

        done, failed = 0, []
        for record in queryset:
            try:
                services.record_publish(record=record, actor=request.user)
                done += 1
            except (PortalError, ValidationError) as exc:
                failed.append(f"#{record.pk}: {getattr(exc, 'message', None) or '; '.join(exc.messages)}")
        messages.success(request, _("已发布 %(n)d 条。") % {"n": done})
        for line in failed:
            messages.error(request, line)


@admin.register(CadreCheck)
class CadreCheckAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "reviewer", "civil_servant", "purpose", "purpose_note", "expires_at"]
    list_filter = ["purpose"]
    search_fields = ["civil_servant__name", "reviewer__username", "purpose_note"]


@admin.register(FileAccess)
class FileAccessAdmin(ReadOnlyAdmin):
    list_display = ["at", "viewer", "civil_servant", "purpose", "channel_name", "cadre_check"]
    list_select_related = ["viewer", "civil_servant", "cadre_check__civil_servant"]
    # The channels by name, from the labels: Django's filter for a plain column lists its values with a DISTINCT
    # over the whole log (which grows with every file read).
    list_filter = [labelled_filter("channel", _("途径"), FILE_ACCESS_CHANNEL_LABELS), year_filter("at", _("查阅年度"))]
    search_fields = ["civil_servant__name", "viewer__username", "purpose"]

    @admin.display(description=_("途径"), ordering="channel")
    def channel_name(self, access):
        return FILE_ACCESS_CHANNEL_LABELS.get(access.channel, access.channel)


# --- joint punishment (clause 6) and reports (clause 5) ------------------------------------

@admin.register(RectificationRule)
class RectificationRuleAdmin(NoDeleteMixin, AccountableAdmin):
    """Which published records open a rectification case by themselves (data, edited by the office)."""

    list_display = ["kind", "min_severity", "is_active"]
    list_filter = ["is_active"]


class RectificationTransitionInline(ReadOnlyInline):
    model = RectificationTransition
    fields = [f.name for f in RectificationTransition._meta.fields if f.name != "id"]
    readonly_fields = fields


class RectificationAttachmentInline(ReadOnlyInline):
    model = RectificationAttachment
    fields = [f.name for f in RectificationAttachment._meta.fields if f.name != "id"]
    readonly_fields = fields


@admin.register(RectificationCase)
class RectificationCaseAdmin(ReadOnlyAdmin):
    """Transitions go through the services (workspace, API); here the office reads."""

    list_display = ["unit", "state", "opened_on", "closed_on", "origin"]
    list_filter = ["state", "origin"]
    search_fields = ["unit__name"]
    inlines = [RectificationTransitionInline, RectificationAttachmentInline]


@admin.register(PunishmentNotice)
class PunishmentNoticeAdmin(ReadOnlyAdmin):
    list_display = ["number", "title"]
    search_fields = ["number", "title"]


@admin.register(RestrictionFlag)
class RestrictionFlagAdmin(ReadOnlyAdmin):
    list_display = ["unit", "kind", "since", "until", "reason"]
    list_filter = ["kind"]
    search_fields = ["unit__name"]


class CourtListEntryInline(ReadOnlyInline):
    model = CourtListEntry
    fields = [f.name for f in CourtListEntry._meta.fields if f.name != "id"]
    readonly_fields = fields


@admin.register(CourtListImport)
class CourtListImportAdmin(ReadOnlyAdmin):
    list_display = ["id", "status", "source"]
    list_filter = ["status", "source"]
    inlines = [CourtListEntryInline]


def _figures(names) -> list[str]:
    """The counted fields, the unit lists by name (``stock_units_shown``…), not as stored (``unit_id``, ``code``)."""
    return [f"{name}_shown" if name in ("stock_units", "increment_units") else name for name in names]


class ZeroStatusUnitsShown:
    """A count's unit lists as the punishment page reads them: 单位 (统一社会信用代码) and its listing records."""

    readonly_fields = ["stock_units_shown", "increment_units_shown"]

    @staticmethod
    def _units(rows) -> str:
        return rows_table(((row.get("name") or f"#{row.get('unit_id')}", row.get("code") or "—",
                            "、".join(f"#{pk}" for pk in row.get("records") or []) or "—") for row in rows or []),
                          head=(_("单位"), _("统一社会信用代码"), _("失信被执行人记录")))

    @admin.display(description=_("在列单位"))
    def stock_units_shown(self, figures):
        return self._units(figures.stock_units)

    @admin.display(description=_("新列入单位"))
    def increment_units_shown(self, figures):
        return self._units(figures.increment_units)


@admin.register(ZeroStatusSnapshot)
class ZeroStatusSnapshotAdmin(ZeroStatusUnitsShown, ReadOnlyAdmin):
    list_display = ["period", "stock_count", "increment_count", "as_of", "is_final"]
    fields = ["period", *_figures(ZeroStatusSnapshot.COUNTED), "computed_at"]


@admin.register(ZeroStatusRevision)
class ZeroStatusRevisionAdmin(ZeroStatusUnitsShown, ReadOnlyAdmin):
    """The figures a snapshot held before they changed: who, when, why (the daily job has no actor)."""

    list_display = ["snapshot", "changed_at", "actor", "stock_count", "increment_count", "as_of", "is_final"]
    list_filter = ["is_final"]
    search_fields = ["snapshot__period", "reason", "actor__username"]
    list_select_related = ["snapshot", "actor"]
    fields = ["snapshot", *_figures(ZeroStatusRevision.COUNTED), "computed_at", "changed_at", "actor", "reason"]


@admin.register(CreditReport)
class CreditReportAdmin(ReadOnlyAdmin):
    list_display = ["issued_at", "subject_type", "issued_to"]
    list_select_related = ["issued_to"]
    search_fields = ["code"]


@admin.register(CreditCheckLog)
class CreditCheckLogAdmin(ReadOnlyAdmin):
    list_display = ["at", "caller", "unit", "purpose", "matter"]
    search_fields = ["unit__name", "code", "purpose", "matter", "caller__username"]
    list_select_related = ["caller", "unit"]
    list_filter = [year_filter("at", _("查询年度"))]
