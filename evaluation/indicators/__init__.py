"""Indicator sources, one module per source app; importing this package registers them all."""
from . import decisions, imported, others, records  # noqa: F401
from .base import SOURCES, Context, RefList, Result, Source, ref, refs  # noqa: F401
from .records import vetoes, zero_status  # noqa: F401
