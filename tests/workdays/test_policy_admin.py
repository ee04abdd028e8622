"""The office reads the time-limit rules in the admin by their names and legal basis (异议答复期限 ·
《莱芜区政务诚信建设工作实施方案》第十条), never by the keys the code looks them up by (objection_answer)."""
import pytest
from django.test import Client

from tests.support.admin import keys_shown
from workdays.defaults import DEFAULT_POLICIES
from workdays.models import Policy

pytestmark = pytest.mark.django_db

KEYS = sorted({key for key, *_rest in DEFAULT_POLICIES})


@pytest.fixture
def office(people):
    client = Client()
    client.force_login(people.office)
    return client


def test_the_rules_list_reads_by_name_and_legal_basis(office):
    html = office.get("/admin/workdays/policy/", {"all": ""}).content.decode()
    for key, _scope, name, *_rest, legal_basis in DEFAULT_POLICIES:
        assert name in html and legal_basis in html, key
    assert keys_shown(html, KEYS) == []


def test_a_rules_page_names_no_key(office):
    policy = Policy.objects.get(key="cadre_check_access", is_current=True)
    html = office.get(f"/admin/workdays/policy/{policy.pk}/change/").content.decode()
    assert policy.name in html and policy.legal_basis in html
    assert keys_shown(html, KEYS) == []
