"""Every test in this folder drives a real browser: marked ``browser`` and ``requires("chromium")``.

The fixtures (``page_at_375``, ``audit_page``, …) live in ``tests/support/browser.py``.
"""
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.requires("chromium"))
