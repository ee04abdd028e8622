#!/usr/bin/env bash
# make bench: start PostgreSQL + Redis as CI does (scripts/test-services.sh), keep their data folder between
# runs so the generated dataset is reused, run bench/run.py, stop the services. Not part of CI.
#   BENCH_RECORDS / BENCH_SERVANTS / BENCH_UNITS / BENCH_SEED / BENCH_DECISIONS pick the dataset (one database per set);
#   BENCH_ONLY=broker,evaluation,web,file,import,clocks,search,lists narrows; BENCH_CLEAN=1 drops the kept data folder first.
#   BENCH_ONLY=broker alone (make run's embedded broker: bench/broker.py) needs no services and no dataset.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
if [ "${BENCH_ONLY:-}" = broker ]; then
    mkdir -p var/bench
    "$VENV/bin/python" -m bench.run 2>&1 | tee var/bench/last-run.txt
    exit "${PIPESTATUS[0]}"
fi
export PORTAL_SERVICES_DIR=${BENCH_SERVICES_DIR:-$PWD/var/bench/services}
export PG_PORT=${BENCH_PG_PORT:-55442} REDIS_PORT=${BENCH_REDIS_PORT:-56389}

need() { command -v "$1" >/dev/null 2>&1; }
if ! need redis-server || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "[bench] installing postgresql and redis-server (Debian)" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
fi

# The server as docs/operations.md sets it for production: shared_buffers a quarter of the RAM (the default
# 128 MB would hold a twentieth of the 1M-record dataset, and every page would read the OS cache), and
# random_page_cost 1.1 for SSD (with 4, a common phrase's count read the table in order: 298 ms instead of 33).
mem_mb=$(awk '/^MemTotal:/ {print int($2 / 1024)}' /proc/meminfo)
export PG_SETTINGS="${BENCH_PG_SETTINGS:--c shared_buffers=$((mem_mb / 4))MB -c random_page_cost=1.1}"

[ "${BENCH_CLEAN:-0}" = 1 ] && scripts/test-services.sh clean >/dev/null 2>&1 || true
# A previous run that was killed leaves env behind: stop it before starting again.
[ -f "$PORTAL_SERVICES_DIR/env" ] && scripts/test-services.sh stop >/dev/null 2>&1 || true
scripts/test-services.sh start >/dev/null
trap 'scripts/test-services.sh stop >/dev/null 2>&1 || true' EXIT
# shellcheck disable=SC1091
source "$PORTAL_SERVICES_DIR/env"
mkdir -p var/bench
"$VENV/bin/python" -m bench.run 2>&1 | tee var/bench/last-run.txt
exit "${PIPESTATUS[0]}"
