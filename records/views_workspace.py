"""The clerk/office record workspace: list (filter, bulk publish, Excel export), create,
detail (history, versions, attachments) and the transitions.

Reads go through ``CreditRecord.objects.visible_to(user)`` and writes through
``writable_by(user)``: anything else is a 404. Every write calls a service in
``records.services``; its ValidationError comes back as field errors, and a transition
not allowed from the current state is the 409 page (``RoleRequiredMixin``).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.choices import Role
from accounts.services import audit_log
from integrity_portal.access import RoleRequiredMixin, user_may
from integrity_portal.errors import TransitionNotAllowed
from integrity_portal.formfields import MAX_ID
from integrity_portal.paging import ListPaginator
from integrity_portal.workbooks import XLSX_CONTENT_TYPE, column_sheet, download_response, xlsx_bytes

from . import selectors, services
from .choices import PUBLIC_KINDS, RECORD_EVENT_LABELS, RecordKind, RecordStatus, SubjectType
from .display import change_rows, detail_rows, field_label, shown, snapshot_rows
from .fieldsets import column_applies
from .filtersets import CreditRecordFilterSet
from .forms_records import (
    AttachmentForm,
    DecisionChangedForm,
    KindChoiceForm,
    RecordForm,
    RevokeForm,
    add_service_errors,
    kind_groups,
)
from .models import Attachment, CreditRecord, CreditRecordVersion, RecordEvent
from .services.credit import StaleEdit
from .views import ServiceFormView

RECORD_READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR, Role.CADRE_REVIEWER}
RECORD_WRITERS = {Role.CREDIT_OFFICE, Role.CLERK}
PAGE_SIZE = 50
EXPORT_MAX_ROWS = 20_000
XLSX_TYPE = XLSX_CONTENT_TYPE
ACTION_LABELS = RECORD_EVENT_LABELS
# Detail page rows: (model field, how to show it).
DETAIL_FIELDS = (
    "subject_type", "kind", "severity", "sanction_type", "assessment_grade", "title", "facts", "legal_basis",
    "decision_body", "decision_number", "decision_date", "act_start", "act_end", "provider", "status", "version",
    "objection_open", "published_at", "published_late", "window_start", "window_end", "effect_end",
    "decision_changed_on", "created_by", "created_at", "updated_at",
)


def _records_for(user):
    return CreditRecord.objects.visible_to(user).select_related("civil_servant", "subject_unit", "provider")


def _visible_record(user, pk) -> CreditRecord:
    return get_object_or_404(_records_for(user).select_related("civil_servant__unit", "created_by"), pk=pk)


def _writable_record(user, pk) -> CreditRecord:
    if not user.has_role(*RECORD_WRITERS) and not user.is_superuser:
        raise Http404
    return get_object_or_404(
        CreditRecord.objects.writable_by(user).select_related(
            "civil_servant__unit", "subject_unit", "provider", "created_by"), pk=pk,
    )


def _status_label(value: str) -> str:
    return RecordStatus(value).label if value in RecordStatus.values else (value or "")


def _back_to_list(request) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return target
    return reverse("records:record_list")


# --- list, bulk publish, export -------------------------------------------------

class RecordListView(RoleRequiredMixin, TemplateView):
    """The records the user may see, filtered by the same FilterSet as the API."""

    allowed_roles = RECORD_READERS
    template_name = "records/record_list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        filterset = CreditRecordFilterSet(self.request.GET or None, queryset=_records_for(user))
        page = ListPaginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        page.object_list = rows = list(page.object_list)
        selectors.log_personal_views(viewer=user, records=rows, channel="html")
        can_write = user_may(user, RECORD_WRITERS)
        drafts = [r.pk for r in rows if r.status == RecordStatus.DRAFT]
        publishable = set()
        if can_write and drafts:
            publishable = set(CreditRecord.objects.writable_by(user).filter(pk__in=drafts).values_list("pk", flat=True))
        for row in rows:
            row.publishable = row.pk in publishable
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            **super().get_context_data(**kwargs), "filter": filterset, "page_obj": page,
            "can_create": can_write, "can_bulk_publish": bool(publishable),
            "export_url": reverse("records:record_export") + (f"?{query.urlencode()}" if query else ""),
            "export_max_rows": EXPORT_MAX_ROWS,
        }


class RecordBulkPublishView(RoleRequiredMixin, View):
    """Publish the selected drafts one by one; say which were published and why others were not."""

    allowed_roles = RECORD_WRITERS
    http_method_names = ["post"]

    def post(self, request):
        ids = list(dict.fromkeys(int(v) for v in request.POST.getlist("ids") if v.isdigit() and int(v) <= MAX_ID))
        back = _back_to_list(request)
        if not ids:
            messages.warning(request, _("请先勾选要发布的草稿。"))
            return redirect(back)
        records = CreditRecord.objects.writable_by(request.user).select_related(
            "civil_servant", "subject_unit").in_bulk(ids)
        if request.POST.get("confirm") != "1":
            # Publishing cannot be undone and names people: first say what will be published, about whom.
            chosen = [records[pk] for pk in ids if pk in records]
            return render(request, "records/record_bulk_publish_confirm.html", {
                "chosen": [{"record": r, "is_public": r.kind in PUBLIC_KINDS,
                            "is_personal": r.subject_type == SubjectType.PERSON} for r in chosen],
                "personal_count": sum(r.subject_type == SubjectType.PERSON for r in chosen),
                "refused": [pk for pk in ids if pk not in records], "ids": ids, "next": back})
        published, failed = [], []
        for pk in ids:
            record = records.get(pk)
            if record is None:
                failed.append((f"#{pk}", _("记录不存在或您无权发布。")))
                continue
            name = f"#{pk} {record.title}"
            try:
                services.record_publish(record=record, actor=request.user)
            except TransitionNotAllowed as exc:
                failed.append((name, exc.message))
            except ValidationError as exc:
                failed.append((name, "；".join(exc.messages)))
            else:
                published.append(name)
        if published:
            messages.success(request, _("已发布 %(count)d 条：%(names)s") % {
                "count": len(published), "names": "、".join(published)})
        for name, reason in failed:
            messages.error(request, _("%(name)s 未发布：%(reason)s") % {"name": name, "reason": reason})
        return redirect(back)


EXPORT_COLUMNS = (
    (gettext_lazy("编号"), lambda r: r.pk),
    (gettext_lazy("主体类型"), lambda r: r.get_subject_type_display()),
    (gettext_lazy("主体"), lambda r: r.subject_name),
    (gettext_lazy("记录类别"), lambda r: r.get_kind_display()),
    (gettext_lazy("失信程度"), lambda r: r.get_severity_display()),
    (gettext_lazy("处分种类"), lambda r: r.get_sanction_type_display()),
    (gettext_lazy("考核等次"), lambda r: r.get_assessment_grade_display()),
    (gettext_lazy("事由"), lambda r: r.title),
    (gettext_lazy("作出决定机关"), lambda r: r.decision_body),
    (gettext_lazy("决定文书号"), lambda r: r.decision_number),
    (gettext_lazy("决定日期"), lambda r: r.decision_date),
    (gettext_lazy("信息提供单位"), lambda r: r.provider.name),
    (gettext_lazy("状态"), lambda r: r.get_status_display()),
    (gettext_lazy("异议处理中"), lambda r: _("是") if r.objection_open else _("否")),
    (gettext_lazy("版本"), lambda r: r.version),
    (gettext_lazy("公示起"), lambda r: r.window_start),
    (gettext_lazy("公示止"), lambda r: r.window_end),
    (gettext_lazy("影响期止"), lambda r: r.effect_end),
    (gettext_lazy("发布时间"), lambda r: timezone.localtime(r.published_at).replace(tzinfo=None) if r.published_at
     else None),
)


class RecordExportView(RoleRequiredMixin, View):
    """The current filtered list as .xlsx (at most EXPORT_MAX_ROWS rows)."""

    allowed_roles = RECORD_READERS
    http_method_names = ["get", "head"]

    def get(self, request):
        filterset = CreditRecordFilterSet(request.GET or None, queryset=_records_for(request.user))
        rows = list(filterset.qs[:EXPORT_MAX_ROWS + 1])
        truncated = len(rows) > EXPORT_MAX_ROWS
        rows = rows[:EXPORT_MAX_ROWS]
        selectors.log_personal_views(viewer=request.user, records=rows, channel="html")
        audit_log(actor=request.user, action="export", subject=request.user,
                  changes={"what": "credit_records.xlsx", "rows": len(rows), "query": request.GET.urlencode()[:500]})

        content = xlsx_bytes(column_sheet(_("信用记录"), EXPORT_COLUMNS, rows, freeze_header=True))
        today = timezone.localdate().isoformat()
        response = download_response(content, ascii_name=f"records-{today}.xlsx",
                                     local_name=_("信用记录-%(date)s.xlsx") % {"date": today})
        response["X-Export-Rows"] = str(len(rows))
        if truncated:
            response["X-Export-Truncated"] = "1"
        return response


# --- create, edit, correct, revoke, decision changed ----------------------------

class RecordServiceFormView(ServiceFormView):
    """``ServiceFormView`` with the record forms' error mapping (``details.x`` → its field)."""

    allowed_roles = RECORD_WRITERS
    success_message = ""

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as exc:
            add_service_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.success_url_for(obj))

    def success_url_for(self, obj):
        return reverse("records:record_detail", args=[obj.pk])


