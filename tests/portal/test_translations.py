"""English is available for every UI string (zh-hans first, English through Django i18n): gathering the strings
of the code and templates afresh leaves no message untranslated or fuzzy in locale/en."""
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.requires("msgfmt", "xgettext"), pytest.mark.slow]

IGNORE = [".venv/*", "tests/*", "bench/*", "var/*", "staticfiles/*", "test-artifacts/*", "node_modules/*"]


def _statistics(po_file) -> str:
    done = subprocess.run([shutil.which("msgfmt"), "--statistics", "--check-format", "-o", os.devnull, str(po_file)],
                          capture_output=True, text=True, check=True)
    return done.stderr.strip()


def test_the_english_catalogue_translates_every_string_of_the_code(tmp_path, settings):
    """makemessages runs on a copy of the sources, so the repository's catalogue is never rewritten."""
    tree = tmp_path / "tree"
    skip = {".venv", ".git", "var", "tests", "bench", "staticfiles", "test-artifacts", "node_modules", ".hypothesis",
            ".ruff_cache", "__pycache__"}
    shutil.copytree(ROOT, tree, ignore=lambda folder, names: [n for n in names if n in skip or n.endswith(".mo")])
    settings.LOCALE_PATHS = [tree / "locale"]
    cwd = os.getcwd()
    os.chdir(tree)
    try:
        call_command("makemessages", locale=["en"], no_location=True, ignore_patterns=IGNORE, verbosity=0)
    finally:
        os.chdir(cwd)
    stats = _statistics(tree / "locale" / "en" / "LC_MESSAGES" / "django.po")
    assert not re.search(r"fuzzy|untranslated", stats), (
        f"locale/en is behind the code ({stats}): run `python manage.py makemessages -l en --no-location` and "
        "translate what it adds (msgattrib --untranslated / --only-fuzzy lists them)")
