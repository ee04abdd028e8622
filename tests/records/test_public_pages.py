"""Public disclosure pages: institutional records within their window only, never a personal record."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from records import services
from records.choices import DISHONESTY_KINDS, UNIT_ONLY_KINDS, RecordKind
from records.models import CreditRecord
from tests.factories import make_unit
from tests.records.test_record_lifecycle import PENALTY_DETAILS, penalty

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECENT = TODAY - datetime.timedelta(days=20)
PUBLIC_URLS = ("public:disclosure_list", "public:defaulter_list")

LICENCE_DETAILS = {
    "subject_category": "法人及非法人组织", "document_name": "食品经营许可决定书", "licence_category": "普通",
    "licence_content": "食品销售", "valid_from": RECENT.isoformat(),
}
DEFAULTER_DETAILS = {
    "enforcement_basis_body": "莱芜区人民法院", "enforcement_basis_number": "（2025）鲁1203民初88号",
    "case_number": "（2026）鲁1203执77号", "filing_date": RECENT.isoformat(), "court": "莱芜区人民法院",
    "obligation": "支付工程款", "performance": "全部未履行", "dishonest_conduct": "有履行能力而拒不履行",
    "publication_date": RECENT.isoformat(),
}
# Minimal valid details for every kind a person's record may have.
PERSON_DETAILS = {
    RecordKind.JUDICIAL_JUDGMENT: {"court": "莱芜区人民法院", "case_number": "（2026）鲁1203刑初1号"},
    RecordKind.ADMINISTRATIVE_PENALTY: {**PENALTY_DETAILS, "subject_category": "自然人"},
    RecordKind.GOVERNMENT_SANCTION: {"sanction_body": "区纪委监委"},
    RecordKind.PARTY_SANCTION: {"sanction_body": "区纪委"},
    RecordKind.ACCOUNTABILITY: {"accountability_form": "通报"},
    RecordKind.JUDGMENT_DEFAULTER: DEFAULTER_DETAILS,
    RecordKind.PROCUREMENT: {},
    RecordKind.PPP: {"project_name": "污水处理PPP项目", "stage": "实施"},
    RecordKind.INVESTMENT_PROMOTION: {},
    RecordKind.PROPERTY_RIGHTS: {},
    RecordKind.AIR_POLLUTION: {},
    RecordKind.APPROVAL_TIME_LIMIT: {"breach_type": "违规操作"},
    RecordKind.STATISTICS: {"breach_type": "统计造假、弄虚作假"},
    RecordKind.COMMITMENT_BREACH: {},
    RecordKind.FILE_REGISTRATION: {"registered_on": RECENT.isoformat(), "completeness": "完整准确"},
    RecordKind.PERSONAL_MATTERS_CHECK: {"report_year": 2025, "check_result": "漏报"},
    RecordKind.CLEAN_GOVERNMENT: {"conclusion": "有问题线索"},
    RecordKind.ANNUAL_ASSESSMENT: {"assessment_year": 2025},
    RecordKind.INTEGRITY_TRAINING: {"training_name": "诚信教育专题", "training_type": "在职培训", "hours": "8"},
}
SANCTION_TYPES = {RecordKind.GOVERNMENT_SANCTION: "demerit", RecordKind.PARTY_SANCTION: "party_warning"}


def personal_record(cast, kind, *, servant=None, title=None, decision_date=RECENT):
    """A published record of ``kind`` about a civil servant (servant X by default)."""
    record = services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="person", civil_servant=servant or cast.servant_x,
        kind=kind, severity="serious" if kind in DISHONESTY_KINDS else "",
        sanction_type=SANCTION_TYPES.get(kind, ""),
        assessment_grade="basically_competent" if kind == RecordKind.ANNUAL_ASSESSMENT else "",
        title=title or f"个人记录-{kind}", decision_number=f"个人文书-{kind}", decision_date=decision_date,
        details=dict(PERSON_DETAILS[kind]),
    )
    return services.record_publish(record=record, actor=cast.clerk_a)


def published_penalty(cast, **extra):
    extra.setdefault("decision_date", RECENT)
    return services.record_publish(record=penalty(cast, **extra), actor=cast.clerk_a)


def licence(cast, **extra):
    fields = dict(subject_type="unit", subject_unit=cast.unit_b, kind="administrative_licence", title="食品经营许可",
                  decision_number="莱市监许〔2026〕5号", decision_date=RECENT, details=dict(LICENCE_DETAILS))
    fields.update(extra)
    return services.record_publish(record=services.record_create(actor=cast.clerk_a, provider=cast.unit_a, **fields),
                                   actor=cast.clerk_a)


def defaulter(cast, unit, **details):
    record = services.record_create(
        actor=cast.clerk_a, provider=cast.unit_a, subject_type="unit", subject_unit=unit, kind="judgment_defaulter",
        severity="serious", title="拒不履行生效判决", decision_date=RECENT, details={**DEFAULTER_DETAILS, **details},
    )
    return services.record_publish(record=record, actor=cast.clerk_a)


def test_anonymous_finds_a_units_published_penalty_and_opens_it(client, cast):
    record = published_penalty(cast)
    page = client.get(reverse("public:disclosure_list"))
    assert page.status_code == 200
    assert [r.pk for r in page.context["page_obj"]] == [record.pk]
    assert "凤城街道办事处" in page.content.decode()

    found = client.get(reverse("public:disclosure_list"), {"q": "凤城"})
    assert [r.pk for r in found.context["page_obj"]] == [record.pk]
    missed = client.get(reverse("public:disclosure_list"), {"q": "不存在的单位"})
    assert list(missed.context["page_obj"]) == []

    detail = client.get(reverse("public:disclosure_detail", args=[record.pk]))
    assert detail.status_code == 200
    html = detail.content.decode()
    for text in ("莱市监罚〔2026〕12号", "违法行为类型", "违反价格法", "处罚类别", "罚款人民币伍万元",
                 cast.unit_b.code, "区市场监督管理局"):
        assert text in html


def test_amounts_read_as_written_on_the_public_and_staff_pages(client, cast):
    """An amount typed as 5.000000 is stored as typed (exports keep it) and shown as 5; the file pages use the same rows."""
    record = published_penalty(cast, details={**PENALTY_DETAILS, "fine_amount": "5.000000",
                                              "confiscated_amount": "0.012300"})
    assert record.details["fine_amount"] == "5.000000"  # stored as entered: exports keep it
    public = client.get(reverse("public:disclosure_detail", args=[record.pk])).content.decode()
    client.force_login(cast.clerk_a)
    staff = client.get(reverse("records:record_detail", args=[record.pk])).content.decode()
    for page in (public, staff):
        assert "<dt>罚款金额（万元）</dt><dd>5</dd>" in page
        assert "<dt>没收违法所得、没收非法财物的金额（万元）</dt><dd>0.0123</dd>" in page
        assert "5.000000" not in page and "0.012300" not in page


def test_the_list_filters_by_kind_and_decision_date(client, cast):
    fine = published_penalty(cast)
    permit = licence(cast, decision_date=RECENT - datetime.timedelta(days=5))
    by_kind = client.get(reverse("public:disclosure_list"), {"kind": "administrative_licence"})
    assert [r.pk for r in by_kind.context["page_obj"]] == [permit.pk]
    by_date = client.get(reverse("public:disclosure_list"), {"decided_from": RECENT.isoformat()})
    assert [r.pk for r in by_date.context["page_obj"]] == [fine.pk]


def test_a_licence_detail_shows_its_dual_publication_fields(client, cast):
    permit = licence(cast)
    html = client.get(reverse("public:disclosure_detail", args=[permit.pk])).content.decode()
    for text in ("行政许可决定文书名称", "食品经营许可决定书", "许可类别", "许可内容", "食品销售"):
        assert text in html


def test_drafts_expired_revoked_and_minor_records_are_absent_and_404(client, cast):
    draft = penalty(cast, decision_date=RECENT, title="草稿处罚")
    revoked = services.record_revoke(record=published_penalty(cast, title="已撤销处罚"), actor=cast.clerk_a,
                                     reason="原处罚决定被复议撤销")
    # A general penalty is shown for 12 months: one decided two years ago is past its window, whether or
    # not the daily expiry job has run yet.
    old = TODAY - datetime.timedelta(days=730)
    expired = published_penalty(cast, decision_date=old, title="已到期处罚")
    services.records_expire()
    past_window = published_penalty(cast, decision_date=old, title="过期未清理")
    minor = published_penalty(cast, severity="minor", title="轻微处罚")
    hidden = [draft, revoked, past_window, expired, minor]

    shown = published_penalty(cast, title="在公示期内")
    page = client.get(reverse("public:disclosure_list"))
    assert [r.pk for r in page.context["page_obj"]] == [shown.pk]
    html = page.content.decode()
    for record in hidden:
        assert record.title not in html
        assert client.get(reverse("public:disclosure_detail", args=[record.pk])).status_code == 404


def test_no_personal_record_of_any_kind_is_ever_public(client, cast):
    kinds = [kind for kind in RecordKind if kind not in UNIT_ONLY_KINDS]
    personal = [personal_record(cast, kind) for kind in kinds]
    assert {r.kind for r in personal} == set(kinds)
    assert not CreditRecord.objects.public().filter(pk__in=[r.pk for r in personal]).exists()

    for name in PUBLIC_URLS:
        page = client.get(reverse(name))
        assert page.status_code == 200
        assert list(page.context["page_obj"]) == []
        html = page.content.decode()
        assert cast.servant_x.name not in html
        assert "个人记录" not in html and "个人文书" not in html
    searched = client.get(reverse("public:disclosure_list"), {"q": "个人"})
    assert list(searched.context["page_obj"]) == []
    for record in personal:
        assert client.get(reverse("public:disclosure_detail", args=[record.pk])).status_code == 404


def test_the_defaulter_page_lists_units_listed_today_only(client, cast):
    listed = defaulter(cast, cast.unit_b)
    delisted_unit = make_unit("已撤销失信单位")
    delisted = defaulter(cast, delisted_unit, delisting_date=(TODAY - datetime.timedelta(days=1)).isoformat())
    published_penalty(cast)  # a penalty is not a listing
    personal_record(cast, RecordKind.JUDGMENT_DEFAULTER)

    page = client.get(reverse("public:defaulter_list"))
    assert [r.pk for r in page.context["page_obj"]] == [listed.pk]
    html = page.content.decode()
    assert "凤城街道办事处" in html and "（2026）鲁1203执77号" in html
    assert "已撤销失信单位" not in html
    assert client.get(reverse("public:disclosure_detail", args=[delisted.pk])).status_code == 404


def test_the_public_list_costs_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    published_penalty(cast)
    # the count for the paginator, the page with unit and provider joined, the units of the filter's unit select
    with django_assert_num_queries(3):
        client.get(reverse("public:disclosure_list"))
    for index in range(5):
        unit = make_unit(f"测试单位{index}")
        published_penalty(cast, subject_unit=unit, provider=unit)
        licence(cast, subject_unit=unit)
    # a search first looks up the units whose name matches (one query, however many rows: issue 18)
    with django_assert_num_queries(4):
        page = client.get(reverse("public:disclosure_list"), {"q": "测试单位"})
    assert len(page.context["page_obj"]) == 10


def test_the_detail_and_defaulter_pages_cost_a_fixed_number_of_queries(client, cast, django_assert_num_queries):
    record = published_penalty(cast)
    for index in range(3):
        defaulter(cast, make_unit(f"失信单位{index}"))
    with django_assert_num_queries(1):  # the record with its unit and provider
        client.get(reverse("public:disclosure_detail", args=[record.pk]))
    with django_assert_num_queries(2):  # the count, the page
        client.get(reverse("public:defaulter_list"))
