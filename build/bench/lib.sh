# shellcheck shell=bash
# Shared helpers for the benchmark scripts in build/bench/. Source it: . "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
log() { printf '%s\n' "$*" >&2; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
# median_ms <runs> <command...>: the median wall time in ms; fails (showing the command's output) if it fails.
# $BEFORE, when set, is evaluated before each run and not timed (e.g. to empty a cache).
median_ms() {
  local runs=$1; shift; local times=() t0
  for _ in $(seq "$runs"); do
    [ -n "${BEFORE:-}" ] && eval "$BEFORE"
    t0=$(now_ms); "$@" >/dev/null 2>&1 || { log "FAILED: $*"; "$@" >&2 || true; exit 1; }; times+=($(( $(now_ms) - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p"
}
