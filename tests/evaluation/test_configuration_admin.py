"""Accountable configuration (issue 15 item 5): an admin edit of a configuration table writes its audit row
(who, when, old → new, reason) through the same service as everywhere else; after a run has used a scheme or a
period's figures, the change needs a reason and is refused without one (nothing changes)."""
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.choices import ConfigAction
from accounts.models import ConfigurationChange
from disputes.models import RoutingRule
from evaluation import services
from evaluation.models import Indicator, InputValue
from evaluation.periods import parse_period
from objections.models import ObjectionPolicy
from records.models import RectificationRule
from tests.evaluation.conftest import Q3, run
from tests.support.admin import admin_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, cast):
    client.force_login(cast.office)
    return client


def weight_field(response, indicator: Indicator) -> str:
    formset = response.context["inline_admin_formsets"][0].formset
    form = next(f for f in formset.forms if f.instance.pk == indicator.pk)
    return form.add_prefix("weight")


def edit_weights(office, scheme, **extra):
    """Move 2 points from the first indicator to the second, in the scheme's admin change form."""
    first, second = scheme.indicators.order_by("order")[:2]
    url = reverse("admin:evaluation_scheme_change", args=[scheme.pk])
    page = office.get(url)
    data = admin_form_data(page, **{weight_field(page, first): str(first.weight - 2),
                                    weight_field(page, second): str(second.weight + 2)}, **extra)
    return office.post(url, data), first, second


def test_an_admin_edit_of_a_weight_writes_an_audit_row_with_old_and_new(office, cast, scheme):
    response, first, second = edit_weights(office, scheme)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    first.refresh_from_db()
    assert first.weight == Decimal("18.00")
    change = ConfigurationChange.objects.get(table="evaluation.Indicator", object_id=str(first.pk))
    assert change.action == ConfigAction.CHANGE and change.actor == cast.office and change.via == "admin"
    assert (change.old, change.new) == ({"weight": "20.00"}, {"weight": "18.00"})
    assert ConfigurationChange.objects.filter(table="evaluation.Indicator", object_id=str(second.pk)).exists()


def test_after_a_run_a_weight_change_without_a_reason_is_refused_and_changes_nothing(office, cast, scheme):
    run()
    response, first, _ = edit_weights(office, scheme)
    assert response.status_code == 200
    assert "change_reason" in response.context["adminform"].form.errors
    first.refresh_from_db()
    assert first.weight == Decimal("20.00") and not ConfigurationChange.objects.exists()

    response, first, _ = edit_weights(office, scheme, change_reason="按区政府通知调整权重")
    assert response.status_code == 302
    change = ConfigurationChange.objects.get(table="evaluation.Indicator", object_id=str(first.pk))
    assert change.reason == "按区政府通知调整权重"


def test_a_weight_change_after_a_run_through_the_service_needs_a_reason_too(cast, scheme):
    from django.core.exceptions import ValidationError

    run()
    indicator = scheme.indicators.order_by("order").first()
    indicator.weight = Decimal("19")
    with pytest.raises(ValidationError):
        services.indicator_save(instance=indicator, actor=cast.office)
    assert Indicator.objects.get(pk=indicator.pk).weight == Decimal("20.00")


def test_an_entered_figure_is_audited_and_after_a_run_needs_a_reason(office, cast, scheme):
    period = services.period_get_or_create(parse_period(Q3))
    add = reverse("admin:evaluation_inputvalue_add")
    response = office.post(add, {"period": period.pk, "unit": cast.unit_a.pk, "key": "hotline_on_time_rate",
                                 "value": "95.5"})
    assert response.status_code == 302
    figure = InputValue.objects.get(unit=cast.unit_a, key="hotline_on_time_rate")
    assert figure.entered_by == cast.office
    created = ConfigurationChange.objects.get(table="evaluation.InputValue")
    assert created.action == ConfigAction.CREATE and created.new["value"] == "95.5000"

    run()
    change_url = reverse("admin:evaluation_inputvalue_change", args=[figure.pk])
    data = admin_form_data(office.get(change_url), value="80")
    assert office.post(change_url, data).status_code == 200
    figure.refresh_from_db()
    assert figure.value == Decimal("95.5")
    data["change_reason"] = "热线办更正报送数据"
    assert office.post(change_url, data).status_code == 302
    change = ConfigurationChange.objects.filter(table="evaluation.InputValue").first()
    assert (change.old, change.new, change.reason) == ({"value": "95.5000"}, {"value": "80.0000"}, "热线办更正报送数据")


