from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, ConfigurationChange, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "unit", "civil_servant", "is_unit_head", "is_active", "last_login"]
    list_filter = ["groups", "is_unit_head", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "unit__name", "civil_servant__name"]
    autocomplete_fields = ["unit", "civil_servant"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("单位与身份"), {"fields": ("full_name", "unit", "is_unit_head", "civil_servant")}),
    )


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is read-only: never added, changed or deleted by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "content_type", "object_id", "from_state", "to_state"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_id", "reason", "actor__username"]
    date_hierarchy = "at"


@admin.register(ConfigurationChange)
class ConfigurationChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "table", "object_repr", "action", "via"]
    list_filter = ["table", "action", "via"]
    search_fields = ["object_id", "object_repr", "reason", "actor__username"]
    date_hierarchy = "at"
