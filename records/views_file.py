"""Personal credit files in HTML: the civil servant's own file, cadre checks and the file-access log.

Personal credit information is shown only to the person, authorised staff and cadre checks,
and every view by someone other than the person is logged (DESIGN.md §5; province art. 20–21).
"""
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin

from . import selectors, services
from .choices import ENTRY_KINDS, RECORD_EVENT_LABELS, RecordStatus
from .forms_file import CadreCheckForm, FileAccessFilterSet
from .models import CadreCheck, CivilServant, CreditRecord, FileAccess, RecordEvent
from .views_public import detail_rows

PAGE_SIZE = 50
ACCESS_PAGE_SIZE = 20
ACTION_LABELS = RECORD_EVENT_LABELS
CHANNEL_LABELS = {"html": _("网页"), "api": _("接口"), "report": _("信用报告")}


# --- the shared read of a personal file -------------------------------------------------

def servant_file(records, user) -> dict:
    """A person's file from a queryset of their records: ``records`` (dishonesty and 双公示 kinds)
    and ``entries`` (file entries), drafts never included, each with the change history ``user`` may read.

    Three queries whatever the size of the file: the records, their events, the events' actors.
    """
    rows = list(
        records.exclude(status=RecordStatus.DRAFT)
        .select_related("provider")
        .prefetch_related(Prefetch(
            "events", to_attr="history",
            queryset=selectors.record_events_for(user),
        ))
    )
    labels = {name: _choice_labels(name) for name in LABELLED_FIELDS}
    for record in rows:
        record.detail_rows = detail_rows(record)
        # get_<field>_display() rebuilds and hashes the whole choice list (every label translated) on each
        # call: for a file of 500 records that was most of the page's time (issue 10).
        for name, by_value in labels.items():
            value = getattr(record, name)
            setattr(record, f"{name}_label", by_value.get(value, value))
        for event in record.history:
            event.action_label = ACTION_LABELS.get(event.action, event.action)
            event.changed_fields = _changed_field_labels(event) if event.action == "correct" else []
            event.from_label, event.to_label = _status_label(event.from_status), _status_label(event.to_status)
    return {
        "records": [r for r in rows if r.kind not in ENTRY_KINDS],
        "entries": [r for r in rows if r.kind in ENTRY_KINDS],
    }


LABELLED_FIELDS = ("kind", "status", "severity", "sanction_type", "assessment_grade")


def _choice_labels(name: str) -> dict[str, str]:
    """The field's choices as value → label in the active language."""
    return {value: str(label) for value, label in CreditRecord._meta.get_field(name).flatchoices}


def _changed_field_labels(event: RecordEvent) -> list[str]:
    labels = []
    for name in event.changes or {}:
        try:
            labels.append(str(CreditRecord._meta.get_field(name).verbose_name))
        except FieldDoesNotExist:
            labels.append(name)
    return labels


def _status_label(value: str) -> str:
    return RecordStatus(value).label if value in RecordStatus.values else value


# --- the civil servant's own file ----------------------------------------------------------

class MyFileView(RoleRequiredMixin, TemplateView):
    """The person's own file: what is in it, why it changed, and who looked at it."""

    allowed_roles = {Role.CIVIL_SERVANT}
    template_name = "records/file_my_file.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        servant = CivilServant.objects.select_related("unit").filter(pk=user.civil_servant_id).first()
        if servant is None:
            raise Http404
        accesses = (FileAccess.objects.filter(civil_servant=servant)
                    .select_related("viewer", "viewer__unit", "cadre_check"))
        page = Paginator(accesses, ACCESS_PAGE_SIZE).get_page(self.request.GET.get("page"))
        for access in page.object_list:
            access.channel_label = CHANNEL_LABELS.get(access.channel, access.channel)
        return {
            **super().get_context_data(**kwargs),
            "servant": servant,
            "shown_id": servant.id_number_for(user),
            **servant_file(CreditRecord.objects.filter(civil_servant=servant), user),
            "page_obj": page,
        }