@pytest.mark.parametrize("model, make, edit", [
    (RoutingRule, lambda cast: RoutingRule.objects.create(body_keyword="凤城", unit=cast.unit_b), {"priority": "5"}),
    (ObjectionPolicy, lambda cast: ObjectionPolicy.objects.get_or_create(kind="government_sanction")[0],
     {"policy_key": "objection_answer_provincial_verify"}),
    (RectificationRule, lambda cast: RectificationRule.objects.get_or_create(kind="judgment_defaulter")[0],
     {"is_active": ""}),
])
def test_routing_objection_period_and_rectification_rules_are_audited(office, cast, model, make, edit):
    row = make(cast)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[row.pk])
    data = admin_form_data(office.get(url), change_reason="调整", **edit)
    data = {k: v for k, v in data.items() if v != ""}
    response = office.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    change = ConfigurationChange.objects.get(table=f"{model._meta.app_label}.{model.__name__}")
    assert change.object_id == str(row.pk) and change.reason == "调整" and change.old != change.new


def test_an_import_of_figures_writes_an_audit_row_per_figure_set_or_changed(cast):
    from tests.evaluation.test_tasks_and_imports import workbook

    first = services.input_import(actor=cast.office, period=Q3, kind="hotline", name="热线.xlsx",
                                  file_bytes=workbook([[cast.unit_a.code, cast.unit_a.name, 120, 90, 92.5]]))
    created = ConfigurationChange.objects.filter(table="evaluation.InputValue", action=ConfigAction.CREATE)
    assert created.count() == 3 and {c.via for c in created} == {"import"}
    assert all(f"#{first.pk}" in c.reason for c in created)
    services.input_import(actor=cast.office, period=Q3, kind="hotline", name="热线更正.xlsx",
                          file_bytes=workbook([[cast.unit_a.code, cast.unit_a.name, 120, 85, 92.5]]))
    changed = ConfigurationChange.objects.filter(table="evaluation.InputValue").exclude(action=ConfigAction.CREATE)
    # only the on-time rate changed (the figure rows are replaced, so the audit row names the new row)
    assert [(c.old, c.new) for c in changed] == [({"value": "90.0000"}, {"value": "85.0000"})]


def test_an_entered_figure_is_checked_as_the_import_checks_it(office, cast, scheme):
    """A mistyped data item was saved before and read by no indicator; a rate of 150 % or more problems rectified
    than found were accepted by hand though the import refuses them."""
    period = services.period_get_or_create(parse_period(Q3))
    add = reverse("admin:evaluation_inputvalue_add")
    figure = {"period": period.pk, "unit": cast.unit_a.pk}
    for key, value, field in (("hotline_casez", "10", "key"), ("hotline_on_time_rate", "150", "value"),
                              ("hotline_cases", "2.5", "value"), ("tv_findings", "-1", "value")):
        refused = office.post(add, {**figure, "key": key, "value": value})
        assert refused.status_code == 200, key
        assert field in refused.context["adminform"].form.errors, key
    assert not InputValue.objects.exists()

    assert office.post(add, {**figure, "key": "tv_findings", "value": "4"}).status_code == 302
    refused = office.post(add, {**figure, "key": "tv_rectified", "value": "5"})
    assert "value" in refused.context["adminform"].form.errors
    assert office.post(add, {**figure, "key": "tv_rectified", "value": "4"}).status_code == 302

    page = office.get(reverse("admin:evaluation_inputvalue_changelist")).content.decode()
    assert "已整改问题数" in page and ">tv_rectified<" not in page
    with pytest.raises(ValidationError) as unknown:
        InputValue(period=period, unit=cast.unit_a, key="hotline_casez", value=Decimal(1)).full_clean()
    assert "key" in unknown.value.message_dict


def test_scores_and_queries_name_the_indicators_source_not_its_key(office, cast, scheme):
    from evaluation.labels import indicator_label
    from evaluation.models import IndicatorScore, ReplyQuery

    run()
    item = IndicatorScore.objects.filter(score__unit=cast.unit_a).first()
    ReplyQuery.objects.create(run=item.score.run, score=item.score, indicator_key=item.indicator_key,
                              reason="数据有误", raised_by=cast.clerk_a)
    query = ReplyQuery.objects.get()
    name = indicator_label(item.indicator_key)
    assert name != item.indicator_key
    for url in (reverse("admin:evaluation_indicatorscore_change", args=[item.pk]),
                reverse("admin:evaluation_replyquery_changelist"),
                reverse("admin:evaluation_replyquery_change", args=[query.pk])):
        html = office.get(url).content.decode()
        assert name in html, url
        assert f">{item.indicator_key}<" not in html, url
