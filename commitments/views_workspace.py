"""The clerk/office commitment workspace: list (filter, Excel export), register, edit a draft, detail, and the
use cases (publish, milestones and evidence, officials, conclude, change or terminate, breach).

Reads go through ``Commitment.objects.visible_to(user)``, writes through ``writable_by(user)``: anything else
is a 404. Every write calls a service; its ValidationError comes back as field errors, and a transition not
allowed from the current state is the 409 page (``RoleRequiredMixin``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from accounts.services import audit_log
from integrity_portal.access import RoleRequiredMixin, user_may
from integrity_portal.paging import ListPaginator
from integrity_portal.workbooks import XLSX_CONTENT_TYPE, column_sheet, download_response, xlsx_bytes
from records.models import CreditRecord
from records.services.credit import StaleEdit

from . import selectors, services
from .choices import IN_FORCE_STATUSES, CommitmentStatus
from .filtersets import WorkspaceCommitmentFilterSet
from .forms import (
    BreachForm,
    ChangeForm,
    CommitmentForm,
    ConcludeForm,
    EvidenceForm,
    MilestoneCompleteForm,
    MilestoneForm,
    OfficialForm,
    add_service_errors,
)
from .models import Breach, Commitment, Evidence, Milestone

READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR}
WRITERS = {Role.CREDIT_OFFICE, Role.CLERK}
PAGE_SIZE = 50
EXPORT_MAX_ROWS = 20_000
XLSX_TYPE = XLSX_CONTENT_TYPE


def _visible(user):
    return Commitment.objects.visible_to(user).select_related("unit", "unit__successor", "parent")


def _writable(user, pk) -> Commitment:
    if not user_may(user, WRITERS):
        raise Http404
    return get_object_or_404(Commitment.objects.writable_by(user).select_related("unit"), pk=pk)


class CommitmentListView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "commitments/workspace_list.html"

    def get_context_data(self, **kwargs):
        filterset = WorkspaceCommitmentFilterSet(self.request.GET or None, queryset=_visible(self.request.user),
                                                 request=self.request)  # as the API: staff search people's names
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        query = self.request.GET.copy()
        query.pop("page", None)
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page,
                "can_create": user_may(self.request.user, WRITERS),
                "export_url": reverse("commitments:export") + (f"?{query.urlencode()}" if query else "")}


EXPORT_COLUMNS = (
    (gettext_lazy("承诺编码"), lambda c: c.code),
    (gettext_lazy("承诺名称"), lambda c: c.title),
    (gettext_lazy("承诺人名称"), lambda c: c.unit.name),
    (gettext_lazy("承诺人代码"), lambda c: c.unit.code),
    (gettext_lazy("承诺类型"), lambda c: c.get_kind_display()),
    (gettext_lazy("公共服务领域"), lambda c: c.get_service_area_display()),
    (gettext_lazy("承诺事由"), lambda c: c.reason),
    (gettext_lazy("承诺内容"), lambda c: c.content),
    (gettext_lazy("违诺责任"), lambda c: c.liability),
    (gettext_lazy("承诺作出日期"), lambda c: c.committed_on),
    (gettext_lazy("有效期至"), lambda c: c.valid_until),
    (gettext_lazy("涉及金额（万元）"), lambda c: c.amount),
    (gettext_lazy("承诺对象名称"), lambda c: c.counterparty_name),
    (gettext_lazy("承诺对象代码"), lambda c: c.counterparty_code),
    (gettext_lazy("受理单位"), lambda c: c.accepting_unit),
    (gettext_lazy("公开类型"), lambda c: c.get_publication_type_display()),
    (gettext_lazy("履行状态"), lambda c: c.get_status_display()),
    (gettext_lazy("履行进度（%）"), lambda c: c.progress),
    (gettext_lazy("未履行内容"), lambda c: c.unfulfilled_content),
    (gettext_lazy("认定日期"), lambda c: c.concluded_on),
    (gettext_lazy("所属清单"), lambda c: c.parent.code if c.parent_id else ""),
)


class CommitmentExportView(RoleRequiredMixin, View):
    """The current filtered list as .xlsx in the credit-commitment field order."""

    allowed_roles = READERS
    http_method_names = ["get", "head"]

    def get(self, request):
        filterset = WorkspaceCommitmentFilterSet(request.GET or None, queryset=_visible(request.user), request=request)
        rows = list(filterset.qs[:EXPORT_MAX_ROWS])
        audit_log(actor=request.user, action="export", subject=request.user,
                  changes={"what": "commitments.xlsx", "rows": len(rows), "query": request.GET.urlencode()[:500]})
        day = timezone.localdate().isoformat()
        response = download_response(xlsx_bytes(column_sheet(_("政务承诺"), EXPORT_COLUMNS, rows)),
                                     ascii_name=f"commitments-{day}.xlsx", local_name=_("政务承诺") + f"-{day}.xlsx")
        response["X-Export-Rows"] = str(len(rows))
        return response


class CommitmentDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = READERS
    template_name = "commitments/workspace_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        commitment = get_object_or_404(selectors.commitment_detail_queryset(_visible(user)), pk=kwargs["pk"])
        can_write = user_may(user, WRITERS) and Commitment.objects.writable_by(user).filter(pk=commitment.pk).exists()
        return {
            **super().get_context_data(**kwargs), "commitment": commitment, "can_write": can_write,
            "is_draft": commitment.status == CommitmentStatus.DRAFT,
            "is_in_force": commitment.status in IN_FORCE_STATUSES,
            "children": list(commitment.children.order_by("id")),
            "officials": list(commitment.officials.select_related("civil_servant").order_by("stage", "-start")),
            "breaches": _breaches(commitment, user),
            "timeline": selectors.commitment_timeline(commitment, public=False),
            "milestone_form": MilestoneForm(), "evidence_form": EvidenceForm(),
        }


def _breaches(commitment: Commitment, user) -> list[Breach]:
    """The commitment's breaches; the records they opened are linked only for those who may read them (a draft
    stays with its provider, a person's record with those whose scope covers the person — issue 16)."""
    breaches = list(Breach.objects.filter(commitment=commitment).select_related("unit_record", "person_record"))
    ids = {pk for b in breaches for pk in (b.unit_record_id, b.person_record_id) if pk}
    readable = set(CreditRecord.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    for breach in breaches:
        breach.unit_record_shown = breach.unit_record_id in readable
        breach.person_record_shown = breach.person_record_id in readable
    return breaches


class _ServiceForm(RoleRequiredMixin, FormView):
    """A form about one commitment the user may write; its save calls a service."""

    allowed_roles = WRITERS
    template_name = "commitments/workspace_action.html"
    heading = ""
    success_message = ""

    def commitment(self) -> Commitment:
        if not hasattr(self, "_commitment"):
            self._commitment = _writable(self.request.user, self.kwargs["pk"])
        return self._commitment

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        return {**context, "commitment": self.commitment(), "heading": self.heading,
                "multipart": context["form"].is_multipart()}

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        except services.EvidenceTooLarge as exc:
            form.add_error("file", str(exc))
            response = self.form_invalid(form)
            response.status_code = 413
            return response
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.success_url())

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 400
        return response

    def success_url(self):
        return reverse("commitments:detail", args=[self.commitment().pk])


