"""The office's account pages (issue 16 finding 1): list with search, create, change role / unit / unit-head flag,
deactivate (never delete) and unlock a locked-out login. Credit office (and a superuser) only; an account outside
``accounts_manageable_by`` (a superuser's, an office colleague's for the office) is 404. Every change goes through
``accounts.services`` and writes its audit row. Mounted by ``accounts.urls_accounts`` (namespace ``useraccounts``)
under /workspace/.
"""
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from integrity_portal.access import role_required

from . import lockout, services
from .choices import Role
from .forms_accounts import AccountCreateForm, AccountFilterSet, AccountRoleForm, AddressUnlockForm, ReasonForm
from .models import AuditEntry, ConfigurationChange

PAGE_SIZE = 50
VIA = "workspace"


def _account(request, pk):
    return get_object_or_404(services.accounts_manageable_by(request.user).select_related("unit", "civil_servant"),
                             pk=pk)


def _add_errors(form, exc: ValidationError) -> None:
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in pairs:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


def _role_initial(account) -> dict:
    roles = [role for role in Role if role.value in account.roles]
    return {"role": roles[0].value if roles else "", "unit": account.unit_id,
            "civil_servant": account.civil_servant_id, "is_unit_head": account.is_unit_head}


@require_GET
@role_required(Role.CREDIT_OFFICE)
def account_list(request):
    queryset = (services.accounts_manageable_by(request.user).select_related("unit", "civil_servant")
                .prefetch_related("groups").order_by("username"))
    filterset = AccountFilterSet(request.GET or None, queryset=queryset)
    rows = filterset.qs.distinct() if filterset.is_bound and filterset.is_valid() else queryset
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    locked = {pair["username"] for pair in lockout.locked_pairs()}
    for account in page.object_list:
        account.is_locked = account.username in locked
        account.__dict__["roles"] = {group.name for group in account.groups.all()}  # from the prefetch
    return render(request, "accounts/account_list.html", {"filter": filterset, "page_obj": page})


@require_http_methods(["GET", "POST"])
@role_required(Role.CREDIT_OFFICE)
def account_create(request):
    form = AccountCreateForm(request.POST or None, actor=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = services.user_create(
                actor=request.user, username=data["username"], password=data["password1"], role=data["role"],
                full_name=data["full_name"], email=data["email"], unit=data["unit"],
                civil_servant=data["civil_servant"], is_unit_head=data["is_unit_head"], reason=data["reason"],
                via=VIA)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("useraccounts:detail", account.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/account_form.html", {"form": form}, status=status)


def _detail(request, account, *, role_form=None, active_form=None, unlock_form=None, status=200):
    history = ConfigurationChange.objects.filter(table="accounts.User", object_id=str(account.pk)) \
        .select_related("actor").order_by("-at", "-id")[:20]
    events = AuditEntry.objects.filter(content_type__app_label="accounts", content_type__model="user",
                                       object_id=str(account.pk)).select_related("actor").order_by("-at", "-id")[:20]
    return render(request, "accounts/account_detail.html", {
        "account": account,
        "role_form": role_form or AccountRoleForm(initial=_role_initial(account), actor=request.user),
        "active_form": active_form or ReasonForm(prefix="active"),
        "unlock_form": unlock_form or ReasonForm(prefix="unlock"),
        "locks": [pair for pair in lockout.locked_pairs() if pair["username"] == account.username],
        "history": history, "events": events,
    }, status=status)


@require_GET
@role_required(Role.CREDIT_OFFICE)
def account_detail(request, pk):
    return _detail(request, _account(request, pk))


@require_POST
@role_required(Role.CREDIT_OFFICE)
def account_role(request, pk):
    account = _account(request, pk)
    form = AccountRoleForm(request.POST, actor=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.user_role_assign(user=account, role=data["role"], unit=data["unit"],
                                      civil_servant=data["civil_servant"], is_unit_head=data["is_unit_head"],
                                      actor=request.user, reason=data["reason"], via=VIA)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("useraccounts:detail", account.pk)
    return _detail(request, account, role_form=form, status=400)


@require_POST
@role_required(Role.CREDIT_OFFICE)
def account_active(request, pk):
    account = _account(request, pk)
    form = ReasonForm(request.POST, prefix="active")
    if form.is_valid():
        try:
            services.user_active_set(user=account, active=not account.is_active, actor=request.user,
                                     reason=form.cleaned_data["reason"], via=VIA)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            return redirect("useraccounts:detail", account.pk)
    return _detail(request, account, active_form=form, status=400)


@require_POST
@role_required(Role.CREDIT_OFFICE)
def account_unlock(request, pk):
    account = _account(request, pk)
    form = ReasonForm(request.POST, prefix="unlock")
    if form.is_valid():
        services.login_unlock(user=account, actor=request.user, reason=form.cleaned_data["reason"])
        return redirect("useraccounts:detail", account.pk)
    return _detail(request, account, unlock_form=form, status=400)


@require_http_methods(["GET", "POST"])
@role_required(Role.CREDIT_OFFICE)
def lockout_list(request):
    form = AddressUnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.login_address_unlock(ip_address=form.cleaned_data["ip_address"], actor=request.user,
                                      reason=form.cleaned_data["reason"])
        return redirect("useraccounts:lockouts")
    return render(request, "accounts/lockout_list.html", {
        "form": form, "pairs": lockout.locked_pairs(), "addresses": lockout.locked_addresses(),
    }, status=400 if request.method == "POST" else 200)
