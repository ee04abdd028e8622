"""双公示: administrative decisions of the district's departments on 行政相对人 (DESIGN.md §2 clause 7, §5).

A ``Subject`` is whoever a decision concerns (an enterprise, an 个体工商户, another organisation or a
natural person), one row per code. A ``Decision`` is one version of one department's decision; the
same document number from the same department is a new version of the earlier one (``previous``),
and the earlier version stays, replaced, as history. Nothing here is ever deleted.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import TransitionRow, state_fields
from integrity_portal.pg import trigram_index
from records.models import Unit
from records.models.directory import supervised_by

from .choices import (
    Act,
    CheckChannel,
    DecisionStatus,
    IdType,
    LicenceCategory,
    PenaltySeverity,
    SubjectCategory,
    ValidityStatus,
)

#: Legacy codes of a subject (代码_2 … 代码_6 of the standard), each unique when filled.
LEGACY_CODES = ("registration_number", "organisation_code", "tax_number", "institution_number", "social_org_number")
#: What anyone but the department's clerks sees of a decision: never drafts.
SHOWN = (DecisionStatus.PUBLISHED, DecisionStatus.REVOKED, DecisionStatus.REPAIRED, DecisionStatus.EXPIRED)


def _filled(name: str) -> Q:
    return ~Q(**{name: ""})


class Subject(models.Model):
    """行政相对人: one row per code, so a company's page gathers its decisions from every department."""

    category = models.CharField(_("行政相对人类别"), max_length=24, choices=SubjectCategory.choices)
    name = models.CharField(_("行政相对人名称"), max_length=200)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    registration_number = models.CharField(_("工商注册号"), max_length=50, blank=True)
    organisation_code = models.CharField(_("组织机构代码"), max_length=50, blank=True)
    tax_number = models.CharField(_("税务登记号"), max_length=50, blank=True)
    institution_number = models.CharField(_("事业单位证书号"), max_length=50, blank=True)
    social_org_number = models.CharField(_("社会组织登记证号"), max_length=50, blank=True)
    id_type = models.CharField(_("证件类型"), max_length=24, choices=IdType.choices, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=50, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("行政相对人")
        verbose_name_plural = _("行政相对人")
        ordering = ["name", "id"]
        indexes = [trigram_index("name", name="subject_name_trgm_idx")]
        constraints = [
            models.UniqueConstraint(fields=["uscc"], condition=_filled("uscc"), name="subject_uscc_unique",
                                    violation_error_message=_("该统一社会信用代码已登记。")),
            models.UniqueConstraint(fields=["id_type", "id_number"], condition=_filled("id_number"),
                                    name="subject_person_id_unique",
                                    violation_error_message=_("该证件已登记。")),
            *[models.UniqueConstraint(fields=[code], condition=_filled(code), name=f"subject_{code}_unique")
              for code in LEGACY_CODES],
            models.CheckConstraint(
                name="subject_person_has_id_not_uscc",
                condition=(Q(category=SubjectCategory.NATURAL_PERSON) & _filled("id_number") & Q(uscc=""))
                | (~Q(category=SubjectCategory.NATURAL_PERSON) & Q(id_number="")),
                violation_error_message=_("自然人以证件号码登记，不填统一社会信用代码；法人、个体工商户不登记个人证件号码。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def code(self) -> str:
        """The code the subject is known by: the USCC, else the first legacy code (never an ID number)."""
        return self.uscc or next((getattr(self, c) for c in LEGACY_CODES if getattr(self, c)), "")


class DecisionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The department's clerks see their decisions (drafts too); the office all; supervisors in scope."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        scope = Q(pk__in=[])
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(department_id__in=answered_for(user.unit_id))
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= Q(status__in=SHOWN) & supervised_by(user.unit_id, prefix="department__")
        return self.filter(scope)

    def writable_by(self, user):
        """What a user may change: the decisions of their department (and of the units that passed to it)."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.unit_id and user.has_role(Role.CLERK):
            return self.filter(department_id__in=answered_for(user.unit_id))
        return self.none()

    def public(self, today=None):
        """What the public sees today: published under the rules, the latest published version, in its window."""
        today = today or timezone.localdate()
        return self.filter(
            status=DecisionStatus.PUBLISHED, disclosed=True, replaced_at__isnull=True, publication_starts__lte=today,
        ).filter(Q(publication_ends__isnull=True) | Q(publication_ends__gte=today)).exclude(
            act=Act.LICENCE, validity_status=ValidityStatus.INVALID)


def answered_for(unit_id: int) -> list[int]:
    from records.models.credit import _units_answered_for

    return _units_answered_for(unit_id)


class Decision(models.Model):
    """One version of an administrative decision, with the national standard's fields (DESIGN.md §5)."""

    act = models.CharField(_("决定类别"), max_length=16, choices=Act.choices)
    department = models.ForeignKey(Unit, verbose_name=_("决定机关"), on_delete=models.PROTECT,
                                   related_name="decisions", help_text=_("处罚机关、许可机关：信息提供单位。"))
    source_unit = models.ForeignKey(Unit, verbose_name=_("数据来源单位"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    subject = models.ForeignKey(Subject, verbose_name=_("行政相对人"), on_delete=models.PROTECT,
                                related_name="decisions")
    # the subject as the decision names it (names change; the register keeps the latest)
    subject_category = models.CharField(_("行政相对人类别"), max_length=24, choices=SubjectCategory.choices)
    subject_name = models.CharField(_("行政相对人名称"), max_length=200)
    legal_representative = models.CharField(_("法定代表人"), max_length=100, blank=True)
    representative_id_type = models.CharField(_("法定代表人证件类型"), max_length=24, choices=IdType.choices,
                                              blank=True)
    representative_id_number = models.CharField(_("法定代表人证件号码"), max_length=50, blank=True)
    # the document
    document_name = models.CharField(_("决定文书名称"), max_length=200, blank=True)
    document_number = models.CharField(_("决定文书号"), max_length=100)
    decision_date = models.DateField(_("决定日期"))
    content = models.TextField(_("决定内容"), help_text=_("处罚内容、许可内容或决定内容。"))
    legal_basis = models.TextField(_("依据"), blank=True)
    validity_status = models.CharField(_("当前状态"), max_length=8, choices=ValidityStatus.choices,
                                       default=ValidityStatus.VALID)
    note = models.TextField(_("备注"), blank=True)
    # 行政处罚
    violation_type = models.CharField(_("违法行为类型"), max_length=200, blank=True)
    violation_facts = models.TextField(_("违法事实"), blank=True)
    penalty_categories = models.JSONField(_("处罚类别"), default=list, blank=True)
    severity = models.CharField(_("失信程度"), max_length=8, choices=PenaltySeverity.choices, blank=True)
    fine_amount = models.DecimalField(_("罚款金额（万元）"), max_digits=14, decimal_places=6, null=True, blank=True)
    confiscated_amount = models.DecimalField(_("没收违法所得、没收非法财物的金额（万元）"), max_digits=14,
                                             decimal_places=6, null=True, blank=True)
    licence_suspended = models.CharField(_("暂扣或吊销证照名称及编号"), max_length=200, blank=True)
    penalty_valid_until = models.DateField(_("处罚有效期"), null=True, blank=True)
    # 行政许可
    licence_category = models.CharField(_("许可类别"), max_length=16, choices=LicenceCategory.choices, blank=True)
    certificate_name = models.CharField(_("许可证书名称"), max_length=200, blank=True)
    certificate_number = models.CharField(_("许可编号"), max_length=100, blank=True)
    valid_from = models.DateField(_("有效期自"), null=True, blank=True)
    valid_to = models.DateField(_("有效期至"), null=True, blank=True)
    # life
    version = models.PositiveIntegerField(_("版本"), default=1)
    previous = models.OneToOneField("self", verbose_name=_("上一版本"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="next_version")
    replaced_at = models.DateTimeField(_("被新版本替代时间"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    published_on_time = models.BooleanField(_("按期报送"), null=True, blank=True,
                                            help_text=_("自决定日期起在时限规则“双公示信息报送期限”内公示。"))
    disclosed = models.BooleanField(_("向社会公示"), null=True, blank=True,
                                    help_text=_("按公示规则是否向社会公开；否则仅报送、不公开。"))
    not_disclosed_reason = models.CharField(_("不予公示理由"), max_length=200, blank=True)
    publication_starts = models.DateField(_("公示起"), null=True, blank=True)
    publication_ends = models.DateField(_("公示截止期"), null=True, blank=True)
    repairable_from = models.DateField(_("可申请信用修复日"), null=True, blank=True,
                                       help_text=_("最短公示期届满后，行政相对人可申请提前结束公示。"))
    completeness = models.DecimalField(_("完整度"), max_digits=5, decimal_places=4, default=0,
                                       help_text=_("选填标准字段已填写的比例。"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政决定（双公示）")
        verbose_name_plural = _("行政决定（双公示）")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["department", "status"], name="decision_dept_status_idx"),
            models.Index(fields=["act", "status", "decision_date"], name="decision_act_status_date_idx"),
            models.Index(fields=["subject", "status"], name="decision_subject_status_idx"),
            models.Index(fields=["status", "publication_ends"], name="decision_status_ends_idx"),
            models.Index(fields=["department", "decision_date"], name="decision_dept_date_idx"),
            trigram_index("subject_name", name="decision_subjname_trgm_idx"),
            trigram_index("document_number", name="decision_docno_trgm_idx"),
            # The lists' order (newest first), and the public list's rows only (issue 18).
            models.Index(fields=["-decision_date", "-id"], name="decision_order_idx"),
            models.Index(fields=["-decision_date", "-id"], name="decision_public_order_idx",
                         condition=Q(status=DecisionStatus.PUBLISHED, disclosed=True, replaced_at__isnull=True)),
            # The public list filtered by act, in its order; the window's columns included, so its count (no
            # order) is an index-only scan, not a table scan through 400,000 licences to the first penalties.
            models.Index(fields=["act", "-decision_date", "-id"], name="decision_public_act_order_idx",
                         include=["publication_starts", "publication_ends", "validity_status"],
                         condition=Q(status=DecisionStatus.PUBLISHED, disclosed=True, replaced_at__isnull=True)),
        ]
        constraints = [
            models.UniqueConstraint(fields=["department", "document_number", "version"],
                                    name="decision_docno_version_unique",
                                    violation_error_message=_("同一机关同一文书号的该版本已存在。")),
            models.CheckConstraint(
                name="decision_valid_to_after_from",
                condition=Q(valid_to__isnull=True) | Q(valid_from__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                violation_error_message=_("有效期至不能早于有效期自。")),
            models.CheckConstraint(
                name="decision_publication_ends_after_start",
                condition=Q(publication_ends__isnull=True) | Q(publication_starts__isnull=True)
                | Q(publication_ends__gte=models.F("publication_starts")),
                violation_error_message=_("公示截止期不能早于公示起。")),
            models.CheckConstraint(
                name="decision_amounts_not_negative",
                condition=(Q(fine_amount__isnull=True) | Q(fine_amount__gte=0))
                & (Q(confiscated_amount__isnull=True) | Q(confiscated_amount__gte=0)),
                violation_error_message=_("金额不能为负数。")),
        ]

    def __str__(self):
        return gettext("%(act)s %(number)s：%(subject)s") % {
            "act": self.get_act_display(), "number": self.document_number, "subject": self.subject_name}

    def get_absolute_url(self):
        return reverse("decisions:detail", args=[self.pk])

    @property
    def is_latest(self) -> bool:
        return not hasattr(self, "next_version") or self.next_version is None


class DecisionTransition(TransitionRow):
    """Every state change of a decision (from, to, actor, reason)."""

    subject_field = "decision"
    decision = models.ForeignKey(Decision, verbose_name=_("行政决定"), on_delete=models.PROTECT,
                                 related_name="transitions")
    from_state, to_state = state_fields(DecisionStatus, 12)

    class Meta:
        verbose_name = _("行政决定状态变更")
        verbose_name_plural = _("行政决定状态变更")
        ordering = ["decision", "at", "id"]


class DecisionCheck(models.Model):
    """The outcome of the checks the first time a department submitted a row (合规率).

    One row per (department, act, document number): later submissions of the same row count in
    ``attempts`` but never change ``passed``. Written by forms, the API and the import alike, also
    when the submission was refused (that is the point: 合规率 measures first-time quality).
    """

    department = models.ForeignKey(Unit, verbose_name=_("报送单位"), on_delete=models.PROTECT, related_name="+")
    act = models.CharField(_("决定类别"), max_length=16, choices=Act.choices)
    document_number = models.CharField(_("决定文书号"), max_length=100)
    first_checked_on = models.DateField(_("首次报送日"))
    passed = models.BooleanField(_("首次报送即通过全部校验"))
    errors = models.JSONField(_("首次报送的问题"), default=dict, blank=True)
    channel = models.CharField(_("报送方式"), max_length=8, choices=CheckChannel.choices)
    attempts = models.PositiveIntegerField(_("报送次数"), default=1)

    class Meta:
        verbose_name = _("双公示数据校验")
        verbose_name_plural = _("双公示数据校验")
        ordering = ["-first_checked_on", "id"]
        constraints = [models.UniqueConstraint(fields=["department", "act", "document_number"],
                                               name="decision_check_once_per_row")]
        # The admin lists every checked row in this order (1M rows at city scale: a sort of the table, 0.35 s,
        # without it).
        indexes = [models.Index(fields=["-first_checked_on", "id"], name="decision_check_order_idx")]

    def __str__(self):
        if self.passed:
            return gettext("%(number)s：通过") % {"number": self.document_number}
        return gettext("%(number)s：未通过") % {"number": self.document_number}
from .import_jobs import DecisionImportJob, ImportJobStatus  # noqa: E402,F401  (decisions-io)
