"""Internal names in what a user reads: ``raw_names(html) -> ["…the offending text…", …]``.

A page of this portal speaks Chinese; what gives a developer's name away is
- a snake_case identifier (``rectification_explanation``, ``hotline_on_time_rate``);
- an evidence reference (``record:10@1``, ``input:112``);
- a Python repr (``<QuerySet […]>``, ``<Unit: …>``, ``object at 0x…``, a bare ``None``);
- a lowercase choice value of any model (``serious``, ``general``, ``under_review``…) standing as a word;
- an English phrase of two or more words with nothing else in the text (an admin header or section left
  untranslated: "Subject name", "Access attempts", "Civil servants").
File names, addresses and codes are not words: a token touching ``.``, ``/``, ``@``, ``-`` or a digit is skipped.
"""
import re
from functools import cache

from tests.support.visible_text import visible_text

SNAKE = re.compile(r"(?<![\w./@:-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./@-])")
REFERENCE = re.compile(r"(?<![\w./@-])[a-z_]+:\d+(?:@\d+)?(?![\w./-])")
REPR = re.compile(r"<QuerySet|<[A-Z]\w*: |object at 0x[0-9a-f]+|(?<![\w.])None(?![\w.])")
ENGLISH_PHRASE = re.compile(r"[A-Z][a-z]+(?: [A-Za-z]+)+")


@cache
def _choice_words() -> re.Pattern:
    from django.apps import apps

    words = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            for value, _label in getattr(field, "choices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z]{3,}", value):
                    words.add(value)
    return re.compile(r"(?<![\w./@:-])(?:" + "|".join(sorted(words)) + r")(?![\w./@-])")


def raw_names(html: str, admin: bool = False, data: frozenset[str] = frozenset()) -> list[str]:
    """The chunks of visible text that carry an internal name. In the admin (``admin=True``), where the office
    reads stored values as they are, only untranslated headers and Python reprs count. ``data``: texts that are
    data, not names (user names such as ``office``)."""
    found = []
    for chunk in visible_text(html):
        if chunk in data:
            continue
        if REPR.search(chunk) or ENGLISH_PHRASE.fullmatch(chunk):
            found.append(chunk)
        elif not admin and (SNAKE.search(chunk) or REFERENCE.search(chunk) or _choice_words().search(chunk)):
            found.append(chunk)
    return found
