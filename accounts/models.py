from functools import cached_property

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import AUDIT_ACTION_LABELS, ConfigAction, Role


class User(AbstractUser):
    """A portal user. Roles are groups; a user belongs to one unit or is one civil servant."""

    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    unit = models.ForeignKey(
        "records.Unit", verbose_name=_("所属单位"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="users",
        help_text=_("经办人、监督单位用户所在单位。"),
    )
    civil_servant = models.OneToOneField(
        "records.CivilServant", verbose_name=_("对应公务员"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="user",
    )
    is_unit_head = models.BooleanField(
        _("单位主要负责人"), default=False, help_text=_("经办人中的单位主要负责人，接收到期提醒。")
    )

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")
        constraints = [
            models.CheckConstraint(
                name="user_unit_or_servant_not_both",
                condition=models.Q(unit__isnull=True) | models.Q(civil_servant__isnull=True),
                violation_error_message=_("用户只能属于一个单位，或对应一名公务员，不能同时两者。"),
            ),
            models.CheckConstraint(
                name="user_unit_head_needs_unit",
                condition=models.Q(is_unit_head=False) | models.Q(unit__isnull=False),
                violation_error_message=_("单位主要负责人必须属于一个单位。"),
            ),
        ]

    def __str__(self):
        return self.full_name or self.username

    @cached_property
    def roles(self) -> set[str]:
        return set(self.groups.values_list("name", flat=True))

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_office(self) -> bool:
        return self.is_superuser or Role.CREDIT_OFFICE in self.roles

    @property
    def is_api_only(self) -> bool:
        """An account of another system (``api_client``): the API with a token, never the HTML site."""
        return not self.is_superuser and Role.API_CLIENT in self.roles

    @property
    def role_label(self) -> str:
        if self.is_superuser and not self.roles:
            return str(_("系统管理员"))
        labels = [str(role.label) for role in Role if role.value in self.roles]
        return "、".join(labels)

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


#: The fields whose values an audit row's from / to states are, the first one the audited model has.
AUDITED_STATE_FIELDS = ("status", "state")


class AuditEntry(models.Model):
    """One row per important change: who, when, what, why; from and to states."""

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    action = models.CharField(_("操作"), max_length=64)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, verbose_name=_("对象类型"))
    object_id = models.CharField(_("对象编号"), max_length=64)
    subject = GenericForeignKey("content_type", "object_id")
    from_state = models.CharField(_("原状态"), max_length=32, blank=True)
    to_state = models.CharField(_("新状态"), max_length=32, blank=True)
    changes = models.JSONField(_("变更内容"), default=dict, blank=True)
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="audit_subject_idx")]

    def __str__(self):
        return f"{self.subject_name} · {self.action_label}"

    @property
    def action_label(self) -> str:
        """The action by name (解除账户登录锁定), not by its key (login_unlock)."""
        return str(AUDIT_ACTION_LABELS.get(self.action, self.action))

    @property
    def subject_model(self) -> type[models.Model] | None:
        """The audited object's model; None when its model is gone."""
        return self.content_type.model_class()

    @property
    def subject_name(self) -> str:
        """The object by its type's name and number (考核方案 #2), not its model's key (scheme#2)."""
        model = self.subject_model
        kind = model._meta.verbose_name if model else f"{self.content_type.app_label}.{self.content_type.model}"
        return f"{kind} #{self.object_id}"

    def subject_field(self, name: str) -> models.Field | None:
        """The audited model's concrete field ``name`` (or of attname ``name``), if it has one."""
        model = self.subject_model
        if model is None:
            return None
        return next((f for f in model._meta.concrete_fields if name in (f.name, f.attname)), None)

    def state_label(self, key: str) -> str:
        """A state key by the label the object's state field gives it (已合并 for merged); the key when no field
        or choice names it. ``audit_log`` is given the object's ``status`` (units, servants, outbox messages) or
        ``state`` (clues, cases) value, whichever the model has."""
        for name in AUDITED_STATE_FIELDS:
            field = self.subject_field(name)
            if key and field is not None and field.choices:
                return str(dict(field.flatchoices).get(key, key))
        return key

    @property
    def from_state_label(self) -> str:
        return self.state_label(self.from_state)

    @property
    def to_state_label(self) -> str:
        return self.state_label(self.to_state)

    def change_rows(self) -> list[tuple[str, tuple[str, ...]]]:
        """``changes`` to read: ``(name, (old, new))`` for a changed value, ``(name, (value,))`` for a plain one.

        A key that is a field of the audited model is named by the field (承继单位 for ``successor``) and its
        values shown as the field shows them (a choice by its label, a related object by its name, a yes/no as
        是 / 否); any other key and value as stored. A list of the model's field names (the contact fields a
        retention run erased) reads as those fields' names."""
        rows = []
        for key, value in self.changes.items():
            field = self.subject_field(key)
            label = str(field.verbose_name) if field is not None else key
            if field is None and isinstance(value, list) and value \
                    and all(isinstance(v, str) and self.subject_field(v) for v in value):
                values = ("、".join(str(self.subject_field(v).verbose_name) for v in value),)
            elif isinstance(value, list) and len(value) == 2:
                values = tuple(self._shown_value(field, v) for v in value)
            else:
                values = (self._shown_value(field, value),)
            rows.append((label, values))
        return rows

    @staticmethod
    def _shown_value(field: models.Field | None, value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, bool):
            return gettext("是") if value else gettext("否")
        if field is not None and field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if field is not None and field.many_to_one and not isinstance(value, (list, dict)):
            try:
                related = field.related_model._base_manager.filter(pk=value).first()
            except (ValueError, TypeError, ValidationError):
                related = None
            return str(related) if related is not None else str(value)
        if isinstance(value, list):
            return "、".join(str(v) for v in value)
        return str(value)


