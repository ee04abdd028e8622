"""Credit records (dishonesty records, licences and file entries), their versions and history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from integrity_portal.pg import trigram_index

from ..choices import (
    PUBLIC_KINDS,
    RECORD_EVENT_LABELS,
    REPAIRABLE_KINDS,
    AssessmentGrade,
    CadreCheckPurpose,
    EventAudience,
    Punishment,
    RecordKind,
    RecordStatus,
    SanctionType,
    Severity,
    SubjectType,
)
from ..uploads import StoredFile, stored_name
from .directory import CivilServant, Unit, supervised_by

IN_FORCE = (RecordStatus.PUBLISHED,)
# Statuses the subject and authorised staff see (drafts stay with the provider).
SHOWN = (RecordStatus.PUBLISHED, RecordStatus.REVOKED, RecordStatus.REPAIRED, RecordStatus.EXPIRED)


class CreditRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who sees which record (DESIGN.md §1, §5: personal records are never public)."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        scope = Q(pk__in=[])
        shown = Q(status__in=SHOWN)
        if user.has_role(Role.LEADER):
            scope |= shown & Q(subject_type=SubjectType.UNIT)
        if user.unit_id and user.has_role(Role.CLERK):
            scope |= Q(provider_id=user.unit_id)
            scope |= shown & Q(subject_unit_id=user.unit_id)
        if user.unit_id and user.has_role(Role.SUPERVISOR):
            scope |= shown & Q(subject_type=SubjectType.UNIT) & supervised_by(user.unit_id, prefix="subject_unit__")
        scope |= shown & Q(subject_type=SubjectType.PERSON) & person_file_scope(user, prefix="civil_servant__")
        return self.filter(scope)

    def writable_by(self, user):
        """Records the user may change: those their unit provides (the office: all)."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        if user.unit_id and user.has_role(Role.CLERK):
            # A unit merged into another: its successor answers for what it provided.
            return self.filter(provider_id__in=_units_answered_for(user.unit_id))
        return self.none()

    def public(self, today=None):
        """Institutional records the public may see today (clause 7)."""
        today = today or timezone.localdate()
        return self.filter(
            subject_type=SubjectType.UNIT, kind__in=PUBLIC_KINDS, status=RecordStatus.PUBLISHED,
            window_start__lte=today,
        ).filter(Q(window_end__isnull=True) | Q(window_end__gte=today)).exclude(severity=Severity.MINOR)


def person_file_scope(user, *, prefix: str = "") -> Q:
    """The people whose personal file (their shown records) ``user`` may read, as a condition on
    ``CivilServant`` (``prefix`` reaches it from another model): the person, authorised staff of their unit,
    supervisors in scope, a cadre reviewer during a check, the office (DESIGN.md §5). Leaders: nobody."""
    if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
        return Q()
    scope = Q(**{f"{prefix}pk__in": []})
    if user.unit_id and user.has_role(Role.CLERK):
        scope |= Q(**{f"{prefix}unit_id": user.unit_id})
    if user.unit_id and user.has_role(Role.SUPERVISOR):
        scope |= supervised_by(user.unit_id, prefix=f"{prefix}unit__")
    if user.civil_servant_id and user.has_role(Role.CIVIL_SERVANT):
        scope |= Q(**{f"{prefix}pk": user.civil_servant_id})
    if user.has_role(Role.CADRE_REVIEWER):
        open_checks = CadreCheck.objects.filter(reviewer=user, expires_at__gt=timezone.now())
        scope |= Q(**{f"{prefix}pk__in": open_checks.values("civil_servant_id")})
    return scope


def _units_answered_for(unit_id: int) -> list[int]:
    """The unit itself and every unit that passed to it in a reform (its predecessors, transitively)."""
    ids, frontier = {unit_id}, [unit_id]
    while frontier:
        frontier = list(Unit.objects.filter(successor_id__in=frontier).exclude(pk__in=ids).values_list("pk", flat=True))
        ids.update(frontier)
    return sorted(ids)


