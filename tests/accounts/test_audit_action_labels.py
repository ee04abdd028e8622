"""Audit rows read by what was done (解除账户登录锁定), never by the key the code writes (login_unlock): on the
office's account page and in the admin. Every action the code writes has its name."""
import re
from pathlib import Path

import pytest
from django.urls import reverse

from accounts.choices import AUDIT_ACTION_LABELS
from accounts.services import audit_log

ROOT = Path(__file__).resolve().parents[2]
CALL = re.compile(r"(?:audit_log|AuditEntry\.objects\.create)\(")
ACTION = re.compile(r'action=(?:"([a-z_]+)"|([A-Z_]+)\b)')


def written_actions() -> set[str]:
    """The actions of every ``audit_log`` call in the portal's code (a constant is looked up in its module)."""
    found = set()
    for path in ROOT.glob("*/**/*.py"):
        if {".venv", "tests", "migrations"} & set(path.relative_to(ROOT).parts):
            continue
        text = path.read_text(encoding="utf-8")
        for call in CALL.finditer(text):
            action = ACTION.search(text, call.end(), call.end() + 400)
            if action and action.group(1):
                found.add(action.group(1))
            elif action:
                constant = re.search(rf'^{action.group(2)} = "([a-z_]+)"', text, re.M)
                assert constant, f"{path}: {action.group(2)}"
                found.add(constant.group(1))
    return found


def test_every_action_the_code_writes_has_a_name():
    written = written_actions()
    assert len(written) >= 19  # the scan found the calls
    assert written <= set(AUDIT_ACTION_LABELS), written - set(AUDIT_ACTION_LABELS)


@pytest.mark.django_db
def test_the_account_page_and_the_admin_show_the_actions_name(cast, client):
    entry = audit_log(actor=cast.office, action="login_unlock", subject=cast.clerk_a, reason="本人电话确认")
    client.force_login(cast.office)
    for url in (reverse("useraccounts:detail", args=[cast.clerk_a.pk]),
                reverse("admin:accounts_auditentry_changelist"),
                reverse("admin:accounts_auditentry_change", args=[entry.pk])):
        html = client.get(url).content.decode()
        assert "解除账户登录锁定" in html, url
        assert "login_unlock" not in html.replace("?action=login_unlock", ""), url


@pytest.mark.django_db
def test_the_admins_configuration_changes_name_their_tables(cast, client):
    from accounts.services import configuration_save
    from workdays.models import Policy

    policy = Policy.objects.filter(is_current=True).first()
    policy.legal_basis += "（补充）"
    configuration_save(instance=policy, actor=cast.office, reason="补充依据")
    client.force_login(cast.office)
    url = reverse("admin:accounts_configurationchange_changelist")
    html = client.get(url).content.decode()
    assert str(Policy._meta.verbose_name) in html
    assert ">workdays.Policy<" not in html
    assert client.get(url, {"table": "workdays.Policy"}).context["cl"].result_count == 1


@pytest.mark.django_db
def test_a_change_reads_by_table_name_and_yes_or_no(cast, client):
    from django_celery_beat.models import PeriodicTask

    from accounts.services import configuration_save

    job = PeriodicTask.objects.get(task="workdays.advance_clocks")
    job.enabled = False
    change = configuration_save(instance=job, actor=cast.office, reason="演练", via="admin")
    assert "django_celery_beat" not in str(change) and change.table_name in str(change)
    client.force_login(cast.office)
    page = client.get(reverse("configuration:changes")).content.decode()
    assert "是 → 否" in page and "True → False" not in page
    admin_page = client.get(reverse("admin:accounts_configurationchange_change", args=[change.pk])).content.decode()
    assert "django_celery_beat.PeriodicTask#" not in admin_page
