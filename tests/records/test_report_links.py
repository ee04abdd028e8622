"""The staff pages of a unit and of a civil servant link to their credit reports (issue 15 item 7, clause 5)."""
import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who, linked", [("office", True), ("clerk_a", True), ("cadre", False),
                                         ("supervisor_in", False)])
def test_the_staff_pages_of_a_unit_and_a_servant_link_to_their_credit_reports(client, cast, who, linked):
    client.force_login(getattr(cast, who))
    unit_page = client.get(reverse("records:unit_detail", args=[cast.unit_a.pk])).content.decode()
    assert f'href="{reverse("reports:unit", args=[cast.unit_a.pk])}"' in unit_page  # a unit's report is public
    servant_page = client.get(reverse("records:servant_detail", args=[cast.servant_x.pk]))
    assert servant_page.status_code == 200
    report = f'href="{reverse("reports:servant", args=[cast.servant_x.pk])}"'
    assert (report in servant_page.content.decode()) is linked  # only where the report may be had (P5, P6)
    if linked:
        assert client.get(reverse("reports:servant", args=[cast.servant_x.pk])).status_code == 200
