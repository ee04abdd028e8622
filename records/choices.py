from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("区政府部门")
    TOWN = "town", _("镇")
    STREET = "street", _("街道")
    INSTITUTION = "institution", _("事业单位")
    GRASSROOTS = "grassroots", _("群众性基层自治组织")


class UnitStatus(models.TextChoices):
    ACTIVE = "active", _("存续")
    MERGED = "merged", _("已合并")
    RENAMED = "renamed", _("已更名")
    DISSOLVED = "dissolved", _("已撤销")


class ServantStatus(models.TextChoices):
    SERVING = "serving", _("在职")
    SECONDED = "seconded", _("借调")
    RETIRED = "retired", _("退休")
    LEFT = "left", _("离职")


class Rank(models.TextChoices):
    """公务员职级 (公务员职务与职级并行规定), the ones a district uses."""

    CLERK_2 = "clerk_2", _("二级科员")
    CLERK_1 = "clerk_1", _("一级科员")
    SECTION_4 = "section_4", _("四级主任科员")
    SECTION_3 = "section_3", _("三级主任科员")
    SECTION_2 = "section_2", _("二级主任科员")
    SECTION_1 = "section_1", _("一级主任科员")
    RESEARCHER_4 = "researcher_4", _("四级调研员")
    RESEARCHER_3 = "researcher_3", _("三级调研员")
    DEPUTY_SECTION = "deputy_section", _("乡科级副职")
    SECTION_HEAD = "section_head", _("乡科级正职")
    DEPUTY_COUNTY = "deputy_county", _("县处级副职")
    COUNTY_HEAD = "county_head", _("县处级正职")
