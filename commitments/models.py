"""Government commitments (政务承诺), their responsible officials, milestones, evidence, changes and breaches.

A commitment keeps the unit that made it (承诺人); after an institutional reform the unit's
successor answers for it: scope and the public unit page resolve the succession chain on read
(``units_answered_for``), so nothing has to move when ``records.services.unit_succeed`` runs.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import STAFF_ROLES, Role
from integrity_portal.pg import trigram_index, upper_index
from records.models import CivilServant, CreditRecord, Unit
from records.models.directory import supervised_by
from records.uploads import StoredFile, stored_name
from records.validators import mask_person_name, validate_uscc

from .choices import (
    ACTION_LABELS,
    IN_FORCE_STATUSES,
    ChangeKind,
    CommitmentKind,
    CommitmentStatus,
    CounterpartyType,
    LegalBasis,
    PppStage,
    PublicationType,
    ServiceArea,
)

WEIGHT_RANGE = [MinValueValidator(1), MaxValueValidator(100)]


def units_answered_for(unit_id: int) -> list[int]:
    """The unit and every unit that passed to it in a reform (its predecessors, transitively)."""
    ids, frontier = {unit_id}, [unit_id]
    while frontier:
        frontier = list(Unit.objects.filter(successor_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True))
        ids.update(frontier)
    return sorted(ids)


def is_staff_reader(user) -> bool:
    """Logged-in staff also see commitments published to a limited circle (特定范围公开)."""
    return bool(user and user.is_authenticated and (user.is_superuser or user.has_role(*STAFF_ROLES)))


class CommitmentQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=CommitmentStatus.DRAFT)

    def public(self):
        """What an anonymous visitor sees: published and open to the public."""
        return self.published().filter(publication_type=PublicationType.PUBLIC)

    def published_for(self, user):
        """The public site: public ones for everyone, limited ones for logged-in staff too."""
        if is_staff_reader(user):
            return self.published().filter(publication_type__in=[PublicationType.PUBLIC, PublicationType.LIMITED])
        return self.public()

    def visible_to(self, user):
        """The workspace scope: drafts and not-public commitments stay with their unit and the office."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        scope = Q(pk__in=[])
        if user.has_role(Role.LEADER):
            scope |= ~Q(status=CommitmentStatus.DRAFT)
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(unit_id__in=units_answered_for(user.unit_id))
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= ~Q(status=CommitmentStatus.DRAFT) & supervised_by(user.unit_id, prefix="unit__")
        return self.filter(scope)

    def readable_by(self, user):
        """The API's reads: the published ones the user may see on the public site, plus their scope."""
        if not user or not user.is_authenticated:
            return self.public()
        return self.filter(Q(pk__in=self.published_for(user).values("pk")) | Q(pk__in=self.visible_to(user).values("pk")))

    def writable_by(self, user):
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        if user.unit_id and user.has_role(Role.CLERK):
            return self.filter(unit_id__in=units_answered_for(user.unit_id))
        return self.none()


