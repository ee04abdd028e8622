import pytest

from workdays.defaults import DEFAULT_POLICIES
from workdays.models import Policy
from workdays.services import policy_current, policy_revise

pytestmark = pytest.mark.django_db


def test_the_default_policies_are_seeded_with_their_legal_basis():
    current = set(Policy.objects.filter(is_current=True).values_list("key", "scope"))
    assert {(key, scope) for key, scope, *_rest in DEFAULT_POLICIES} <= current  # other apps add theirs
    expected = {
        "objection_answer": (10, "working_days"),
        "objection_answer_provincial": (3, "working_days"),
        "objection_answer_provincial_verify": (7, "working_days"),
        "record_update_after_decision_change": (3, "working_days"),
        "dual_publication_reporting": (7, "working_days"),
        "dispute_acknowledge": (15, "calendar_days"),
        "dispute_conclude": (60, "calendar_days"),
        "dispute_extension": (30, "calendar_days"),
        "penalty_disclosure_serious_max": (36, "months"),
        "dishonesty_disclosure_cap": (5, "years"),
        "sanction_demotion": (24, "months"),
        "due_soon_lead": (3, "working_days"),
    }
    for key, (value, unit) in expected.items():
        policy = policy_current(key)
        assert (policy.value, policy.unit) == (value, unit), key
        assert policy.legal_basis
    assert "第三十九条" in policy_current("objection_answer_provincial").legal_basis


def test_a_scoped_policy_wins_and_others_fall_back_to_the_default(people):
    policy_revise(key="objection_answer", scope="kind=judgment_defaulter", value=5, unit="working_days",
                  legal_basis="测试依据", name="失信被执行人异议答复期限", actor=people.office)

    assert policy_current("objection_answer", "kind=judgment_defaulter").value == 5
    assert policy_current("objection_answer", "kind=penalty").value == 10
    with pytest.raises(Policy.DoesNotExist):
        policy_current("no_such_rule")


def test_a_revision_is_a_new_version_and_the_old_one_is_kept(people):
    old = policy_current("objection_answer")

    new = policy_revise(key="objection_answer", value=7, unit="working_days", legal_basis="区信用办通知",
                        actor=people.office)

    old.refresh_from_db()
    assert (old.is_current, new.is_current, new.version, new.value) == (False, True, 2, 7)
    assert new.name == old.name and new.start_event == old.start_event
    assert new.created_by == people.office
    assert policy_current("objection_answer") == new
