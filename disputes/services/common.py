"""Shared pieces of the clue use cases: locking, transitions, attachments, notices."""
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from integrity_portal.errors import TransitionNotAllowed
from notifications.services import notice_send
from records.clocks import unit_parties
from records.uploads import UploadTooLarge as AttachmentTooLarge
from records.uploads import upload_check
from workdays.parties import credit_office_users

from ..choices import CLUE_TRANSITIONS, ClueState
from ..models import ClueAttachment, ClueTransition, DisputeClue

__all__ = ["AttachmentTooLarge", "MAX_FILES", "actor_or_none", "check_files", "save_files", "lock", "require",
           "transition", "require_text", "tell", "unit_users", "office_users"]

MAX_FILES = 5


def actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def require_text(value, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: [message]})
    return value


def check_files(files) -> list[tuple[str, bytes, str]]:
    """``files``: (name, bytes) pairs. Too large → ``AttachmentTooLarge`` (413); wrong type → 400."""
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": [_("材料最多 %(n)d 个文件。") % {"n": MAX_FILES}]})
    return [(name[:200], data, upload_check(name, data, field="attachments")) for name, data in files]


def save_files(checked, *, clue: DisputeClue, note=None, from_submitter: bool) -> list[ClueAttachment]:
    saved = []
    for name, data, content_type in checked:
        attachment = ClueAttachment(clue=clue, note=note, from_submitter=from_submitter, original_name=name,
                                    content_type=content_type, size=len(data),
                                    sha256=hashlib.sha256(data).hexdigest())
        attachment.file.save(name, ContentFile(data), save=False)
        attachment.save()
        saved.append(attachment)
    return saved


def lock(clue: DisputeClue) -> DisputeClue:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of the outer joins below.
    return (DisputeClue.objects.select_for_update(of=("self",))
            .select_related("handling_unit", "acknowledge_clock", "conclude_clock").get(pk=clue.pk))


def require(clue: DisputeClue, target: str) -> None:
    if target not in CLUE_TRANSITIONS[ClueState(clue.state)]:
        raise TransitionNotAllowed(
            _("线索当前状态为“%(state)s”，不能变更为“%(target)s”。")
            % {"state": clue.get_state_display(), "target": ClueState(target).label}
        )


def transition(clue: DisputeClue, to_state: str, *, actor, reason: str = "") -> None:
    ClueTransition.objects.create(clue=clue, actor=actor_or_none(actor), from_state=clue.state, to_state=to_state,
                                  reason=reason)
    clue.state = to_state


def unit_users(unit) -> list:
    parties = unit_parties(unit)
    return parties.handlers + parties.heads


def office_users() -> list:
    return list(credit_office_users())


def tell(users, *, title: str, body: str, link: str, key: str, level: str = "info") -> None:
    seen = set()
    for user in users:
        if user is None or user.pk in seen or not user.is_active:
            continue
        seen.add(user.pk)
        notice_send(recipient=user, title=title, body=body, link=link, key=key, level=level)
