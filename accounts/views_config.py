"""The configuration-change page: every change of a configuration table (score inputs, weights, routing rules,
answer periods, rectification rules, roles…) with who, when, old → new and the reason, per table.

The credit office and the supervisors (discipline inspection, audit) read it; nobody writes here: the rows are
written by ``accounts.services.configuration_change_record`` and sealed by the ledger. Mounted by
``accounts.urls_config`` (namespace ``configuration``) under /workspace/.
"""
import django_filters
from django.apps import apps
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext, gettext_lazy

from integrity_portal.access import role_required

from .choices import ConfigAction, Role
from .models import ConfigurationChange, LedgerEntry

PAGE_SIZE = 50
SEALED_AS = "accounts.ConfigurationChange"


def table_verbose_name(table: str) -> str:
    try:
        return str(apps.get_model(table)._meta.verbose_name)
    except (LookupError, ValueError):
        return table


def shown_value(value):
    """A stored value as the page shows it: a yes/no as 是 / 否, not True / False."""
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    return value


def field_label(table: str, attname: str) -> str:
    try:
        model = apps.get_model(table)
    except (LookupError, ValueError):
        return attname
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return str(field.verbose_name)
    return attname


class ConfigurationChangeFilterSet(django_filters.FilterSet):
    table = django_filters.ChoiceFilter(label=gettext_lazy("配置表"), empty_label=gettext_lazy("全部"))
    action = django_filters.ChoiceFilter(label=gettext_lazy("操作"), choices=ConfigAction.choices,
                                         empty_label=gettext_lazy("全部"))
    q = django_filters.CharFilter(label=gettext_lazy("对象或理由包含"), method="search")

    class Meta:
        model = ConfigurationChange
        fields = ["table", "action", "q"]

    def __init__(self, *args, tables=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["table"].extra["choices"] = [(table, label) for table, label, _n in tables]

    def search(self, queryset, name, value):
        return queryset.filter(Q(object_repr__icontains=value) | Q(reason__icontains=value)
                               | Q(object_id=value.strip()))


@role_required(Role.CREDIT_OFFICE, Role.SUPERVISOR)
def configuration_change_list(request):
    tables = [(row["table"], table_verbose_name(row["table"]), row["n"])
              for row in ConfigurationChange.objects.order_by("table").values("table").annotate(n=Count("id"))]
    queryset = ConfigurationChange.objects.select_related("actor").order_by("-at", "-id")
    filterset = ConfigurationChangeFilterSet(request.GET or None, queryset=queryset, tables=tables)
    rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    sealed = dict(LedgerEntry.objects.filter(table=SEALED_AS, row_id__in=[c.pk for c in page.object_list])
                  .values_list("row_id", "sequence"))
    for change in page.object_list:
        change.table_label = table_verbose_name(change.table)
        change.pairs = [(field_label(change.table, key), shown_value(change.old.get(key)),
                         shown_value(change.new.get(key))) for key in dict.fromkeys((*change.old, *change.new))]
        change.sealed_sequence = sealed.get(change.pk)
    return render(request, "accounts/configuration_changes.html", {
        "filter": filterset, "page_obj": page, "tables": tables,
    })
