"""Personal credit files in HTML: the civil servant's own file, cadre checks and the file-access log.

Personal credit information is shown only to the person, authorised staff and cadre checks,
and every view by someone other than the person is logged (DESIGN.md §5; province art. 20–21).
"""
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin

from . import selectors, services
from .choices import ENTRY_KINDS, FILE_ACCESS_CHANNEL_LABELS, RECORD_EVENT_LABELS, RecordKind, RecordStatus
from .forms_file import CadreCheckForm, FileAccessFilterSet, MyFileFilterSet
from .models import CadreCheck, CivilServant, CreditRecord, FileAccess, RecordEvent
from .views_public import detail_rows

PAGE_SIZE = 50
FILE_PAGE_SIZE = 50  # records a page of one's own file
ACCESS_PAGE_SIZE = 20
ACTION_LABELS = RECORD_EVENT_LABELS


# --- the shared read of a personal file -------------------------------------------------

def with_history(records, user):
    """``records`` with their provider and the change history ``user`` may read (``.history``)."""
    return records.select_related("provider").prefetch_related(Prefetch(
        "events", to_attr="history", queryset=selectors.record_events_for(user),
    ))


def file_rows(records) -> list[CreditRecord]:
    """The records (from ``with_history``) with what the file shows: labels, detail rows, labelled history."""
    rows = list(records)
    labels = {name: _choice_labels(name) for name in LABELLED_FIELDS}
    # A repair application awaiting the office: 申请信用修复 is not offered again (it led to a 409 page).
    pending = set(CreditRecord.objects.filter(pk__in=[r.pk for r in rows], repairs__state="submitted")
                  .values_list("pk", flat=True)) if rows else set()
    for record in rows:
        record.detail_rows = detail_rows(record)
        record.repair_pending = record.pk in pending
        # get_<field>_display() rebuilds and hashes the whole choice list (every label translated) on each
        # call: for a file of 500 records that was most of the page's time (issue 10).
        for name, by_value in labels.items():
            value = getattr(record, name)
            setattr(record, f"{name}_label", by_value.get(value, value))
        for event in record.history:
            event.action_label = ACTION_LABELS.get(event.action, event.action)
            event.changed_fields = _changed_field_labels(event) if event.action == "correct" else []
            event.from_label, event.to_label = _status_label(event.from_status), _status_label(event.to_status)
    return rows


def split_file(rows) -> dict:
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

class FileSummary:
    """What a whole file holds, from one grouped query: counts by kind and status, what is published now and
    the open objections. It also counts the rows a filter keeps, so the file's pages need no COUNT query."""

    def __init__(self, records):
        self.groups = list(records.order_by().values_list("kind", "status", "objection_open")
                           .annotate(n=Count("pk")))
        labels = {name: _choice_labels(name) for name in ("kind", "status")}
        self.total = self.count()
        self.records_total, self.entries_total = self.count(entries=False), self.count(entries=True)
        self.published = self.count(status=RecordStatus.PUBLISHED)
        self.objections_open = self.count(objection_open=True)
        self.by_kind = [{"kind": kind, "label": labels["kind"].get(kind, kind), "total": self.count(kind=kind),
                         "published": self.count(kind=kind, status=RecordStatus.PUBLISHED)}
                        for kind in RecordKind.values if self.count(kind=kind)]
        self.by_status = [{"status": status, "label": labels["status"].get(status, status),
                           "total": self.count(status=status)}
                          for status in RecordStatus.values if self.count(status=status)]

    def count(self, kind=None, status=None, objection_open=None, entries=None) -> int:
        """Records matching every condition given (``entries``: file entries, or the other kinds)."""
        return sum(n for k, s, o, n in self.groups
                   if (kind is None or k == kind) and (status is None or s == status)
                   and (objection_open is None or o == objection_open)
                   and (entries is None or (k in ENTRY_KINDS) == entries))


