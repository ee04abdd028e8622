"""The generic configuration-change audit: one row per created, changed or deleted configuration row,
with who, when, old → new (only what changed), the reason where the rule needs one, sealed by the ledger."""
import pytest
from django.core.exceptions import ValidationError

from accounts import ledger
from accounts.choices import ConfigAction
from accounts.models import ConfigurationChange
from accounts.services import configuration_change_record, configuration_delete, configuration_save
from workdays.choices import PolicyUnit
from workdays.models import Policy

pytestmark = pytest.mark.django_db


def a_policy(**values) -> Policy:
    fields = {"key": "test_rule", "name": "测试规则", "value": 5, "unit": PolicyUnit.WORKING_DAYS,
              "legal_basis": "区信用办工作规则"}
    fields.update(values)
    return Policy(**fields)


def test_creating_changing_and_deleting_a_row_each_write_one_change(cast):
    policy = a_policy()
    created = configuration_save(instance=policy, actor=cast.office, via="admin")
    assert created.action == ConfigAction.CREATE and created.old == {}
    assert created.new["value"] == 5 and created.table == "workdays.Policy" and created.object_id == str(policy.pk)

    policy.value = 7
    changed = configuration_save(instance=policy, actor=cast.office, reason="省条例调整", via="workspace")
    assert changed.action == ConfigAction.CHANGE
    assert (changed.old, changed.new) == ({"value": 5}, {"value": 7})
    assert changed.actor == cast.office and changed.reason == "省条例调整" and changed.via == "workspace"
    assert Policy.objects.get(pk=policy.pk).value == 7

    assert configuration_save(instance=policy, actor=cast.office) is None  # nothing changed: nothing written

    removed = configuration_delete(instance=policy, actor=cast.office, reason="误建")
    assert removed.action == ConfigAction.DELETE and removed.old["value"] == 7 and removed.new == {}
    assert not Policy.objects.filter(pk=policy.pk).exists()
    assert ConfigurationChange.objects.count() == 3


def test_old_is_what_the_database_held_not_what_the_caller_was_shown(cast):
    policy = a_policy()
    configuration_save(instance=policy, actor=cast.office)
    Policy.objects.filter(pk=policy.pk).update(value=6)  # someone else's change in between
    policy.value = 9
    change = configuration_save(instance=policy, actor=cast.office)
    assert change.old == {"value": 6} and change.new == {"value": 9}


def test_a_change_that_needs_a_reason_is_refused_without_one_and_changes_nothing(cast):
    policy = a_policy()
    configuration_save(instance=policy, actor=cast.office)
    policy.value = 8
    with pytest.raises(ValidationError) as refused:
        configuration_save(instance=policy, actor=cast.office, reason="  ", reason_required=True)
    assert "reason" in refused.value.message_dict
    assert Policy.objects.get(pk=policy.pk).value == 5
    assert ConfigurationChange.objects.count() == 1


def test_an_invalid_row_is_refused_before_anything_is_written(cast):
    with pytest.raises(ValidationError):
        configuration_save(instance=a_policy(legal_basis=""), actor=cast.office)
    assert not ConfigurationChange.objects.exists()


def test_values_outside_the_row_and_no_secrets(cast):
    user = cast.clerk_a
    change = configuration_change_record(actor=cast.office, instance=user, old={"roles": ["clerk"]},
                                         new={"roles": ["clerk", "leader"]}, reason="兼任")
    assert change.old == {"roles": ["clerk"]} and change.new == {"roles": ["clerk", "leader"]}
    user.full_name = "新名字"
    change = configuration_save(instance=user, actor=cast.office)
    assert set(change.new) == {"full_name"}
    for row in ConfigurationChange.objects.filter(table="accounts.User"):
        assert "password" not in row.old and "password" not in row.new


def test_the_ledger_seals_configuration_changes_and_reveals_an_edit(cast, settings, tmp_path):
    settings.LEDGER_EXPORT_DIR = tmp_path
    policy = a_policy()
    change = configuration_save(instance=policy, actor=cast.office)
    ledger.ledger_seal_all()
    assert ledger.entry_for(change) is not None
    assert ledger.ledger_verify().ok
    ConfigurationChange.objects.filter(pk=change.pk).update(new={"value": 1})  # behind the services' back
    assert f"accounts.ConfigurationChange:{change.pk}" in ledger.ledger_verify().edited


# --- the page: per table, for the office and the supervisors ---------------------------------------------

def page_url(**query) -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    return reverse("configuration:changes") + (f"?{urlencode(query)}" if query else "")


@pytest.fixture
def changes(cast):
    policy = a_policy()
    configuration_save(instance=policy, actor=cast.office, via="admin")
    policy.value = 12
    configuration_save(instance=policy, actor=cast.office, reason="按省条例调整为 12", via="admin")
    configuration_change_record(actor=cast.office, instance=cast.clerk_a, old={"roles": ["clerk"]},
                                new={"roles": ["clerk", "leader"]}, reason="兼任区领导联络员")
    return policy


