#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh: the database, then the uploaded files; then verify
# the ledger chain against the head the backup recorded.
#
#   scripts/restore.sh var/backups/20261126T180000Z     # or: make restore BACKUP=var/backups/…
#
# Stop the web, worker and beat processes first (a restore replaces everything they read).
# PostgreSQL: pg_restore --clean --if-exists into DATABASE_URL's database.
# SQLite: the file is replaced (the old one is kept as <name>.before-restore-<stamp>).
# MEDIA_ROOT is replaced (the old folder is kept as <MEDIA_ROOT>.before-restore-<stamp>).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-integrity_portal.settings.dev}
DIR=${1:?usage: $0 BACKUP_DIR}
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
log() { printf '[restore] %s\n' "$*" >&2; }
[ -f "$DIR/manifest.json" ] || { log "$DIR/manifest.json not found: not a backup folder"; exit 1; }
(cd "$DIR" && sha256sum --quiet -c SHA256SUMS) || { log "checksums of $DIR do not match"; exit 1; }

eval "$("$PY" manage.py shell -v 0 -c '
import shlex
from django.conf import settings
db = settings.DATABASES["default"]
for key, value in {"DB_ENGINE": db["ENGINE"], "DB_NAME": db["NAME"], "DB_HOST": db.get("HOST") or "",
                   "DB_PORT": db.get("PORT") or "", "DB_USER": db.get("USER") or "",
                   "DB_PASSWORD": db.get("PASSWORD") or "", "MEDIA_DIR": settings.MEDIA_ROOT}.items():
    print(f"{key}={shlex.quote(str(value))}")
')"

case "$DB_ENGINE" in
    *postgresql*)
        [ -f "$DIR/database.dump" ] || { log "no database.dump in $DIR (a SQLite backup?)"; exit 1; }
        log "pg_restore into $DB_NAME"
        PGPASSWORD=$DB_PASSWORD pg_restore --clean --if-exists --no-owner --single-transaction \
            -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "$DB_USER" -d "$DB_NAME" "$DIR/database.dump"
        ;;
    *sqlite3*)
        [ -f "$DIR/database.sqlite3" ] || { log "no database.sqlite3 in $DIR (a PostgreSQL backup?)"; exit 1; }
        [ -f "$DB_NAME" ] && cp -p "$DB_NAME" "$DB_NAME.before-restore-$STAMP"
        cp "$DIR/database.sqlite3" "$DB_NAME.restoring"
        rm -f "$DB_NAME-wal" "$DB_NAME-shm"
        mv "$DB_NAME.restoring" "$DB_NAME"
        ;;
    *) log "unsupported database engine $DB_ENGINE"; exit 1 ;;
esac

log "files into $MEDIA_DIR"
NEW_MEDIA="$MEDIA_DIR.restoring-$STAMP"
mkdir -p "$NEW_MEDIA"
tar -C "$NEW_MEDIA" -xzf "$DIR/media.tar.gz"
[ -d "$MEDIA_DIR" ] && mv "$MEDIA_DIR" "$MEDIA_DIR.before-restore-$STAMP"
mv "$NEW_MEDIA" "$MEDIA_DIR"

log "verifying the ledger against the backup's head"
"$PY" manage.py ledger verify --heads "$DIR"
log "restore complete from $DIR"
