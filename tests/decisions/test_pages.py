"""The clerk's forms per act, the workspace, the quality page and the public 双公示 pages."""
import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from decisions import services
from decisions.models import Decision
from tests.support.forms import as_posted, input_value
from tests.support.long_lists import clocks_like, copies, detail_links, read_pages
from workdays.models import Clock

from .factories import penalty_row, person_penalty_row

pytestmark = pytest.mark.django_db


def published(cast, row, user=None):
    user = user or cast.clerk_a
    decision = services.decision_create(actor=user, department=user.unit, row=row)
    return services.decision_publish(decision=decision, actor=user)


def test_the_form_of_an_act_shows_only_its_fields(client, cast):
    client.force_login(cast.clerk_a)
    penalty = client.get(reverse("decisions:create", args=["penalty"])).content.decode()
    licence = client.get(reverse("decisions:create", args=["licence"])).content.decode()
    assert "违法行为类型" in penalty and "处罚决定日期" in penalty and "许可类别" not in penalty
    assert "许可类别" in licence and "有效期至" in licence and "违法行为类型" not in licence
    assert client.get(reverse("decisions:create", args=["tax"])).status_code == 404


def test_a_clerk_enters_a_penalty_and_sees_errors_by_field(client, cast):
    client.force_login(cast.clerk_a)
    url = reverse("decisions:create", args=["penalty"])
    row = penalty_row(decision_date=timezone.localdate().isoformat())
    bad = client.post(url, {**row, "fine_amount": "两万元", "penalty_categories": ["fine", "confiscate_gains"]})
    assert bad.status_code == 200 and "不是数字" in bad.content.decode()
    assert not Decision.objects.exists()
    good = client.post(url, {**row, "penalty_categories": ["fine", "confiscate_gains"]})
    decision = Decision.objects.get()
    assert good.status_code == 302 and good["Location"] == reverse("decisions:detail", args=[decision.pk])
    assert (decision.department, decision.status) == (cast.unit_a, "draft")
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert "公示并报送" in page
    confirm = client.post(reverse("decisions:publish", args=[decision.pk]))
    assert confirm.status_code == 200 and "确认公示 1 条" in confirm.content.decode()
    decision.refresh_from_db()
    assert decision.status == "draft"  # nothing published before the confirmation
    client.post(reverse("decisions:publish", args=[decision.pk]), {"confirm": "1"})
    decision.refresh_from_db()
    assert decision.status == "published" and decision.published_on_time is True


def test_bulk_publish_from_the_list(client, cast):
    ids = [services.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(n=n)).pk
           for n in (1, 2)]
    client.force_login(cast.clerk_a)
    assert "公示所选草稿" in client.get(reverse("decisions:list")).content.decode()
    confirm = client.post(reverse("decisions:bulk_publish"), {"ids": ids}).content.decode()
    assert "确认公示 2 条" in confirm and "公示至" in confirm
    assert set(Decision.objects.values_list("status", flat=True)) == {"draft"}
    response = client.post(reverse("decisions:bulk_publish"), {"ids": ids, "confirm": "1"})
    assert response.status_code == 302
    assert set(Decision.objects.values_list("status", flat=True)) == {"published"}
    client.force_login(cast.clerk_b)
    other = services.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(n=3))
    assert client.post(reverse("decisions:bulk_publish"), {"ids": [other.pk]}).status_code == 404


def test_publishing_a_decision_on_a_person_says_so_and_what_the_public_will_see(client, cast):
    decision = services.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=person_penalty_row())
    client.force_login(cast.clerk_a)
    page = client.post(reverse("decisions:publish", args=[decision.pk])).content.decode()
    assert decision.subject_name in page and "自然人" in page and "证件号码隐去中间部分" in page
    assert 'name="confirm" value="1"' in page
    decision.refresh_from_db()
    assert decision.status == "draft"


