"""Local fixtures for the workdays tests (independent of the shared cast)."""
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group

from accounts.choices import Role
from accounts.models import User
from workdays.calendar import clear_calendar_cache
from workdays.parties import ClockParties, register_clock_parties, unregister_clock_parties

TEST_PURPOSE = "test_answer"


def make_user(username: str, *roles: str, **extra) -> User:
    user = User.objects.create_user(username=username, password="pw-not-used-123", **extra)
    for role in roles:
        group, _ = Group.objects.get_or_create(name=role)
        user.groups.add(group)
    return user


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    clear_calendar_cache()
    yield
    clear_calendar_cache()


@pytest.fixture
def people(db):
    return SimpleNamespace(
        office=make_user("wd_office", Role.CREDIT_OFFICE, is_staff=True),
        leader=make_user("wd_leader", Role.LEADER),
        clerk=make_user("wd_clerk", Role.CLERK),
        head=make_user("wd_head", Role.CLERK),
        supervisor=make_user("wd_supervisor", Role.SUPERVISOR),
        servant=make_user("wd_servant", Role.CIVIL_SERVANT),
    )


@pytest.fixture
def parties(people):
    """Register who the test clocks concern: clerk handles, head heads, supervisor supervises."""
    register_clock_parties(
        TEST_PURPOSE,
        lambda clock: ClockParties(handlers=[people.clerk], heads=[people.head], supervisors=[people.supervisor]),
    )
    yield people
    unregister_clock_parties(TEST_PURPOSE)


@pytest.fixture
def subject(people):
    """Anything with a primary key can be timed; a user will do for the engine's tests."""
    return people.servant
