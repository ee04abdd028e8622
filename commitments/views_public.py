"""The public commitment pages (clauses 8, 14, 16, 19): anonymous, read-only, no JavaScript needed.

Every query starts from ``Commitment.objects.published_for(user)``: anonymous visitors see the
published commitments open to the public; logged-in staff also those published to a limited circle.
Drafts and not-public commitments never appear here.

The list and the unit page are cached for anonymous visitors (``integrity_portal.pagecache``): the body
of the page is rendered once per language, day, query string and version of the public data, and the
shell (with the visitor's CSRF token in the language switch) around it on every request.
"""
from django.contrib.syndication.views import Feed
from django.http import FileResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from integrity_portal.pagecache import cached_public_fragment
from integrity_portal.paging import ListPaginator
from records.models import Unit

from . import selectors
from .filtersets import PublicCommitmentFilterSet
from .models import Commitment, Evidence

PAGE_SIZE = 30


class CommitmentListView(TemplateView):
    """Search and filter published commitments; a search also lists the units whose names match."""

    template_name = "commitments/public_list.html"

    def get_context_data(self, **kwargs):
        body = cached_public_fragment(self.request, scopes=("commitments",), render=self.render_body)
        return {**super().get_context_data(**kwargs), "body": mark_safe(body)}  # noqa: S308 - our template's output

    def render_body(self) -> str:
        filterset = PublicCommitmentFilterSet(self.request.GET or None,
                                              queryset=selectors.public_commitment_rows(self.request.user))
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        q = (self.request.GET.get("q") or "").strip()
        units = list(selectors.units_matching(q)) if q else []
        return render_to_string("commitments/_public_list_body.html", {
            "filter": filterset, "page_obj": page, "q": q, "matching_units": units}, request=self.request)


class CommitmentDetailView(TemplateView):
    template_name = "commitments/public_detail.html"

    def get_context_data(self, **kwargs):
        qs = selectors.commitment_detail_queryset(selectors.public_commitments(self.request.user))
        commitment = get_object_or_404(qs, pk=kwargs["pk"])
        children = list(selectors.public_commitments(self.request.user).filter(parent=commitment).order_by("id"))
        return {
            **super().get_context_data(**kwargs), "commitment": commitment, "children": children,
            "timeline": selectors.commitment_timeline(commitment, public=True),
            "milestones": list(commitment.milestones.all()), "changes": list(commitment.changes.all()),
        }


class EvidenceDownloadView(View):
    """Evidence of a published commitment the visitor may see."""

    def get(self, request, pk, evidence_pk):
        commitment = get_object_or_404(selectors.public_commitments(request.user), pk=pk)
        evidence = get_object_or_404(Evidence.objects.filter(milestone__commitment=commitment), pk=evidence_pk)
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)


class UnitPageView(TemplateView):
    """A unit's commitments, its fulfilment rate and its institutional disclosures."""

    template_name = "commitments/public_unit.html"

    def get_context_data(self, **kwargs):
        # The page also lists the unit's open disclosures, hence the second scope.
        unit_name, body = cached_public_fragment(self.request, scopes=("commitments", "disclosures"),
                                                 render=lambda: self.render_body(kwargs["pk"]))
        return {**super().get_context_data(**kwargs), "unit_name": unit_name,
                "body": mark_safe(body)}  # noqa: S308 - our template's output

    def render_body(self, pk) -> tuple[str, str]:
        unit = get_object_or_404(Unit.objects.select_related("successor"), pk=pk)
        commitments = selectors.unit_commitments(unit, self.request.user)
        rows = selectors.commitment_row_fields(commitments.order_by("-committed_on", "-id"))
        page = ListPaginator(rows, PAGE_SIZE).get_page(self.request.GET.get("page"))
        body = render_to_string("commitments/_public_unit_body.html", {
            "unit": unit, "page_obj": page, "record": selectors.unit_record(commitments),
            "disclosures": list(selectors.unit_disclosures(unit)),
            "predecessors": list(unit.predecessors.order_by("name")),
        }, request=self.request)
        return unit.name, body


class CommitmentFeed(Feed):
    """Atom feed of new and changed public commitments (anonymous view: public ones only)."""

    feed_type = Atom1Feed
    title = _("政务承诺公开")
    subtitle = _("新公开和有变动的政务承诺")

    def link(self):
        return reverse("commitments:public_list")

    def items(self):
        return (Commitment.objects.public().filter(public_updated_at__isnull=False).select_related("unit")
                .order_by("-public_updated_at", "-id")[:50])

    def item_title(self, item):
        return _("%(unit)s：%(title)s（%(status)s）") % {
            "unit": item.unit.name, "title": item.title, "status": item.get_status_display()}

    def item_description(self, item):
        return _("承诺编码 %(code)s；承诺类型：%(kind)s；履行进度 %(progress)s%%。%(content)s") % {
            "code": item.code, "kind": item.get_kind_display(), "progress": item.progress, "content": item.content}

    def item_link(self, item):
        return reverse("commitments:public_detail", args=[item.pk])

    def item_guid(self, item):
        # A new guid for each public change, so readers show the change as a new entry.
        return f"commitment-{item.pk}-{timezone.localtime(item.public_updated_at):%Y%m%d%H%M%S}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.public_updated_at

    def item_author_name(self, item):
        return item.unit.name
