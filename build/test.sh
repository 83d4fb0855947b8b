#!/usr/bin/env bash
# Runs every test suite: unit, interop (official CycloneDX schema through @cyclonedx/cyclonedx-library)
# and end-to-end (real `dotnet publish` with the packed SupplyGate.Build package).
# Usage: build/test.sh [extra dotnet test arguments]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

"$ROOT/build/setup.sh"

# The realistic base image (debootstrap bookworm minbase, ~1 min the first time) is cached in .lab/ for
# every suite of this run; SUPPLYGATE_SKIP_BASE_IMAGE=1 skips the warm-up (the tests then build it).
if [ "${SUPPLYGATE_SKIP_BASE_IMAGE:-0}" != 1 ]; then
  PUSH=0 "$ROOT/build/lab/make-base-image.sh" >/dev/null
fi

dotnet build SupplyGate.sln -c Release -p:UseSharedCompilation=false -nodeReuse:false
status=0
dotnet test SupplyGate.sln -c Release --no-build -p:UseSharedCompilation=false -nodeReuse:false \
  --logger "console;verbosity=normal" --results-directory "$ROOT/artifacts/test-results" --logger trx "$@" \
  > >(tee "$ROOT/artifacts/test-output.log") 2>&1 || status=$?
wait
"$ROOT/build/test-summary.sh" "$ROOT/artifacts/test-results" || true
exit $status
