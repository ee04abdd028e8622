#!/usr/bin/env bash
# Back up the portal: the database and the uploaded files, into var/backups/<UTC timestamp>/.
#
#   scripts/backup.sh                 # or: make backup
#   BACKUP_ROOT=/mnt/nas scripts/backup.sh
#
# Uses the same settings as the portal (DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT):
#   PostgreSQL: pg_dump -Fc (a consistent snapshot while the portal runs)
#   SQLite:     SQLite's online backup API (consistent even with web and worker running)
#   files:      a tar of MEDIA_ROOT
# The folder also holds manifest.json (row counts, files with SHA-256, the ledger head) and
# ledger-head-backup.json (the chain's head, the format `manage.py ledger verify --heads` reads).
# The backup is logged as an audit entry (action "export"): it holds personal data.
# Prints the backup folder on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-integrity_portal.settings.dev}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DIR=${BACKUP_ROOT:-var/backups}/$STAMP
mkdir -p "$DIR"
chmod 700 "$DIR"
log() { printf '[backup] %s\n' "$*" >&2; }

# Database settings, as the portal sees them.
eval "$("$PY" manage.py shell -v 0 -c '
import shlex
from django.conf import settings
db = settings.DATABASES["default"]
for key, value in {"DB_ENGINE": db["ENGINE"], "DB_NAME": db["NAME"], "DB_HOST": db.get("HOST") or "",
                   "DB_PORT": db.get("PORT") or "", "DB_USER": db.get("USER") or "",
                   "DB_PASSWORD": db.get("PASSWORD") or "", "MEDIA_DIR": settings.MEDIA_ROOT}.items():
    print(f"{key}={shlex.quote(str(value))}")
')"

# Seal what is new, log the export, write the manifest (counts, files, ledger head) — before the dump,
# so the dump holds the audit row and the sealed chain the manifest describes.
BACKUP_DIR=$DIR "$PY" manage.py shell -v 0 -c '
import hashlib, json, os
from pathlib import Path
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from accounts import ledger
from accounts.models import AuditEntry, LedgerEntry
folder = Path(os.environ["BACKUP_DIR"])
sequence = ledger.ledger_summary()["sequence"]
AuditEntry.objects.create(action="export", content_type=ContentType.objects.get_for_model(LedgerEntry),
                          object_id=str(sequence), changes={"what": "backup", "folder": str(folder)},
                          reason="数据库与上传文件备份（含个人信息）")
ledger.ledger_seal_all()
head = ledger.ledger_summary()
counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()
          if not m._meta.proxy and m._meta.managed}
media = Path(settings.MEDIA_ROOT)
files = {}
if media.is_dir():
    for path in sorted(p for p in media.rglob("*") if p.is_file()):
        files[str(path.relative_to(media))] = hashlib.sha256(path.read_bytes()).hexdigest()
head_record = {"date": folder.name, "sequence": head["sequence"], "entry_hash": head["entry_hash"]}
(folder / "ledger-head-backup.json").write_text(json.dumps(head_record, indent=1))
(folder / "manifest.json").write_text(json.dumps(
    {"created": folder.name, "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
     "counts": counts, "files": files, "ledger_head": head_record}, ensure_ascii=False, indent=1, sort_keys=True))
'

case "$DB_ENGINE" in
    *postgresql*)
        log "pg_dump -Fc $DB_NAME"
        PGPASSWORD=$DB_PASSWORD pg_dump -Fc --no-owner -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" \
            -U "$DB_USER" -d "$DB_NAME" -f "$DIR/database.dump"
        ;;
    *sqlite3*)
        log "SQLite online backup of $DB_NAME"
        "$PY" -c 'import sqlite3, sys
src, dst = sqlite3.connect(sys.argv[1], timeout=60), sqlite3.connect(sys.argv[2])
with dst:
    src.backup(dst)
dst.close(); src.close()' "$DB_NAME" "$DIR/database.sqlite3"
        ;;
    *) log "unsupported database engine $DB_ENGINE"; exit 1 ;;
esac

if [ -d "$MEDIA_DIR" ]; then
    log "tar of $MEDIA_DIR"
    tar -C "$MEDIA_DIR" -czf "$DIR/media.tar.gz" .
else
    tar -czf "$DIR/media.tar.gz" -T /dev/null
fi
(cd "$DIR" && sha256sum ./* >SHA256SUMS)
log "backup complete: $DIR"
echo "$DIR"
