"""Builders for commitment tests (on top of the shared cast)."""
import datetime

import pytest
from django.utils import timezone

from commitments import services

TODAY = timezone.localdate()
MADE = TODAY - datetime.timedelta(days=200)
PDF = b"%PDF-1.4 evidence"


def make_commitment(cast, *, unit=None, actor=None, publish=False, **fields):
    values = dict(
        title="标准厂房租金减免政策承诺", kind="investment_promotion", reason="招商引资项目落地",
        content="对新落户企业三年内减免标准厂房租金", liability="未兑现的，依约补足并承担违约责任",
        committed_on=MADE, valid_until=TODAY + datetime.timedelta(days=365), publication_type="public",
        counterparty_name="某新材料有限公司", counterparty_type="organisation",
    )
    values.update(fields)
    commitment = services.commitment_create(actor=actor or cast.clerk_a, unit=unit or cast.unit_a, **values)
    if publish:
        commitment = services.commitment_publish(commitment=commitment, actor=actor or cast.clerk_a)
    return commitment


@pytest.fixture
def commitment_factory(cast):
    def build(**fields):
        return make_commitment(cast, **fields)

    return build
