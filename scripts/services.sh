#!/usr/bin/env bash
# Makes sure PostgreSQL (127.0.0.1:5432, role postgres, trust auth on loopback) and Redis
# (127.0.0.1:6379) answer: leaves running ones alone, starts stopped ones, and as root installs
# missing ones from Debian's packages. Waits for both, at most SERVICES_TIMEOUT seconds each.
set -euo pipefail

TIMEOUT="${SERVICES_TIMEOUT:-60}"
PG_HOST=127.0.0.1
PG_PORT=5432
REDIS_HOST=127.0.0.1
REDIS_PORT=6379

note() { printf 'services: %s\n' "$*"; }
die() { printf 'services: %s\n' "$*" >&2; exit 1; }
is_root() { [[ "$(id -u)" == 0 ]]; }

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

pg_up() {
    if command -v pg_isready >/dev/null 2>&1; then
        pg_isready -q -h "$PG_HOST" -p "$PG_PORT" -U postgres
    else
        tcp_open "$PG_HOST" "$PG_PORT"
    fi
}

redis_up() {
    if command -v redis-cli >/dev/null 2>&1; then
        [[ "$(redis-cli -h "$REDIS_HOST" -p "$REDIS_PORT" ping 2>/dev/null)" == PONG ]]
    else
        tcp_open "$REDIS_HOST" "$REDIS_PORT"
    fi
}

# wait_for NAME CHECK: poll CHECK every half second for at most TIMEOUT seconds.
wait_for() {
    local name=$1 check=$2 tries=$((TIMEOUT * 2))
    while ((tries-- > 0)); do
        if "$check"; then
            note "$name is up"
            return 0
        fi
        sleep 0.5
    done
    die "$name did not answer within ${TIMEOUT}s"
}

apt_install() {
    is_root || die "$* not installed; run as root or: sudo apt-get install $*"
    note "installing $*"
    export DEBIAN_FRONTEND=noninteractive
    local log
    log="$(mktemp)"
    apt-get -q update >"$log" 2>&1 || note "apt-get update failed; trying with the package lists already here"
    if ! apt-get -q install -y --no-install-recommends "$@" >>"$log" 2>&1; then
        tail -n 40 "$log" >&2
        rm -f "$log"
        die "could not install $*"
    fi
    rm -f "$log"
}

pg_version() {
    [[ -d /etc/postgresql ]] || return 0
    find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -n 1
}

# Trust the postgres role on loopback only: what the tests and .ci/run connect as. Done only
# for a server this script has just installed, never to an existing one.
pg_trust_loopback() {
    local hba="/etc/postgresql/$1/main/pg_hba.conf"
    [[ -f "$hba" ]] || die "no $hba"
    if ! grep -q '^host all postgres 127.0.0.1/32 trust' "$hba"; then
        note "allowing the postgres role on loopback without a password (development/CI server)"
        { printf 'host all postgres 127.0.0.1/32 trust\nhost all postgres ::1/128 trust\n'; cat "$hba"; } >"$hba.new"
        chown --reference="$hba" "$hba.new"
        chmod --reference="$hba" "$hba.new"
        mv "$hba.new" "$hba"
    fi
}

ensure_postgres() {
    if pg_up; then
        note "PostgreSQL already answers on $PG_HOST:$PG_PORT"
        return 0
    fi
    local fresh=0 version
    version="$(pg_version)"
    if [[ -z "$version" ]] || ! command -v pg_ctlcluster >/dev/null 2>&1; then
        apt_install postgresql
        fresh=1
        version="$(pg_version)"
        [[ -n "$version" ]] || die "PostgreSQL installed but no cluster under /etc/postgresql"
    fi
    if ((fresh)); then
        pg_trust_loopback "$version"
    fi
    if ! pg_up; then
        is_root || die "PostgreSQL $version is stopped; start it as root:" \
            "pg_ctlcluster --skip-systemctl-redirect $version main start"
        note "starting PostgreSQL $version"
        # Already running but not yet answering (e.g. started by the package's postinst) is fine.
        pg_ctlcluster --skip-systemctl-redirect "$version" main start ||
            pg_ctlcluster --skip-systemctl-redirect "$version" main status >/dev/null
    fi
    if ((fresh)); then
        pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    fi
    wait_for PostgreSQL pg_up
}

ensure_redis() {
    if redis_up; then
        note "Redis already answers on $REDIS_HOST:$REDIS_PORT"
        return 0
    fi
    if ! command -v redis-server >/dev/null 2>&1; then
        apt_install redis-server
        # The package may have started its own server already.
        if redis_up; then
            note "Redis is up"
            return 0
        fi
    fi
    note "starting Redis"
    # Runs as whoever calls it; keeps nothing on disk.
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$REDIS_PORT" --save "" --appendonly no \
        --dir /tmp >/dev/null
    wait_for Redis redis_up
}

ensure_postgres
ensure_redis

# pytest-django creates the test database, so the role must be allowed to.
if command -v psql >/dev/null 2>&1; then
    if ! psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -w -d postgres -Atc \
        "select rolcreatedb or rolsuper from pg_roles where rolname = current_user" 2>/dev/null | grep -q t; then
        die "cannot connect as postgres@$PG_HOST:$PG_PORT without a password, or the role cannot" \
            "create databases; allow it in pg_hba.conf (host all postgres 127.0.0.1/32 trust)"
    fi
fi
