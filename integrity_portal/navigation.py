"""The staff navigation: which sections each role sees (one table, used by every page)."""
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role

OFFICE, CLERK, LEADER, SUPERVISOR = Role.CREDIT_OFFICE, Role.CLERK, Role.LEADER, Role.SUPERVISOR
CADRE, SERVANT = Role.CADRE_REVIEWER, Role.CIVIL_SERVANT
STAFF = {OFFICE, CLERK, LEADER, SUPERVISOR, CADRE}

PERSONAL = {"records:my_file", "reports:mine"}  # only for a user linked to a civil servant

# (label, url name, roles that see it)
STAFF_NAV = [
    (_("我的诚信档案"), "records:my_file", {SERVANT}),
    (_("我的信用报告"), "reports:mine", {SERVANT}),
    (_("信用记录"), "records:record_list", {OFFICE, CLERK, LEADER, SUPERVISOR}),
    (_("异议处理"), "objections:objection_list", {OFFICE, CLERK, SERVANT, SUPERVISOR}),
    (_("信用修复"), "objections:repair_list", {OFFICE, CLERK, SERVANT}),
    (_("双公示"), "decisions:list", {OFFICE, CLERK, SUPERVISOR}),
    (_("双公示质量"), "decisions:quality", {OFFICE, CLERK}),
    (_("政务承诺"), "commitments:list", {OFFICE, CLERK, LEADER}),
    (_("纠纷线索"), "disputes:workspace_list", {OFFICE, CLERK}),
    (_("考核评价"), "evaluation:workspace_home", {OFFICE, CLERK, LEADER}),
    (_("整改案件"), "punishment:case_list", {OFFICE, CLERK, LEADER, SUPERVISOR}),
    (_("限制措施"), "punishment:flag_list", {OFFICE, LEADER}),
    (_("零存量零增量"), "punishment:zero_status", {OFFICE, LEADER}),
    (_("法院失信名单"), "punishment:court_upload", {OFFICE}),
    (_("发件箱"), "outbox:list", {OFFICE}),
    (_("防篡改链"), "ledger:status", {OFFICE}),
    (_("账户管理"), "useraccounts:list", {OFFICE}),
    (_("配置变更记录"), "configuration:changes", {OFFICE, SUPERVISOR}),
    (_("任前审查"), "records:cadre_check_list", {CADRE}),
    (_("单位名录"), "records:unit_list", {OFFICE, CLERK, LEADER, SUPERVISOR}),
    (_("公务员"), "records:servant_list", STAFF),
    (_("档案查阅记录"), "records:file_access_list", {OFFICE}),
    (_("工作日历"), "workdays:calendar-years", {OFFICE, LEADER}),
    (_("时限政策"), "workdays:policies", STAFF),
]


def staff_nav(user) -> list[dict]:
    """The sections ``user`` may open, skipping any whose app is not installed yet."""
    items = []
    for label, name, roles in STAFF_NAV:
        if not (user.is_superuser or user.roles & roles):
            continue
        if name in PERSONAL and not user.civil_servant_id:
            continue
        try:
            items.append({"label": label, "url": reverse(name)})
        except NoReverseMatch:
            continue
    return items
