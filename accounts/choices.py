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
