from datetime import MAXYEAR, MINYEAR

from django import forms
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Min
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from integrity_portal.admin_tables import changes_table, field_labels, field_value

from .choices import AUDIT_ACTION_LABELS, Role
from .models import AuditEntry, ConfigurationChange, User
from .services import audit_log, configuration_change_record, configuration_delete, configuration_save

REASON_FIELD = "change_reason"

# What only a superuser sets on an account (issue 16 finding 1). Roles (the role groups) are not among the admin's
# fields at all: they are assigned through ``accounts.services.user_role_assign`` on the workspace account pages.
PRIVILEGED_FLAGS = ("is_superuser", "is_staff", "is_active")


def labelled_filter(parameter: str, title, labels: dict, *, lookup: str = "") -> type[admin.SimpleListFilter]:
    """A list filter offering ``labels`` (key → name), so the sidebar reads names, not the keys stored
    (``lookup``, default the parameter's field); a value that is no key filters nothing."""

    def lookups(self, request, model_admin):
        return list(labels.items())

    def queryset(self, request, queryset):
        return queryset.filter(**{lookup or parameter: self.value()}) if self.value() in labels else queryset

    return type(f"{parameter.title().replace('_', '')}Filter", (admin.SimpleListFilter,),
                {"title": title, "parameter_name": parameter, "lookups": lookups, "queryset": queryset})


def year_filter(field: str, title) -> type[admin.SimpleListFilter]:
    """A list filter by the year of ``field``, for a table of millions of rows, in place of ``date_hierarchy``:
    the hierarchy's first level lists the years that have rows (``SELECT DISTINCT date_trunc('year', …)``, a read
    of the whole table: 0.5 s on 1M decisions, more on the file-access log, which grows with every file read).
    This offers every year from the first row's to the last's (two probes of the field's index) and filters by a
    range of the same index; a value that is no year filters nothing."""

    def lookups(self, request, model_admin):
        bounds = model_admin.get_queryset(request).aggregate(first=Min(field), last=Max(field))
        if bounds["first"] is None:
            return []
        return [(str(year), str(year)) for year in range(bounds["last"].year, bounds["first"].year - 1, -1)]

    def queryset(self, request, queryset):
        value = self.value() or ""
        if value.isascii() and value.isdigit() and MINYEAR <= int(value) <= MAXYEAR:
            return queryset.filter(**{f"{field}__year": int(value)})
        return queryset

    return type(f"{field.title().replace('_', '')}YearFilter", (admin.SimpleListFilter,),
                {"title": title, "parameter_name": f"{field}__year", "lookups": lookups, "queryset": queryset})


class PortalSearchAdmin(admin.ModelAdmin):
    """An admin list of a big table searched as the portal's own list is searched (``portal_search``: the n-gram
    index on PostgreSQL, issue 18), not by Django's ``icontains`` on each of ``search_fields``, which reads the
    whole table for a one- or two-character term (1M records, 2M decisions). The term is one phrase, as in the
    portal's search box; ``search_fields`` still shows the box."""

    def portal_search(self, queryset, term: str):
        raise NotImplementedError

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        return self.portal_search(queryset, term), False


