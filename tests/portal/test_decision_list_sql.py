"""What the 双公示 lists ask the database (issue 18): a search by a document number looks the matching ids up
first, so the page is those rows instead of a walk of the list's order index past every decision (3.7 s on 2M)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from decisions.models import Decision, Subject

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("postgres_required")]


@pytest.mark.parametrize("url_name", ["decisions:list", "decisions:public_list"])
def test_a_document_number_search_pages_the_ids_it_found(client, cast, settings, url_name):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    subject = Subject.objects.create(category="legal_person", name="某公司", uscc="91370100MA3C0000X0")
    decision = Decision.objects.create(
        act="penalty", department=cast.unit_a, subject=subject, subject_category="legal_person",
        subject_name="某公司", document_number="汶审批许〔2023〕123号", content="决定内容",
        decision_date=datetime.date(2025, 1, 1), status="published", disclosed=True,
        publication_starts=datetime.date(2025, 1, 1))
    client.force_login(cast.office)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse(url_name), {"q": "汶审批许〔2023〕123号"})
    assert response.status_code == 200
    pages = [q["sql"] for q in ctx.captured_queries
             if q["sql"].startswith('SELECT "decisions_decision"."id", "decisions_decision"."act"')]
    assert pages and all(f'"decisions_decision"."id" IN ({decision.pk})' in sql for sql in pages)
    assert all("LIKE" not in sql for sql in pages)
