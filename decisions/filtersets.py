"""One FilterSet serves the HTML lists and the API (the workspace and the public 双公示 search)."""
import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from integrity_portal.filtering import IdFilter
from integrity_portal.search import contains, ids_in
from records.models import Unit

from .choices import Act, DecisionStatus, SubjectCategory
from .models import LEGACY_CODES, Decision, Subject


def search_decisions(queryset, value: str):
    """Any part of the subject's name (Chinese, two characters are enough), or its code, or the document number.
    Never an ID number: a person is found by name only (the public must not probe numbers)."""
    value = (value or "").strip()
    if not value:
        return queryset
    code = value.replace(" ", "").upper()
    by_code = Q(uscc=code)
    for legacy in LEGACY_CODES:
        by_code |= Q(**{legacy: code})
    # The subjects with that code first (unique indexes), so each branch of the OR keeps its own index.
    subjects = Subject.objects.filter(by_code).values_list("pk", flat=True)
    return queryset.filter(contains(Decision, value, ("subject_name", "document_number")) | ids_in("subject_id", subjects))


class PublicDecisionFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("行政相对人名称或代码、文书号"), method="search")
    act = django_filters.ChoiceFilter(label=_("类别"), choices=Act.choices)
    department = django_filters.ModelChoiceFilter(label=_("决定机关"), queryset=Unit.objects.order_by("kind", "name"),
                                                  field_name="department")
    subject = IdFilter(label=_("行政相对人"), field_name="subject_id")
    decided_from = django_filters.DateFilter(label=_("决定日期起"), field_name="decision_date", lookup_expr="gte")
    decided_to = django_filters.DateFilter(label=_("决定日期止"), field_name="decision_date", lookup_expr="lte")

    class Meta:
        model = Decision
        fields = ["q", "act", "department", "subject", "decided_from", "decided_to"]

    def search(self, queryset, name, value):
        return search_decisions(queryset, value)


class DecisionFilterSet(PublicDecisionFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DecisionStatus.choices)
    subject_category = django_filters.ChoiceFilter(label=_("行政相对人类别"), choices=SubjectCategory.choices)
    published_on_time = django_filters.BooleanFilter(label=_("按期报送"))
    disclosed = django_filters.BooleanFilter(label=_("向社会公示"))

    class Meta:
        model = Decision
        fields = ["q", "act", "department", "subject", "status", "subject_category", "decided_from",
                  "decided_to", "published_on_time", "disclosed"]
