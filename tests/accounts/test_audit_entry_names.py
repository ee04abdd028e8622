"""An audit row in the admin reads by names: its object as the object's type and number (单位 #3), its from / to
states by the labels of the object's status field (存续 → 已合并, not active → merged), and its changes as a small
table of the changed fields by their names (承继单位), never the stored keys or the raw JSON."""
import datetime

import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from accounts.services import audit_log
from evaluation.services.schemes import scheme_create_default
from records import services as directory
from tests.factories import make_unit

pytestmark = pytest.mark.django_db


def the_succession(cast) -> AuditEntry:
    successor = make_unit("区市场监督管理局（新）")
    directory.unit_succeed(unit=cast.unit_a, successor=successor, status="merged", on=datetime.date(2026, 3, 1),
                           actor=cast.office, reason="区委编委〔2026〕3号")
    return AuditEntry.objects.get(action="unit_succeed")


def test_the_admins_list_shows_the_states_by_their_labels_and_still_orders_by_them(cast, client):
    entry = the_succession(cast)
    client.force_login(cast.office)
    url = reverse("admin:accounts_auditentry_changelist")
    html = client.get(url, {"action": "unit_succeed"}).content.decode()
    assert "存续" in html and "已合并" in html
    assert ">active<" not in html and ">merged<" not in html
    for column in (6, 7):  # the state columns still sort (by the stored key)
        ordered = client.get(url, {"o": f"-{column}"}).context["cl"]
        assert ordered.get_ordering_field_columns() == {column: "desc"} and entry in ordered.result_list
    assert client.get(url, {"q": str(cast.unit_a.pk)}).context["cl"].result_count >= 1


def test_a_state_nobody_named_is_shown_as_stored(cast):
    entry = audit_log(actor=cast.office, action="unit_succeed", subject=cast.unit_a, from_state="active",
                      to_state="frozen")
    assert (entry.from_state_label, entry.to_state_label) == ("存续", "frozen")
    unlock = audit_log(actor=cast.office, action="login_unlock", subject=cast.clerk_a, from_state="x", to_state="")
    assert (unlock.from_state_label, unlock.to_state_label) == ("x", "")  # a user has no status field


def test_an_entry_is_named_by_its_objects_type_number_and_action(cast, client):
    scheme = scheme_create_default(year=2026, actor=cast.office)
    entry = AuditEntry.objects.get(action="evaluation_scheme_activate")
    assert str(entry) == f"考核方案 #{scheme.pk} · 启用考核方案"
    client.force_login(cast.office)
    html = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk])).content.decode()
    assert f"考核方案 #{scheme.pk}" in html and f"scheme#{scheme.pk}" not in html


def test_the_entry_page_shows_the_changes_by_field_name_not_raw_json(cast, client):
    entry = the_succession(cast)
    client.force_login(cast.office)
    page = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk]))
    html = page.content.decode()
    assert "存续" in html and "已合并" in html
    assert "承继单位" in html and "区市场监督管理局（新）" in html  # the successor by name, not its number
    assert "&quot;successor&quot;" not in html and '"successor"' not in html
    assert "changes" not in page.context["adminform"].form.fields


def test_a_choice_in_the_changes_reads_by_its_label(cast, client):
    scheme_create_default(year=2026, actor=cast.office)
    entry = AuditEntry.objects.get(action="evaluation_scheme_activate")
    client.force_login(cast.office)
    html = client.get(reverse("admin:accounts_auditentry_change", args=[entry.pk])).content.decode()
    assert "草稿" in html and "已启用" in html and "&quot;draft&quot;" not in html
