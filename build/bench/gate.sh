#!/usr/bin/env bash
# Benchmark for the gate milestone, one run, each number against its target:
#   1. `supplygate db import` of 100,000 synthetic OSV records (build/bench/gate-data.mjs): wall clock < 10 s,
#      store file < 50 MB;
#   2. AdvisoryMatcher.Match on a 5,000-component NuGet SBOM right after opening the store < 200 ms
#      (build/bench/GateBench: median of RUNS fresh opens; realistic = 10% of the packages have advisories,
#      plus the worst case where all do, reported but not a target);
#   3. `supplygate check` on the sample app's publish output with that store: wall clock incl. process start
#      < 1 s (median of RUNS).
# Usage: build/bench/gate.sh            (RUNS=5 by default; COUNT=100000 records; the data file is cached)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-gate"
RUNS="${RUNS:-5}"
COUNT="${COUNT:-100000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)

# verdict <value> <limit>: "ok" when value < limit, else "MISSED".
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 < l + 0) ? "ok" : "MISSED" }'; }

mkdir -p "$LAB"
DATA="$LAB/gate-$COUNT.jsonl"
if [ ! -s "$DATA" ]; then
  log "== generate $COUNT synthetic OSV records (once): $DATA"
  node "$ROOT/build/bench/gate-data.mjs" --count "$COUNT" --out "$DATA.partial"
  mv "$DATA.partial" "$DATA"
fi

log "== build the CLI and GateBench (Release)"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -o "$LAB/cli" --artifacts-path "$LAB/artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet
dotnet publish "$ROOT/build/bench/GateBench" -c Release -o "$LAB/gatebench" --artifacts-path "$LAB/artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet
SG="$LAB/cli/supplygate"

log "== sample app: restore + publish"
rm -rf "$LAB/sample"; cp -r "$ROOT/tests/Samples" "$LAB/sample"
dotnet publish "$LAB/sample/SampleApp" -c Release -r linux-x64 --self-contained "${DOTNET_FLAGS[@]}" --verbosity quiet -o "$LAB/sample/out" >/dev/null

log "== import $COUNT records into a new store"
STORE="$LAB/store.db"
rm -f "$STORE"
t0=$(now_ms)
"$SG" db import "$DATA" --db "$STORE" >&2
import_ms=$(( $(now_ms) - t0 ))
store_bytes=$(stat -c %s "$STORE")
store_mb=$(awk -v b="$store_bytes" 'BEGIN { printf "%.1f", b / 1048576 }')

log "== match 5,000 components after open (median of $RUNS)"
mapfile -t match_rows < <("$LAB/gatebench/GateBench" "$STORE" "$DATA" "$RUNS" 5000)

log "== supplygate check on the sample (median of $RUNS)"
check() { "$SG" check "$LAB/sample/out" --db "$STORE"; local rc=$?; [ "$rc" -le 1 ]; }
set +e; "$SG" check "$LAB/sample/out" --db "$STORE" >"$LAB/check.txt" 2>&1; check_rc=$?; set -e
[ "$check_rc" -le 1 ] || { log "supplygate check failed (exit $check_rc):"; cat "$LAB/check.txt" >&2; exit 1; }
check_ms=$(median_ms "$RUNS" check)

printf '\n%-58s %12s %10s %8s\n' "benchmark ($COUNT records; wall clock, medians of $RUNS)" "measured" "target" "verdict"
printf '%-58s %9s ms %7s ms %8s\n' "db import (new store, incl. process start)" "$import_ms" 10000 "$(verdict "$import_ms" 10000)"
printf '%-58s %9s MB %7s MB %8s\n' "store size" "$store_mb" 50 "$(verdict "$store_mb" 50)"
for row in "${match_rows[@]}"; do
  IFS=$'\t' read -r scenario components hits findings open_ms match_ms all_ms <<<"$row"
  label="match $components components, $scenario"
  if [[ "$scenario" == realistic* ]]; then
    printf '%-58s %9s ms %7s ms %8s\n' "$label" "$match_ms" 200 "$(verdict "$match_ms" 200)"
  else
    printf '%-58s %9s ms %10s %8s\n' "$label" "$match_ms" "-" "info"
  fi
  printf '    %-54s open %s ms, %s findings, runs: %s ms\n' "($hits with advisories)" "$open_ms" "$findings" "$all_ms"
done
printf '%-58s %9s ms %7s ms %8s\n' "supplygate check (sample publish dir, exit $check_rc)" "$check_ms" 1000 "$(verdict "$check_ms" 1000)"
