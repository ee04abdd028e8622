"""Template filters naming the evaluation's internal keys: ``{{ key|indicator_label }}``, ``{{ key|detail_label }}``;
``{{ item.note|stored_note }}`` shows a stored note in the active language.
Numbers go through ``portal_numbers`` (``{{ value|plain_number }}``)."""
from django import template

from evaluation import labels

register = template.Library()
register.filter("indicator_label", labels.indicator_label)
register.filter("stored_note", labels.stored_note)
register.filter("detail_label", labels.detail_label)
