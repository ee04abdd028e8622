"""Forwards from the city public credit platform (seed clause 4, 10, 11): objections and repairs, inbound.

A subject may file an objection (异议) or a credit-repair application (信用修复) about one of our
records on the city platform; the platform forwards it here and it enters the same workflow as one
filed in the portal (``objection_submit`` / ``repair_apply``: the answer clock, the provider's
notices, the office's decision). The applicant is the system user ``city_platform`` (created here on
first use, inactive, no password: it cannot log in); who filed on the platform is written into the
reason, and the subject is told in their inbox.

``POST /api/v1/platform/forwards/`` — body: ``docs/platform-schema/forward-v1.json``.

- authenticated by an HMAC-SHA256 signature (``X-Portal-Timestamp``, ``X-Portal-Signature:
  sha256=<hex>`` over ``"<timestamp>.<body>"``, ``settings.CITY_PLATFORM_SECRET``; at most five
  minutes old): missing or bad → **401**;
- a record that does not exist, is still a draft, or whose subject is not ``subject_code`` → **404**;
- a body that fails the schema → **400**; a record in a state that does not allow it → **409**;
- **201** with the objection or repair; the same ``forward_id`` again → **200** with the same answer
  (the platform may re-send after a lost answer; nothing is filed twice).
"""
import json
from functools import cache

import jsonschema
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotFound
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.choices import Role
from accounts.models import AuditEntry
from accounts.services import audit_log
from integrity_portal.errors import TransitionNotAllowed
from notifications.payloads import load_schema
from notifications.platform import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_valid
from notifications.services import notice_send
from records.choices import RecordStatus, SubjectType
from records.models import CreditRecord

from ..models import Objection, Repair
from ..services import objection_submit, repair_apply

PLATFORM_USERNAME_DEFAULT = "city_platform"
FORWARD_ACTION = "platform_forward"
FORWARD_SCHEMA = "forward"


def platform_username() -> str:
    return getattr(settings, "CITY_PLATFORM_USERNAME", PLATFORM_USERNAME_DEFAULT)