def file_page(request, records, user) -> dict:
    """One page of a person's file (``records``: its non-draft records ``user`` may see) for the file pages: the
    summary of all of it, the filter, ``FILE_PAGE_SIZE`` records newest first with their history, and the totals
    the filter keeps. Four queries whatever the size of the file: the summary, the page, the events, their actors
    (a ``?record=`` link adds its count)."""
    summary = FileSummary(records)
    filterset = MyFileFilterSet(request.GET or None, queryset=records)
    paginator = Paginator(with_history(filterset.qs, user), FILE_PAGE_SIZE)
    cleaned = filterset.form.cleaned_data if filterset.is_bound else {}
    kept = {name: cleaned[name] for name in ("kind", "status", "objection_open")
            if cleaned.get(name) not in (None, "")}
    by_record = cleaned.get("record") is not None
    if not by_record:  # the summary has counted what the filter keeps; one record's id needs the database
        paginator.count = summary.count(**kept)
    page = paginator.get_page(request.GET.get("page"))
    file = split_file(file_rows(page.object_list))
    totals = ({"records_total": len(file["records"]), "entries_total": len(file["entries"])} if by_record else
              {"records_total": summary.count(**kept, entries=False),
               "entries_total": summary.count(**kept, entries=True)})
    return {"summary": summary, "filter": filterset, "page_obj": page, **file, **totals}


class MyFileView(RoleRequiredMixin, TemplateView):
    """The person's own file: a summary of all of it, then its records newest first, ``FILE_PAGE_SIZE`` a page
    (each with its change history), and who looked at it.

    A constant number of queries whatever the size of the file: the servant, the summary (one grouped query),
    the page of records, their history, and the page of the access log with its count."""

    allowed_roles = {Role.CIVIL_SERVANT}
    template_name = "records/file_my_file.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        servant = CivilServant.objects.select_related("unit").filter(pk=user.civil_servant_id).first()
        if servant is None:
            raise Http404
        records = CreditRecord.objects.filter(civil_servant=servant).exclude(status=RecordStatus.DRAFT)
        accesses = (FileAccess.objects.filter(civil_servant=servant)
                    .select_related("viewer", "viewer__unit", "cadre_check"))
        access_page = Paginator(accesses, ACCESS_PAGE_SIZE).get_page(self.request.GET.get("access_page"))
        for access in access_page.object_list:
            access.channel_label = FILE_ACCESS_CHANNEL_LABELS.get(access.channel, access.channel)
        return {
            **super().get_context_data(**kwargs),
            "servant": servant,
            "shown_id": servant.id_number_for(user),
            **file_page(self.request, records, user),
            "access_page": access_page,
        }


# --- cadre checks --------------------------------------------------------------------------

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
        # ?servant=<pk> (the link on a servant's page) preselects the person when it names one the reviewer may see
        raw = self.request.GET.get("servant", "")
        servant = (CivilServant.objects.visible_to(self.request.user).filter(pk=int(raw)).first()
                   if raw.isascii() and raw.isdigit() and len(raw) < 10 else None)
        return {"civil_servant": servant}

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
        check = get_object_or_404(selectors.open_cadre_checks(user).select_related("civil_servant__unit"),
                                  pk=kwargs["pk"])
        servant = check.civil_servant
        records = (CreditRecord.objects.visible_to(user).filter(civil_servant=servant)
                   .exclude(status=RecordStatus.DRAFT))
        file = file_page(self.request, records, user)  # paged like the person's own file (issue 18)
        shown = file["records"] + file["entries"]
        # Each page opened is a look at the file: logged once under the check, whatever the page shows.
        if not selectors.log_personal_views(viewer=user, records=shown, channel="html", cadre_check=check):
            services.file_access_log(viewer=user, servant_ids=[servant.pk], channel="html", cadre_check=check,
                                     purpose=f"{check.get_purpose_display()}：{check.purpose_note}")
        return {**super().get_context_data(**kwargs), "check": check, "servant": servant,
                "shown_id": servant.id_number_for(user), **file}


class CadreServantFileView(RoleRequiredMixin, TemplateView):
    """A person's file by person: the reviewer's newest open check on them, or 404."""

    allowed_roles = {Role.CADRE_REVIEWER}

    def get(self, request, *args, **kwargs):
        check = (selectors.open_cadre_checks(request.user).filter(civil_servant_id=kwargs["servant_pk"])
                 .order_by("-created_at").first())
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
            access.channel_label = FILE_ACCESS_CHANNEL_LABELS.get(access.channel, access.channel)
            access.shown_id = access.civil_servant.id_number_for(self.request.user)
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page}
