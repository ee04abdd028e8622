from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView, TemplateView

from accounts.choices import Role
from integrity_portal.access import RoleRequiredMixin, user_may
from integrity_portal.paging import ListPaginator

from . import reports, selectors, services
from .filtersets import CivilServantFilterSet, UnitFilterSet
from .forms import CivilServantForm, UnitForm
from .models import CivilServant, Unit

DIRECTORY_READERS = {Role.CREDIT_OFFICE, Role.LEADER, Role.CLERK, Role.SUPERVISOR, Role.CADRE_REVIEWER}


def openable_unit_ids(user, unit_ids) -> set[int]:
    """Which of ``unit_ids`` the viewer may open (a page links only to what the viewer may follow)."""
    if not user_may(user, DIRECTORY_READERS):
        return set()
    wanted = {pk for pk in unit_ids if pk}
    return set(Unit.objects.visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True)) if wanted else set()


def _open_cadre_check(user, servant):
    if not user.has_role(Role.CADRE_REVIEWER):
        return None
    return selectors.open_cadre_checks(user).filter(civil_servant=servant).order_by("-expires_at").first()


class UnitListView(RoleRequiredMixin, TemplateView):
    allowed_roles = DIRECTORY_READERS
    template_name = "records/unit_list.html"

    def get_context_data(self, **kwargs):
        qs = Unit.objects.visible_to(self.request.user).select_related("superior", "successor")
        filterset = UnitFilterSet(self.request.GET or None, queryset=qs)
        page = ListPaginator(filterset.qs, 50).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page}


class UnitDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = DIRECTORY_READERS
    template_name = "records/unit_detail.html"

    def get_context_data(self, **kwargs):
        unit = get_object_or_404(
            Unit.objects.visible_to(self.request.user).select_related(
                "superior", "discipline_unit", "audit_unit", "successor"
            ),
            pk=kwargs["pk"],
        )
        predecessors = list(unit.predecessors.all())
        return {
            **super().get_context_data(**kwargs),
            "unit": unit,
            "predecessors": predecessors,
            "openable_units": openable_unit_ids(self.request.user, [
                unit.superior_id, unit.discipline_unit_id, unit.audit_unit_id, unit.successor_id,
                *(p.pk for p in predecessors)]),
            "head_terms": unit.head_terms.order_by("-start"),
            "servant_count": unit.civil_servants.count(),
            "can_edit": self.request.user.is_office,
            "report_url": reverse("reports:unit", args=[unit.pk]),  # a unit's report is public (clause 5)
        }


class ServiceFormView(RoleRequiredMixin, FormView):
    """A form whose save goes through a service; model errors come back as field errors."""

    def form_valid(self, form):
        try:
            obj = self.save(form)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
            return self.form_invalid(form)
        return redirect(self.success_url_for(obj))


class UnitFormView(ServiceFormView):
    allowed_roles = {Role.CREDIT_OFFICE}
    template_name = "records/unit_form.html"
    form_class = UnitForm

    def get_object(self):
        if "pk" in self.kwargs:
            return get_object_or_404(Unit.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object()}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.get_object()}

    def save(self, form):
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        unit = self.get_object()
        if unit is None:
            return services.unit_create(actor=self.request.user, **fields)
        return services.unit_update(unit=unit, actor=self.request.user, **fields)

    def success_url_for(self, obj):
        return reverse("records:unit_detail", args=[obj.pk])


class ServantListView(RoleRequiredMixin, TemplateView):
    allowed_roles = DIRECTORY_READERS
    template_name = "records/servant_list.html"

    def get_context_data(self, **kwargs):
        qs = CivilServant.objects.visible_to(self.request.user).select_related("unit")
        filterset = CivilServantFilterSet(self.request.GET or None, queryset=qs)
        page = ListPaginator(filterset.qs, 50).get_page(self.request.GET.get("page"))
        for servant in page.object_list:
            servant.shown_id = servant.id_number_for(self.request.user)
        return {**super().get_context_data(**kwargs), "filter": filterset, "page_obj": page,
                "can_create": self.request.user.has_role(Role.CREDIT_OFFICE, Role.CLERK)}


class ServantDetailView(RoleRequiredMixin, TemplateView):
    allowed_roles = DIRECTORY_READERS | {Role.CIVIL_SERVANT}
    template_name = "records/servant_detail.html"

    def get_context_data(self, **kwargs):
        servant = get_object_or_404(
            CivilServant.objects.visible_to(self.request.user).select_related("unit"), pk=kwargs["pk"]
        )
        user = self.request.user
        servant.shown_id = servant.id_number_for(user)
        return {
            **super().get_context_data(**kwargs),
            "servant": servant,
            "shown_id": servant.id_number_for(user),
            "may_list_servants": user_may(user, DIRECTORY_READERS),
            "openable_units": openable_unit_ids(user, [servant.unit_id]),
            "postings": servant.postings.select_related("unit").order_by("-start"),
            "can_edit": user.has_role(Role.CREDIT_OFFICE) or (user.has_role(Role.CLERK) and user.unit_id == servant.unit_id),
            # A reviewer with an open check of this person reads the file under it (a second check would only
            # tell the person twice); otherwise the page offers to start one.
            "open_cadre_check": _open_cadre_check(user, servant),
            "can_start_cadre_check": user.has_role(Role.CADRE_REVIEWER),
            "report_url": reverse("reports:servant", args=[servant.pk])
            if reports.reportable_servants(user).filter(pk=servant.pk).exists() else None,
        }


class ServantFormView(ServiceFormView):
    allowed_roles = {Role.CREDIT_OFFICE, Role.CLERK}
    template_name = "records/servant_form.html"
    form_class = CivilServantForm

    def get_object(self):
        if "pk" in self.kwargs:
            return get_object_or_404(CivilServant.objects.visible_to(self.request.user), pk=self.kwargs["pk"])
        return None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_object(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "object": self.get_object()}

    def save(self, form):
        data = form.cleaned_data
        fields = {name: data[name] for name in ("name", "id_number", "post", "rank", "status")}
        servant = self.get_object()
        if servant is None:
            return services.servant_create(actor=self.request.user, unit=data["unit"], start=data.get("start"), **fields)
        return services.servant_update(servant=servant, actor=self.request.user, **fields)

    def success_url_for(self, obj):
        return reverse("records:servant_detail", args=[obj.pk])