class RecordCreateView(RecordServiceFormView):
    """Step 1: choose the kind (GET ?kind=…); step 2: the form of that kind. Saves a draft."""

    template_name = "records/record_form.html"
    success_message = gettext_lazy("草稿已保存。核对无误后可发布。")

    def kind(self) -> str | None:
        kind = self.request.POST.get("kind") or self.request.GET.get("kind")
        return kind if kind in RecordKind.values else None

    def get(self, request, *args, **kwargs):
        if self.kind() is None:
            return self._kind_page()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if self.kind() is None:
            return self._kind_page(status=400)
        return super().post(request, *args, **kwargs)

    def _kind_page(self, status=200):
        form = KindChoiceForm(self.request.GET if "kind" in self.request.GET else None)
        return render(self.request, "records/record_kind.html", {"form": form, "groups": kind_groups()}, status=status)

    def get_form(self, form_class=None):
        return RecordForm(**self.get_form_kwargs(), kind=self.kind(), user=self.request.user, mode="create")

    def get_context_data(self, **kwargs):
        kind = self.kind()
        return {**super().get_context_data(**kwargs), "kind": kind, "kind_label": RecordKind(kind).label,
                "mode": "create"}

    def save(self, form):
        user = self.request.user
        provider = form.cleaned_data.get("provider") if "provider" in form.fields else user.unit
        if provider is None:
            raise ValidationError(_("您的账号未关联信息提供单位，不能录入记录。"))
        return services.record_create(actor=user, provider=provider, **form.service_fields())


