#!/usr/bin/env bash
# Long fuzz runs (docs/fuzzing.md): every target, or the named ones, for a time budget each. New findings are
# written to tests/Fuzz/regressions/<target>/, where RegressionTests replays them in every test run.
# Usage: build/fuzz.sh [seconds-per-target] [target ...]
#   SUPPLYGATE_FUZZ_SEED=<seed>        replay or vary the run seed (printed by every run)
#   SUPPLYGATE_FUZZ_CASE_SECONDS=<s>   wall-clock limit per case (default 5)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

seconds="${1:-60}"
shift || true
filter="FullyQualifiedName~SupplyGate.Fuzz.Tests.FuzzTests"
if [ $# -gt 0 ]; then
  names=""
  for target in "$@"; do
    [ -d "tests/Fuzz/corpus/$target" ] || { echo "fuzz: no target '$target' (see tests/Fuzz/corpus/)" >&2; exit 2; }
    names="${names:+$names|}DisplayName~$target"
  done
  filter="$filter&($names)"
fi

dotnet build tests/SupplyGate.Fuzz.Tests -c Release -p:UseSharedCompilation=false -nodeReuse:false >/dev/null
mkdir -p artifacts
log="artifacts/fuzz-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "fuzz: ${seconds} s per target, findings into tests/Fuzz/regressions/, log in $log"
status=0
SUPPLYGATE_FUZZ_SECONDS="$seconds" SUPPLYGATE_FUZZ_FINDINGS="$ROOT/tests/Fuzz/regressions" \
  dotnet test tests/SupplyGate.Fuzz.Tests -c Release --no-build --filter "$filter" \
  --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
grep -E '^ [a-z0-9-]+: ([0-9]+ cases|finding|known-open)' "$log" | sort -u || true
if [ $status -ne 0 ]; then
  echo "fuzz: findings (see $log); the inputs are now in tests/Fuzz/regressions/ and fail RegressionTests until fixed" >&2
fi
exit $status