class CommitmentCreateView(_ServiceForm):
    template_name = "commitments/workspace_form.html"
    heading = gettext_lazy("登记政务承诺")
    success_message = gettext_lazy("草稿已保存。核对无误后可公开。")

    def commitment(self):
        return getattr(self, "_created", None)

    def get_form(self, form_class=None):
        return CommitmentForm(**self.get_form_kwargs(), user=self.request.user)

    def save(self, form):
        user = self.request.user
        unit = form.cleaned_data.get("unit") or user.unit
        if unit is None:
            raise ValidationError(_("您的账号未关联单位，不能登记承诺。"))
        self._created = services.commitment_create(actor=user, unit=unit, **form.service_fields())


class CommitmentEditView(_ServiceForm):
    template_name = "commitments/workspace_form.html"
    heading = gettext_lazy("修改承诺草稿")
    success_message = gettext_lazy("草稿已保存。")

    def get_form(self, form_class=None):
        return CommitmentForm(**self.get_form_kwargs(), instance=self.commitment(), user=self.request.user)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except StaleEdit as exc:
            # Someone saved the draft after this form was loaded: keep their change, say so.
            form.add_error(None, exc.message)
            response = self.form_invalid(form)
            response.status_code = 409
            return response

    def save(self, form):
        services.commitment_update(commitment=self.commitment(), actor=self.request.user,
                                   expected_revision=form.expected_revision(), **form.service_fields())


