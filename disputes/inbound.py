"""Clues forwarded by the city public credit platform (clause 9) enter through the existing inbound exchange
(``POST /api/v1/platform/forwards/``, forward-v1 ``type: clue``, HMAC-signed, once per ``forward_id``): they are
submitted like a resident's clue (routing rule or the office's triage, the acknowledgement clock) and the
platform gets the receipt code to pass on to the submitter."""
import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from records.models import Unit

from .models import DisputeClue
from .services import clue_submit


def clue_forward_file(data: dict, *, applicant, filed_by: str) -> DisputeClue:
    body_code = (data.get("body_code") or "").strip().upper()
    body_unit = Unit.objects.filter(code=body_code).first() if body_code else None
    happened_on = None
    if data.get("happened_on"):
        try:
            happened_on = datetime.date.fromisoformat(data["happened_on"])
        except ValueError:
            raise ValidationError({"happened_on": [_("日期格式应为 YYYY-MM-DD。")]}) from None
    prefix = _("【市公共信用信息平台转办 %(id)s，提交人：%(who)s】") % {"id": data["forward_id"], "who": filed_by}
    clue, code = clue_submit(
        category=data["category"], description=f"{prefix}\n{data['description'].strip()}", body_unit=body_unit,
        body_name=data.get("body_name") or "", amount=data.get("amount"), happened_on=happened_on,
        contact_name=data.get("applicant_name") or "", contact_phone=data.get("applicant_contact") or "")
    clue.receipt_code = code  # answered once, to the platform, for the submitter; only its hash is kept
    return clue


def clue_forward_answer(obj, forward_id: str) -> dict | None:
    if not isinstance(obj, DisputeClue):
        return None
    answer = {"id": obj.pk, "reference": obj.reference, "state": obj.state,
              "handling_unit": obj.handling_unit.name if obj.handling_unit_id else None}
    if getattr(obj, "receipt_code", None):
        answer["receipt_code"] = obj.receipt_code
    return answer
