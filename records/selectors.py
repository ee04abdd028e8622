"""Reads of the records app, and the logging that personal-file reads require."""
from django.utils import timezone

from accounts.choices import Role

from .choices import SubjectType
from .models import CadreCheck, RecordEvent
from .services import file_access_log


def record_events_for(user):
    """The history events ``user`` may read, with their actors: the one filter of every page and API answer
    that shows a record's history (issue 16: objection reasons and draft edits stay with their audience)."""
    return RecordEvent.objects.visible_to(user).select_related("actor")


def log_personal_views(*, viewer, records, channel: str, cadre_check=None) -> int:
    """Log who saw which personal file (province art. 21); the person's own views are not logged.

    A cadre reviewer's view is logged under ``cadre_check`` when given, else their newest open check.
    """
    servant_ids = {r.civil_servant_id for r in records if r.subject_type == SubjectType.PERSON}
    servant_ids.discard(getattr(viewer, "civil_servant_id", None))
    if not servant_ids:
        return 0
    if viewer.has_role(Role.CADRE_REVIEWER):
        checks = {c.civil_servant_id: c for c in CadreCheck.objects.filter(
            reviewer=viewer, civil_servant_id__in=servant_ids, expires_at__gt=timezone.now()).order_by("created_at")}
        if cadre_check is not None:
            checks[cadre_check.civil_servant_id] = cadre_check
        count = 0
        for sid in servant_ids:
            check = checks.get(sid)
            count += file_access_log(viewer=viewer, servant_ids=[sid], channel=channel, cadre_check=check,
                                     purpose=f"{check.get_purpose_display()}：{check.purpose_note}" if check else "")
        return count
    return file_access_log(viewer=viewer, servant_ids=servant_ids, channel=channel, purpose=_role_purpose(viewer))


def _role_purpose(viewer) -> str:
    if viewer.is_office:
        return "区信用办履职查询"
    if viewer.has_role(Role.SUPERVISOR):
        return "监督单位履职查询"
    if viewer.has_role(Role.CLERK):
        return "本单位经办查询"
    return "查询"


def record_clocks_open_for_unit(unit_id: int):
    """Open reporting clocks (双公示, decision changed) on the records a unit provides."""
    from django.contrib.contenttypes.models import ContentType

    from workdays.selectors import clock_list_open

    from .models import CreditRecord

    record_type = ContentType.objects.get_for_model(CreditRecord)
    provided = CreditRecord.objects.filter(provider_id=unit_id).values("pk")
    return clock_list_open().filter(content_type=record_type, object_id__in=provided)


def open_cadre_checks(user):
    """The reviewer's cadre checks still open (before their 查阅截止)."""
    return CadreCheck.objects.filter(reviewer=user, expires_at__gt=timezone.now())
