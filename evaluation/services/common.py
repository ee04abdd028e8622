"""Small shared pieces of the evaluation services."""
from django.contrib.auth import get_user_model

from accounts.choices import Role
from notifications.services import notice_send
from workdays.parties import credit_office_users


def actor_or_none(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def unit_clerks(unit_ids) -> list:
    return list(get_user_model().objects.filter(is_active=True, unit_id__in=list(unit_ids), groups__name=Role.CLERK)
                .distinct().order_by("pk"))


def tell_unit(unit_ids, *, title: str, body: str, link: str, key: str, level: str = "info") -> None:
    """A notice (through the outbox) to every clerk of the given units."""
    for user in unit_clerks(unit_ids):
        notice_send(recipient=user, title=title, body=body, link=link, key=key, level=level)


def tell_office(*, title: str, body: str, link: str, key: str, level: str = "info") -> None:
    for user in credit_office_users():
        notice_send(recipient=user, title=title, body=body, link=link, key=key, level=level)
