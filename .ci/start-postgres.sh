#!/usr/bin/env bash
# Start a local Postgres for attune's tests; safe to run again and again.
#   - installs Debian's postgresql when it is missing (needs root: apt-get)
#   - starts the newest cluster (creating one if there is none); works without systemd
#   - creates the role and the databases `attune` and `attune_test`, with a password
#   - prints the URL for the test database on the last line of stdout, e.g.
#       export ATTUNE_TEST_PG_URL="$(.ci/start-postgres.sh | tail -n1)"
# Overrides: ATTUNE_PG_USER, ATTUNE_PG_PASSWORD, ATTUNE_PG_DB (test db), ATTUNE_PG_PORT.
set -euo pipefail

PG_USER="${ATTUNE_PG_USER:-attune}"
PG_PASSWORD="${ATTUNE_PG_PASSWORD:-attune}"
PG_DB="${ATTUNE_PG_DB:-attune_test}"
PG_PORT="${ATTUNE_PG_PORT:-5432}"

log() { echo "[start-postgres] $*" >&2; }

# shellcheck source=apt.sh
. "$(dirname "$0")/apt.sh"
as_postgres() {
  if [ "$(id -un)" = postgres ]; then "$@"
  elif [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"
  else sudo -u postgres "$@"; fi
}

# 1. install
if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt_install postgresql
fi

# 2. cluster: the newest installed major version
VERSION="$(ls /usr/lib/postgresql | sort -n | tail -n1)"
CLUSTER="$(pg_lsclusters -h 2>/dev/null | awk -v v="$VERSION" '$1==v {print $2; exit}')"
if [ -z "$CLUSTER" ]; then
  CLUSTER=main
  log "creating cluster $VERSION/$CLUSTER on port $PG_PORT"
  as_root pg_createcluster "$VERSION" "$CLUSTER" --port "$PG_PORT" >&2
fi
PORT="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $3}')"
STATUS="$(pg_lsclusters -h | awk -v v="$VERSION" -v c="$CLUSTER" '$1==v && $2==c {print $4}')"
if [ "$STATUS" != online ]; then
  log "starting cluster $VERSION/$CLUSTER (port $PORT)"
  # pg_ctlcluster runs as root without systemd; fall back to pg_ctl as the postgres user.
  if ! as_root pg_ctlcluster "$VERSION" "$CLUSTER" start >&2; then
    as_postgres "/usr/lib/postgresql/$VERSION/bin/pg_ctl" -D "/var/lib/postgresql/$VERSION/$CLUSTER" \
      -o "-c config_file=/etc/postgresql/$VERSION/$CLUSTER/postgresql.conf" -l "/tmp/postgresql-$VERSION-$CLUSTER.log" -w start >&2
  fi
fi

# 3. wait until it accepts connections
for _ in $(seq 1 60); do
  if as_postgres psql -p "$PORT" -Atqc 'select 1' >/dev/null 2>&1; then break; fi
  sleep 0.5
done
as_postgres psql -p "$PORT" -Atqc 'select 1' >/dev/null

# 4. role and databases (idempotent)
psql_admin() { as_postgres psql -p "$PORT" -v ON_ERROR_STOP=1 -Atq "$@"; }
if [ "$(psql_admin -c "select 1 from pg_roles where rolname = '$PG_USER'")" != 1 ]; then
  log "creating role $PG_USER"
  psql_admin -c "create role \"$PG_USER\" login password '$PG_PASSWORD'"
else
  psql_admin -c "alter role \"$PG_USER\" login password '$PG_PASSWORD'"
fi
for db in attune "$PG_DB"; do
  if [ "$(psql_admin -c "select 1 from pg_database where datname = '$db'")" != 1 ]; then
    log "creating database $db"
    psql_admin -c "create database \"$db\" owner \"$PG_USER\""
  fi
done

# 5. the URL (last line of stdout)
echo "postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PORT/$PG_DB"
