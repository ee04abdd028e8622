"""One FilterSet serves the HTML lists and the API (the workspace and the public 双公示 search)."""
import re

import django_filters
from django.db import connection
from django.db.models import Q, Value
from django.db.models.functions import StrIndex, Upper
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from integrity_portal.filtering import IdFilter, PortalFilterSet
from integrity_portal.search import ID_LIST_LIMIT, contains, ids_in
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
    return queryset.filter(_text_match(value) | ids_in("subject_id", subjects))


#: The serial part of a document number as typed, from its year's closing bracket on: 〔2023〕123号 → 〕123号.
SERIAL = re.compile(r"[〕\])）][^〕\])）]*\d[^〕\])）]*$")


def _text_match(value: str) -> Q:
    """``icontains`` on the name or the document number. A term with a digit (a document number, whole or in
    part, a code) matches a handful of rows among millions, and PostgreSQL, expecting hundreds, walked the list's
    order index past every decision to find them (3.7 s for a full number on 2M decisions, issue 18): its ids are
    looked up first, and the list asks for those (a term matching more than ``ID_LIST_LIMIT`` keeps the plain
    filter, which the order walk serves). pg_trgm's index on the number is asked only for the serial part
    (〕123号): the office and year trigrams (审批许, 〔2023〕) are in every other row and made the look-up read
    2,700 index pages; the whole term is then checked on the few rows found (``strpos``, the same test as LIKE)."""
    like = contains(Decision, value, ("subject_name", "document_number"))
    if connection.vendor != "postgresql" or len(value) < 3 or not any(c.isdigit() for c in value):
        return like
    number = Q(document_number__icontains=value)
    serial = SERIAL.search(value)
    if serial and serial.start() > 0:
        number = Q(document_number__icontains=serial.group()) & Q(
            GreaterThan(StrIndex(Upper("document_number"), Upper(Value(value))), 0))
    found = list(Decision.objects.filter(Q(subject_name__icontains=value) | number)
                 .order_by().values_list("pk", flat=True)[:ID_LIST_LIMIT + 1])
    return Q(pk__in=found) if len(found) <= ID_LIST_LIMIT else like


class PublicDecisionFilterSet(PortalFilterSet):
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
