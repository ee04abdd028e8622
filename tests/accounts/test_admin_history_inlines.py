"""A history shown under its object in the admin (transitions, versions, events, reminders) is read-only: no row
is added, changed or deleted there. Only configuration inlines are edited (a scheme's indicators, a calendar year's
exceptions), and each goes through its services."""
from pathlib import Path

import pytest
from django.contrib import admin
from django.test import RequestFactory

from accounts.admin import ReadOnlyInline

EDITABLE = {"evaluation.indicator", "workdays.calendarexception"}


def _inlines():
    """The portal's own inlines (a third-party app's admin, such as the beat schedule's, is its own)."""
    root = Path(__file__).resolve().parents[2]
    for model, model_admin in admin.site._registry.items():
        for inline_class in model_admin.inlines:
            if (root / inline_class.__module__.split(".")[0]).is_dir():
                yield model, inline_class


def test_every_history_inline_is_read_only(django_user_model):
    request = RequestFactory().get("/admin/")
    request.user = django_user_model(username="root", is_superuser=True, is_staff=True)
    seen = 0
    for parent, inline_class in _inlines():
        label = inline_class.model._meta.label_lower
        if label in EDITABLE:
            continue
        seen += 1
        inline = inline_class(parent, admin.site)
        assert issubclass(inline_class, ReadOnlyInline), label
        assert not inline.has_add_permission(request, None), label
        assert not inline.has_change_permission(request, None), label
        assert not inline.has_delete_permission(request, None), label
    assert seen >= 15  # the transitions, events and versions of every app


@pytest.mark.django_db
def test_an_editable_parent_still_saves_and_leaves_its_history_as_it_was(client, cast):
    """A unit's change form shows its head terms read-only; saving the unit changes the unit, not the terms."""
    import datetime

    from django.urls import reverse

    from records.models import Unit, UnitHeadTerm
    from tests.support.admin import admin_form_data

    term = UnitHeadTerm.objects.create(unit=cast.unit_a, person_name="周立", title="局长",
                                       start=datetime.date(2024, 1, 2))
    client.force_login(cast.office)
    url = reverse("admin:records_unit_change", args=[cast.unit_a.pk])
    page = client.get(url)
    assert page.status_code == 200 and "周立" in page.content.decode()
    data = admin_form_data(page, note="改名前的备注") if "note" in page.context["adminform"].form.fields else (
        admin_form_data(page))
    data["head_terms-0-person_name"] = "改掉的名字"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    assert UnitHeadTerm.objects.get(pk=term.pk).person_name == "周立"
    assert Unit.objects.get(pk=cast.unit_a.pk).head_terms.count() == 1