class Commitment(models.Model):
    """One government commitment, with the field set of the credit-commitment standard (DESIGN.md §5)."""

    code = models.CharField(_("承诺编码"), max_length=40, unique=True, blank=True,
                            help_text=_("留空则保存时自动生成。"))
    title = models.CharField(_("承诺名称"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("承诺人（承诺单位）"), on_delete=models.PROTECT,
                             related_name="commitments")
    kind = models.CharField(_("承诺类型"), max_length=32, choices=CommitmentKind.choices)
    service_area = models.CharField(_("公共服务领域"), max_length=32, choices=ServiceArea.choices, blank=True,
                                    help_text=_("仅镇（街道）公共服务承诺填写。"))
    reason = models.TextField(_("承诺事由"))
    content = models.TextField(_("承诺内容"))
    liability = models.TextField(_("违诺责任"))
    committed_on = models.DateField(_("承诺作出日期"))
    valid_until = models.DateField(_("有效期至"), null=True, blank=True, help_text=_("留空表示长期有效。"))
    amount = models.DecimalField(_("涉及金额（万元）"), max_digits=14, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    publication_type = models.CharField(_("公开类型"), max_length=16, choices=PublicationType.choices,
                                        default=PublicationType.PUBLIC)
    counterparty_name = models.CharField(_("承诺对象名称"), max_length=200, blank=True)
    counterparty_type = models.CharField(_("承诺对象类别"), max_length=24, choices=CounterpartyType.choices,
                                         blank=True)
    counterparty_code = models.CharField(_("承诺对象统一社会信用代码"), max_length=18, blank=True,
                                         validators=[validate_uscc], help_text=_("如填写，按 GB 32100 校验。"))
    accepting_unit = models.CharField(_("受理单位"), max_length=100, blank=True)
    parent = models.ForeignKey("self", verbose_name=_("所属承诺清单"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="children",
                               help_text=_("例如某街道年度公共服务承诺清单中的一项。"))
    weight = models.PositiveSmallIntegerField(_("在清单中的权重"), default=1, validators=WEIGHT_RANGE)
    status = models.CharField(_("履行状态"), max_length=20, choices=CommitmentStatus.choices,
                              default=CommitmentStatus.DRAFT)
    progress = models.DecimalField(_("履行进度（%）"), max_digits=5, decimal_places=2, default=0)
    unfulfilled_content = models.TextField(_("未履行内容"), blank=True)
    concluded_on = models.DateField(_("履行认定日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    public_updated_at = models.DateTimeField(_("最近公开变动时间"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("政务承诺")
        verbose_name_plural = _("政务承诺")
        ordering = ["-committed_on", "-id"]
        indexes = [
            models.Index(fields=["unit", "status"], name="commitment_unit_status_idx"),
            models.Index(fields=["status", "publication_type"], name="commitment_status_pub_idx"),
            models.Index(fields=["kind", "committed_on"], name="commitment_kind_date_idx"),
            # The lists' order (and the year filter, a date range on it), the other filters, and q (issue 10).
            models.Index(fields=["-committed_on", "-id"], name="commitment_order_idx"),
            models.Index(fields=["service_area", "committed_on"], name="commitment_area_date_idx"),
            models.Index(fields=["publication_type", "committed_on"], name="commitment_pubtype_date_idx"),
            upper_index("code", name="commitment_code_upper_idx"),
            trigram_index("title", name="commitment_title_trgm_idx"),
            trigram_index("content", name="commitment_content_trgm_idx"),
            trigram_index("counterparty_name", name="commitment_party_trgm_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="commitment_weight_range", condition=Q(weight__gte=1, weight__lte=100),
                violation_error_message=_("权重须在 1 到 100 之间。"),
            ),
            models.CheckConstraint(
                name="commitment_progress_range", condition=Q(progress__gte=0, progress__lte=100),
                violation_error_message=_("履行进度须在 0 到 100 之间。"),
            ),
            models.CheckConstraint(
                name="commitment_valid_after_made",
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("committed_on")),
                violation_error_message=_("有效期不能早于承诺作出日期。"),
            ),
            models.CheckConstraint(
                name="commitment_not_own_parent", condition=~Q(parent=models.F("pk")),
                violation_error_message=_("承诺不能属于自身。"),
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.title}"

    def clean(self):
        self.counterparty_code = (self.counterparty_code or "").replace(" ", "").upper()

    @property
    def is_in_force(self) -> bool:
        return self.status in IN_FORCE_STATUSES

    @property
    def is_public(self) -> bool:
        return self.status != CommitmentStatus.DRAFT and self.publication_type == PublicationType.PUBLIC

    @property
    def public_counterparty_name(self) -> str:
        """What the public sees: a natural person by surname only (issue 16); organisations by name."""
        if self.counterparty_type == CounterpartyType.NATURAL_PERSON:
            return mask_person_name(self.counterparty_name)
        return self.counterparty_name


class CommitmentEvent(models.Model):
    """Every transition and change of a commitment: who, when, what, why (the audit trail and timeline)."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("承诺"), on_delete=models.PROTECT,
                                   related_name="events")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    action = models.CharField(_("操作"), max_length=32)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("承诺变动记录")
        verbose_name_plural = _("承诺变动记录")
        ordering = ["commitment", "at", "id"]

    def __str__(self):
        return f"#{self.commitment_id} {ACTION_LABELS.get(self.action, self.action)} " \
            f"{timezone.localtime(self.at):%Y-%m-%d %H:%M}"


class ResponsibleOfficial(models.Model):
    """Who answered for a commitment (for PPP: per stage), from when to when — clause 13 traceback."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("承诺"), on_delete=models.PROTECT,
                                   related_name="officials")
    stage = models.CharField(_("项目阶段"), max_length=20, choices=PppStage.choices, blank=True,
                             help_text=_("PPP 项目按阶段分别明确政府方责任人；其他承诺留空。"))
    person_name = models.CharField(_("责任人姓名"), max_length=50)
    title = models.CharField(_("职务"), max_length=100, blank=True)
    civil_servant = models.ForeignKey(CivilServant, verbose_name=_("对应公务员"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="commitment_duties")
    start = models.DateField(_("负责起"))
    end = models.DateField(_("负责止"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("承诺责任人")
        verbose_name_plural = _("承诺责任人")
        ordering = ["commitment", "stage", "-start"]
        constraints = [
            models.CheckConstraint(
                name="official_end_after_start", condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                violation_error_message=_("负责止日期不能早于负责起日期。"),
            ),
            models.UniqueConstraint(
                fields=["commitment", "stage"], condition=Q(end__isnull=True), name="official_one_open_per_stage",
                violation_error_message=_("同一承诺（阶段）同时只能有一名在任责任人。"),
            ),
        ]

    def __str__(self):
        return f"{self.person_name} {self.start}–{self.end or ''}"


class Milestone(models.Model):
    """A step of fulfilment with a due date and a weight; done with evidence."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("承诺"), on_delete=models.PROTECT,
                                   related_name="milestones")
    title = models.CharField(_("节点名称"), max_length=200)
    due_date = models.DateField(_("计划完成日期"))
    weight = models.PositiveSmallIntegerField(_("权重"), default=1, validators=WEIGHT_RANGE,
                                              help_text=_("1–100，进度按已完成节点的权重占比计算。"))
    done_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    overdue = models.BooleanField(_("已逾期"), default=False)
    overdue_since = models.DateField(_("逾期起"), null=True, blank=True)
    note = models.TextField(_("完成情况说明"), blank=True)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("履行节点")
        verbose_name_plural = _("履行节点")
        ordering = ["commitment", "due_date", "id"]
        indexes = [models.Index(fields=["done_on", "due_date"], name="milestone_open_due_idx")]
        constraints = [
            models.CheckConstraint(
                name="milestone_weight_range", condition=Q(weight__gte=1, weight__lte=100),
                violation_error_message=_("权重须在 1 到 100 之间。"),
            ),
        ]

    def __str__(self):
        return gettext("%(title)s（%(due_date)s）") % {"title": self.title, "due_date": self.due_date}

    @property
    def done(self) -> bool:
        return self.done_on is not None


def evidence_path(instance, filename):
    return stored_name("commitments", instance, filename)


class Evidence(StoredFile):
    """A document proving a milestone was done (type- and size-checked on upload)."""

    milestone = models.ForeignKey(Milestone, verbose_name=_("履行节点"), on_delete=models.PROTECT,
                                  related_name="evidence")
    file = models.FileField(_("文件"), upload_to=evidence_path)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("履行证明材料")
        verbose_name_plural = _("履行证明材料")
        ordering = ["milestone", "uploaded_at"]


class CommitmentChange(models.Model):
    """A lawful change or termination (clause 9): legal basis, approval, compensation, new terms."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("承诺"), on_delete=models.PROTECT,
                                   related_name="changes")
    kind = models.CharField(_("类别"), max_length=16, choices=ChangeKind.choices)
    legal_basis = models.CharField(_("法定事由"), max_length=24, choices=LegalBasis.choices)
    legal_basis_text = models.TextField(_("事由及法律依据"))
    approved_by = models.CharField(_("批准机关"), max_length=100)
    approval_document = models.CharField(_("批准文件"), max_length=200, blank=True)
    approved_on = models.DateField(_("批准日期"))
    compensation = models.TextField(_("对相关主体财产损失的补偿决定"))
    compensation_amount = models.DecimalField(_("补偿金额（万元）"), max_digits=14, decimal_places=2, null=True,
                                              blank=True, validators=[MinValueValidator(0)])
    old_terms = models.TextField(_("原承诺内容"), blank=True)
    new_terms = models.TextField(_("变更后的承诺内容"), blank=True)
    old_valid_until = models.DateField(_("原有效期至"), null=True, blank=True)
    new_valid_until = models.DateField(_("变更后有效期至"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("承诺变更或终止")
        verbose_name_plural = _("承诺变更或终止")
        ordering = ["commitment", "approved_on", "id"]
        constraints = [
            models.CheckConstraint(
                name="change_compensation_not_negative",
                condition=Q(compensation_amount__isnull=True) | Q(compensation_amount__gte=0),
                violation_error_message=_("补偿金额不能为负数。"),
            ),
        ]

    def __str__(self):
        return gettext("%(kind)s：%(commitment)s") % {"kind": self.get_kind_display(), "commitment": self.commitment}


class Breach(models.Model):
    """A finding that a commitment was broken, and the draft dishonesty records it opened (clause 14)."""

    commitment = models.ForeignKey(Commitment, verbose_name=_("承诺"), on_delete=models.PROTECT,
                                   related_name="breaches")
    breached_on = models.DateField(_("违诺日期"))
    found_on = models.DateField(_("认定日期"))
    found_by = models.ForeignKey(Unit, verbose_name=_("认定单位"), on_delete=models.PROTECT, related_name="+")
    unfulfilled_content = models.TextField(_("未履行内容"))
    official = models.ForeignKey(ResponsibleOfficial, verbose_name=_("时任责任人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="breaches")
    official_name = models.CharField(_("时任责任人姓名"), max_length=50, blank=True)
    unit_record = models.ForeignKey(CreditRecord, verbose_name=_("单位失信记录"), on_delete=models.PROTECT,
                                    related_name="+")
    person_record = models.ForeignKey(CreditRecord, verbose_name=_("责任人失信记录"), null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("违诺认定")
        verbose_name_plural = _("违诺认定")
        ordering = ["commitment", "-found_on"]

    def __str__(self):
        return f"{self.commitment} {self.breached_on}"
