"""The staff workspace for clues: the list (the office's triage queue is a filter of it), the detail, and one page
per use case. Reads come from ``DisputeClue.objects.visible_to(user)`` (out of scope → 404); every write calls a
service; a transition not allowed is the 409 page (``RoleRequiredMixin``)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin, user_may
from integrity_portal.paging import ListPaginator

from . import selectors, services
from .choices import ClueState, ReopenState
from .filtersets import ClueFilterSet
from .forms import (
    AcknowledgeForm,
    ConcludeForm,
    LinkForm,
    NoteForm,
    NotOursForm,
    ReasonForm,
    ReopenDecideForm,
    RouteForm,
    add_service_errors,
    read_files,
)
from .models import ClueAttachment, DisputeClue, ReopenRequest

OFFICE, CLERK = Role.CREDIT_OFFICE, Role.CLERK
STAFF = {OFFICE, CLERK}
PAGE_SIZE = 50


class ClueListView(RoleRequiredMixin, TemplateView):
    allowed_roles = STAFF
    template_name = "disputes/workspace_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filterset = ClueFilterSet(self.request.GET or None, queryset=selectors.clue_list(user), request=self.request)
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        is_office = user_may(user, {OFFICE})
        triage = DisputeClue.objects.filter(state=ClueState.TRIAGE).count() if is_office else 0
        reopen = ReopenRequest.objects.filter(state=ReopenState.PENDING).count() if is_office else 0
        # The office's mark on the clues of the page whose submitter asked to reopen them (one query a page)
        reopen_pending = set(ReopenRequest.objects.filter(
            state=ReopenState.PENDING, clue__in=[clue.pk for clue in page]).values_list("clue_id", flat=True)
        ) if is_office and page.object_list else set()
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page, "is_office": is_office,
                "triage_count": triage, "reopen_count": reopen, "reopen_pending": reopen_pending}


class ClueDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = STAFF
    template_name = "disputes/workspace_detail.html"

    def get(self, request, *args, **kwargs):
        if not selectors.clue_list(request.user).filter(pk=kwargs["pk"]).exists():
            # Out of scope: 404. A unit the clue has left (it refused it, or the office routed it on) is told so,
            # not shown a bare 404 from the notice that sent it here; it learns nothing of the clue's later life.
            former = list(selectors.former_assignments(request.user, kwargs["pk"]))
            if not former:
                raise Http404
            return render(request, "disputes/workspace_handed_on.html",
                          {"clue": former[0].clue, "assignments": former}, status=404)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        clue = get_object_or_404(selectors.clue_detail_queryset(user), pk=kwargs["pk"])
        return {**super().get_context_data(**kwargs), **clue_context(user, clue)}


def clue_context(user, clue, contact=None) -> dict:
    is_office = user_may(user, {OFFICE})
    is_handler = not is_office and user_may(user, {CLERK}) and clue.handling_unit_id is not None
    state = clue.state
    return {
        "clue": clue, "is_office": is_office, "contact": contact,
        "may_see_contact": services.may_see_contact(user, clue) and clue.has_contact,
        "can_route": is_office and state in (ClueState.TRIAGE, ClueState.ASSIGNED, ClueState.ACKNOWLEDGED),
        "can_acknowledge": is_handler and state == ClueState.ASSIGNED,
        "can_refuse": is_handler and state == ClueState.ASSIGNED,
        "can_conclude": (is_handler or is_office) and clue.is_open,
        "can_extend": (is_handler or is_office) and state == ClueState.ACKNOWLEDGED and clue.extended_on is None,
        "can_note": state != ClueState.MERGED,
        "pending_reopen": [r for r in clue.reopen_requests.all() if r.state == ReopenState.PENDING],
        "clock": clue.conclude_clock if state == ClueState.ACKNOWLEDGED else (
            clue.acknowledge_clock if clue.is_open else None),
    }


class ContactRevealView(RoleRequiredMixin, View):
    """POST: show the submitter's contact details on the detail page, and log the reveal."""

    allowed_roles = STAFF

    def post(self, request, pk):
        clue = get_object_or_404(selectors.clue_detail_queryset(request.user), pk=pk)
        contact = services.clue_contact_reveal(clue=clue, viewer=request.user, channel="html")
        return render(request, "disputes/workspace_detail.html", clue_context(request.user, clue, contact))


