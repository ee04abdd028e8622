"""Template filters naming the evaluation's internal keys: ``{{ key|indicator_label }}``, ``{{ key|detail_label }}``.
Numbers go through ``portal_numbers`` (``{{ value|plain_number }}``)."""
from django import template

from evaluation import labels

register = template.Library()
register.filter("indicator_label", labels.indicator_label)
register.filter("detail_label", labels.detail_label)