class CommitmentPublishView(RoleRequiredMixin, View):
    allowed_roles = WRITERS
    http_method_names = ["post"]

    def post(self, request, pk):
        commitment = _writable(request.user, pk)
        try:
            services.commitment_publish(commitment=commitment, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _("未公开：%(why)s") % {"why": "；".join(exc.messages)})
        else:
            messages.success(request, _("承诺已公开，并已报送市公共信用信息平台。"))
        return redirect("commitments:detail", pk=pk)


class MilestoneAddView(_ServiceForm):
    form_class = MilestoneForm
    heading = gettext_lazy("新增履行节点")
    success_message = gettext_lazy("节点已添加。")

    def save(self, form):
        services.milestone_add(commitment=self.commitment(), actor=self.request.user, **form.cleaned_data)


class _MilestoneMixin:
    def milestone(self) -> Milestone:
        return get_object_or_404(Milestone.objects.filter(commitment=self.commitment()), pk=self.kwargs["milestone_pk"])

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "milestone": self.milestone()}


class MilestoneCompleteView(_MilestoneMixin, _ServiceForm):
    form_class = MilestoneCompleteForm
    heading = gettext_lazy("登记节点完成")
    success_message = gettext_lazy("节点已完成，履行进度已更新。")

    def get_initial(self):
        return {"done_on": timezone.localdate()}

    def save(self, form):
        upload = form.cleaned_data.get("file")
        files = [(upload.name, upload.read())] if upload else []
        services.milestone_complete(milestone=self.milestone(), actor=self.request.user,
                                    done_on=form.cleaned_data["done_on"], note=form.cleaned_data["note"], files=files)


class EvidenceUploadView(_MilestoneMixin, _ServiceForm):
    form_class = EvidenceForm
    heading = gettext_lazy("上传履行证明材料")
    success_message = gettext_lazy("材料已上传。")

    def save(self, form):
        upload = form.cleaned_data["file"]
        services.evidence_attach(milestone=self.milestone(), actor=self.request.user, name=upload.name,
                                 data=upload.read())


class OfficialAddView(_ServiceForm):
    heading = gettext_lazy("明确责任人")
    success_message = gettext_lazy("责任人已登记；前任的负责期截至新任起日的前一天。")

    def get_form(self, form_class=None):
        return OfficialForm(**self.get_form_kwargs(), user=self.request.user)

    def save(self, form):
        services.official_assign(commitment=self.commitment(), actor=self.request.user, **form.cleaned_data)


class ConcludeView(_ServiceForm):
    form_class = ConcludeForm
    heading = gettext_lazy("认定履行结果")
    success_message = gettext_lazy("履行结果已认定。")

    def get_initial(self):
        return {"on": timezone.localdate()}

    def save(self, form):
        services.commitment_conclude(commitment=self.commitment(), actor=self.request.user, **form.cleaned_data)


class ChangeView(_ServiceForm):
    form_class = ChangeForm
    heading = gettext_lazy("依法变更或终止承诺")
    success_message = gettext_lazy("变更（终止）已登记，并已报送市公共信用信息平台。")

    def save(self, form):
        data = dict(form.cleaned_data)
        services.commitment_change(commitment=self.commitment(), actor=self.request.user, **data)


class BreachView(_ServiceForm):
    form_class = BreachForm
    heading = gettext_lazy("认定违诺")
    success_message = gettext_lazy("已认定违诺，并生成失信记录草稿，请核实后发布。")

    def get_initial(self):
        return {"found_on": timezone.localdate()}

    def save(self, form):
        services.commitment_breach(commitment=self.commitment(), actor=self.request.user, **form.cleaned_data)


class EvidenceDownloadView(RoleRequiredMixin, View):
    allowed_roles = READERS

    def get(self, request, pk, evidence_pk):
        commitment = get_object_or_404(Commitment.objects.visible_to(request.user), pk=pk)
        evidence = get_object_or_404(Evidence.objects.filter(milestone__commitment=commitment), pk=evidence_pk)
        return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name,
                            content_type=evidence.content_type)