def test_the_public_finds_a_company_by_two_characters_and_opens_the_penalty(client, cast):
    company = published(cast, penalty_row(n=1, subject_name="济南明远食品有限公司"))
    hidden = published(cast, penalty_row(n=2, subject_name="明远五金店", penalty_categories=["warning"],
                                         fine_amount="", confiscated_amount=""))
    services.decision_create(actor=cast.clerk_a, department=cast.unit_a,
                             row=penalty_row(n=3, subject_name="明远商贸有限公司"))
    page = client.get(reverse("decisions:public_list"), {"q": "明远"}).content.decode()
    assert "济南明远食品有限公司" in page and "明远五金店" not in page and "明远商贸" not in page
    detail = client.get(reverse("decisions:public_detail", args=[company.pk])).content.decode()
    # the standard's order: 行政相对人名称 before 行政处罚决定书文号 before 处罚内容
    assert detail.index("行政相对人名称") < detail.index("行政处罚决定书文号") < detail.index("处罚内容")
    assert client.get(reverse("decisions:public_subject", args=[company.subject_id])).status_code == 200
    assert client.get(reverse("decisions:public_detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("decisions:public_subject", args=[hidden.subject_id])).status_code == 404


def test_id_numbers_are_masked_on_pages_except_for_the_department_and_the_office(client, cast):
    row = person_penalty_row(n=1)
    decision = published(cast, row)
    full = row["id_number"]
    assert full not in client.get(reverse("decisions:public_detail", args=[decision.pk])).content.decode()
    for user, shown in ((cast.clerk_a, True), (cast.office, True), (cast.supervisor_in, False)):
        client.force_login(user)
        page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
        assert (full in page) is shown, user


def test_amounts_read_as_written_not_as_stored(client, cast):
    """Stored with six decimals (5.000000); shown as a clerk writes them, no significant digit lost."""
    decision = published(cast, penalty_row(n=1, fine_amount="5", confiscated_amount="0.012345"))
    fine = '<dt>罚款金额（万元）</dt><dd class="breakable">5</dd>'
    confiscated = '<dt>没收违法所得、没收非法财物的金额（万元）</dt><dd class="breakable">0.012345</dd>'
    public = client.get(reverse("decisions:public_detail", args=[decision.pk])).content.decode()
    client.force_login(cast.clerk_a)
    staff = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    for page in (public, staff):
        assert fine in page and confiscated in page
        assert "5.000000" not in page and "0.012345</dd>" in page


def test_the_edit_form_fills_in_amounts_as_written_and_saving_it_unchanged_changes_nothing(client, cast):
    decision = services.decision_create(actor=cast.clerk_a, department=cast.unit_a,
                                        row=penalty_row(fine_amount="5", confiscated_amount="0.012345"))
    decision.refresh_from_db()
    assert str(decision.fine_amount) == "5.000000"  # six decimals stored
    transitions = list(decision.transitions.values_list("pk", flat=True))
    client.force_login(cast.clerk_a)
    page = client.get(reverse("decisions:edit", args=[decision.pk]))
    html = page.content.decode()
    assert input_value(html, "fine_amount") == "5" and input_value(html, "confiscated_amount") == "0.012345"

    saved = client.post(reverse("decisions:edit", args=[decision.pk]), as_posted(page.context["form"]))
    assert saved.status_code == 302
    decision.refresh_from_db()
    assert (str(decision.fine_amount), str(decision.confiscated_amount)) == ("5.000000", "0.012345")
    assert list(decision.transitions.values_list("pk", flat=True)) == transitions


def test_an_amount_typed_on_the_edit_form_comes_back_as_typed(client, cast):
    decision = services.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row())
    client.force_login(cast.clerk_a)
    page = client.get(reverse("decisions:edit", args=[decision.pk]))
    data = {**as_posted(page.context["form"]), "fine_amount": "5.000", "violation_facts": ""}
    refused = client.post(reverse("decisions:edit", args=[decision.pk]), data)
    assert refused.status_code == 200 and refused.context["form"].errors
    assert input_value(refused.content.decode(), "fine_amount") == "5.000"


def test_the_quality_page_shows_the_rates_and_the_overdue_list(client, cast):
    published(cast, penalty_row(n=1, decision_date=timezone.localdate()))
    late = services.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(n=2))
    client.force_login(cast.office)
    page = client.get(reverse("decisions:quality")).content.decode()
    assert "区市场监督管理局" in page and "50.00%" in page and late.document_number in page
    client.force_login(cast.clerk_b)
    assert "区市场监督管理局" not in client.get(reverse("decisions:quality")).content.decode()


