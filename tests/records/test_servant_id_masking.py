"""Issue 16, finding 3: a civil servant's ID number is shown in full only to the person and the office,
and no edit form prefills it (a new number replaces it; blank keeps the stored one)."""
import pytest
from django.urls import reverse

from records.models import CivilServant
from tests.factories import make_bad_resident_id, make_resident_id

pytestmark = pytest.mark.django_db


def edit_url(servant):
    return reverse("records:servant_edit", args=[servant.pk])


def form_data(servant, **change):
    return {"name": servant.name, "id_number": "", "post": servant.post, "rank": servant.rank,
            "status": servant.status, **change}


@pytest.mark.parametrize("who", ["clerk_a", "head_a", "office"])
def test_the_edit_form_never_prefills_the_full_number(client, cast, who):
    client.force_login(getattr(cast, who))
    body = client.get(edit_url(cast.servant_x)).content.decode()
    assert cast.servant_x.id_number not in body
    assert cast.servant_x.masked_id_number in body  # what the stored number looks like, as help text


def test_a_blank_number_keeps_the_stored_one(client, cast):
    client.force_login(cast.clerk_a)
    stored = cast.servant_x.id_number
    response = client.post(edit_url(cast.servant_x), form_data(cast.servant_x, post="科员（新）"))
    assert response.status_code == 302
    servant = CivilServant.objects.get(pk=cast.servant_x.pk)
    assert (servant.id_number, servant.post) == (stored, "科员（新）")


def test_a_new_number_replaces_it_and_is_checksum_validated(client, cast):
    client.force_login(cast.clerk_a)
    bad = client.post(edit_url(cast.servant_x), form_data(cast.servant_x, id_number=make_bad_resident_id()))
    assert bad.status_code == 200 and "id_number" in bad.context["form"].errors
    assert cast.servant_x.id_number not in bad.content.decode()
    new = make_resident_id()
    assert client.post(edit_url(cast.servant_x), form_data(cast.servant_x, id_number=new)).status_code == 302
    assert CivilServant.objects.get(pk=cast.servant_x.pk).id_number == new


def test_a_number_already_used_by_someone_else_is_refused_without_showing_it(client, cast):
    client.force_login(cast.office)
    response = client.post(edit_url(cast.servant_x), form_data(cast.servant_x, id_number=cast.servant_y.id_number))
    assert response.status_code == 200 and "id_number" in response.context["form"].errors
    assert CivilServant.objects.get(pk=cast.servant_x.pk).id_number != cast.servant_y.id_number


@pytest.mark.parametrize("who", ["clerk_a", "supervisor_in", "leader"])
def test_staff_pages_and_the_api_mask_the_number(client, api, cast, who):
    user = getattr(cast, who)
    client.force_login(user)
    for name in ("records:servant_list", "records:servant_detail"):
        args = [cast.servant_x.pk] if name.endswith("detail") else []
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200
        assert cast.servant_x.id_number not in response.content.decode()
    data = api.as_(user).get(f"/api/v1/civil-servants/{cast.servant_x.pk}/").json()
    assert data["id_number"] == cast.servant_x.masked_id_number


def test_the_admin_change_form_never_prefills_it_and_blank_keeps_it(client, cast):
    client.force_login(cast.office)
    url = reverse("admin:records_civilservant_change", args=[cast.servant_x.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert cast.servant_x.id_number not in page.content.decode()
    assert cast.servant_x.masked_id_number in page.content.decode()
    data = {"name": "张明（改）", "id_number": "", "post": "", "rank": "", "status": cast.servant_x.status,
            "postings-TOTAL_FORMS": "0", "postings-INITIAL_FORMS": "0"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    servant = CivilServant.objects.get(pk=cast.servant_x.pk)
    assert (servant.name, servant.id_number) == ("张明（改）", cast.servant_x.id_number)