class ClueActionView(RoleRequiredMixin, FormView):
    """One use case on one clue: GET shows the form, POST calls the service and returns to the detail."""

    allowed_roles = STAFF
    template_name = "disputes/workspace_action.html"
    heading = ""
    success_message = ""
    multipart = False

    def dispatch(self, request, *args, **kwargs):
        # The role check comes first (RoleRequiredMixin): a role never allowed this use case is 403 on any clue.
        if request.user.is_authenticated and user_may(request.user, self.allowed_roles):
            self.clue = get_object_or_404(DisputeClue.objects.visible_to(request.user)
                                          .select_related("handling_unit"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "clue": self.clue, "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "clue": self.clue, "heading": self.heading,
                "multipart": self.multipart}

    def form_valid(self, form):
        try:
            self.perform(form.cleaned_data)
        except services.AttachmentTooLarge as exc:
            form.add_error("attachments", str(exc))
            return self.render_to_response(self.get_context_data(form=form), status=413)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect("disputes:workspace_detail", pk=self.clue.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RouteView(ClueActionView):
    allowed_roles = {OFFICE}
    form_class = RouteForm
    heading = gettext_lazy("分办 / 改派线索")
    success_message = gettext_lazy("线索已分办。")

    def perform(self, data):
        services.clue_route(clue=self.clue, actor=self.request.user, unit=data["unit"], note=data["note"])


class RefuseView(ClueActionView):
    allowed_roles = {CLERK}
    form_class = NotOursForm
    heading = gettext_lazy("不属本单位办理：转交有权单位或退回区信用办")
    success_message = gettext_lazy("线索已转交或退回。")

    def perform(self, data):
        services.clue_not_ours(clue=self.clue, actor=self.request.user, reason=data["reason"],
                               competent_unit=data.get("competent_unit"),
                               competent_body=data.get("competent_body", ""), guidance=data.get("guidance", ""))

    def form_valid(self, form):
        response = super().form_valid(form)
        if response.status_code == 302:  # the clue left this unit's scope: back to the list
            return redirect("disputes:workspace_list")
        return response


class AcknowledgeView(ClueActionView):
    allowed_roles = {CLERK}
    form_class = AcknowledgeForm
    heading = gettext_lazy("受理线索")
    success_message = gettext_lazy("线索已受理，办结计时开始。")

    def perform(self, data):
        services.clue_acknowledge(clue=self.clue, actor=self.request.user, note=data["note"])


class NoteView(ClueActionView):
    form_class = NoteForm
    heading = gettext_lazy("填写办理进展")
    success_message = gettext_lazy("办理进展已保存。")
    multipart = True

    def perform(self, data):
        services.clue_note_add(clue=self.clue, actor=self.request.user, body=data["body"],
                               visibility=data["visibility"], files=read_files(data["attachments"]))


class ConcludeView(ClueActionView):
    form_class = ConcludeForm
    heading = gettext_lazy("办理结果")
    success_message = gettext_lazy("办理结果已保存。")

    def perform(self, data):
        self.result = services.clue_conclude(clue=self.clue, actor=self.request.user, outcome=data["outcome"],
                                             reason=data["reason"], merged_into=data["merged_into"],
                                             breach=data["breach"])
        if self.result.breach_record_id:
            messages.info(self.request, _("已生成失信记录草稿 #%(id)s，请在信用记录中核对后发布。") % {
                "id": self.result.breach_record_id})


class ExtendView(ClueActionView):
    form_class = ReasonForm
    heading = gettext_lazy("延长办理期限（仅一次）")
    success_message = gettext_lazy("办理期限已延长。")

    def perform(self, data):
        services.clue_extend(clue=self.clue, actor=self.request.user, reason=data["reason"])


class LinkView(ClueActionView):
    form_class = LinkForm
    heading = gettext_lazy("关联政务承诺")
    success_message = gettext_lazy("关联已保存。")

    def perform(self, data):
        services.clue_link_commitment(clue=self.clue, actor=self.request.user, commitment=data["commitment"])


class ReopenDecideView(ClueActionView):
    allowed_roles = {OFFICE}
    form_class = ReopenDecideForm
    heading = gettext_lazy("决定是否重新办理")
    success_message = gettext_lazy("决定已保存。")

    def get_context_data(self, **kwargs):
        request = self._request()
        return {**super().get_context_data(**kwargs), "reopen": request}

    def _request(self):
        return get_object_or_404(ReopenRequest.objects.filter(clue=self.clue, state=ReopenState.PENDING),
                                 pk=self.kwargs["request_pk"])

    def perform(self, data):
        services.reopen_decide(request=self._request(), actor=self.request.user, grant=data["grant"],
                               reason=data["reason"])


class AttachmentDownloadView(RoleRequiredMixin, View):
    allowed_roles = STAFF

    def get(self, request, pk, attachment_pk):
        clue = get_object_or_404(DisputeClue.objects.visible_to(request.user), pk=pk)
        attachment = get_object_or_404(ClueAttachment.objects.filter(clue=clue), pk=attachment_pk)
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)