class CreditRecord(models.Model):
    """One record about a civil servant or a unit. Corrections make versions; never deleted."""

    subject_type = models.CharField(_("主体类型"), max_length=10, choices=SubjectType.choices)
    civil_servant = models.ForeignKey(
        CivilServant, verbose_name=_("公务员"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="credit_records",
    )
    subject_unit = models.ForeignKey(
        Unit, verbose_name=_("主体单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="credit_records",
    )
    kind = models.CharField(_("记录类别"), max_length=32, choices=RecordKind.choices)
    severity = models.CharField(_("失信程度"), max_length=10, choices=Severity.choices, blank=True)
    sanction_type = models.CharField(_("处分种类"), max_length=32, choices=SanctionType.choices, blank=True)
    assessment_grade = models.CharField(_("考核等次"), max_length=24, choices=AssessmentGrade.choices, blank=True)
    title = models.CharField(_("事由"), max_length=200)
    facts = models.TextField(_("事实与内容"), blank=True)
    legal_basis = models.TextField(_("依据"), blank=True)
    decision_body = models.CharField(_("作出决定机关"), max_length=100, blank=True)
    decision_number = models.CharField(_("决定文书号"), max_length=100, blank=True)
    decision_date = models.DateField(_("决定日期"))
    act_start = models.DateField(_("行为开始日期"), null=True, blank=True)
    act_end = models.DateField(_("行为终止日期"), null=True, blank=True)
    details = models.JSONField(_("专项字段"), default=dict, blank=True)
    provider = models.ForeignKey(
        Unit, verbose_name=_("信息提供单位"), on_delete=models.PROTECT, related_name="provided_records",
    )
    status = models.CharField(_("状态"), max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    version = models.PositiveIntegerField(_("版本"), default=1)
    objection_open = models.BooleanField(_("异议处理中"), default=False)
    # Set when the first objection to the record is filed, never cleared (objections are kept): the objection lists'
    # search finds the records objected to through their own part of the n-gram index (records 0021, issue 18).
    objected = models.BooleanField(_("曾提出异议"), default=False, db_default=False, editable=False)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_late = models.BooleanField(_("超期报送"), null=True, blank=True)
    window_start = models.DateField(_("公示起"), null=True, blank=True)
    window_end = models.DateField(_("公示止"), null=True, blank=True)
    effect_end = models.DateField(_("影响期止"), null=True, blank=True)
    decision_changed_on = models.DateField(_("原决定撤销或变更日期"), null=True, blank=True)
    repair_punishment = models.CharField(
        _("修复后惩戒措施"), max_length=12, choices=Punishment.choices, blank=True,
        help_text=_("信用修复决定：不变、从轻或免于惩戒；计分时按时限规则中的权重折算。"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = CreditRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("信用记录")
        verbose_name_plural = _("信用记录")
        ordering = ["-decision_date", "-id"]
        indexes = [
            models.Index(fields=["provider", "status"], name="record_provider_status_idx"),
            models.Index(fields=["kind", "status"], name="record_kind_status_idx"),
            models.Index(fields=["civil_servant", "status"], name="record_servant_status_idx"),
            models.Index(fields=["subject_unit", "status"], name="record_unit_status_idx"),
            models.Index(fields=["status", "window_end"], name="record_status_window_idx"),
            models.Index(fields=["decision_date"], name="record_decision_date_idx"),
            # The list's order within a unit, a provider, and the few records with an open objection (issue 18).
            models.Index(fields=["subject_unit", "-decision_date", "-id"], name="record_unit_order_idx"),
            models.Index(fields=["provider", "-decision_date", "-id"], name="record_provider_order_idx"),
            models.Index(fields=["-decision_date", "-id"], name="record_objection_open_idx",
                         condition=Q(objection_open=True)),
            # The public disclosure list's rows in its order (the window dates are checked on the way).
            models.Index(fields=["-decision_date", "-id"], name="record_public_order_idx",
                         condition=Q(subject_type=SubjectType.UNIT, kind__in=PUBLIC_KINDS,
                                     status=RecordStatus.PUBLISHED)),
            # The same rows (less the minor ones) by kind and window end: the public lists' count, a kind and the
            # defaulters are a range up from today. Rows past their window stay published until the nightly
            # records_expire turns them expired; the order index above walks through them, this one skips them.
            models.Index(fields=["kind", "window_end"], name="record_public_window_idx",
                         condition=Q(subject_type=SubjectType.UNIT, kind__in=PUBLIC_KINDS,
                                     status=RecordStatus.PUBLISHED) & ~Q(severity=Severity.MINOR)),
            # The list's q (事由或文书号) on PostgreSQL (integrity_portal/pg.py).
            trigram_index("title", name="record_title_trgm_idx"),
            trigram_index("decision_number", name="record_docno_trgm_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="record_subject_matches_type",
                condition=(Q(subject_type="person", civil_servant__isnull=False, subject_unit__isnull=True)
                           | Q(subject_type="unit", subject_unit__isnull=False, civil_servant__isnull=True)),
                violation_error_message=_("主体类型与主体不一致：公务员记录须指定公务员，单位记录须指定单位。"),
            ),
            models.CheckConstraint(
                name="record_act_end_after_start",
                condition=Q(act_end__isnull=True) | Q(act_start__isnull=True) | Q(act_end__gte=models.F("act_start")),
                violation_error_message=_("行为终止日期不能早于行为开始日期。"),
            ),
            models.CheckConstraint(
                name="record_window_end_after_start",
                condition=Q(window_end__isnull=True) | Q(window_start__isnull=True)
                | Q(window_end__gte=models.F("window_start")),
                violation_error_message=_("公示止日期不能早于公示起日期。"),
            ),
        ]

    def __str__(self):
        return gettext("%(kind)s：%(title)s") % {"kind": self.get_kind_display(), "title": self.title}

    def get_absolute_url(self):
        return reverse("records:record_detail", args=[self.pk])

    @property
    def subject(self):
        return self.civil_servant if self.subject_type == SubjectType.PERSON else self.subject_unit

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return subject.name if subject is not None else ""

    @property
    def repair_may_apply(self) -> bool:
        """Whether 申请信用修复 is offered: a published dishonesty record whose effect has not ended (never a
        neutral entry such as an assessment grade or training, nor a 失信被执行人 listing)."""
        return (self.status == RecordStatus.PUBLISHED and self.kind in REPAIRABLE_KINDS
                and (self.effect_end is None or self.effect_end >= timezone.localdate()))


class CreditRecordVersion(models.Model):
    """A full snapshot of a record at each publication and correction."""

    record = models.ForeignKey(CreditRecord, verbose_name=_("记录"), on_delete=models.PROTECT, related_name="versions")
    version = models.PositiveIntegerField(_("版本"))
    snapshot = models.JSONField(_("内容"))
    reason = models.TextField(_("更正理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("记录版本")
        verbose_name_plural = _("记录版本")
        ordering = ["record", "version"]
        constraints = [models.UniqueConstraint(fields=["record", "version"], name="record_version_unique")]

    def __str__(self):
        return f"#{self.record_id} v{self.version}"


# Who may read the objections or repair applications on which records: ``reader(user)`` returns a queryset of
# record ids. The objections app registers them (records does not depend on objections).
_objection_readers: dict = {}


def register_objection_readers(name: str, reader) -> None:
    _objection_readers[name] = reader


class RecordEventQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The history a user may read: events of records they see, each within its audience."""
        if not user or not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.has_role(Role.CREDIT_OFFICE):
            return self.all()
        provided = CreditRecord.objects.writable_by(user).values("pk")
        scope = Q(audience=EventAudience.RECORD_READERS) | Q(record__in=provided)
        for reader in _objection_readers.values():
            scope |= Q(audience=EventAudience.OBJECTION_READERS, record__in=reader(user))
        return self.filter(scope, record__in=CreditRecord.objects.visible_to(user).values("pk"))


class RecordEvent(models.Model):
    """Every transition and field change of a record: who, when, what, why, and who may read it."""

    record = models.ForeignKey(CreditRecord, verbose_name=_("记录"), on_delete=models.PROTECT, related_name="events")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("操作"), max_length=32)
    from_status = models.CharField(_("原状态"), max_length=16, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, blank=True)
    version = models.PositiveIntegerField(_("版本"))
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    audience = models.CharField(_("可见范围"), max_length=20, choices=EventAudience.choices,
                                default=EventAudience.RECORD_READERS)

    objects = RecordEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("记录变更历史")
        verbose_name_plural = _("记录变更历史")
        ordering = ["record", "at", "id"]

    def __str__(self):
        """By the action's name (更正), not its key (correct), at local time."""
        at = timezone.localtime(self.at) if self.at else None
        return f"#{self.record_id} {RECORD_EVENT_LABELS.get(self.action, self.action)} {at:%Y-%m-%d %H:%M}" if at \
            else f"#{self.record_id} {RECORD_EVENT_LABELS.get(self.action, self.action)}"


def attachment_path(instance, filename):
    return stored_name("evidence", instance, filename)


class Attachment(StoredFile):
    """Evidence for a record (type- and size-checked on upload)."""

    record = models.ForeignKey(CreditRecord, verbose_name=_("记录"), on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")
        ordering = ["record", "uploaded_at"]


class CadreCheck(models.Model):
    """A pre-appointment or assessment check of a named person's file (clause 1)."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审查人"), on_delete=models.PROTECT,
                                 related_name="cadre_checks")
    civil_servant = models.ForeignKey(CivilServant, verbose_name=_("被审查人"), on_delete=models.PROTECT,
                                      related_name="cadre_checks")
    purpose = models.CharField(_("审查目的"), max_length=20, choices=CadreCheckPurpose.choices)
    purpose_note = models.CharField(_("事由说明"), max_length=200)
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("查阅截止"))

    class Meta:
        verbose_name = _("任前审查")
        verbose_name_plural = _("任前审查")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["reviewer", "expires_at"], name="cadre_check_reviewer_idx")]

    def __str__(self):
        return gettext("%(purpose)s：%(name)s") % {"purpose": self.get_purpose_display(), "name": self.civil_servant.name}


class FileAccess(models.Model):
    """A view of a personal credit file by someone other than the person (province art. 21)."""

    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("查阅人"), on_delete=models.PROTECT,
                               related_name="+")
    civil_servant = models.ForeignKey(CivilServant, verbose_name=_("被查阅人"), on_delete=models.PROTECT,
                                      related_name="file_accesses")
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    purpose = models.CharField(_("用途"), max_length=200)
    channel = models.CharField(_("途径"), max_length=20)
    cadre_check = models.ForeignKey(CadreCheck, verbose_name=_("任前审查"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="accesses")

    class Meta:
        verbose_name = _("档案查阅记录")
        verbose_name_plural = _("档案查阅记录")
        ordering = ["-at"]
        indexes = [models.Index(fields=["civil_servant", "at"], name="file_access_servant_idx")]

    def __str__(self):
        return f"{self.viewer} → {self.civil_servant.name} {self.at:%Y-%m-%d %H:%M}"