class _RecordActionMixin:
    """A form view about one record the user may write, in ``required_status`` (else 409)."""

    required_status: str | None = None
    wrong_status_message = gettext_lazy("记录当前状态为“%(status)s”，不能进行此操作。")

    def record(self) -> CreditRecord:
        if not hasattr(self, "_record"):
            self._record = _writable_record(self.request.user, self.kwargs["pk"])
        return self._record

    def _check_status(self):
        # A first check for a clear 409 before the form; the service checks again under a row lock.
        record = self.record()
        if self.required_status and record.status != self.required_status:
            raise TransitionNotAllowed(self.wrong_status_message % {"status": record.get_status_display()})

    def get(self, request, *args, **kwargs):
        self._check_status()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self._check_status()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "record": self.record()}


class RecordEditView(_RecordActionMixin, RecordServiceFormView):
    template_name = "records/record_form.html"
    required_status = RecordStatus.DRAFT
    wrong_status_message = gettext_lazy("记录当前状态为“%(status)s”，只有草稿可以直接修改；已发布的记录请使用“更正”。")
    success_message = gettext_lazy("草稿已修改。")

    def get_form(self, form_class=None):
        record = self.record()
        kwargs = self.get_form_kwargs()
        kwargs.pop("initial", None)
        return RecordForm(**kwargs, kind=record.kind, user=self.request.user, mode="edit", record=record)

    def get_context_data(self, **kwargs):
        record = self.record()
        return {**super().get_context_data(**kwargs), "kind": record.kind, "kind_label": record.get_kind_display(),
                "mode": "edit"}

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
        return services.record_update_draft(record=self.record(), actor=self.request.user,
                                            expected_revision=form.expected_revision(), **form.service_fields())


