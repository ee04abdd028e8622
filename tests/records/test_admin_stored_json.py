"""The admin shows a record's stored JSON (its kind's details, each version's content, the history's changes) and
a zero-status snapshot's unit lists as the workspace does: by the fields' names and values as read (失信情形 → 违规操作,
记录类别 → 行政审批超时限、违规操作), never by the keys the code stores (breach_type, approval_time_limit, unit_id)."""
import datetime

import pytest
from django.urls import reverse

from records import services
from records.models import ZeroStatusRevision
from records.services import punishment
from tests.records.test_public_pages import personal_record
from tests.records.test_punishment_court_list import listing
from tests.support.admin import keys_shown

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_records_details_versions_and_changes_read_by_names(cast, client):
    record = personal_record(cast, "approval_time_limit", title="未按承诺时限办结审批")
    record = services.record_correct(record=record, actor=cast.clerk_a, reason="文书号录入错误",
                                     decision_number="莱审批〔2026〕9号", details={"breach_type": "失职渎职"})
    client.force_login(cast.office)
    html = client.get(reverse("admin:records_creditrecord_change", args=[record.pk])).content.decode()
    for name in ("失信情形", "失职渎职", "违规操作", "决定文书号", "莱审批〔2026〕9号", "行为开始日期", "影响期止",
                 "行政审批超时限、违规操作"):
        assert name in html, name
    assert keys_shown(html, ["act_end", "act_start", "approval_time_limit", "assessment_grade", "breach_type",
                             "civil_servant", "decision_body", "decision_date", "decision_number", "effect_end",
                             "legal_basis", "sanction_type", "details", "window_start",
                             "create", "correct", "publish", "draft", "published"]) == []


def test_a_zero_status_snapshots_units_read_by_name_and_code(cast, client):
    listing(cast, published=D(2026, 2, 1))
    snapshot = punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 2))
    assert snapshot.stock_units and snapshot.stock_units[0]["unit_id"] == cast.unit_b.pk
    client.force_login(cast.office)
    html = client.get(reverse("admin:records_zerostatussnapshot_change", args=[snapshot.pk])).content.decode()
    assert cast.unit_b.name in html and cast.unit_b.code in html
    assert keys_shown(html, ["unit_id", "name", "code", "records"]) == []
    listing(cast, unit=cast.unit_a, published=D(2026, 3, 1), case_number="（2026）鲁0116执101号")
    punishment.zero_status_compute(period="2026Q1", today=D(2026, 4, 10), actor=cast.office, reason="补录")
    revision = ZeroStatusRevision.objects.get()
    html = client.get(reverse("admin:records_zerostatusrevision_change", args=[revision.pk])).content.decode()
    assert cast.unit_b.name in html and keys_shown(html, ["unit_id"]) == []
