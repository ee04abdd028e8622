"""A form page as the browser posts it back, and the value an input shows."""
import re
from html import unescape


def as_posted(form) -> dict:
    """What submitting the page unchanged sends: each field's rendered value (empty ones left out)."""
    data = {}
    for field in form:
        value = field.value()
        if value not in (None, "", [], False):
            data[field.html_name] = value
    return data


def input_value(html: str, name: str) -> str | None:
    """The ``value`` attribute of the ``<input name=…>`` on the page (None: no input or no value)."""
    tag = re.search(rf'<input\b[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    value = tag and re.search(r'\bvalue="([^"]*)"', tag.group(0))
    return unescape(value.group(1)) if value else None
