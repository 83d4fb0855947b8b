#!/usr/bin/env bash
# Benchmark for the running-pod listing of `supplygate serve` (docs/serve.md, "How the inventory is filled"): the
# service's KubernetesPodLister lists PODS=5000 pods in pages of PAGE=500 (limit/continue, as the API server pages)
# from a loopback server, RUNS=5 times; each pod is the fixture pod (tests/Fixtures/kubernetes/) with its own name,
# namespace, ReplicaSet and digest. Prints the time per listing (first = cold: JIT, connection), the bytes read and
# allocated, and the working set. No target in the issue; the poll interval (default 60 s) is the budget.
# Usage: build/bench/podlist.sh            PODS=20000 PAGE=500 build/bench/podlist.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-podlist"
PODS="${PODS:-5000}"; PAGE="${PAGE:-500}"; RUNS="${RUNS:-5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
mkdir -p "$LAB"

log "== build PodListBench (Release)"
dotnet publish "$ROOT/build/bench/PodListBench" -c Release -o "$LAB/bench" --artifacts-path "$LAB/artifacts" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >/dev/null

log "== run"
mapfile -t rows < <("$LAB/bench/PodListBench" "$ROOT/tests/Fixtures/kubernetes/podlist-page1.json" "$PODS" "$PAGE" "$RUNS")

printf '\n%s\n' "pod listing benchmark (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
for row in "${rows[@]}"; do
  IFS=$'\t' read -r kind a b c d e <<<"$row"
  case "$kind" in
    page)   printf '%-40s %s pods, pages of %s: %s pages, %s MB of PodList JSON\n' "input" "$a" "$b" "$c" "$(awk -v x="$d" 'BEGIN { printf "%.1f", x / 1048576 }')" ;;
    list)   printf '%-40s %8s ms  %6s containers  %5s workloads  %7s MB allocated\n' "listing $a$([ "$a" = 1 ] && echo ' (cold)')" "$b" "$c" "$d" "$e" ;;
    memory) printf '%-40s %8s MB\n' "process working set" "$a" ;;
  esac
done
