"""The hostile-input corpus (issue 9, item 8): one hostile value per class, and the checks on an answer.

Every field of every API write operation and every HTML form gets each class of ``values_for(field_kind)``:
markup (a script tag, an attribute break-out), an SQL fragment, an overlong string, control characters, a
huge number, a date far out of range. Number-like fields get every number variant, date fields every date
variant, identity-number and unit-code fields numbers with a wrong checksum. Invalid UTF-8 goes in a raw
body (``INVALID_UTF8``), once per operation with every field.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
SQL = "' OR 1=1; DROP TABLE records_record;--"
OVERLONG = "长" * 50_000 + "x" * 50_000  # 100,000 characters
CONTROL = "a\x00b\x1bc\u202ed"
INVALID_UTF8 = b"\xff\xfe\xc3\x28 \xed\xa0\x80"  # not UTF-8: a lone byte, a bad pair, an encoded surrogate

HUGE_NUMBERS = (10**30, -(10**30), 1e308, "NaN")
BAD_DATES = ("0001-01-01", "9999-12-31", "2026-02-30")

# Wrong check characters: the last character of a valid code changed (tests/factories.py builds valid ones).
BAD_USCC = "91370116MA00000000"  # the check character of this body is not 0
BAD_RESIDENT_ID = "371202196001019901"  # the check digit of this body is not 1

# What must never appear raw in an HTML page: the hostile markup itself (escaped it reads &lt;script&gt;…).
RAW_MARKUP = (SCRIPT, "<img src=x onerror=alert(1)>")


@dataclass(frozen=True)
class Hostile:
    cls: str  # the class: markup, sql, overlong, control, number, date, checksum
    value: object

    @property
    def label(self) -> str:
        text = repr(self.value)
        return f"{self.cls}:{text[:24]}{'…' if len(text) > 24 else ''}"

    @property
    def is_markup(self) -> bool:
        return self.cls == "markup"


TEXT_CLASSES = (
    Hostile("markup", SCRIPT),
    Hostile("markup", ATTRIBUTE_BREAK),
    Hostile("sql", SQL),
    Hostile("overlong", OVERLONG),
    Hostile("control", CONTROL),
)


def values_for(kind: str) -> list[Hostile]:
    """The hostile values a field of ``kind`` gets: text, number, date, uscc, resident_id, other."""
    values = list(TEXT_CLASSES)
    if kind == "number":
        values += [Hostile("number", n) for n in HUGE_NUMBERS]
    else:
        values.append(Hostile("number", HUGE_NUMBERS[0]))
    if kind == "date":
        values += [Hostile("date", d) for d in BAD_DATES]
    if kind == "uscc":
        values.append(Hostile("checksum", BAD_USCC))
    if kind == "resident_id":
        values.append(Hostile("checksum", BAD_RESIDENT_ID))
    return values


def dumps(payload) -> bytes:
    """JSON as a client sends it: ints of any size verbatim, 1e308 as a float, "NaN" as a string."""
    return json.dumps(payload, ensure_ascii=False).encode()


def raw_markup_in(html: str) -> list[str]:
    return [marker for marker in RAW_MARKUP if marker in html]


_MESSAGE = re.compile(r"\w")


def json_has_message(data) -> bool:
    """A 4xx JSON body says what is wrong: some non-empty text somewhere in it."""
    if isinstance(data, str):
        return bool(_MESSAGE.search(data))
    if isinstance(data, dict):
        return any(json_has_message(v) for v in data.values())
    if isinstance(data, list):
        return any(json_has_message(v) for v in data)
    return False
