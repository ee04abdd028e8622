"""The unit directory and civil servants (the credit records join them in a later issue)."""
import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from integrity_portal.pg import trigram_index

from ..choices import Rank, ServantStatus, UnitKind, UnitStatus
from ..validators import mask_resident_id, validate_resident_id, validate_uscc

ALL_UNITS_ROLES = {Role.CREDIT_OFFICE, Role.LEADER, Role.CADRE_REVIEWER}


class UnitQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(*ALL_UNITS_ROLES):
            return self.all()
        scope = Q(pk__in=[])
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(pk=user.unit_id)
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= supervised_by(user.unit_id, prefix="")
        if user.civil_servant_id and user.has_role(Role.CIVIL_SERVANT):
            scope |= Q(civil_servants__pk=user.civil_servant_id)
        return self.filter(scope).distinct()

    def active(self):
        return self.filter(status=UnitStatus.ACTIVE)


def supervised_by(unit_id: int, prefix: str = "") -> Q:
    """Units a supervisor unit watches (clause 4): itself and those it disciplines, audits or is superior to."""
    return (
        Q(**{f"{prefix}pk": unit_id})
        | Q(**{f"{prefix}discipline_unit_id": unit_id})
        | Q(**{f"{prefix}audit_unit_id": unit_id})
        | Q(**{f"{prefix}superior_id": unit_id})
    )


