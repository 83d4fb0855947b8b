#!/usr/bin/env bash
# Benchmark for the re-check of `supplygate serve` (docs/serve.md), one run, each number against its target:
#   1. memory for DIGESTS=10000 admitted digests with their SBOMs (COMPONENTS=150 packages each): <= 300 MB;
#   2. re-judging REJUDGE=1000 admitted digests after a store update (the last UPDATE=20 of COUNT=20000 synthetic
#      OSV records from build/bench/gate-data.mjs arrive): every digest judged again <= 5 s; and what the service
#      does, judging again only the digests whose store answers changed (reported, the same target).
# The machine's load average is printed with the results: other jobs on the same 2 cores distort every number.
# Usage: build/bench/recheck.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-recheck"
COUNT="${COUNT:-20000}"; DIGESTS="${DIGESTS:-10000}"; REJUDGE="${REJUDGE:-1000}"; COMPONENTS="${COMPONENTS:-150}"; UPDATE="${UPDATE:-20}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 <= l + 0) ? "ok" : "MISSED" }'; }

mkdir -p "$LAB"
DATA="$LAB/records-$COUNT.jsonl"
if [ ! -s "$DATA" ]; then
  log "== generate $COUNT synthetic OSV records (once): $DATA"
  node "$ROOT/build/bench/gate-data.mjs" --count "$COUNT" --out "$DATA.partial"
  mv "$DATA.partial" "$DATA"
fi

log "== build RecheckBench (Release)"
dotnet publish "$ROOT/build/bench/RecheckBench" -c Release -o "$LAB/bench" --artifacts-path "$LAB/artifacts" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >/dev/null

log "== run"
mapfile -t rows < <("$LAB/bench/RecheckBench" "$DATA" "$ROOT/tests/Fixtures/sigstore/sigstore-python/tuf-store-prod/trusted_root.json" "$LAB/work" "$DIGESTS" "$REJUDGE" "$COMPONENTS" "$UPDATE")

printf '\n%-66s %12s %10s %8s\n' "re-check benchmark (load average: $(cut -d' ' -f1-3 /proc/loadavg))" "measured" "target" "verdict"
for row in "${rows[@]}"; do
  IFS=$'\t' read -r kind a b c d e f <<<"$row"
  case "$kind" in
    memory)
      printf '%-66s %9s MB %7s MB %8s\n' "inventory of $a digests x $COMPONENTS components: managed heap" "$b" 300 "$(verdict "$b" 300)"
      printf '%-66s %9s MB %10s %8s\n' "  process working set" "$c" "-" "info" ;;
    rejudge)
      printf '%-66s %9s ms %7s ms %8s\n' "re-check of $b digests after a $UPDATE-record update, $a ($c judged, $d unchanged, $f new)" "$e" 5000 "$(verdict "$e" 5000)" ;;
  esac
done
