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
# native_cli: prints the path of the Native AOT `supplygate` built from this working tree, as the linux-x64 tool
# package ships it. The native compile takes minutes, so the binary is published once per state of its inputs
# (src/, the root build files) into $BENCH_CLI_CACHE (default .lab/bench-cli/<key>) and reused by every script.
# The key is the inputs' tree at HEAD plus a hash of their uncommitted changes: a commit that touches only
# scripts, tests or docs reuses the binary. A failed publish leaves no entry; concurrent callers wait (flock).
# BENCH_CLI=<path> uses that binary instead (e.g. an experiment's publish or an installed tool).
native_cli() {
  if [ -n "${BENCH_CLI:-}" ]; then log "supplygate: $BENCH_CLI (BENCH_CLI)"; printf '%s\n' "$BENCH_CLI"; return; fi
  local root cache key dir tmp inputs=(src Directory.Build.props Directory.Packages.props global.json .editorconfig build/BannedSymbols.txt)
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  cache="${BENCH_CLI_CACHE:-${LAB_DIR:-$root/.lab}/bench-cli}"
  key="$(git -C "$root" ls-tree -r HEAD -- "${inputs[@]}" | sha256sum | cut -c1-16)"
  if [ -n "$(git -C "$root" status --porcelain -- "${inputs[@]}")" ]; then
    key="$key-dirty-$( { git -C "$root" diff HEAD -- "${inputs[@]}"
      git -C "$root" ls-files -o --exclude-standard -z -- "${inputs[@]}" | (cd "$root" && xargs -0 -r sha256sum); } | sha256sum | cut -c1-12)"
  fi
  dir="$cache/$key"
  mkdir -p "$cache"
  (
    flock 9
    if [ ! -x "$dir/supplygate" ]; then
      log "== publish the native CLI ($(git -C "$root" rev-parse --short HEAD), inputs $key; once: the native compile takes minutes)"
      tmp="$cache/.tmp-$key"; rm -rf "$tmp"
      dotnet publish "$root/src/SupplyGate.Cli" -c Release -r linux-x64 -o "$tmp" --artifacts-path "$cache/artifacts" \
        -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >&2 && [ -x "$tmp/supplygate" ] \
        || { log "the native publish failed or was cancelled"; rm -rf "$tmp"; exit 1; }
      rm -rf "$dir"; mv "$tmp" "$dir"
    fi
  ) 9>"$cache/.lock" || return 1
  printf '%s\n' "$dir/supplygate"
}
# median_wall_cpu <runs> <command...>: prints "<wall> <cpu>", the medians in ms of wall time and of CPU time
# (user + system of the command and every child it waited for). On a loaded machine wall time is mostly
# waiting for a CPU; CPU time says what a run costs. Commands may be shell functions. Honours $BEFORE.
median_wall_cpu() {
  # Locals carry a prefix: the command may be a shell function that reads the caller's variables.
  local _mwc_runs=$1; shift; local _mwc_walls=() _mwc_cpus=() _mwc_times _mwc_r _mwc_u _mwc_s TIMEFORMAT='%3R %3U %3S'
  for _ in $(seq "$_mwc_runs"); do
    [ -n "${BEFORE:-}" ] && eval "$BEFORE"
    _mwc_times=$( { time "$@" >/dev/null 2>&1; } 2>&1 ) || { log "FAILED: $*"; "$@" >&2 || true; exit 1; }
    read -r _mwc_r _mwc_u _mwc_s <<<"$_mwc_times"
    _mwc_walls+=("$(awk -v r="$_mwc_r" 'BEGIN { printf "%d", r * 1000 }')")
    _mwc_cpus+=("$(awk -v u="$_mwc_u" -v s="$_mwc_s" 'BEGIN { printf "%d", (u + s) * 1000 }')")
  done
  printf '%s %s\n' "$(printf '%s\n' "${_mwc_walls[@]}" | sort -n | sed -n "$(( (_mwc_runs + 1) / 2 ))p")" \
    "$(printf '%s\n' "${_mwc_cpus[@]}" | sort -n | sed -n "$(( (_mwc_runs + 1) / 2 ))p")"
}