class Unit(models.Model):
    name = models.CharField(_("单位名称"), max_length=100)
    code = models.CharField(
        _("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc],
        help_text=_("18 位，按 GB 32100 校验。"),
    )
    kind = models.CharField(_("单位类别"), max_length=20, choices=UnitKind.choices)
    superior = models.ForeignKey(
        "self", verbose_name=_("上级主管部门"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="subordinates",
    )
    discipline_unit = models.ForeignKey(
        "self", verbose_name=_("纪检监察单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="disciplined_units",
    )
    audit_unit = models.ForeignKey(
        "self", verbose_name=_("审计单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="audited_units",
    )
    status = models.CharField(_("状态"), max_length=20, choices=UnitStatus.choices, default=UnitStatus.ACTIVE)
    successor = models.ForeignKey(
        "self", verbose_name=_("承继单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="predecessors",
        help_text=_("机构改革中合并或更名后承继其记录、承诺与时限的单位。"),
    )
    succeeded_on = models.DateField(_("承继日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["kind", "name", "id"]  # id: pages in a stable order (two units may share a name)
        indexes = [
            models.Index(fields=["kind", "name"], name="unit_kind_name_idx"),
            models.Index(fields=["status"], name="unit_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="unit_successor_only_when_succeeded",
                condition=Q(successor__isnull=True) | ~Q(status="active"),
                violation_error_message=_("只有已合并、更名或撤销的单位才有承继单位。"),
            ),
            models.CheckConstraint(
                name="unit_not_own_successor",
                condition=~Q(successor=models.F("pk")),
                violation_error_message=_("单位不能承继自身。"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        self.code = (self.code or "").replace(" ", "").replace("-", "").upper()

    def current_successor(self) -> "Unit":
        """Follow the succession chain to the unit that answers for this one today."""
        unit, seen = self, {self.pk}
        while unit.successor_id and unit.successor_id not in seen:
            seen.add(unit.successor_id)
            unit = unit.successor
        return unit

    def head_on(self, day: datetime.date) -> "UnitHeadTerm | None":
        """The main responsible person in office on ``day`` (accountability, clause 6)."""
        return (
            self.head_terms.filter(Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day)))
            .order_by("-start").first()
        )


class UnitHeadTerm(models.Model):
    """Who was the unit's main responsible person, from when to when."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="head_terms")
    person_name = models.CharField(_("姓名"), max_length=50)
    civil_servant = models.ForeignKey(
        "CivilServant", verbose_name=_("对应公务员"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="head_terms",
    )
    title = models.CharField(_("职务"), max_length=50, blank=True)
    start = models.DateField(_("任职起"))
    end = models.DateField(_("任职止"), null=True, blank=True)

    class Meta:
        verbose_name = _("主要负责人任职")
        verbose_name_plural = _("主要负责人任职")
        ordering = ["unit", "-start"]
        constraints = [
            models.CheckConstraint(
                name="head_term_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                violation_error_message=_("任职止日期不能早于任职起日期。"),
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(end__isnull=True), name="head_term_one_open_per_unit",
                violation_error_message=_("一个单位同时只能有一名在任主要负责人。"),
            ),
        ]

    def __str__(self):
        return f"{self.unit} {self.person_name} {self.start}–{self.end or ''}"


class CivilServantQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(*ALL_UNITS_ROLES):
            return self.all()
        scope = Q(pk__in=[])
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(unit_id=user.unit_id)
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= supervised_by(user.unit_id, prefix="unit__")
        if user.civil_servant_id and user.has_role(Role.CIVIL_SERVANT):
            scope |= Q(pk=user.civil_servant_id)
        return self.filter(scope)


class CivilServant(models.Model):
    """A 公务员. One file for life: the file follows the person from unit to unit."""

    name = models.CharField(_("姓名"), max_length=50)
    id_number = models.CharField(
        _("公民身份号码"), max_length=18, unique=True, validators=[validate_resident_id],
        help_text=_("18 位，按 GB 11643 校验；除本人和区信用办外一律脱敏显示。"),
    )
    unit = models.ForeignKey(Unit, verbose_name=_("现任单位"), on_delete=models.PROTECT, related_name="civil_servants")
    post = models.CharField(_("职务"), max_length=100, blank=True)
    rank = models.CharField(_("职级"), max_length=20, choices=Rank.choices, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=ServantStatus.choices, default=ServantStatus.SERVING)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CivilServantQuerySet.as_manager()

    class Meta:
        verbose_name = _("公务员")
        verbose_name_plural = _("公务员")
        ordering = ["unit", "name", "id"]  # id: namesakes page in a stable order
        indexes = [models.Index(fields=["unit", "status"], name="servant_unit_status_idx"),
                   models.Index(fields=["rank", "unit", "name"], name="servant_rank_idx"),
                   trigram_index("name", name="servant_name_trgm_idx")]

    def __str__(self):
        return gettext("%(name)s（%(id_number)s）") % {"name": self.name, "id_number": self.masked_id_number}

    def clean(self):
        self.id_number = (self.id_number or "").replace(" ", "").upper()

    @property
    def masked_id_number(self) -> str:
        return mask_resident_id(self.id_number)

    def id_number_for(self, user) -> str:
        """Full ID only to the person and the credit office (DESIGN.md §3)."""
        if user is not None and user.is_authenticated and (
            user.is_office or getattr(user, "civil_servant_id", None) == self.pk
        ):
            return self.id_number
        return self.masked_id_number


class Posting(models.Model):
    """A period in a unit: the transfer history of a civil servant."""

    civil_servant = models.ForeignKey(CivilServant, verbose_name=_("公务员"), on_delete=models.PROTECT, related_name="postings")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="postings")
    post = models.CharField(_("职务"), max_length=100, blank=True)
    start = models.DateField(_("起"))
    end = models.DateField(_("止"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("任职经历")
        verbose_name_plural = _("任职经历")
        ordering = ["civil_servant", "-start"]
        constraints = [
            models.UniqueConstraint(
                fields=["civil_servant"], condition=Q(end__isnull=True), name="posting_one_open_per_servant",
                violation_error_message=_("一名公务员同时只能有一段在任经历。"),
            ),
            models.CheckConstraint(
                name="posting_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                violation_error_message=_("止日期不能早于起日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.civil_servant.name} @ {self.unit} {self.start}–{self.end or ''}"
