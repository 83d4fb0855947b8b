#!/usr/bin/env bash
# Start a throw-away OCI/Docker registry (Debian's docker-registry = distribution 2.8.x)
# on 127.0.0.1:${REGISTRY_PORT:-5000} as a plain background process (no systemd needed).
#
# Idempotent: if the PID file points to a live registry that answers /v2/, it does nothing.
# State lives in ${LAB_DIR:-${TMPDIR:-/tmp}/supplygate-lab}/registry/{config.yml,data/,registry.pid,registry.log}.
#
# Env:
#   LAB_DIR           base dir (default $TMPDIR/supplygate-lab)
#   REGISTRY_PORT     port (default 5000)
#   REGISTRY_DATA     storage root (default $LAB_DIR/registry/data)
#   REGISTRY_FRESH=1  wipe the storage before starting
#   AUTO_INSTALL=1    apt-get install docker-registry if missing (needs root)
set -euo pipefail

LAB_DIR="${LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.lab}"
PORT="${REGISTRY_PORT:-5000}"
RDIR="$LAB_DIR/registry"
DATA="${REGISTRY_DATA:-$RDIR/data}"
CONF="$RDIR/config.yml"
PIDF="$RDIR/registry.pid"
LOG="$RDIR/registry.log"
URL="http://127.0.0.1:$PORT"

log() { echo "[start-registry] $*" >&2; }
die() { echo "[start-registry] ERROR: $*" >&2; exit 1; }

if ! command -v docker-registry >/dev/null 2>&1; then
  if [[ "${AUTO_INSTALL:-0}" == 1 ]]; then
    log "installing docker-registry via apt"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends docker-registry >/dev/null
  else
    die "docker-registry not installed (apt-get install docker-registry, or set AUTO_INSTALL=1)"
  fi
fi
command -v curl >/dev/null || die "curl is required"

mkdir -p "$RDIR"

# Already running (and ours)?
if [[ -f "$PIDF" ]]; then
  pid="$(cat "$PIDF")"
  if kill -0 "$pid" 2>/dev/null && curl -fsS -o /dev/null "$URL/v2/"; then
    log "already running (pid $pid) at $URL"
    echo "$pid"
    exit 0
  fi
  log "stale pid file (pid $pid), removing"
  rm -f "$PIDF"
fi

# Something else on the port?
if curl -fsS -o /dev/null --max-time 2 "$URL/v2/" 2>/dev/null; then
  die "something already answers on $URL/v2/ but it is not ours (no valid $PIDF); refusing to start"
fi

if [[ "${REGISTRY_FRESH:-0}" == 1 ]]; then
  log "REGISTRY_FRESH=1: wiping $DATA"
  rm -rf "$DATA"
fi
mkdir -p "$DATA"

# Minimal config. Notes:
#  * the Debian default /etc/docker/registry/config.yml enables htpasswd auth with a
#    *directory* as path and listens on :5000 on all interfaces -> do not use it.
#  * delete.enabled is required for DELETE /v2/<name>/manifests/<digest>.
#  * health.storagedriver disabled: avoids periodic storage checks/log noise.
cat >"$CONF" <<EOF
version: 0.1
log:
  level: info
  accesslog:
    disabled: false
  fields:
    service: registry
storage:
  filesystem:
    rootdirectory: $DATA
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: 127.0.0.1:$PORT
  headers:
    X-Content-Type-Options: [nosniff]
EOF

log "starting docker-registry on $URL (storage $DATA, log $LOG)"
# setsid: own session/process group so it survives the calling shell and can be stopped by PID.
setsid docker-registry serve "$CONF" >>"$LOG" 2>&1 < /dev/null &
pid=$!
echo "$pid" >"$PIDF"

for _ in $(seq 1 50); do
  if curl -fsS -o /dev/null "$URL/v2/" 2>/dev/null; then
    log "up: pid $pid, $URL/v2/ -> 200 ($(docker-registry --version 2>/dev/null | awk '{print $NF}'))"
    echo "$pid"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || { tail -20 "$LOG" >&2; rm -f "$PIDF"; die "registry exited during startup"; }
  sleep 0.1
done
tail -20 "$LOG" >&2
die "registry did not answer on $URL/v2/ within 5s (pid $pid still in $PIDF)"
