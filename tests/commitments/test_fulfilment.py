"""Progress from milestones and children; milestone rules; the overdue job."""
import datetime
import decimal

import pytest
from django.core.exceptions import ValidationError

from commitments import services
from commitments.models import Commitment, CommitmentEvent, Milestone
from integrity_portal.errors import TransitionNotAllowed
from notifications.models import OutboxMessage

from .conftest import MADE, PDF, TODAY, make_commitment

pytestmark = pytest.mark.django_db


def test_progress_is_the_weighted_share_of_milestones_done(cast):
    commitment = make_commitment(cast, publish=True)
    first = services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="签约", due_date=MADE, weight=30)
    services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="兑现", due_date=TODAY, weight=70)
    assert Commitment.objects.get(pk=commitment.pk).progress == 0

    services.milestone_complete(milestone=first, actor=cast.clerk_a, done_on=TODAY, files=[("签约.pdf", PDF)])

    assert Commitment.objects.get(pk=commitment.pk).progress == decimal.Decimal("30.00")


def test_a_programme_progress_is_the_weighted_average_of_its_children(cast):
    programme = make_commitment(cast, unit=cast.unit_b, actor=cast.clerk_b, kind="public_service",
                                service_area="other", title="凤城街道年度公共服务承诺清单", publish=True)
    child_a = make_commitment(cast, unit=cast.unit_b, actor=cast.clerk_b, kind="public_service",
                              service_area="parking", parent=programme, weight=3, publish=True)
    make_commitment(cast, unit=cast.unit_b, actor=cast.clerk_b, kind="public_service", service_area="elderly_care",
                    parent=programme, weight=1, publish=True)
    milestone = services.milestone_add(commitment=child_a, actor=cast.clerk_b, title="新增停车位", due_date=TODAY,
                                       weight=10)

    services.milestone_complete(milestone=milestone, actor=cast.clerk_b, done_on=TODAY, files=[("a.pdf", PDF)])

    assert Commitment.objects.get(pk=child_a.pk).progress == 100
    assert Commitment.objects.get(pk=programme.pk).progress == decimal.Decimal("75.00")  # (3×100 + 1×0) / 4


def test_a_programme_takes_no_milestones_of_its_own(cast):
    programme = make_commitment(cast, kind="public_service", service_area="other")
    make_commitment(cast, kind="public_service", service_area="housing", parent=programme)
    with pytest.raises(ValidationError):
        services.milestone_add(commitment=programme, actor=cast.clerk_a, title="x", due_date=TODAY, weight=1)


@pytest.mark.parametrize("due_date, weight, field", [
    (TODAY + datetime.timedelta(days=400), 10, "due_date"),  # after the commitment's end
    (MADE - datetime.timedelta(days=1), 10, "due_date"),  # before it was made
    (TODAY, 0, "weight"),
    (TODAY, 101, "weight"),
])
def test_it_rejects_a_milestone_out_of_range_and_saves_nothing(cast, due_date, weight, field):
    commitment = make_commitment(cast)
    with pytest.raises(ValidationError) as error:
        services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="节点", due_date=due_date,
                               weight=weight)
    assert field in error.value.message_dict
    assert not Milestone.objects.exists()


def test_a_programme_child_must_belong_to_the_same_unit(cast):
    programme = make_commitment(cast, kind="public_service", service_area="other")
    with pytest.raises(ValidationError) as error:
        make_commitment(cast, unit=cast.unit_b, actor=cast.clerk_b, parent=programme)
    assert "parent" in error.value.message_dict


def test_a_milestone_needs_evidence_to_be_done(cast):
    commitment = make_commitment(cast, publish=True)
    milestone = services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="兑现", due_date=TODAY,
                                       weight=10)
    with pytest.raises(ValidationError) as error:
        services.milestone_complete(milestone=milestone, actor=cast.clerk_a, done_on=TODAY)
    assert "file" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.milestone_complete(milestone=milestone, actor=cast.clerk_a, done_on=TODAY,
                                    files=[("fake.pdf", b"MZ not a pdf")])
    assert Milestone.objects.get(pk=milestone.pk).done_on is None


def test_the_overdue_job_marks_each_late_milestone_once(cast):
    commitment = make_commitment(cast, publish=True)
    late = services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="迟了", due_date=MADE, weight=10)
    services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="未到期", due_date=TODAY, weight=10)
    with_evidence = services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="已交材料",
                                           due_date=MADE, weight=10)
    services.evidence_attach(milestone=with_evidence, actor=cast.clerk_a, name="e.pdf", data=PDF)
    draft = make_commitment(cast)
    services.milestone_add(commitment=draft, actor=cast.clerk_a, title="草稿中", due_date=MADE, weight=10)

    assert services.milestones_mark_overdue() == 1
    assert services.milestones_mark_overdue() == 0

    assert list(Milestone.objects.filter(overdue=True)) == [late]
    assert Milestone.objects.get(pk=late.pk).overdue_since == TODAY
    assert CommitmentEvent.objects.filter(action="milestone_overdue").count() == 1
    # The clerks of the unit are told once (one inbox row per clerk).
    assert OutboxMessage.objects.filter(key__startswith=f"inbox:commitment-milestone-overdue:{late.pk}:").count() == 2


def test_a_fulfilled_commitment_takes_no_more_milestones(cast):
    commitment = make_commitment(cast, publish=True)
    services.commitment_conclude(commitment=commitment, actor=cast.clerk_a, outcome="fulfilled")
    with pytest.raises(TransitionNotAllowed):
        services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="x", due_date=TODAY, weight=1)


def test_publishing_twice_is_a_conflict_and_writes_one_platform_row(cast):
    commitment = make_commitment(cast, publish=True)
    with pytest.raises(TransitionNotAllowed):
        services.commitment_publish(commitment=commitment, actor=cast.clerk_a)
    rows = OutboxMessage.objects.filter(channel="platform")
    assert [row.key for row in rows] == [f"platform:commitment:{commitment.pk}:published"]
    assert rows[0].payload["data"]["承诺编码"] == commitment.code


def test_partly_fulfilled_needs_what_was_not_kept(cast):
    commitment = make_commitment(cast, publish=True)
    with pytest.raises(ValidationError):
        services.commitment_conclude(commitment=commitment, actor=cast.clerk_a, outcome="partly_fulfilled")
    services.commitment_conclude(commitment=commitment, actor=cast.clerk_a, outcome="partly_fulfilled",
                                 unfulfilled_content="第三年租金未减免")
    assert Commitment.objects.get(pk=commitment.pk).status == "partly_fulfilled"


def test_a_concluded_commitments_milestone_never_done_is_not_shown_as_planned(cast, client):
    """The demo's 部分履行 commitment showed its first year's subsidy, due months before and never paid, as 计划中:
    the nightly overdue job only looks at commitments in force, and this one had been concluded."""
    commitment = make_commitment(cast, publish=True)
    services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="第一年补贴兑现",
                           due_date=TODAY - datetime.timedelta(days=30), weight=1)
    services.commitment_conclude(commitment=commitment, actor=cast.clerk_a, outcome="partly_fulfilled",
                                 unfulfilled_content="第一年补贴未按期兑现")
    services.milestones_mark_overdue()
    page = client.get(f"/commitments/{commitment.pk}/").content.decode()
    entry = page[page.index("第一年补贴兑现"):][:300]
    assert "未完成" in entry and "计划中" not in entry, entry
