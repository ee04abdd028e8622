"""The public home page and the staff workspace's start page (one per role)."""
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Role
from decisions.selectors import decisions_overdue
from notifications.selectors import notice_list
from records.choices import RecordStatus
from records.models import CivilServant, CreditRecord, Unit
from workdays.services import policy_text

from .access import role_required
from .todo import inboxes_for, soonest


def home(request):
    return render(request, "home.html")


def _start_page(user, counts: dict[str, int]) -> dict:
    """What is due and what is new, for the user's role."""
    cards, quick_links = [], []
    if user.is_office:
        role_label = str(Role.CREDIT_OFFICE.label)
        cards = [
            {"title": _("在册单位"), "value": Unit.objects.active().count(), "hint": _("存续单位数"),
             "url": reverse("records:unit_list")},
            {"title": _("公务员"), "value": CivilServant.objects.count(), "hint": _("在册人数"),
             "url": reverse("records:servant_list")},
            {"title": _("已逾期事项"), "value": counts.get("overdue", 0),
             "hint": _("超过办理时限"), "url": reverse("workspace-todo") + "#overdue"},
            {"title": _("双公示逾期未公示"), "value": decisions_overdue().count(),
             "hint": _("超过%(period)s仍未公示的决定") % {"period": policy_text("dual_publication_reporting")},
             "url": reverse("decisions:quality")},
        ]
        quick_links = [
            {"title": _("信用记录"), "url": reverse("records:record_list")},
            {"title": _("档案查阅记录"), "url": reverse("records:file_access_list")},
            {"title": _("异议总览"), "url": reverse("objections:office_overview")},
            {"title": _("单位名录"), "url": reverse("records:unit_list")},
            {"title": _("新增单位"), "url": reverse("records:unit_create")},
            {"title": _("工作日历"), "url": reverse("workdays:calendar-years")},
            {"title": _("时限政策"), "url": reverse("workdays:policies")},
            {"title": _("管理后台"), "url": reverse("admin:index")},
        ]
    elif user.has_role(Role.CLERK):
        role_label = str(Role.CLERK.label) + (_("（单位主要负责人）") if user.is_unit_head else "")
        unit = user.unit
        provided = CreditRecord.objects.filter(provider=unit)
        cards = [
            {"title": _("本单位"), "value": unit.name if unit else "—", "hint": "",
             "url": reverse("records:unit_detail", args=[unit.pk]) if unit else ""},
            {"title": _("本单位公务员"), "value": CivilServant.objects.filter(unit=unit).count() if unit else 0,
             "hint": "", "url": reverse("records:servant_list")},
            {"title": _("待发布草稿"), "value": provided.filter(status=RecordStatus.DRAFT).count(),
             "hint": _("本单位录入未发布的记录"), "url": reverse("records:record_list") + "?status=draft"},
            # the department's 双公示 drafts, the same count as the to-do inbox (overdue ones are marked there)
            {"title": _("待公示的双公示决定"), "value": counts.get("decisions", 0),
             "hint": _("自决定之日起%(period)s内公示") % {"period": policy_text("dual_publication_reporting")},
             "url": reverse("decisions:list") + "?status=draft"},
        ]
        quick_links = [
            {"title": _("录入记录"), "url": reverse("records:record_create")},
            {"title": _("Excel 导入"), "url": reverse("records:import_upload")},
            {"title": _("信用记录"), "url": reverse("records:record_list")},
            {"title": _("本单位公务员"), "url": reverse("records:servant_list")},
            {"title": _("登记公务员"), "url": reverse("records:servant_create")},
        ]
    elif user.has_role(Role.SUPERVISOR):
        role_label = str(Role.SUPERVISOR.label)
        units = Unit.objects.visible_to(user)
        cards = [{"title": _("监督范围内单位"), "value": units.count(), "hint": "", "url": reverse("records:unit_list")}]
        quick_links = [{"title": _("单位名录"), "url": reverse("records:unit_list")},
                       {"title": _("信用记录"), "url": reverse("records:record_list")}]
    elif user.has_role(Role.CADRE_REVIEWER):
        role_label = str(Role.CADRE_REVIEWER.label)
        quick_links = [{"title": _("发起任前审查"), "url": reverse("records:cadre_check_create")},
                       {"title": _("我的审查"), "url": reverse("records:cadre_check_list")}]
    elif user.has_role(Role.CIVIL_SERVANT):
        role_label = str(Role.CIVIL_SERVANT.label)
        if user.civil_servant_id:
            quick_links = [{"title": _("我的诚信档案"), "url": reverse("records:my_file")},
                           {"title": _("我的信息"), "url": reverse("records:servant_detail", args=[user.civil_servant_id])}]
    elif user.has_role(Role.API_CLIENT):
        role_label = str(Role.API_CLIENT.label)
        quick_links = [{"title": _("接口文档"), "url": reverse("api-docs")}]
    else:
        role_label = _("未分配角色")
    return {"role_label": role_label, "cards": cards, "quick_links": quick_links}


@role_required(*Role.values)
def workspace_home(request):
    """The role's start page: its work (every inbox, soonest due first) and what is new. The leadership reads
    the evaluation dashboard, so that is where a leader starts."""
    user = request.user
    if user.has_role(Role.LEADER) and not (user.is_superuser or user.is_office):
        return redirect("evaluation:dashboard")
    inboxes = inboxes_for(user)
    context = _start_page(user, {inbox.key: inbox.count for inbox in inboxes})
    context.update(inboxes=[inbox for inbox in inboxes if inbox.count], todo=soonest(inboxes),
                   todo_total=sum(inbox.count for inbox in inboxes), notices=list(notice_list(user=user)[:5]))
    return render(request, "workspace/home.html", context)


@role_required(*Role.values)
def workspace_todo(request):
    """Every open item of every inbox of the user, inbox by inbox."""
    inboxes = inboxes_for(request.user)
    return render(request, "workspace/todo.html", {"inboxes": inboxes})
