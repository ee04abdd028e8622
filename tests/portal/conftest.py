"""The demo district (``seed_demo``), loaded once per test module and rolled back after it."""
import pytest
from django.core.management import call_command
from django.db import transaction

DEMO_PASSWORD = "demo-pass-portal"
# Every demo user with an HTML session (``apiclient`` is API-only: the site answers it as anonymous).
DEMO_ROLES = ["admin", "office", "clerk", "clerk2", "servant", "servant2", "leader", "supervisor", "cadre"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", password=DEMO_PASSWORD)
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_user(demo, db):
    from accounts.models import User

    return lambda username: User.objects.get(username=username)
