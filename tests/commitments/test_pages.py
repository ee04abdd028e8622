"""Public pages (anonymous vs staff), the Atom feed, and the clerk's workspace."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments import services
from commitments.models import Commitment
from tests.support.forms import as_posted, input_value

from .conftest import PDF, TODAY, make_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed(cast):
    return {
        "public": make_commitment(cast, title="公开的承诺", publish=True),
        "limited": make_commitment(cast, title="特定范围的承诺", publish=True, publication_type="limited"),
        "not_public": make_commitment(cast, title="不公开的承诺", publish=True, publication_type="not_public"),
        "draft": make_commitment(cast, title="草稿承诺"),
    }


def _shown(response, mixed):
    text = response.content.decode()
    return {name for name, c in mixed.items() if c.title in text}


def test_anonymous_visitors_see_exactly_the_public_ones(client, mixed):
    response = client.get(reverse("commitments:public_list"))
    assert response.status_code == 200
    assert _shown(response, mixed) == {"public"}
    for name in ("limited", "not_public", "draft"):
        assert client.get(reverse("commitments:public_detail", args=[mixed[name].pk])).status_code == 404
    assert client.get(reverse("commitments:public_detail", args=[mixed["public"].pk])).status_code == 200


def test_logged_in_staff_also_see_the_limited_ones(client, cast, mixed):
    client.force_login(cast.clerk_b)
    assert _shown(client.get(reverse("commitments:public_list")), mixed) == {"public", "limited"}
    assert client.get(reverse("commitments:public_detail", args=[mixed["limited"].pk])).status_code == 200
    assert client.get(reverse("commitments:public_detail", args=[mixed["not_public"].pk])).status_code == 404


def test_a_civil_servant_is_not_staff_for_limited_ones(client, cast, mixed):
    client.force_login(cast.user_x)
    assert _shown(client.get(reverse("commitments:public_list")), mixed) == {"public"}


def test_search_finds_commitments_and_units(client, cast, mixed):
    response = client.get(reverse("commitments:public_list"), {"q": "市场监督"})
    assert reverse("commitments:public_unit", args=[cast.unit_a.pk]) in response.content.decode()
    assert _shown(response, mixed) == {"public"}
    assert _shown(client.get(reverse("commitments:public_list"), {"q": "不存在的词"}), mixed) == set()


def test_the_detail_page_shows_the_timeline_with_evidence_and_changes(client, cast, mixed):
    commitment = mixed["public"]
    milestone = services.milestone_add(commitment=commitment, actor=cast.clerk_a, title="首期租金减免兑现",
                                       due_date=TODAY, weight=10)
    services.milestone_complete(milestone=milestone, actor=cast.clerk_a, done_on=TODAY, files=[("兑现凭证.pdf", PDF)])
    services.commitment_change(commitment=commitment, actor=cast.clerk_a, kind="change", legal_basis="public_interest",
                               legal_basis_text="项目用地纳入防洪工程规划，依法调整", approved_by="区人民政府常务会议",
                               approved_on=TODAY, compensation="对前期投入依法补偿", new_terms="改为异地提供厂房")
    response = client.get(reverse("commitments:public_detail", args=[commitment.pk]))
    text = response.content.decode()
    assert "首期租金减免兑现" in text and "兑现凭证.pdf" in text and "对前期投入依法补偿" in text
    evidence = milestone.evidence.get()
    download = client.get(reverse("commitments:public_evidence", args=[commitment.pk, evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF


def test_amounts_read_as_written(client, cast):
    commitment = make_commitment(cast, publish=True, amount="120.50")
    services.commitment_change(commitment=commitment, actor=cast.clerk_a, kind="change", legal_basis="public_interest",
                               legal_basis_text="项目用地纳入防洪工程规划，依法调整", approved_by="区人民政府常务会议",
                               approved_on=TODAY, compensation="对前期投入依法补偿", compensation_amount=Decimal("30.00"),
                               new_terms="改为异地提供厂房")
    text = client.get(reverse("commitments:public_detail", args=[commitment.pk])).content.decode()
    assert "120.5 万元" in text and "（30 万元）" in text  # stored as 120.50 and 30.00
    assert "120.50" not in text and "30.00" not in text


def test_the_edit_form_fills_in_the_amount_as_written_and_saving_it_unchanged_changes_nothing(client, cast):
    commitment = make_commitment(cast, amount="120.50")
    events = list(commitment.events.values_list("pk", flat=True))
    client.force_login(cast.clerk_a)
    page = client.get(reverse("commitments:edit", args=[commitment.pk]))
    assert input_value(page.content.decode(), "amount") == "120.5"  # stored as 120.50

    saved = client.post(reverse("commitments:edit", args=[commitment.pk]), as_posted(page.context["form"]))
    assert saved.status_code == 302
    commitment.refresh_from_db()
    assert str(commitment.amount) == "120.50"
    assert list(commitment.events.values_list("pk", flat=True)) == events  # no "edit" event: nothing changed


def test_an_amount_typed_on_the_edit_form_comes_back_as_typed(client, cast):
    commitment = make_commitment(cast, amount="120.50")
    client.force_login(cast.clerk_a)
    page = client.get(reverse("commitments:edit", args=[commitment.pk]))
    data = {**as_posted(page.context["form"]), "amount": "120.50", "title": ""}
    refused = client.post(reverse("commitments:edit", args=[commitment.pk]), data)
    assert refused.status_code == 400 and "title" in refused.context["form"].errors
    assert input_value(refused.content.decode(), "amount") == "120.50"


def test_the_unit_page_shows_its_commitments_and_fulfilment_rate(client, cast, mixed):
    services.commitment_conclude(commitment=mixed["public"], actor=cast.clerk_a, outcome="fulfilled")
    response = client.get(reverse("commitments:public_unit", args=[cast.unit_a.pk]))
    assert response.status_code == 200
    assert _shown(response, mixed) == {"public"}
    assert response.context["record"].fulfilment_rate == 100


def test_the_public_list_costs_a_fixed_number_of_queries(client, cast, mixed, django_assert_num_queries):
    for _ in range(5):
        make_commitment(cast, publish=True)
    # the unit choices of the filter form, the first and last commitment dates for its year choices (one MIN/MAX
    # query), the count for the paginator, the page with units joined
    with django_assert_num_queries(4):
        client.get(reverse("commitments:public_list"))


def test_the_public_detail_costs_a_fixed_number_of_queries(client, cast, mixed, django_assert_num_queries):
    commitment = mixed["public"]
    for index in range(3):
        milestone = services.milestone_add(commitment=commitment, actor=cast.clerk_a, title=f"节点{index}",
                                           due_date=TODAY, weight=10)
        services.evidence_attach(milestone=milestone, actor=cast.clerk_a, name="e.pdf", data=PDF)
    # the commitment with units, milestones, evidence, changes, the children, the public events
    with django_assert_num_queries(6):
        client.get(reverse("commitments:public_detail", args=[commitment.pk]))


def test_the_atom_feed_lists_new_and_changed_public_commitments(client, cast, mixed):
    response = client.get(reverse("commitments:feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    text = response.content.decode()
    assert "公开的承诺" in text
    assert "特定范围的承诺" not in text and "草稿承诺" not in text


# --- workspace --------------------------------------------------------------------

def test_anonymous_is_sent_to_login_from_the_workspace(client):
    response = client.get(reverse("commitments:list"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_clerk_editing_another_units_commitment_gets_404(client, cast, mixed):
    client.force_login(cast.clerk_b)
    for name in ("edit", "milestone_add", "change", "breach"):
        assert client.get(reverse(f"commitments:{name}", args=[mixed["draft"].pk])).status_code == 404
    assert client.post(reverse("commitments:edit", args=[mixed["draft"].pk]), {"title": "x"}).status_code == 404
    assert client.get(reverse("commitments:detail", args=[mixed["draft"].pk])).status_code == 404
    assert Commitment.objects.get(pk=mixed["draft"].pk).title == "草稿承诺"


def test_the_clerk_registers_publishes_and_adds_a_milestone_with_evidence(client, cast):
    client.force_login(cast.clerk_a)
    response = client.post(reverse("commitments:create"), {
        "title": "企业开办一日办结", "kind": "approval_time_limit", "reason": "优化营商环境", "content": "一日办结",
        "liability": "超时追责", "committed_on": TODAY.isoformat(), "publication_type": "public", "weight": 1,
    })
    assert response.status_code == 302, response.context["form"].errors
    commitment = Commitment.objects.get(title="企业开办一日办结")
    client.post(reverse("commitments:publish", args=[commitment.pk]))
    client.post(reverse("commitments:milestone_add", args=[commitment.pk]),
                {"title": "窗口改造", "due_date": TODAY.isoformat(), "weight": 40})
    client.post(reverse("commitments:milestone_add", args=[commitment.pk]),
                {"title": "系统上线", "due_date": TODAY.isoformat(), "weight": 60})
    milestone = commitment.milestones.get(title="窗口改造")

    response = client.post(reverse("commitments:milestone_complete", args=[commitment.pk, milestone.pk]), {
        "done_on": TODAY.isoformat(), "note": "已完成",
        "file": SimpleUploadedFile("验收.pdf", PDF, content_type="application/pdf")})

    assert response.status_code == 302
    detail = client.get(reverse("commitments:detail", args=[commitment.pk]))
    assert detail.context["commitment"].progress == 40
    assert "验收.pdf" in detail.content.decode()


def test_a_reshuffle_reason_comes_back_on_the_form(client, cast, mixed):
    client.force_login(cast.clerk_a)
    response = client.post(reverse("commitments:change", args=[mixed["public"].pk]), {
        "kind": "terminate", "legal_basis": "statutory_cause", "legal_basis_text": "政府换届后新班子调整了政策方向",
        "approved_by": "区政府", "approved_on": TODAY.isoformat(), "compensation": "无"})
    assert response.status_code == 400
    assert "第9条" in response.content.decode()


def test_the_export_is_an_xlsx_of_the_visible_commitments(client, cast, mixed):
    client.force_login(cast.clerk_b)
    response = client.get(reverse("commitments:export"))
    assert response.status_code == 200
    assert response["X-Export-Rows"] == "0"
    client.force_login(cast.office)
    assert client.get(reverse("commitments:export"))["X-Export-Rows"] == "4"


def test_a_commitment_made_twelve_years_ago_is_found_by_its_year(client, cast, mixed, api):
    """Fails on the old code: the year filter offered the last ten years only, so an older year was no choice (the
    select lacked it, the lists ignored it as an error and the API refused it). The years run from the earliest
    commitment's to this one's."""
    year = TODAY.year - 12
    old = make_commitment(cast, title="十二年前的承诺", publish=True, committed_on=datetime.date(year, 6, 1))
    public = client.get(reverse("commitments:public_list"), {"year": str(year)})
    assert f'<option value="{year}" selected>' in public.content.decode()
    assert _shown(public, {**mixed, "old": old}) == {"old"}
    client.force_login(cast.clerk_a)
    staff = client.get(reverse("commitments:list"), {"year": str(year)})
    assert f'<option value="{year}" selected>' in staff.content.decode()
    assert [c.pk for c in staff.context["page_obj"]] == [old.pk]
    options = staff.context["filter"].form.fields["year"].choices
    assert [value for value, _label in options][1:] == [str(y) for y in range(TODAY.year, year - 1, -1)]
    found = api.as_(None).get("/api/v1/commitments/", {"year": str(year)}).json()["results"]
    assert [row["id"] for row in found] == [old.pk]
    # A year before the first commitment finds none; a year no date can have is refused (never a 500)
    assert api.get("/api/v1/commitments/", {"year": "1"}).json()["results"] == []
    assert api.get("/api/v1/commitments/", {"year": "99999"}).status_code == 400


def test_the_type_and_the_counterparty_are_bracketed_in_english_on_english_pages(client, cast):
    """Fails on the old template: "Town/street public service commitment（Parking）" and "…（General public）"."""
    commitment = make_commitment(cast, kind="public_service", service_area="employment", counterparty_name="辖区居民",
                                 counterparty_type="the_public", publish=True)
    url = reverse("commitments:public_detail", args=[commitment.pk])
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "辖区居民 (" in page and "）" not in page[page.index("<main"):page.index("</main>")]
    client.cookies["django_language"] = "zh-hans"
    page = client.get(url).content.decode()
    assert "镇（街道）公共服务承诺（就业）" in page and "辖区居民（社会公众）" in page
