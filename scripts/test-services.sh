#!/usr/bin/env bash
# A throw-away PostgreSQL and Redis on 127.0.0.1 for the full test suite (CI stage 3,
# or a developer who wants the integration and real-worker tests to run).
#
#   scripts/test-services.sh start    # initdb + pg_ctl start, redis-server; writes $DIR/env
#   source "$DIR/env"                 # DATABASE_URL, REDIS_URL (also printed by `env`)
#   scripts/test-services.sh stop     # stops both (the data folder stays until `clean`)
#   scripts/test-services.sh clean    # stop and remove $DIR
#
# Needs Debian's postgresql and redis-server packages. As root, PostgreSQL runs as the
# `postgres` user (runuser). Settings: PORTAL_SERVICES_DIR (default /tmp/portal-test-services),
# PG_PORT (55432), REDIS_PORT (56379); a busy port is replaced by a free one; PG_SETTINGS adds server
# settings ("-c shared_buffers=4GB …": make bench passes the memory settings docs/operations.md gives a server).
set -euo pipefail

DIR=${PORTAL_SERVICES_DIR:-/tmp/portal-test-services}
PG_PORT=${PG_PORT:-55432}
REDIS_PORT=${REDIS_PORT:-56379}
DB_NAME=portal
DB_USER=portal
DB_PASSWORD=portal

log() { printf '[test-services] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

pg_bindir() {
    local candidate
    for candidate in "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
        if [ -n "$candidate" ] && [ -x "$candidate/initdb" ] && [ -x "$candidate/pg_ctl" ]; then
            echo "$candidate"
            return 0
        fi
    done
    return 1
}

as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port=$1
    if port_busy "$port"; then
        port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
        log "port $1 is busy, using $port"
    fi
    echo "$port"
}

redis_ping() { redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG; }

start() {
    local bindir
    bindir=$(pg_bindir) || die "PostgreSQL server binaries not found (apt-get install postgresql)"
    command -v redis-server >/dev/null || die "redis-server not found (apt-get install redis-server)"
    [ -f "$DIR/env" ] && die "$DIR/env exists: already started? run '$0 stop' or '$0 clean' first"

    mkdir -p "$DIR/pg"
    chmod 755 "$DIR"
    [ "$(id -u)" = 0 ] && chown postgres: "$DIR/pg"
    PG_PORT=$(free_port "$PG_PORT")
    REDIS_PORT=$(free_port "$REDIS_PORT")

    if [ ! -f "$DIR/pg/data/PG_VERSION" ]; then
        log "initdb in $DIR/pg/data"
        as_postgres "$bindir/initdb" -D "$DIR/pg/data" -U postgres --auth=trust --encoding=UTF8 \
            --locale=C.UTF-8 >"$DIR/pg/initdb.log" 2>&1 || { cat "$DIR/pg/initdb.log" >&2; die "initdb failed"; }
    fi
    log "PostgreSQL on 127.0.0.1:$PG_PORT"
    # Durability is irrelevant for a test server: fsync off makes the suite faster.
    as_postgres "$bindir/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/server.log" -w -t 60 \
        -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_SETTINGS:-}" \
        start >/dev/null || { cat "$DIR/pg/server.log" >&2; die "PostgreSQL did not start"; }
    local psql=("$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres)
    if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_roles WHERE rolname = '$DB_USER'")" ]; then
        "${psql[@]}" -c "CREATE ROLE $DB_USER LOGIN CREATEDB PASSWORD '$DB_PASSWORD'"
    fi
    if [ -z "$("${psql[@]}" -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'")" ]; then
        "${psql[@]}" -c "CREATE DATABASE $DB_NAME OWNER $DB_USER ENCODING 'UTF8' TEMPLATE template0"
    fi

    log "Redis on 127.0.0.1:$REDIS_PORT"
    nohup redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --daemonize no \
        --dir "$DIR" >"$DIR/redis.log" 2>&1 </dev/null &
    echo $! >"$DIR/redis.pid"
    local tries=0
    until redis_ping "$REDIS_PORT"; do
        tries=$((tries + 1))
        [ "$tries" -gt 100 ] && { cat "$DIR/redis.log" >&2; die "Redis did not start"; }
        sleep 0.1
    done

    cat >"$DIR/env" <<EOF
export DATABASE_URL=postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME
export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0
EOF
    cat "$DIR/env"
}

stop() {
    local bindir
    if [ -f "$DIR/redis.pid" ]; then
        local pid
        pid=$(cat "$DIR/redis.pid")
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping Redis (pid $pid)"
            kill "$pid" 2>/dev/null || true
            for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
        rm -f "$DIR/redis.pid"
    fi
    if [ -f "$DIR/pg/data/postmaster.pid" ] && bindir=$(pg_bindir); then
        log "stopping PostgreSQL"
        as_postgres "$bindir/pg_ctl" -D "$DIR/pg/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -f "$DIR/env"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    clean) stop; rm -rf "$DIR" ;;
    env) cat "$DIR/env" ;;
    *) echo "usage: $0 start|stop|clean|env" >&2; exit 2 ;;
esac
