from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin import ReadOnlyAdmin

from . import services
from .models import CivilServant, Posting, Unit, UnitHeadTerm


class NoDeleteMixin:
    """Records are never deleted, only moved through states."""

    def has_delete_permission(self, request, obj=None):
        return False


class UnitHeadTermInline(admin.TabularInline):
    model = UnitHeadTerm
    fk_name = "unit"
    extra = 0
    fields = ["person_name", "title", "start", "end"]
    readonly_fields = fields
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Unit)
class UnitAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "superior", "status", "successor"]
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


class PostingInline(admin.TabularInline):
    model = Posting
    extra = 0
    fields = ["unit", "post", "start", "end", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(CivilServant)
class CivilServantAdmin(NoDeleteMixin, admin.ModelAdmin):
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
