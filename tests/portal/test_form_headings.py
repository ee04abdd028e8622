"""A form page's heading and button come from its view's class attributes (``heading``, ``submit_label``), which the
templates translate as variables: every one of them reads in English on English pages. The rectification case's
立案 button and the 计算零存量零增量状态 heading stayed Chinese (this test failed on them)."""
import re

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def view_classes(patterns=None):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from view_classes(entry.url_patterns)
        elif isinstance(entry, URLPattern) and hasattr(entry.callback, "view_class"):
            yield entry.callback.view_class


def test_every_form_heading_and_button_reads_in_english():
    checked, untranslated = set(), []
    with translation.override("en"):
        for view in view_classes():
            for name in ("heading", "submit_label"):
                text = getattr(view, name, None)
                if not text or (view, name) in checked:
                    continue
                checked.add((view, name))
                shown = translation.gettext(str(text))  # what {% translate heading %} does
                if CJK.search(shown):
                    untranslated.append(f"{view.__module__}.{view.__name__}.{name}: {shown}")
    assert len(checked) > 20
    assert untranslated == []