# --- cadre checks --------------------------------------------------------------------------

def _open_checks(user):
    return CadreCheck.objects.filter(reviewer=user, expires_at__gt=timezone.now())


class CadreCheckListView(RoleRequiredMixin, TemplateView):
    allowed_roles = {Role.CADRE_REVIEWER}
    template_name = "records/cadre_check_list.html"

    def get_context_data(self, **kwargs):
        checks = CadreCheck.objects.filter(reviewer=self.request.user).select_related("civil_servant__unit")
        page = Paginator(checks, PAGE_SIZE).get_page(self.request.GET.get("page"))
        now = timezone.now()
        for check in page.object_list:
            check.is_open = check.expires_at > now
        return {**super().get_context_data(**kwargs), "page_obj": page}


class CadreCheckCreateView(RoleRequiredMixin, FormView):
    """State the purpose, then the file opens for the policy row ``cadre_check_access``; the person is told."""

    allowed_roles = {Role.CADRE_REVIEWER}
    template_name = "records/cadre_check_form.html"
    form_class = CadreCheckForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user, "search": self.request.GET.get("q", "")}

    def get_initial(self):
        return {"civil_servant": self.request.GET.get("servant") or None}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "q": self.request.GET.get("q", "")}

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            check = services.cadre_check_start(reviewer=self.request.user, civil_servant=data["civil_servant"],
                                               purpose=data["purpose"], purpose_note=data["purpose_note"])
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        return redirect("records:cadre_check_detail", pk=check.pk)


class CadreCheckDetailView(RoleRequiredMixin, TemplateView):
    """The checked person's file while the check is open; each opening is logged with the check."""

    allowed_roles = {Role.CADRE_REVIEWER}
    template_name = "records/cadre_check_detail.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        check = get_object_or_404(_open_checks(user).select_related("civil_servant__unit"), pk=kwargs["pk"])
        servant = check.civil_servant
        file = servant_file(CreditRecord.objects.visible_to(user).filter(civil_servant=servant), user)
        shown = file["records"] + file["entries"]
        if not selectors.log_personal_views(viewer=user, records=shown, channel="html", cadre_check=check):
            # An empty file was still looked at.
            services.file_access_log(viewer=user, servant_ids=[servant.pk], channel="html", cadre_check=check,
                                     purpose=f"{check.get_purpose_display()}：{check.purpose_note}")
        return {**super().get_context_data(**kwargs), "check": check, "servant": servant,
                "shown_id": servant.id_number_for(user), **file}


class CadreServantFileView(RoleRequiredMixin, TemplateView):
    """A person's file by person: the reviewer's newest open check on them, or 404."""

    allowed_roles = {Role.CADRE_REVIEWER}

    def get(self, request, *args, **kwargs):
        check = _open_checks(request.user).filter(civil_servant_id=kwargs["servant_pk"]).order_by("-created_at").first()
        if check is None:
            raise Http404
        return redirect(reverse("records:cadre_check_detail", args=[check.pk]))


# --- the office's file-access log ---------------------------------------------------------

class FileAccessListView(RoleRequiredMixin, TemplateView):
    allowed_roles = {Role.CREDIT_OFFICE}
    template_name = "records/file_access_list.html"

    def get_context_data(self, **kwargs):
        qs = FileAccess.objects.select_related("viewer", "viewer__unit", "civil_servant", "civil_servant__unit",
                                               "cadre_check")
        filterset = FileAccessFilterSet(self.request.GET or None, queryset=qs)
        page = Paginator(filterset.qs, PAGE_SIZE).get_page(self.request.GET.get("page"))
        for access in page.object_list:
            access.channel_label = CHANNEL_LABELS.get(access.channel, access.channel)
            access.shown_id = access.civil_servant.id_number_for(self.request.user)
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page}
