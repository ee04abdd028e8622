"""Pages of the big lists: a count that stops at ``LIST_COUNT_CAP`` rows (issue 18).

A list of a million records filtered by a common word matches hundreds of thousands of rows: counting them all
takes longer than finding the first page, which is an index walk that stops after 50. The lists count at most
``LIST_COUNT_CAP`` matching rows (``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, in no particular order),
and beyond it say "more than N, narrow with the filters", as search engines do. The pages up to the cap are
reachable; the exports and the API (whose ``count`` is exact) give everything.
"""
import warnings

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.db.models import F, OrderBy, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.utils.functional import cached_property


class UnstableOrderWarning(RuntimeWarning):
    """A paged list whose order does not end on a unique column: rows that tie on every key may come back in a
    different order for each page's query, so one row shows on two pages and another on none. The test suite turns
    this warning into an error (``pytest_configure`` in the top-level conftest.py), so every list page a test opens
    is checked."""


def _order_key(item) -> str | None:
    """The column name of one ``order_by`` item ("-id", F("due_date").desc(nulls_last=True)), else None."""
    if isinstance(item, str):
        return item.lstrip("-")
    if isinstance(item, OrderBy) and isinstance(item.expression, F):
        return item.expression.name
    return None


def ends_on_a_unique_key(queryset: QuerySet) -> bool:
    """Whether the queryset's order (its own, else its model's) ends on the primary key or a unique column.

    A key that is no column of the model is not: an annotation or "?" (random), a column across a relation
    ("unit__name": unique there, repeated here), a reverse or many-to-many relation (a row for each related row).
    A unique column that may be NULL is not either: its NULLs tie. A forward relation named by its field ("record",
    not "record_id") orders by the related model's own ordering, so it is unique when that ordering is."""
    query = queryset.query
    order = list(query.order_by) or (list(queryset.model._meta.ordering) if query.default_ordering else [])
    if not order:
        return False
    name = _order_key(order[-1])
    if name is None or LOOKUP_SEP in name:
        return False
    if name == "pk":
        return True
    try:
        field = queryset.model._meta.get_field(name)
    except FieldDoesNotExist:  # an annotation, or "?"
        return False
    if not field.concrete or field.many_to_many:
        return False
    if not (field.primary_key or (field.unique and not field.null)):
        return False
    if field.is_relation and name != field.attname and field.related_model._meta.ordering:
        return ends_on_a_unique_key(field.related_model._base_manager.all())
    return True


class ListPaginator(Paginator):
    def __init__(self, object_list, per_page, *, exact: bool = False, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.exact = exact
        if isinstance(object_list, QuerySet) and not ends_on_a_unique_key(object_list):
            warnings.warn(f"{object_list.model.__name__} list ordered by {object_list.query.order_by or '(model)'}: "
                          "add the primary key as the last key", UnstableOrderWarning, stacklevel=2)

    @cached_property
    def cap(self) -> int:
        """How many rows are counted at most (never less than a page); 0: all.

        ``exact``: a filter bounds the rows (one unit's objections: ``FilterSet.counts_exactly``). The cap's LIMIT
        would mislead PostgreSQL there: expecting more matches than the cap spread evenly, it plans a scan that
        stops at the cap's last match, and a unit with a few more objections than the cap has its last one near the
        end of the table (the objection list's unit filter at 1M: the scan read 94,760 of 100,000 objections, 28 ms;
        counting all 1,042 from the unit's indexes takes 6 ms), and the clerk sees the unit's exact number."""
        cap = settings.LIST_COUNT_CAP
        return max(cap, self.per_page) if cap and not self.exact and hasattr(self.object_list, "query") else 0

    @cached_property
    def count(self) -> int:
        if not self.cap:
            return super().count
        # Without the list's order: any ``cap + 1`` matching rows will do, so PostgreSQL may stop a bitmap or a
        # scan early instead of walking the order index past every row the filter rejects. Without the rows it
        # shows, either: a sliced count keeps select_related's inner joins, which count nothing (each follows a
        # required foreign key) but made PostgreSQL plan a hash join over a whole table (the objection search).
        return self.object_list.order_by().select_related(None)[: self.cap + 1].count()

    @cached_property
    def more(self) -> bool:
        """True when more rows match than were counted: the list says "more than ``shown_count``"."""
        return bool(self.cap) and self.count > self.cap

    @cached_property
    def shown_count(self) -> int:
        return self.cap if self.more else self.count

    @cached_property
    def num_pages(self) -> int:
        if self.more:  # the pages up to the cap
            return -(-self.cap // self.per_page)
        return super().num_pages