#: Accounts by role, named as the portal names it (区信用办), not by its group's key (credit_office).
RoleFilter = labelled_filter("role", _("角色"), dict(Role.choices), lookup="groups__name")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    """Accounts in the admin: read-only for the office, who manages accounts on the workspace pages; a superuser
    sets the privileged fields (superuser, staff, permissions) and passwords, each change with an audit row.
    A superuser account is not even readable by anyone else here. Accounts are never deleted (deactivated)."""

    list_display = ["username", "full_name", "unit", "civil_servant", "is_unit_head", "is_active", "last_login"]
    list_filter = [RoleFilter, "is_unit_head", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email", "unit__name", "civil_servant__name"]
    autocomplete_fields = ["unit", "civil_servant"]
    readonly_fields = ["role_label", "last_login", "date_joined"]
    _identity = (_("单位与身份"), {"fields": ("full_name", "unit", "is_unit_head", "civil_servant")})
    _dates = (_("重要日期"), {"fields": ("last_login", "date_joined")})
    superuser_fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("email",)}),
        (_("权限（仅系统管理员）"), {"fields": ("role_label", "is_active", "is_staff", "is_superuser",
                                            "user_permissions")}),
        _identity,
        _dates,
    )
    office_fieldsets = (
        (None, {"fields": ("username",)}),
        (_("个人信息"), {"fields": ("email",)}),
        (_("状态"), {"fields": ("role_label", "is_active")}),
        _identity,
        _dates,
    )

    @admin.display(description=_("角色"))
    def role_label(self, obj):
        return obj.role_label or "—"

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return self.add_fieldsets
        return self.superuser_fieldsets if request.user.is_superuser else self.office_fieldsets

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None and not request.user.is_superuser:
            kwargs["form"] = forms.ModelForm  # not UserChangeForm: it declares the password field itself
        return super().get_form(request, obj, **kwargs)

    def get_queryset(self, request):
        """A superuser account is not in anyone else's list (it would link to a page refused to them)."""
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(is_superuser=False)

    def get_object(self, request, object_id, from_field=None):
        """Opening a superuser account left out of the list is refused (403), not "not found"."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_superuser and from_field is None and str(object_id).isdigit() \
                and len(str(object_id)) < 19 and User.objects.filter(pk=int(object_id), is_superuser=True).exists():
            raise PermissionDenied
        return obj

    def has_view_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        old = User.objects.select_for_update().get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if old is not None:
            configuration_change_record(actor=request.user, instance=obj, via="admin",
                                        old={name: getattr(old, name) for name in PRIVILEGED_FLAGS},
                                        new={name: getattr(obj, name) for name in PRIVILEGED_FLAGS})

    @transaction.atomic
    def save_related(self, request, form, formsets, change):
        user = form.instance
        before = sorted(user.user_permissions.values_list("codename", flat=True)) if change else []
        super().save_related(request, form, formsets, change)
        after = sorted(user.user_permissions.values_list("codename", flat=True))
        if change:
            configuration_change_record(actor=request.user, instance=user, via="admin",
                                        old={"user_permissions": before}, new={"user_permissions": after})

    def user_change_password(self, request, id, form_url=""):
        with transaction.atomic():
            response = super().user_change_password(request, id, form_url)
            done = request.method == "POST" and response.status_code == 302 and \
                response.url != request.get_full_path()
            if done:
                audit_log(actor=request.user, action="user_password_set", subject=User.objects.get(pk=id))
        return response


class AccountableAdmin(admin.ModelAdmin):
    """A configuration table in the admin: every save and delete goes through a service that writes the
    ``ConfigurationChange`` row (who, when, old → new, reason), in the same transaction.

    The form gets a "变更理由" field, required where ``reason_required`` says so. ``save_service`` and
    ``delete_service`` default to the generic ``configuration_save`` / ``configuration_delete``; an app whose
    table has a rule of its own names its service instead (same keyword arguments). Inline rows go through
    their inline's ``save_service`` / ``delete_service`` when it has them, else the generic ones.
    """

    reason_help = _("说明为何修改；修改记录连同理由写入配置变更记录，并进入防篡改链。")

    def reason_required(self, request, obj) -> bool:
        """Whether saving ``obj`` (its new values; ``pk`` is None when adding) needs a reason.

        Checked on the form (a field error) and passed to the service, which enforces it too."""
        return False

    def save_service(self, **kwargs):
        return configuration_save(**kwargs)

    def delete_service(self, **kwargs):
        return configuration_delete(**kwargs)

    def get_form(self, request, obj=None, **kwargs):
        model_admin, base = self, kwargs.pop("form", self.form)

        class AccountableForm(base):
            change_reason = forms.CharField(label=_("变更理由"), required=False, help_text=self.reason_help,
                                            widget=forms.Textarea(attrs={"rows": 2}))

            def _post_clean(self):
                super()._post_clean()
                if REASON_FIELD in self.fields and not (self.cleaned_data.get(REASON_FIELD) or "").strip() \
                        and model_admin.reason_required(request, self.instance):
                    self.add_error(REASON_FIELD, _("修改此项配置须说明理由。"))

        AccountableForm.__name__ = base.__name__
        kwargs["form"] = AccountableForm
        return super().get_form(request, obj, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if REASON_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return [*fieldsets, (_("变更理由"), {"fields": [REASON_FIELD]})]

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        return [*(f for f in fields if f != REASON_FIELD), REASON_FIELD] if self.fields is None else fields

    def _reason(self, form) -> str:
        return form.cleaned_data.get(REASON_FIELD, "")

    def save_model(self, request, obj, form, change):
        self.save_service(instance=obj, actor=request.user, reason=self._reason(form), via="admin",
                          reason_required=self.reason_required(request, obj))

    def save_formset(self, request, form, formset, change):
        """Inline rows are written through the inline model's services, under the parent form's reason."""
        reason, required = self._reason(form), self.reason_required(request, form.instance)
        inline = next((i for i in self.get_inline_instances(request) if i.model is formset.model), None)
        save = getattr(inline, "save_service", configuration_save)
        delete = getattr(inline, "delete_service", configuration_delete)
        instances = formset.save(commit=False)
        for gone in formset.deleted_objects:
            delete(instance=gone, actor=request.user, reason=reason, via="admin", reason_required=required)
        for obj in instances:
            save(instance=obj, actor=request.user, reason=reason, via="admin", reason_required=required)
        formset.save_m2m()

    def delete_model(self, request, obj):
        self.delete_service(instance=obj, actor=request.user, via="admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    """A role's group is named by the role's key (the code looks it up by that name); the list says which role."""

    list_display = ["role", "name"]

    @admin.display(description=_("角色"), ordering="name")
    def role(self, group):
        return Role(group.name).label if group.name in Role.values else "—"


class ReadOnlyInline(admin.TabularInline):
    """A history shown under its object (transitions, versions, events): read-only, like ``ReadOnlyAdmin``."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    """History is read-only: never added, changed or deleted by hand. Its tables are the big ones (the audit
    log, every file access, 2M decisions): a filtered list counts its own rows only, not the whole table's again
    (Django's "N total" beside a filtered count is a second count of the table on every page)."""

    show_full_result_count = False

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The audit rows by names: the action, the object's type, its states by the labels of its status field and
    the changed fields by theirs (the stored keys stay the ordering and the search)."""

    list_display = ["at", "actor", "action_name", "content_type", "object_id", "from_state_name", "to_state_name"]
    # By year, not date_hierarchy: the log grows with every action (see year_filter).
    list_filter = [labelled_filter("action", _("操作"), AUDIT_ACTION_LABELS), "content_type", year_filter("at", _("年度"))]
    list_select_related = ["actor", "content_type"]
    search_fields = ["object_id", "reason", "actor__username"]
    fields = ["at", "actor", "action_name", "content_type", "object_id", "from_state_name", "to_state_name",
              "changes_table", "reason"]
    readonly_fields = ["action_name", "from_state_name", "to_state_name", "changes_table"]

    @admin.display(description=_("操作"), ordering="action")
    def action_name(self, entry):
        return entry.action_label

    @admin.display(description=_("原状态"), ordering="from_state")
    def from_state_name(self, entry):
        return entry.from_state_label or "—"

    @admin.display(description=_("新状态"), ordering="to_state")
    def to_state_name(self, entry):
        return entry.to_state_label or "—"

    @admin.display(description=_("变更内容"))
    def changes_table(self, entry):
        rows = entry.change_rows()
        if not rows:
            return "—"
        body = format_html_join(
            "", "<tr><th>{}</th>{}</tr>",
            ((label, format_html("<td>{}</td><td>→</td><td>{}</td>", *values) if len(values) == 2
              else format_html('<td colspan="3">{}</td>', values[0])) for label, values in rows),
        )
        return format_html("<table><thead><tr><th>{}</th><th>{}</th><th></th><th>{}</th></tr></thead>"
                           "<tbody>{}</tbody></table>", _("项目"), _("原值"), _("新值"), body)


class ConfigTableFilter(admin.SimpleListFilter):
    """The configuration tables that have changes, by their names (考核数据), not their keys (evaluation.InputValue)."""

    title = _("配置表")
    parameter_name = "table"

    def lookups(self, request, model_admin):
        from .views_config import table_verbose_name

        tables = ConfigurationChange.objects.order_by("table").values_list("table", flat=True).distinct()
        return [(table, table_verbose_name(table)) for table in tables]

    def queryset(self, request, queryset):
        return queryset.filter(table=self.value()) if self.value() else queryset


@admin.register(ConfigurationChange)
class ConfigurationChangeAdmin(ReadOnlyAdmin):
    """A change by its table's name and, for ``old`` / ``new``, one table of the changed fields by their names:
    项目 | 原值 | 新值, a choice by its label, a related row by its name; a key no field names is shown as stored."""

    list_display = ["at", "actor", "table_name", "object_repr", "action", "via_name"]
    list_select_related = ["actor"]
    list_filter = [ConfigTableFilter, "action", labelled_filter("via", _("途径"), ConfigurationChange.VIA_LABELS)]
    search_fields = ["object_id", "object_repr", "reason", "actor__username"]
    date_hierarchy = "at"
    fields = ["at", "actor", "table_name", "object_id", "object_repr", "action", "changes_shown", "reason",
              "via_name"]
    readonly_fields = ["table_name", "changes_shown", "via_name"]

    @admin.display(description=_("途径"), ordering="via")
    def via_name(self, change):
        """How the change was made, in words (导入, was the key import)."""
        return change.via_label

    @admin.display(description=_("配置表"), ordering="table")
    def table_name(self, change):
        return change.table_name

    @admin.display(description=_("变更内容"))
    def changes_shown(self, change):
        model = change.table_model
        if model is None:
            return changes_table(change.changed_pairs())
        return changes_table(change.changed_pairs(), field_labels(model), value=field_value(model))


# The login records, in Chinese; the beat schedule, every change recorded.
from . import admin_axes, admin_beat  # noqa: E402, F401