def platform_user():
    """The system user that stands for the city platform as applicant; made on first use."""
    user, created = get_user_model().objects.get_or_create(
        username=platform_username(), defaults={"full_name": _("市公共信用信息平台"), "is_active": False},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def is_platform_user(user) -> bool:
    """True for the platform's system user (inactive, no usable password)."""
    return bool(user and user.pk and user.username == platform_username() and not user.has_usable_password())


@cache
def _validator():
    return jsonschema.Draft202012Validator(load_schema(FORWARD_SCHEMA), format_checker=jsonschema.FormatChecker())


def forward_validate(data) -> dict:
    """Schema check of a forward body; field errors (400) for anything wrong, nothing else touched."""
    errors: dict[str, list[str]] = {}
    for error in sorted(_validator().iter_errors(data), key=lambda e: list(e.path)):
        field = ".".join(str(p) for p in error.path) or "__all__"
        errors.setdefault(field, []).append(error.message)
    for field, value in (data.items() if isinstance(data, dict) else ()):
        if isinstance(value, str) and "\x00" in value:  # valid JSON, but no database text holds it
            errors.setdefault(field, []).append(_("不能包含空字符（NUL）。"))
    if errors:
        raise ValidationError(errors)
    return data


def _existing(forward_id: str):
    entry = AuditEntry.objects.filter(action=FORWARD_ACTION, changes__forward_id=[None, forward_id]).first()
    return entry.subject if entry is not None else None


def _subject_code(record: CreditRecord) -> str:
    if record.subject_type == SubjectType.PERSON:
        return record.civil_servant.id_number
    return record.subject_unit.code


def _record_for(data: dict) -> CreditRecord:
    record = (CreditRecord.objects.exclude(status=RecordStatus.DRAFT)
              .select_related("civil_servant", "subject_unit", "provider").filter(pk=data["record_id"]).first())
    if record is None or _subject_code(record) != data["subject_code"].strip().upper():
        raise NotFound(_("没有这条信用记录。"))
    return record


def _filed_by(data: dict) -> str:
    who = (data.get("applicant_name") or "").strip() or _("记录主体")
    contact = (data.get("applicant_contact") or "").strip()
    return f"{who}（{contact}）" if contact else who


def _subject_users(record: CreditRecord) -> list:
    if record.subject_type == SubjectType.PERSON:
        user = getattr(record.civil_servant, "user", None)
        return [user] if user is not None else []
    return list(get_user_model().objects.filter(unit=record.subject_unit, groups__name=Role.CLERK, is_active=True))


# Forward types other apps receive (``type`` → (file(data, applicant) -> obj, answer(obj, forward_id) -> dict));
# registered from their AppConfig.ready, since this app may not import them (DESIGN §3).
FORWARD_TYPES: dict[str, tuple] = {}


def register_forward_type(kind: str, file, answer) -> None:
    FORWARD_TYPES[kind] = (file, answer)


def forward_receive(*, data: dict):
    """File a forwarded objection, repair (or registered type) once per ``forward_id``. Returns ``(obj, created)``."""
    forward_validate(data)
    forward_id = data["forward_id"]
    existing = _existing(forward_id)
    if existing is not None:
        return existing, False
    record = None if data["type"] in FORWARD_TYPES else _record_for(data)
    try:
        with transaction.atomic():
            obj = _file_other(data) if record is None else _file(record, data)
    except (TransitionNotAllowed, IntegrityError):
        existing = _existing(forward_id)  # the same forward, racing in on another connection
        if existing is not None:
            return existing, False
        raise
    return obj, True


def _file(record: CreditRecord, data: dict):
    applicant = platform_user()
    forward_id = data["forward_id"]
    prefix = _("【市公共信用信息平台转办 %(id)s，申请人：%(who)s】") % {"id": forward_id, "who": _filed_by(data)}
    if data["type"] == "objection":
        obj = objection_submit(record=record, applicant=applicant, reason=prefix + "\n" + data["reason"].strip())
        title = _("市公共信用信息平台转来对您记录的异议")
    else:
        obj = repair_apply(
            record=record, applicant=applicant, statement=prefix + "\n" + data["statement"].strip(),
            losses_recovered=bool(data.get("losses_recovered")), effects_removed=bool(data.get("effects_removed")),
            harm_stopped=bool(data.get("harm_stopped")),
        )
        title = _("市公共信用信息平台转来对您记录的信用修复申请")
    audit_log(actor=applicant, action=FORWARD_ACTION, subject=obj, reason=_filed_by(data),
              changes={"forward_id": [None, forward_id], "record": [None, record.pk], "type": [None, data["type"]]})
    for user in _subject_users(record):
        notice_send(recipient=user, title=title, key=f"platform-forward:{forward_id}",
                    body=f"{record.get_kind_display()}：{record.title}", link=obj.get_absolute_url())
    return obj


def _file_other(data: dict):
    applicant = platform_user()
    file, _answer = FORWARD_TYPES[data["type"]]
    obj = file(data, applicant=applicant, filed_by=_filed_by(data))
    audit_log(actor=applicant, action=FORWARD_ACTION, subject=obj, reason=_filed_by(data),
              changes={"forward_id": [None, data["forward_id"]], "type": [None, data["type"]]})
    return obj


def forward_answer(obj, forward_id: str) -> dict:
    for kind, (_file_it, answer) in FORWARD_TYPES.items():
        result = answer(obj, forward_id)
        if result is not None:
            return {"forward_id": forward_id, "type": kind, **result}
    if isinstance(obj, Objection):
        clock = obj.clock
        return {"forward_id": forward_id, "type": "objection", "id": obj.pk, "record_id": obj.record_id,
                "state": obj.state, "deadline": clock.due_date.isoformat() if clock is not None else None}
    if isinstance(obj, Repair):
        return {"forward_id": forward_id, "type": "repair", "id": obj.pk, "record_id": obj.record_id,
                "state": obj.state, "deadline": None}
    raise TypeError(obj)


def _secret() -> str:
    return getattr(settings, "CITY_PLATFORM_INBOUND_SECRET", "") or getattr(settings, "CITY_PLATFORM_SECRET", "")


class PlatformForwardView(APIView):
    """The city platform's forwards: HMAC-signed, not a user session or token."""

    authentication_classes = ()
    permission_classes = ()

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT, 400: OpenApiResponse(description="schema"),
                   401: OpenApiResponse(description="bad signature"), 404: OpenApiResponse(description="no record"),
                   409: OpenApiResponse(description="state")},
        summary="市公共信用信息平台转办异议与信用修复申请（forward-v1）",
    )
    def post(self, request):
        body = request.body
        if not signature_valid(body, timestamp=request.headers.get(TIMESTAMP_HEADER, ""),
                               signature=request.headers.get(SIGNATURE_HEADER, ""), secret=_secret()):
            return Response({"detail": _("签名无效或已过期。")}, status=status.HTTP_401_UNAUTHORIZED,
                            headers={"WWW-Authenticate": 'Signature realm="city-platform"'})
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            raise ValidationError({"__all__": [_("请求内容不是有效的 JSON。")]})
        key = request.headers.get("Idempotency-Key")
        if key and isinstance(data, dict) and key != data.get("forward_id"):
            raise ValidationError({"forward_id": [_("Idempotency-Key 与 forward_id 不一致。")]})
        obj, created = forward_receive(data=data)
        return Response(forward_answer(obj, data["forward_id"]), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)
