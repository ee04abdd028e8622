"""Issue 16, finding 11: a natural person a commitment is made to is not published by name — the public pages
and the public API show 张** (organisations keep their names); staff keep the full name."""
import pytest
from django.urls import reverse

from .conftest import make_commitment

pytestmark = pytest.mark.django_db


@pytest.fixture
def to_a_person(cast):
    return make_commitment(cast, publish=True, title="个人搬迁补偿承诺", counterparty_name="张三丰",
                           counterparty_type="natural_person")


def test_names_are_masked_to_the_surname():
    from records.validators import mask_person_name

    assert [mask_person_name(n) for n in ("张三丰", "李华", "欧阳娜娜", "", "Wang")] == [
        "张**", "李*", "欧***", "", "W***"]


def test_the_public_page_and_list_do_not_name_the_person(client, cast, to_a_person):
    body = client.get(reverse("commitments:public_detail", args=[to_a_person.pk])).content.decode()
    assert "个人搬迁补偿承诺" in body and "张三丰" not in body and "张**" in body
    found = client.get(reverse("commitments:public_list"), {"q": "张三丰"}).content.decode()
    assert "个人搬迁补偿承诺" not in found  # the name cannot be searched for on the public site


def test_the_public_api_does_not_name_the_person(api, cast, to_a_person):
    client = api.as_(None)
    assert client.get(f"/api/v1/commitments/{to_a_person.pk}/").json()["counterparty_name"] == "张**"
    rows = client.get("/api/v1/commitments/").json()["results"]
    assert [r["counterparty_name"] for r in rows] == ["张**"]
    assert client.get("/api/v1/commitments/", {"q": "张三丰"}).json()["count"] == 0
    assert api.as_(cast.user_x).get(f"/api/v1/commitments/{to_a_person.pk}/").json()["counterparty_name"] == "张**"


def test_organisations_keep_their_names_and_staff_see_the_person(api, client, cast, to_a_person):
    company = make_commitment(cast, publish=True)
    assert api.as_(None).get(f"/api/v1/commitments/{company.pk}/").json()["counterparty_name"] == "某新材料有限公司"
    assert api.as_(cast.clerk_a).get(f"/api/v1/commitments/{to_a_person.pk}/").json()["counterparty_name"] == "张三丰"
    client.force_login(cast.clerk_a)
    assert "张三丰" in client.get(reverse("commitments:detail", args=[to_a_person.pk])).content.decode()
