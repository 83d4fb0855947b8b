#!/usr/bin/env bash
# Stop the registry started by start-registry.sh, by the PID recorded in its PID file only.
# Idempotent: no PID file / dead PID -> nothing to do.
# REGISTRY_WIPE=1 also deletes the storage dir.
set -euo pipefail

LAB_DIR="${LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.lab}"
RDIR="$LAB_DIR/registry"
PIDF="$RDIR/registry.pid"
log() { echo "[stop-registry] $*" >&2; }

if [[ ! -f "$PIDF" ]]; then
  log "no pid file ($PIDF); nothing to stop"
else
  pid="$(cat "$PIDF")"
  # Make sure the PID really is a docker-registry process before signalling it.
  if kill -0 "$pid" 2>/dev/null && [[ "$(cat /proc/"$pid"/comm 2>/dev/null)" == docker-registr* ]]; then
    log "stopping docker-registry pid $pid"
    kill -TERM "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "still alive, sending KILL to $pid"; kill -KILL "$pid"; fi
  else
    log "pid $pid is not a running docker-registry; just removing pid file"
  fi
  rm -f "$PIDF"
fi

if [[ "${REGISTRY_WIPE:-0}" == 1 ]]; then
  log "REGISTRY_WIPE=1: removing ${REGISTRY_DATA:-$RDIR/data}"
  rm -rf "${REGISTRY_DATA:-$RDIR/data}"
fi
