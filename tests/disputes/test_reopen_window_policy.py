"""The clue reopen window is a policy row (issue 15 item 3): revised by the office, it applies at once."""
import datetime

import pytest

from disputes import services
from integrity_portal.errors import TransitionNotAllowed
from workdays.services import policy_revise

D = datetime.date
pytestmark = pytest.mark.django_db


def test_the_reopen_window_follows_the_row_in_force(cast, acknowledged):
    clue, _ = acknowledged
    clue = services.clue_conclude(clue=clue, actor=cast.clerk_a, outcome="resolved", reason="已支付", today=D(2026, 4, 1))
    policy_revise(key="dispute_reopen_window", value=10, unit="calendar_days", legal_basis="区信用办确定",
                  actor=cast.office)
    with pytest.raises(TransitionNotAllowed) as caught:
        services.reopen_request(clue=clue, reason="仍未支付", today=D(2026, 4, 12))
    assert "10 自然日" in caught.value.message
    assert services.reopen_request(clue=clue, reason="仍未支付", today=D(2026, 4, 11)).pk
