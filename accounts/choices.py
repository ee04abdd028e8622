from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """Each role is a Django group of the same name (created by a data migration)."""

    CIVIL_SERVANT = "civil_servant", _("公务员")
    CLERK = "clerk", _("信息提供单位经办人")
    CREDIT_OFFICE = "credit_office", _("区信用办")
    LEADER = "leader", _("区领导")
    SUPERVISOR = "supervisor", _("监督单位（纪检监察/审计/上级主管）")
    CADRE_REVIEWER = "cadre_reviewer", _("组织人事部门审查人")
    API_CLIENT = "api_client", _("外部系统")


STAFF_ROLES = {Role.CLERK, Role.CREDIT_OFFICE, Role.LEADER, Role.SUPERVISOR, Role.CADRE_REVIEWER}


class ConfigAction(models.TextChoices):
    """What a configuration change did to its row."""

    CREATE = "create", _("新增")
    CHANGE = "change", _("修改")
    DELETE = "delete", _("删除")


#: What each audit row's ``action`` key means, as the account page and the admin show it. Every action the code
#: writes has one (tests/accounts/test_audit_action_labels.py reads the calls of ``audit_log``).
AUDIT_ACTION_LABELS = {
    "calendar_year_save": _("保存工作日历年度"),
    "clue_contact_erase": _("删除线索举报人联系方式"),
    "clue_link_commitment": _("线索关联政务承诺"),
    "evaluation_scheme_activate": _("启用考核方案"),
    "export": _("导出数据"),
    "login_address_unlock": _("解除登录地址锁定"),
    "login_unlock": _("解除账户登录锁定"),
    "outbox_resend": _("重新发送外发消息"),
    "periodic_task_run": _("立即运行定时任务"),
    "platform_forward": _("受理市平台转来的申请"),
    "policy_revise": _("修订时限规则"),
    "servant_create": _("新增公务员"),
    "servant_transfer": _("公务员调动"),
    "servant_update": _("修改公务员信息"),
    "unit_create": _("新增单位"),
    "unit_head_appoint": _("任命主要负责人"),
    "unit_succeed": _("单位撤并承继"),
    "unit_update": _("修改单位信息"),
    "user_password_set": _("设置用户密码"),
}