class RecordCorrectView(_RecordActionMixin, RecordServiceFormView):
    """A published record: the form is prefilled with the current values; saving makes a new version."""

    template_name = "records/record_form.html"
    required_status = RecordStatus.PUBLISHED
    wrong_status_message = gettext_lazy("记录当前状态为“%(status)s”，只有已发布的记录可以更正。")
    success_message = gettext_lazy("已更正，生成新版本。")

    def get_form(self, form_class=None):
        record = self.record()
        kwargs = self.get_form_kwargs()
        kwargs.pop("initial", None)
        return RecordForm(**kwargs, kind=record.kind, user=self.request.user, mode="correct", record=record)

    def get_context_data(self, **kwargs):
        record = self.record()
        return {**super().get_context_data(**kwargs), "kind": record.kind, "kind_label": record.get_kind_display(),
                "mode": "correct"}

    def save(self, form):
        return services.record_correct(record=self.record(), actor=self.request.user,
                                       reason=form.cleaned_data["reason"], **form.service_fields())


class RecordRevokeView(_RecordActionMixin, RecordServiceFormView):
    template_name = "records/record_action.html"
    form_class = RevokeForm
    required_status = RecordStatus.PUBLISHED
    wrong_status_message = gettext_lazy("记录当前状态为“%(status)s”，只有已发布的记录可以撤销。")
    success_message = gettext_lazy("记录已撤销。")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("撤销记录"), "submit_label": _("确认撤销"),
                "intro": _("撤销后记录不再生效，也不再作为惩戒依据；记录和历史仍然保留。")}

    def save(self, form):
        return services.record_revoke(record=self.record(), actor=self.request.user, reason=form.cleaned_data["reason"])


class RecordDecisionChangedView(_RecordActionMixin, RecordServiceFormView):
    template_name = "records/record_action.html"
    form_class = DecisionChangedForm
    required_status = RecordStatus.PUBLISHED
    wrong_status_message = gettext_lazy("记录当前状态为“%(status)s”，只有已发布的记录需要登记原决定变更。")
    success_message = gettext_lazy("已登记原决定撤销或变更，请在时限内更正或撤销本记录。")

    def get_initial(self):
        return {"on": timezone.localdate()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "heading": _("原决定已撤销或变更"), "submit_label": _("登记"),
                "intro": _("作出记录所依据的决定被撤销或变更时登记，系统开始计算更新时限。")}

    def save(self, form):
        data = form.cleaned_data
        return services.record_flag_decision_changed(record=self.record(), actor=self.request.user, on=data["on"],
                                                     reason=data["reason"])


class RecordPublishView(RoleRequiredMixin, View):
    """GET: what publishing will do and to whom (works without JavaScript); POST: publish."""

    allowed_roles = RECORD_WRITERS
    http_method_names = ["get", "post"]

    def get(self, request, pk):
        record = _writable_record(request.user, pk)
        if record.status != RecordStatus.DRAFT:
            return redirect("records:record_detail", pk=record.pk)
        return render(request, "records/record_publish_confirm.html", {
            "record": record, "is_public": record.kind in PUBLIC_KINDS,
            "is_personal": record.subject_type == SubjectType.PERSON})

    def post(self, request, pk):
        record = _writable_record(request.user, pk)
        try:
            services.record_publish(record=record, actor=request.user)
        except ValidationError as exc:
            messages.error(request, _("未发布：%(reason)s") % {"reason": "；".join(exc.messages)})
        else:
            messages.success(request, _("记录已发布。"))
        return redirect("records:record_detail", pk=record.pk)


# --- detail, attachments -----------------------------------------------------------

class RecordDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = RECORD_READERS
    template_name = "records/record_detail.html"

    def get_context_data(self, **kwargs):
        record = _visible_record(self.request.user, kwargs["pk"])
        return {**super().get_context_data(**kwargs), **record_detail_context(self.request, record)}


