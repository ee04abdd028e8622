"""`make backup` / `make restore` round trip on the PostgreSQL test database: the same row
counts, the same uploaded files, a valid ledger chain, and the backup logged as an export."""
import hashlib
import json
import os
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connections

from accounts import ledger
from accounts.models import AuditEntry
from records import services as records
from tests.records.test_record_lifecycle import penalty

pytestmark = [pytest.mark.slow, pytest.mark.requires("postgresql"), pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parent.parent


def database_url() -> str:
    from urllib.parse import quote

    sd = connections["default"].settings_dict
    return (f"postgres://{quote(sd['USER'] or '', safe='')}:{quote(sd['PASSWORD'] or '', safe='')}@"
            f"{sd['HOST'] or '127.0.0.1'}:{sd['PORT'] or 5432}/{quote(sd['NAME'], safe='')}")


def counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if not m._meta.proxy}


def files(media: Path) -> dict[str, str]:
    return {str(p.relative_to(media)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(media.rglob("*")) if p.is_file()}


def script(name: str, *args: str, env: dict) -> str:
    done = subprocess.run([str(ROOT / "scripts" / name), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_a_backup_restores_the_same_rows_files_and_a_valid_chain(cast, tmp_path, settings):
    media = tmp_path / "media"
    (media / "attachments" / "2026").mkdir(parents=True)
    (media / "attachments" / "2026" / "决定书.pdf").write_bytes(b"%PDF-1.4\n% decision\n%%EOF\n")
    (media / "evidence.txt").write_text("整改材料", encoding="utf-8")
    settings.LEDGER_EXPORT_DIR = tmp_path / "heads"
    records.record_publish(record=penalty(cast), actor=cast.clerk_a)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "integrity_portal.settings.dev", "DATABASE_URL": database_url(),
           "MEDIA_ROOT": str(media), "BACKUP_ROOT": str(tmp_path / "backups"),
           "PYTHON": str(ROOT / ".venv" / "bin" / "python")}

    folder = Path(script("backup.sh", env=env).strip().splitlines()[-1])
    manifest = json.loads((folder / "manifest.json").read_text())
    assert (folder / "database.dump").stat().st_size > 0 and (folder / "media.tar.gz").exists()
    assert AuditEntry.objects.filter(action="export", changes__what="backup").count() == 1
    before_counts, before_files = counts(), files(media)
    assert manifest["files"] == before_files
    assert {k: v for k, v in manifest["counts"].items() if k in before_counts} == before_counts

    # Life goes on after the backup, then something goes wrong: new rows, a lost and a stray file.
    records.record_publish(record=penalty(cast, decision_number="莱市监罚〔2026〕99号"), actor=cast.clerk_a)
    (media / "evidence.txt").unlink()
    (media / "stray.bin").write_bytes(b"x")
    assert counts() != before_counts

    connections.close_all()
    script("restore.sh", str(folder), env=env)
    connections.close_all()

    assert counts() == before_counts
    assert files(media) == before_files
    result = ledger.ledger_verify(heads=ledger.exported_heads(folder))
    assert result.ok and result.heads_checked == 1, result.problems()
    call_command("ledger", "verify", "--heads", str(folder))
