"""Public disclosure pages (clause 7): institutional records only, anonymous, read-only.

Personal credit information is never published (DESIGN.md §5): every query here starts from
``CreditRecord.objects.public()``, which keeps unit subjects, public kinds, published status and
the open window only.
"""
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from integrity_portal.pagecache import cached_public_fragment
from integrity_portal.paging import ListPaginator

from .choices import RecordKind
from .fieldsets import shown_detail, specs_for
from .filtersets import PublicDisclosureFilterSet
from .models import CreditRecord

PAGE_SIZE = 30


def detail_rows(record: CreditRecord) -> list[tuple[str, object]]:
    """The kind-specific fields of a record as (label, value), in the order of its data standard."""
    details = record.details or {}
    return [(spec.label, shown_detail(spec, details[spec.name])) for spec in specs_for(record.kind)
            if details.get(spec.name) not in (None, "")]


def public_records():
    return CreditRecord.objects.public(timezone.localdate()).select_related("subject_unit", "provider")


class DisclosureListView(TemplateView):
    """Cached for anonymous visitors like the commitment list (integrity_portal.pagecache)."""

    template_name = "records/public_disclosure_list.html"

    def get_context_data(self, **kwargs):
        body = cached_public_fragment(self.request, scopes=("disclosures",), render=self.render_body)
        return {**super().get_context_data(**kwargs), "body": mark_safe(body)}  # noqa: S308 - our template's output

    def render_body(self) -> str:
        filterset = PublicDisclosureFilterSet(self.request.GET or None, queryset=public_records())
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return render_to_string("records/_public_disclosure_list_body.html", {"filter": filterset, "page_obj": page},
                                request=self.request)


class DisclosureDetailView(TemplateView):
    template_name = "records/public_disclosure_detail.html"

    def get_context_data(self, **kwargs):
        record = get_object_or_404(public_records(), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "record": record, "detail_rows": detail_rows(record)}


class DefaulterListView(TemplateView):
    """Units listed today as 失信被执行人 (from listing until the court's delisting date)."""

    template_name = "records/public_defaulter_list.html"

    def get_context_data(self, **kwargs):
        qs = public_records().filter(kind=RecordKind.JUDGMENT_DEFAULTER).order_by("subject_unit__name", "-window_start", "id")
        page = ListPaginator(qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for record in page.object_list:
            record.listing = record.details or {}
        return {**super().get_context_data(**kwargs), "page_obj": page}
