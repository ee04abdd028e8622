"""The base FilterSet of every list: filters that speak the user's language.

Dates are date pickers (``type=date``), a yes/no filter offers 全部/是/否 instead of 未知, and a choice
left empty reads 全部 (``FILTERS_EMPTY_CHOICE_LABEL`` in settings). ``UnitFilter`` picks a unit by name
(its value is still the unit's id, so ``?unit=<id>`` links and API calls keep working)."""
import django_filters
from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .formfields import IdField

YES_NO_ALL = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]


@extend_schema_field(OpenApiTypes.INT)  # the unit's id, also where a method filters by it (no model field to read)
class UnitFilter(django_filters.ModelChoiceFilter):
    """A unit chosen from a select of unit names (value: the unit's id).

    ``bounds_count=True``: what the filter keeps is one unit's share of a table small enough that counting it all
    is cheap, so the list counts exactly instead of stopping at ``LIST_COUNT_CAP`` (``PortalFilterSet.counts_exactly``,
    ``integrity_portal.paging``)."""

    def __init__(self, *args, bounds_count: bool = False, **kwargs):
        from records.models import Unit

        self.bounds_count = bounds_count
        kwargs.setdefault("queryset", Unit.objects.order_by("name"))
        super().__init__(*args, **kwargs)


class IdFilter(django_filters.NumberFilter):
    """Filters by an object id. A value that is not an id the database can hold is a field error: the API answers
    400, an HTML list ignores the filter and shows the error (never a 500).

    On an HTML list the id comes from a link (a servant's page → ``?civil_servant=<id>``), never typed: the field is
    hidden, and the filter form says the list is narrowed and offers the whole list (includes/filter_form.html)."""

    field_class = IdField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(*args, **kwargs)


class SharedChoices(BaseChoiceIterator):
    """The options of one queryset, read when a select first renders and shared by every select showing them.

    Lazy: an API request (or a form never rendered) validates its filters without reading the option lists."""

    def __init__(self, field: forms.ModelChoiceField):
        self.field, self.options = field, None

    def __iter__(self):
        if self.options is None:
            self.options = list(iter(self.field.choices))  # iter(): no COUNT query for a length hint
        return iter(self.options)


def _attrs(attrs: dict) -> str:
    """Django's ``attrs.html``: ``name="value"``, a bare name for True, nothing for False."""
    return format_html_join("", "{}", ((format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
                                       for k, v in attrs.items() if v is not False))


class OptionsSelect(forms.Select):
    """A select that writes its options in Python: the same HTML as Django's ``select.html``, which renders each
    option through a template include (10 ms for the 200 units of a district, three unit selects on the record
    list; 40 % of the public disclosure page's rendering, issue 18)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(format_html('\n  <option value="{}"{}>{}</option>\n', option["value"],
                                     _attrs(option["attrs"]), option["label"]) for option in options)
            if group_name:
                parts.append(mark_safe("\n  </optgroup>"))
        parts.append(mark_safe("\n</select>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part is format_html's escaped output


class PortalFilterSet(django_filters.FilterSet):
    @property
    def counts_exactly(self) -> bool:
        """True when a filter that bounds the count (``bounds_count``) is in use: the list's paginator counts every
        matching row instead of stopping at the cap."""
        if not self.is_bound or not self.form.is_valid():
            return False
        return any(getattr(flt, "bounds_count", False) and self.form.cleaned_data.get(name) not in (None, "")
                   for name, flt in self.filters.items())

    @property
    def form(self):
        form = super().form
        choices = {}  # one query per distinct queryset, however many selects show it (unit, provider, …)
        for field in form.fields.values():
            if isinstance(field, forms.ModelChoiceField) and not isinstance(field.widget.choices, SharedChoices):
                key = (field.queryset.model, str(field.queryset.query), field.empty_label)
                if key not in choices:
                    choices[key] = SharedChoices(field)
                field.widget.choices = choices[key]
                if type(field.widget) is forms.Select:
                    field.widget = OptionsSelect(attrs=field.widget.attrs, choices=field.widget.choices)
            elif isinstance(field, forms.DateField):
                field.widget.input_type = "date"
                field.widget.format = "%Y-%m-%d"
            elif isinstance(field, forms.NullBooleanField):
                field.widget.choices = YES_NO_ALL
        return form