@pytest.mark.parametrize("who", ["office", "supervisor_in", "supervisor_out"])
def test_the_office_and_the_supervisors_see_every_change_with_old_new_and_reason(client, cast, changes, who):
    client.force_login(getattr(cast, who))
    response = client.get(page_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "按省条例调整为 12" in body and "兼任区领导联络员" in body
    assert "期限数值：5 → 12" in body  # the field's verbose name, old → new
    assert 'data-table-count="workdays.Policy">2<' in body and 'data-table-count="accounts.User">1<' in body


def test_the_list_filters_per_table(client, cast, changes):
    client.force_login(cast.office)
    body = client.get(page_url(table="accounts.User")).content.decode()
    assert "兼任区领导联络员" in body and "按省条例调整为 12" not in body


@pytest.mark.parametrize("who", ["clerk_a", "leader", "cadre", "user_x"])
def test_other_roles_are_refused(client, cast, who):
    client.force_login(getattr(cast, who))
    assert client.get(page_url()).status_code == 403


def test_the_page_shows_the_ledger_sequence_once_sealed(client, cast, changes, settings, tmp_path):
    settings.LEDGER_EXPORT_DIR = tmp_path
    client.force_login(cast.office)
    assert "待入链" in client.get(page_url()).content.decode()
    ledger.ledger_seal_all()
    assert "待入链" not in client.get(page_url()).content.decode()


def test_the_page_costs_a_fixed_number_of_queries(client, cast, changes, django_assert_num_queries):
    for n in range(27):
        configuration_change_record(actor=cast.office, instance=changes, old={"value": n}, new={"value": n + 1})
    client.force_login(cast.office)
    client.get(page_url())  # warm the per-process caches (content types…)
    # session, user, its roles, the per-table counts, the page's count, the page's changes with their actors,
    # their ledger entries, unread notices
    with django_assert_num_queries(8):
        assert client.get(page_url()).status_code == 200


@pytest.mark.requires("msgfmt")
def test_the_changed_rows_name_is_sealed_in_the_portals_language_whoever_changes_it(cast):
    """Since the models' names are translated (an English page reads "... 5 working days"), a change made from an
    English page would have sealed an English name in the ledger, a Chinese one from a Chinese page: the row is kept
    in the portal's language (zh-hans) either way."""
    from django.utils import translation

    policy = a_policy()
    with translation.override("zh-hans"):
        expected = str(policy)
    with translation.override("en"):
        assert str(policy) != expected  # the name is translated on an English page
        created = configuration_save(instance=policy, actor=cast.office, via="admin")
    assert created.object_repr == expected


def test_the_admin_shows_a_change_as_a_table_of_named_fields_old_and_new(client, cast):
    """Fails on the old admin: 原值 / 新值 were the stored JSON ({"unit": "working_days", "value": 5})."""
    import html

    from django.urls import reverse

    policy = a_policy()
    configuration_save(instance=policy, actor=cast.office, via="admin")
    policy.value, policy.unit = 12, PolicyUnit.CALENDAR_DAYS
    change = configuration_save(instance=policy, actor=cast.office, reason="按省条例调整", via="admin")
    odd = ConfigurationChange.objects.create(actor=cast.office, table="gone.Model", object_id="1", action=change.action,
                                             old={"kept_key": 1}, new={"kept_key": 2})
    client.force_login(cast.office)
    page = html.unescape(client.get(reverse("admin:accounts_configurationchange_change", args=[change.pk]))
                         .content.decode())
    table = page[page.index('<table class="stored-json">'):]
    table = table[:table.index("</table>")]
    assert "<th scope=\"row\">期限数值</th><td>5</td><td>12</td>" in table
    assert "<th scope=\"row\">期限单位</th><td>工作日</td><td>自然日</td>" in table
    assert '"unit"' not in page and "working_days" not in page and "calendar_days" not in page
    page = client.get(reverse("admin:accounts_configurationchange_change", args=[odd.pk])).content.decode()
    assert "<th scope=\"row\">kept_key</th><td>1</td><td>2</td>" in page


def test_the_admin_names_how_a_change_was_made_and_titles_it_in_the_office_s_time(client, cast, settings):
    """Fails on the old admin: the list, the filter and the page showed the stored key (import, admin), and the
    page title gave the time in UTC (01:33) while its time field read 09:33."""
    import html
    import re

    from django.urls import reverse
    from django.utils import timezone

    settings.TIME_ZONE = "Asia/Shanghai"
    policy = a_policy()
    change = configuration_save(instance=policy, actor=cast.office, via="import")
    client.force_login(cast.office)
    listing = html.unescape(client.get(reverse("admin:accounts_configurationchange_changelist")).content.decode())
    assert "导入" in listing and "?via=import" in listing
    assert not re.search(r">\s*import\s*<", listing)
    page = html.unescape(client.get(reverse("admin:accounts_configurationchange_change", args=[change.pk]))
                         .content.decode())
    assert not re.search(r">\s*import\s*<", page)
    local = timezone.localtime(change.at, timezone=timezone.get_fixed_timezone(8 * 60))
    assert f"{local:%Y-%m-%d %H:%M}" in str(ConfigurationChange.objects.get(pk=change.pk))
