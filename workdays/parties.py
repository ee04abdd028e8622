"""Who a clock concerns. The engine does not know; each app registers a resolver per purpose.

    register_clock_parties("objection_answer", lambda clock: ClockParties(handlers=[...], heads=[...]))
"""
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from accounts.choices import Role


@dataclass
class ClockParties:
    handlers: list = field(default_factory=list)
    heads: list = field(default_factory=list)
    supervisors: list = field(default_factory=list)
    #: The unit that answers for the clock's subject: a reminder names it, and links to its page, for a recipient
    #: who may not open the subject itself (a supervisor told of a resident's clue, of a draft decision).
    unit: object = None


_resolvers: dict[str, Callable] = {}


def register_clock_parties(purpose: str, resolver: Callable) -> None:
    """``resolver(clock)`` returns an object with ``handlers``, ``heads`` and ``supervisors`` (lists of users)."""
    _resolvers[purpose] = resolver


def unregister_clock_parties(purpose: str) -> None:
    _resolvers.pop(purpose, None)


def registered_purposes() -> set[str]:
    """Every purpose an app keeps clocks for (each registers who its clocks concern)."""
    return set(_resolvers)


def clock_parties(clock) -> ClockParties:
    resolver = _resolvers.get(clock.purpose)
    if resolver is None:
        return ClockParties()
    parties = resolver(clock)
    return ClockParties(
        handlers=list(getattr(parties, "handlers", None) or []),
        heads=list(getattr(parties, "heads", None) or []),
        supervisors=list(getattr(parties, "supervisors", None) or []),
        unit=getattr(parties, "unit", None),
    )


def credit_office_users():
    """The office: active users in the ``credit_office`` group."""
    return get_user_model().objects.filter(groups__name=Role.CREDIT_OFFICE, is_active=True).distinct()
