"""The credit check of a unit for other systems (clause 5): purpose and matter required, every check logged.

What is in force comes from the punishment selectors (``records.effects``); facts owned by later apps (the
latest published evaluation grade) are added by the providers those apps register here, so records never
imports them (DESIGN §3: dependencies point one way).
"""
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors_punishment
from .models import CreditCheckLog, Unit
from .validators import validate_uscc

UnitFacts = Callable[[Unit], dict]
_PROVIDERS: list[UnitFacts] = []
MAX_TEXT = 200


def register_unit_facts(provider: UnitFacts) -> None:
    """Add ``provider(unit) -> dict`` to every credit check (called from an app's ``ready``; idempotent)."""
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def normalize_code(value: str | None) -> str:
    return (value or "").replace(" ", "").replace("-", "").upper()


def _required_text(value: str | None, field: str, label: str, errors: dict) -> str:
    text = " ".join((value or "").split())
    if not text:
        errors[field] = [_("请说明%(label)s（%(field)s）。") % {"label": label, "field": field}]
    elif len(text) > MAX_TEXT:
        errors[field] = [_("%(label)s不超过 %(n)s 字。") % {"label": label, "n": MAX_TEXT}]
    return text


def credit_check_perform(*, caller, code: str | None, purpose: str | None, matter: str | None) -> dict:
    """Validate the request (400 with field errors), find the unit (404), answer and log the check."""
    errors: dict[str, list[str]] = {}
    code = normalize_code(code)
    if not code:
        errors["code"] = [_("请提供统一社会信用代码（code）。")]
    else:
        try:
            validate_uscc(code)
        except ValidationError as exc:
            errors["code"] = exc.messages
    purpose = _required_text(purpose, "purpose", _("查询用途"), errors)
    matter = _required_text(matter, "matter", _("所涉事项"), errors)
    if errors:
        raise ValidationError(errors)
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(_("名录中没有该单位。"))
    answer = selectors_punishment.credit_check(unit, timezone.localdate())
    for provider in _PROVIDERS:
        answer.update(provider(unit))
    with transaction.atomic():
        log = CreditCheckLog.objects.create(
            caller=caller, unit=unit, code=code, purpose=purpose, matter=matter,
            answer={key: answer.get(key) for key in ("listed_as_judgment_defaulter", "award_eligible",
                                                     "latest_grade") if key in answer})
    answer.update({"purpose": purpose, "matter": matter, "check_id": log.pk})
    return answer