class RecordAttachView(RoleRequiredMixin, View):
    """Evidence upload (multipart). Too large → the detail page with status 413."""

    allowed_roles = RECORD_WRITERS
    http_method_names = ["post"]

    def post(self, request, pk):
        record = _writable_record(request.user, pk)
        form = AttachmentForm(request.POST, request.FILES)
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                services.record_attach(record=record, actor=request.user, name=upload.name, data=upload.read())
            except services.AttachmentTooLarge as exc:
                form.add_error("file", str(exc))
                status = 413
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("材料“%(name)s”已上传。") % {"name": upload.name})
                return redirect(reverse("records:record_detail", args=[record.pk]) + "#attachments")
        return render(request, "records/record_detail.html",
                      record_detail_context(request, record, attach_form=form), status=status)


class RecordAttachmentDownloadView(RoleRequiredMixin, View):
    allowed_roles = RECORD_READERS
    http_method_names = ["get", "head"]

    def get(self, request, pk, attachment_pk):
        record = _visible_record(request.user, pk)
        attachment = get_object_or_404(Attachment.objects.filter(record=record), pk=attachment_pk)
        selectors.log_personal_views(viewer=request.user, records=[record], channel="html")
        return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name,
                            content_type=attachment.content_type)


def record_detail_context(request, record: CreditRecord, *, attach_form=None) -> dict:
    """Everything the detail page shows; logs the view of a personal record."""
    user = request.user
    selectors.log_personal_views(viewer=user, records=[record], channel="html")
    writable = user_may(user, RECORD_WRITERS) and CreditRecord.objects.writable_by(user).filter(pk=record.pk).exists()
    status = record.status
    events = selectors.record_events_for(user).filter(record=record)
    versions = CreditRecordVersion.objects.filter(record=record).select_related("created_by")
    attachments = Attachment.objects.filter(record=record).select_related("uploaded_by")
    return {
        "record": record,
        "subject_rows": _subject_rows(record, user),
        # Only the columns the record's kind has (no 考核等次 on a penalty; a sanction's body once, as 处分机关).
        "field_rows": [(field_label(name), _field_value(record, name)) for name in DETAIL_FIELDS
                       if column_applies(record.kind, name)],
        "detail_rows": detail_rows(record.kind, record.details),
        "events": [_event_row(e, record.kind) for e in events],
        "versions": [_version_row(v, record.kind) for v in versions],
        "attachments": attachments,
        "attach_form": attach_form or AttachmentForm(),
        "can_edit": writable and status == RecordStatus.DRAFT,
        "can_publish": writable and status == RecordStatus.DRAFT,
        "can_attach": writable and status in {RecordStatus.DRAFT, RecordStatus.PUBLISHED},
        "can_revoke": writable and status == RecordStatus.PUBLISHED,
        "can_correct": writable and status == RecordStatus.PUBLISHED,
        "can_flag_decision_changed": writable and status == RecordStatus.PUBLISHED,
    }


def _subject_rows(record: CreditRecord, user) -> list[tuple[str, str]]:
    if record.civil_servant is not None:
        servant = record.civil_servant
        return [(_("公务员"), servant.name), (_("公民身份号码"), servant.id_number_for(user)),
                (_("现任单位"), servant.unit.name)]
    unit = record.subject_unit
    return [(_("主体单位"), unit.name), (_("统一社会信用代码"), unit.code)] if unit else []


def _field_value(record: CreditRecord, name: str) -> str:
    if name == "provider":
        return record.provider.name
    if name == "created_by":
        return record.created_by.display_name if record.created_by else "—"
    field = CreditRecord._meta.get_field(name)
    if field.choices:
        return getattr(record, f"get_{name}_display")() or "—"
    return shown(getattr(record, name))


def _event_row(event: RecordEvent, kind: str) -> dict:
    return {
        "at": event.at, "actor": event.actor.display_name if event.actor else _("系统"),
        "action": ACTION_LABELS.get(event.action, event.action), "version": event.version,
        "from_status": _status_label(event.from_status), "to_status": _status_label(event.to_status),
        # A creation's "changes" are the whole first content, shown above and in the versions.
        "changes": [] if event.action == "create" else change_rows(event.changes, kind), "reason": event.reason,
    }


def _version_row(version: CreditRecordVersion, kind: str) -> dict:
    snapshot = version.snapshot or {}
    return {"version": version.version, "at": version.created_at, "reason": version.reason,
            "by": version.created_by.display_name if version.created_by else _("系统"),
            "title": snapshot.get("title", ""), "decision_number": snapshot.get("decision_number", ""),
            "rows": snapshot_rows(snapshot, kind)}
