"""The indicator sources' names, units, methods and notes are code: English pages read them in English, while the
copies the scheme and the runs store (the indicator's methodology, the score's note) stay zh-hans.

Fails on the old code: the sources' ``label``/``unit``/``explain`` and their "no items" notes were plain Chinese
constants, shown as they were on English pages (双公示按期报送率, 考核期内无到期异议，按满分计 …)."""
import re

import pytest
from django.urls import reverse
from django.utils import translation

from evaluation.indicators import SOURCES
from evaluation.labels import indicator_label, stored_note
from evaluation.models import Indicator

from .conftest import item, run

CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")

pytestmark = [pytest.mark.django_db, pytest.mark.requires("msgfmt")]


def _texts(source):
    empty = source.empty()
    return [source.label, source.unit, source.explain, empty.note]


def test_every_source_reads_in_english_and_stays_chinese_as_a_constant():
    for key, source in SOURCES.items():
        assert CJK.search(source.label) and CJK.search(source.explain), key  # the msgids: zh-hans
        with translation.override("en"):
            shown = [source.shown_label(), source.shown_unit(), source.shown_explain(), stored_note(source.empty().note),
                     indicator_label(key)]
        for text in shown:
            assert not CJK.search(text), f"{key}: {text!r} has no English translation"


def test_the_scheme_stores_the_chinese_method_even_when_made_on_an_english_page(scheme):
    with translation.override("en"):
        from evaluation import services

        other = services.scheme_create_default(year=2031)
    for indicator in Indicator.objects.filter(scheme=other):
        assert indicator.methodology == SOURCES[indicator.key].explain and CJK.search(indicator.methodology)


def test_score_pages_show_the_stored_chinese_notes_in_english(client, cast, scheme):
    draft = run()
    objections = item(draft, cast.unit_a, "objections_on_time")
    assert objections.note == "考核期内无到期异议，按满分计"  # stored as computed: zh-hans
    client.force_login(cast.office)
    client.cookies["django_language"] = "en"
    score = objections.score
    page = client.get(reverse("evaluation:score_detail", args=[score.pk])).content.decode()
    assert "考核期内无到期异议" not in page and "No objections due in the period: full marks" in page
    drill = client.get(reverse("evaluation:indicator_detail", args=[score.pk, "objections_on_time"])).content.decode()
    body = drill[drill.index("<main"):drill.index("</main>")]
    assert "No objections due in the period: full marks" in body
    assert SOURCES["objections_on_time"].explain not in body and "answered on time" in body
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("evaluation:score_detail", args=[score.pk])).content.decode()
    assert "考核期内无到期异议，按满分计" in page


def test_the_drill_down_counts_use_english_separators(client, cast, scheme):
    """The counts were joined with a template's literal ：and ；(fails on the old template: Serious：0；General：0)."""
    draft = run()
    score = item(draft, cast.unit_a, "dishonesty_records").score
    client.force_login(cast.office)
    client.cookies["django_language"] = "en"
    drill = client.get(reverse("evaluation:indicator_detail", args=[score.pk, "dishonesty_records"])).content.decode()
    counts = drill[drill.index("<dt>Count</dt>"):]
    counts = counts[:counts.index("</dd>")]
    assert not CJK.search(counts), counts
    assert ": 0; " in counts


def test_the_score_page_brackets_its_rank_and_deadline_in_english(client, cast, scheme):
    """Fails on the old template: "90.00（Rank 1）" and "Published（Feedback deadline 2025-10-27）"."""
    draft = run()
    score = draft.scores.get(unit=cast.unit_a)
    assert draft.reply_until
    client.force_login(cast.office)
    url = reverse("evaluation:score_detail", args=[score.pk])
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    facts = page[page.index('<dl class="detail-list">'):]
    facts = facts[:facts.index("</dl>")]
    assert not re.search(r"[：；，、（）]", facts), facts
    assert f" (rank {score.rank})" in facts and f" (feedback deadline {draft.reply_until:%Y-%m-%d})" in facts
    client.cookies["django_language"] = "zh-hans"
    page = client.get(url).content.decode()
    assert f"（排名 {score.rank}）" in page and f"（反馈截止 {draft.reply_until:%Y-%m-%d}）" in page
