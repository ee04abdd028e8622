"""``{{ amount|plain_number }}``: ``5.000000`` → ``5``, ``12.3500`` → ``12.35`` (integrity_portal.numbers)."""
from django import template

from integrity_portal.numbers import plain_number

register = template.Library()
register.filter("plain_number", plain_number)