class LedgerEntry(models.Model):
    """One link of the tamper-evident chain: a history row (a record version, a transition…) sealed once.

    ``content_hash`` is the SHA-256 of the row's canonical JSON; ``entry_hash`` chains it to the
    previous entry. Entries are only ever appended (``accounts.ledger.ledger_seal``).
    """

    sequence = models.PositiveBigIntegerField(_("序号"))
    table = models.CharField(_("数据表"), max_length=64)
    row_id = models.PositiveBigIntegerField(_("行编号"))
    content_hash = models.CharField(_("内容摘要（SHA-256）"), max_length=64)
    prev_hash = models.CharField(_("前一条链摘要"), max_length=64)
    entry_hash = models.CharField(_("链摘要"), max_length=64)
    sealed_at = models.DateTimeField(_("入链时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("防篡改链条目")
        verbose_name_plural = _("防篡改链条目")
        ordering = ["sequence"]
        constraints = [
            models.UniqueConstraint(fields=["sequence"], name="ledger_sequence_once"),
            models.UniqueConstraint(fields=["table", "row_id"], name="ledger_row_once"),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.table}:{self.row_id} {self.entry_hash[:12]}"


class ConfigurationChange(models.Model):
    """One change of a configuration or reference table (score inputs, weights, routing rules, policies, roles…).

    Written once by ``accounts.services.configuration_change_record`` in the transaction of the change, whoever
    made it (admin, workspace page, API, command), and sealed by the ledger. ``old`` and ``new`` hold only the
    fields that changed (every field on creation or deletion), as JSON.
    """

    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    table = models.CharField(_("配置表"), max_length=64, help_text=_("应用.模型，例如 evaluation.IndicatorWeight。"))
    object_id = models.CharField(_("对象编号"), max_length=64)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    action = models.CharField(_("操作"), max_length=8, choices=ConfigAction.choices)
    old = models.JSONField(_("原值"), default=dict, blank=True)
    new = models.JSONField(_("新值"), default=dict, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    via = models.CharField(_("途径"), max_length=16, blank=True, help_text=_("admin、workspace、api、command 等。"))

    class Meta:
        verbose_name = _("配置变更记录")
        verbose_name_plural = _("配置变更记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["table", "at"], name="config_change_table_idx"),
                   models.Index(fields=["table", "object_id"], name="config_change_object_idx")]

    def __str__(self):
        at = timezone.localtime(self.at) if self.at else None  # the office's time, as the page's fields show it
        return f"{at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.table_name}#{self.object_id}" if at else (
            f"{self.get_action_display()} {self.table_name}#{self.object_id}")

    @property
    def table_model(self) -> type[models.Model] | None:
        """The changed row's model (``table`` is app_label.ModelName); None if the model is gone."""
        from django.apps import apps

        try:
            return apps.get_model(self.table)
        except (LookupError, ValueError):
            return None

    @property
    def table_name(self) -> str:
        """The table by its name (时限规则), not its key (workdays.Policy); the key if the model is gone."""
        model = self.table_model
        return str(model._meta.verbose_name) if model is not None else self.table

    def changed_pairs(self) -> dict[str, list]:
        """``{key: [old, new]}`` over every key in ``old`` or ``new`` (None where a side has none)."""
        return {key: [self.old.get(key), self.new.get(key)] for key in dict.fromkeys((*self.old, *self.new))}

    VIA_LABELS = {"admin": _("管理后台"), "workspace": _("工作台"), "api": _("接口"), "command": _("命令"),
                  "import": _("导入")}

    @property
    def via_label(self) -> str:
        """How the change was made, in words (a way nobody named is shown as it is)."""
        return str(self.VIA_LABELS.get(self.via, self.via))


__all__ = ["User", "AuditEntry", "ConfigurationChange", "LedgerEntry", "Role"]


class TransitionRow(models.Model):
    """One move of a workflow object from a state to another, kept for ever and never edited.

    A concrete row names the object that moved (``subject_field``, a foreign key with
    ``related_name="transitions"``) and its two state columns, made by :func:`state_fields`.
    """

    subject_field = ""

    at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("理由"), blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        subject = getattr(self, f"{self.subject_field}_id")
        return f"#{subject} {self.from_state or '—'} → {self.to_state}"


def state_fields(choices: type[models.TextChoices], max_length: int) -> tuple[models.CharField, models.CharField]:
    """The (from_state, to_state) columns of a transition row over ``choices``; the first is empty on creation."""
    return (
        models.CharField(_("原状态"), max_length=max_length, choices=choices.choices, blank=True),
        models.CharField(_("新状态"), max_length=max_length, choices=choices.choices),
    )


# django-axes ships no Chinese catalogue: its records are shown in the admin through these proxies, named in
# Chinese (accounts/admin_axes.py), instead of the English "Axes / Access attempts" section.
class LoginAttempt(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = _("登录失败计数")
        verbose_name_plural = _("登录失败计数")


class LoginLog(AccessLog):
    class Meta:
        proxy = True
        verbose_name = _("登录记录")
        verbose_name_plural = _("登录记录")


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("登录失败记录")
        verbose_name_plural = _("登录失败记录")