def test_the_quality_pages_through_every_overdue_decision_keeping_the_year(client, cast):
    """The overdue list (the dashboard's 双公示逾期未公示 card links to it) stopped at 200 decisions."""
    late = services.decision_create(actor=cast.clerk_a, department=cast.unit_a, row=penalty_row(
        n=0, decision_date=timezone.localdate() - datetime.timedelta(days=90)))
    clock = Clock.objects.get(content_type=ContentType.objects.get_for_model(Decision), object_id=late.pk,
                              purpose=services.REPORTING_CLOCK)
    more = copies(late, 200, document_number=lambda i: f"济莱市监罚〔2026〕{i + 1}号")
    clocks_like(clock, more)
    client.force_login(cast.office)
    listed, pages = read_pages(client, reverse("decisions:quality") + "?year=2026", detail_links("decisions:detail"))
    assert sorted(map(int, listed)) == sorted([late.pk, *(d.pk for d in more)])
    assert "共 201 条" in pages[0] and len(pages) == 5
    # The list is below the rates: each page link opens at it (they opened at the top of the page).
    assert '<a href="?year=2026&amp;page=2#overdue" rel="next">' in pages[0]


def test_the_detail_page_lists_the_repair_applications(client, cast):
    from objections import services as objections

    decision = published(cast, penalty_row(n=1))  # decided in March: repairable since June
    repair = objections.repair_apply_decision(decision=decision, applicant=cast.clerk_a, statement="已整改",
                                              effects_removed=True)
    client.force_login(cast.office)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    assert reverse("objections:repair_detail", args=[repair.pk]) in page
    detail = client.get(reverse("objections:repair_detail", args=[repair.pk])).content.decode()
    assert decision.document_number in detail


def test_the_department_registers_a_subjects_repair_application_from_the_decision(client, cast):
    from objections.models import Repair

    long_ago = timezone.localdate().replace(year=timezone.localdate().year - 1)
    decision = published(cast, penalty_row(n=7, decision_date=long_ago.isoformat(), penalty_categories="罚款",
                                           fine_amount="5"))
    assert decision.disclosed and decision.repairable_from <= timezone.localdate()
    client.force_login(cast.clerk_a)
    page = client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    url = reverse("objections:repair_create_decision", args=[decision.pk])
    assert url in page and "登记信用修复申请" in page
    form = client.get(url).content.decode()
    assert decision.subject_name in form and "最短公示期已于" in form
    response = client.post(url, {"statement": "已缴纳罚款并完成整改", "losses_recovered": "on"})
    repair = Repair.objects.get(decision=decision)
    assert response.status_code == 302 and response["Location"] == repair.get_absolute_url()
    again = client.post(url, {"statement": "再次申请", "harm_stopped": "on"})
    assert again.status_code == 409 and Repair.objects.filter(decision=decision).count() == 1
    assert url not in client.get(reverse("decisions:detail", args=[decision.pk])).content.decode()
    client.force_login(cast.clerk_b)
    assert client.get(url).status_code == 404


def test_the_decision_pages_join_their_parts_with_english_separators_on_english_pages(client, cast):
    """Fails on the old templates: "Administrative penalty：<number>", "<unit>（<code>）", "No：<reason>"; the
    number, the names and the reason are data and stay as written."""
    shown = published(cast, penalty_row(n=1, subject_name="济南明远食品有限公司"))
    hidden = published(cast, penalty_row(n=2, subject_name="明远五金店", penalty_categories=["warning"],
                                         fine_amount="", confiscated_amount=""))
    assert hidden.disclosed is False and hidden.not_disclosed_reason
    unit = f"{cast.unit_a.name} ({cast.unit_a.code})"
    client.cookies["django_language"] = "en"
    public = client.get(reverse("decisions:public_detail", args=[shown.pk])).content.decode()
    title = public[public.index("<h1"):public.index("</h1>")]
    assert f": {shown.document_number}" in title and "：" not in title and unit in public
    client.force_login(cast.clerk_a)
    workspace = client.get(reverse("decisions:detail", args=[hidden.pk])).content.decode()
    assert unit in workspace and f"No: {hidden.not_disclosed_reason}" in workspace

    client.cookies["django_language"] = "zh-hans"
    public = client.get(reverse("decisions:public_detail", args=[shown.pk])).content.decode()
    workspace = client.get(reverse("decisions:detail", args=[hidden.pk])).content.decode()
    unit = f"{cast.unit_a.name}（{cast.unit_a.code}）"
    assert f"：{shown.document_number}</h1>" in public and unit in public
    assert unit in workspace and f"否：{hidden.not_disclosed_reason}" in workspace
