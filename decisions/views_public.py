"""The public 双公示 pages: search by any part of a subject's name or by its code, a subject's page, a decision's page
in the standard's field order. Only what the rules disclose, in its window; anything else is 404, so not even its
existence shows. ID numbers masked."""
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.views.generic import TemplateView

from integrity_portal.pagecache import cached_public_fragment
from integrity_portal.paging import ListPaginator

from .filtersets import PublicDecisionFilterSet
from .models import Decision, Subject
from .presentation import detail_rows

PAGE_SIZE = 30


def _public():
    return Decision.objects.public().select_related("department", "subject")


class PublicListView(TemplateView):
    """Cached for anonymous visitors like the commitment list (integrity_portal.pagecache; decisions/signals.py)."""

    template_name = "decisions/public_list.html"

    def get_context_data(self, **kwargs):
        body = cached_public_fragment(self.request, scopes=("decisions",), render=self.render_body)
        return {**super().get_context_data(**kwargs), "body": mark_safe(body)}  # noqa: S308 - our template's output

    def render_body(self) -> str:
        filterset = PublicDecisionFilterSet(self.request.GET or None, queryset=_public())
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        return render_to_string("decisions/_public_list_body.html", {"filter": filterset, "page_obj": page},
                                request=self.request)


class PublicSubjectView(TemplateView):
    template_name = "decisions/public_subject.html"

    def get_context_data(self, **kwargs):
        decisions = list(_public().filter(subject_id=kwargs["pk"]))
        if not decisions:
            raise Http404
        subject = get_object_or_404(Subject, pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "subject": subject, "decisions": decisions}


class PublicDetailView(TemplateView):
    template_name = "decisions/public_detail.html"

    def get_context_data(self, **kwargs):
        decision = get_object_or_404(_public().select_related("source_unit"), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), "decision": decision,
                "rows": detail_rows(decision, sees_id=False)}
