#!/usr/bin/env bash
# `make run`: the whole portal on one machine with nothing but Python 3.11.
# SQLite (var/portal.sqlite3) and kombu's filesystem broker (var/celery-queue) unless
# DATABASE_URL / REDIS_URL say otherwise. Celery worker and beat run in the background
# (pids and logs in var/); the web server runs in the foreground; Ctrl-C stops all three.
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
PY="$VENV/bin/python"
PORT=${PORT:-8000}
DEMO_PASSWORD=${DEMO_PASSWORD:-demo-pass-2026}
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-integrity_portal.settings.dev}
export PYTHONUNBUFFERED=1
VAR=var
mkdir -p "$VAR/log"

step() { printf '\n==> %s\n' "$*"; }

step "translations"
if command -v msgfmt >/dev/null 2>&1; then
    "$PY" manage.py compilemessages --ignore="$VENV" --ignore=node_modules --ignore=staticfiles -v 0
else
    echo "msgfmt (Debian package gettext) not found: skipping compilemessages; the UI stays Chinese, English is untranslated."
fi

step "database migrations"
"$PY" manage.py migrate --noinput -v 1

step "static files"
"$PY" manage.py collectstatic --noinput -v 0

step "demo data (users and password: see below)"
"$PY" manage.py seed_demo --password "$DEMO_PASSWORD"

pids=()
stop_all() {
    trap - EXIT INT TERM
    local pid
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$pid" 2>/dev/null || true
    done
    rm -f "$VAR/celery-worker.pid" "$VAR/celery-beat.pid"
    echo "stopped web server, Celery worker and beat."
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

stale() {  # a previous run killed with -9 may have left its worker behind
    local file=$1 pid
    [ -f "$file" ] || return 0
    pid=$(cat "$file")
    if kill -0 "$pid" 2>/dev/null && grep -qa celery "/proc/$pid/cmdline" 2>/dev/null; then
        echo "stopping a leftover process from an earlier run (pid $pid)"
        kill -TERM "$pid" 2>/dev/null || true
        sleep 2
    fi
    rm -f "$file"
}
stale "$VAR/celery-worker.pid"
stale "$VAR/celery-beat.pid"

step "Celery worker and beat (logs: $VAR/log/celery-worker.log, $VAR/log/celery-beat.log)"
"$VENV/bin/celery" -A integrity_portal worker -l info --concurrency 2 -n "portal-dev@%h" \
    >"$VAR/log/celery-worker.log" 2>&1 </dev/null &
pids+=($!)
echo $! >"$VAR/celery-worker.pid"
"$VENV/bin/celery" -A integrity_portal beat -l info \
    >"$VAR/log/celery-beat.log" 2>&1 </dev/null &
pids+=($!)
echo $! >"$VAR/celery-beat.pid"

cat <<EOF

============================================================================
  莱芜区政务诚信信息平台 — http://127.0.0.1:$PORT/
  Staff login:  http://127.0.0.1:$PORT/accounts/login/
  Admin:        http://127.0.0.1:$PORT/admin/     API docs: http://127.0.0.1:$PORT/api/docs/

  Demo logins (password for all: $DEMO_PASSWORD)
    admin       superuser                     office      区信用办 (credit office)
    clerk       unit operator, unit head      clerk2      operator of another unit
    servant     civil servant                 servant2    another civil servant
    leader      district leadership           supervisor  discipline inspection / audit
    cadre       organisation dept. reviewer   apiclient   API client (token only)

  Ctrl-C stops the web server, the Celery worker and beat.
============================================================================

EOF

step "web server on 127.0.0.1:$PORT"
"$PY" manage.py runserver "127.0.0.1:$PORT" --noreload &
pids+=($!)
wait "${pids[-1]}"
