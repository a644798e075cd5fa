#!/usr/bin/env bash
# Start a local Redis for attune's queue tests and workers; safe to run again and again.
#   - installs Debian's redis-server when it is missing (needs root: apt-get)
#   - starts it on 127.0.0.1 only (daemonized, no systemd needed), unless one already answers on the port
#   - prints the URL on the last line of stdout, e.g.
#       export ATTUNE_TEST_REDIS_URL="$(.ci/start-redis.sh | tail -n1)"
# Overrides: ATTUNE_REDIS_PORT (default 6379), ATTUNE_REDIS_DIR (data and log, default /tmp/attune-redis).
set -euo pipefail

PORT="${ATTUNE_REDIS_PORT:-6379}"
DIR="${ATTUNE_REDIS_DIR:-/tmp/attune-redis}"

log() { echo "[start-redis] $*" >&2; }

# shellcheck source=apt.sh
. "$(dirname "$0")/apt.sh"

# 1. install
if ! command -v redis-server >/dev/null 2>&1; then
  apt_install redis-server
fi

# 2. start, unless one already answers
if [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null || true)" != PONG ]; then
  mkdir -p "$DIR"
  log "starting redis-server on 127.0.0.1:$PORT (data in $DIR)"
  # BullMQ wants keys never evicted. Accepted remembers live only in Redis until a worker runs them, so Redis
  # keeps an append-only file fsynced every second: a restart loses at most the last second, not the queue
  # (without it, a restart lost 124 of 300 conversations already answered 202). See docs/serve.md.
  redis-server --bind 127.0.0.1 --port "$PORT" --daemonize yes --dir "$DIR" \
    --logfile "$DIR/redis.log" --pidfile "$DIR/redis.pid" --save '' --appendonly yes --appendfsync everysec \
    --maxmemory-policy noeviction >&2
fi

# 3. wait until it answers
for _ in $(seq 1 50); do
  if [ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null || true)" = PONG ]; then break; fi
  sleep 0.2
done
[ "$(redis-cli -h 127.0.0.1 -p "$PORT" ping)" = PONG ]

# 4. the URL (last line of stdout)
echo "redis://127.0.0.1:$PORT"
