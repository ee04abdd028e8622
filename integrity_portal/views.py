"""The public home page and the staff workspace's start page (one per role)."""
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Role
from notifications.selectors import notice_list
from records.models import CivilServant, Unit

from .access import role_required


def home(request):
    return render(request, "home.html")


def _open_clocks():
    from workdays.selectors import clock_list_open

    return clock_list_open()


def _start_page(user) -> dict:
    """What is due and what is new, for the user's role."""
    cards, quick_links, due_clocks = [], [], []
    if user.is_office:
        role_label = str(Role.CREDIT_OFFICE.label)
        clocks = _open_clocks()
        cards = [
            {"title": _("在册单位"), "value": Unit.objects.active().count(), "hint": _("存续单位数"),
             "url": reverse("records:unit_list")},
            {"title": _("公务员"), "value": CivilServant.objects.count(), "hint": _("在册人数"),
             "url": reverse("records:servant_list")},
            {"title": _("已逾期事项"), "value": clocks.filter(state__in=["overdue", "very_overdue"]).count(),
             "hint": _("超过办理时限"), "url": ""},
        ]
        due_clocks = list(clocks[:10])
        quick_links = [
            {"title": _("单位名录"), "url": reverse("records:unit_list")},
            {"title": _("新增单位"), "url": reverse("records:unit_create")},
            {"title": _("工作日历"), "url": reverse("workdays:calendar-years")},
            {"title": _("时限政策"), "url": reverse("workdays:policies")},
            {"title": _("管理后台"), "url": reverse("admin:index")},
        ]
    elif user.has_role(Role.LEADER):
        role_label = str(Role.LEADER.label)
        clocks = _open_clocks()
        cards = [
            {"title": _("在册单位"), "value": Unit.objects.active().count(), "hint": "", "url": reverse("records:unit_list")},
            {"title": _("已逾期事项"), "value": clocks.filter(state__in=["overdue", "very_overdue"]).count(),
             "hint": _("超过办理时限"), "url": ""},
        ]
        due_clocks = list(clocks.filter(state__in=["overdue", "very_overdue"])[:10])
        quick_links = [{"title": _("工作日历"), "url": reverse("workdays:calendar-years")}]
    elif user.has_role(Role.CLERK):
        role_label = str(Role.CLERK.label) + (_("（单位主要负责人）") if user.is_unit_head else "")
        unit = user.unit
        cards = [
            {"title": _("本单位"), "value": unit.name if unit else "—", "hint": "",
             "url": reverse("records:unit_detail", args=[unit.pk]) if unit else ""},
            {"title": _("本单位公务员"), "value": CivilServant.objects.filter(unit=unit).count() if unit else 0,
             "hint": "", "url": reverse("records:servant_list")},
        ]
        quick_links = [
            {"title": _("本单位公务员"), "url": reverse("records:servant_list")},
            {"title": _("登记公务员"), "url": reverse("records:servant_create")},
        ]
    elif user.has_role(Role.SUPERVISOR):
        role_label = str(Role.SUPERVISOR.label)
        units = Unit.objects.visible_to(user)
        cards = [{"title": _("监督范围内单位"), "value": units.count(), "hint": "", "url": reverse("records:unit_list")}]
        quick_links = [{"title": _("单位名录"), "url": reverse("records:unit_list")}]
    elif user.has_role(Role.CADRE_REVIEWER):
        role_label = str(Role.CADRE_REVIEWER.label)
        quick_links = [{"title": _("公务员查询"), "url": reverse("records:servant_list")}]
    elif user.has_role(Role.CIVIL_SERVANT):
        role_label = str(Role.CIVIL_SERVANT.label)
        if user.civil_servant_id:
            quick_links = [{"title": _("我的信息"), "url": reverse("records:servant_detail", args=[user.civil_servant_id])}]
    elif user.has_role(Role.API_CLIENT):
        role_label = str(Role.API_CLIENT.label)
        quick_links = [{"title": _("接口文档"), "url": reverse("api-docs")}]
    else:
        role_label = _("未分配角色")
    return {"role_label": role_label, "cards": cards, "quick_links": quick_links, "due_clocks": due_clocks}


@role_required(*Role.values)
def workspace_home(request):
    context = _start_page(request.user)
    context["notices"] = list(notice_list(user=request.user)[:5])
    return render(request, "workspace/home.html", context)
