"""Credit reports (信用报告, seed clause 5): each issued report is kept with its verification code."""
import hashlib
import json
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..choices import SubjectType
from .directory import CivilServant, Unit

# Crockford's base32: no I, L, O, U — nothing to misread on paper.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 20 symbols × 5 bits = 100 bits of randomness (at least 80 are required)
CODE_GROUP = 4
_MISREAD = str.maketrans({"I": "1", "L": "1", "O": "0", "U": "V"})


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value: str) -> str:
    """What a reader typed (any case, hyphens, spaces, O for 0) → the stored form; '' when malformed."""
    code = "".join((value or "").split()).replace("-", "").upper().translate(_MISREAD)
    if len(code) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in code):
        return ""
    return code


def content_digest(content: dict) -> str:
    """SHA-256 of the report's content in canonical JSON: printed on the report, shown by /verify/."""
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CreditReport(models.Model):
    """One issued credit report of a civil servant or a unit.

    ``content`` is what the report says, frozen when it was issued (a person's ID number only
    masked); ``content_hash`` is its digest. ``/verify/<code>/`` answers from this row without
    any personal data: genuine or not, of what kind, when, and the digest.
    """

    subject_type = models.CharField(_("主体类型"), max_length=10, choices=SubjectType.choices)
    civil_servant = models.ForeignKey(
        CivilServant, verbose_name=_("公务员"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="credit_reports",
    )
    subject_unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="credit_reports",
    )
    code = models.CharField(_("验证码"), max_length=CODE_LENGTH, unique=True, default=new_verification_code,
                            editable=False)
    issued_at = models.DateTimeField(_("出具时间"), default=timezone.now, editable=False)
    issued_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("出具给"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", help_text=_("留空表示公众查询出具的单位信用报告。"),
    )
    purpose = models.CharField(_("用途"), max_length=200, blank=True)
    content = models.JSONField(_("报告内容"), editable=False)
    content_hash = models.CharField(_("内容摘要（SHA-256）"), max_length=64, editable=False)

    class Meta:
        verbose_name = _("信用报告")
        verbose_name_plural = _("信用报告")
        ordering = ["-issued_at", "-id"]
        indexes = [
            models.Index(fields=["civil_servant", "issued_at"], name="report_servant_idx"),
            models.Index(fields=["subject_unit", "issued_at"], name="report_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="report_subject_matches_type",
                condition=(Q(subject_type="person", civil_servant__isnull=False, subject_unit__isnull=True)
                           | Q(subject_type="unit", subject_unit__isnull=False, civil_servant__isnull=True)),
                violation_error_message=_("主体类型与主体不一致。"),
            ),
        ]

    def __str__(self):
        if self.subject_type == SubjectType.PERSON:
            return gettext("公务员信用报告 %(code)s") % {"code": self.display_code}
        return gettext("单位信用报告 %(code)s") % {"code": self.display_code}

    @property
    def display_code(self) -> str:
        return "-".join(self.code[i:i + CODE_GROUP] for i in range(0, len(self.code), CODE_GROUP))

    @property
    def is_personal(self) -> bool:
        return self.subject_type == SubjectType.PERSON

    def content_intact(self) -> bool:
        return content_digest(self.content) == self.content_hash


class CreditCheckLog(models.Model):
    """One credit check of a unit (clause 5): who asked, for what purpose and about which matter, and what was
    answered (the facts the decision relied on). Written by ``records.credit_checks.credit_check_perform``."""

    at = models.DateTimeField(_("查询时间"), auto_now_add=True, db_index=True)
    caller = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("查询方"), on_delete=models.PROTECT,
                               related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("被查询单位"), on_delete=models.PROTECT, related_name="credit_checks")
    code = models.CharField(_("统一社会信用代码"), max_length=18)
    purpose = models.CharField(_("查询用途"), max_length=200)
    matter = models.CharField(_("所涉事项"), max_length=200)
    answer = models.JSONField(_("答复要点"), default=dict)

    class Meta:
        verbose_name = _("信用核查记录")
        verbose_name_plural = _("信用核查记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["unit", "at"], name="credit_check_unit_idx")]
        constraints = [
            models.CheckConstraint(name="credit_check_purpose_and_matter",
                                   condition=~Q(purpose="") & ~Q(matter=""),
                                   violation_error_message=_("须说明查询用途和所涉事项。")),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.unit} {self.purpose}"
