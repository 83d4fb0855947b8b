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
# The second one, with OpenSSL and CA certificates, is the base of the service's own image (build/image/serve-image.sh,
# ServeImageEndToEndTests). Both are made while the solution builds.
BASE_IMAGES=""
if [ "${SUPPLYGATE_SKIP_BASE_IMAGE:-0}" != 1 ]; then
  ( PUSH=0 "$ROOT/build/lab/make-base-image.sh" >/dev/null \
    && PUSH=0 IMAGE=localhost/debian:bookworm-slim-tls INCLUDE="libssl3,ca-certificates" "$ROOT/build/lab/make-base-image.sh" >/dev/null ) &
  BASE_IMAGES=$!
fi

dotnet build SupplyGate.sln -c Release -p:UseSharedCompilation=false -nodeReuse:false
# The benchmark drivers are not shipped or tested, but build/bench's targets are checked with them: a rename in Core
# must not leave them broken until the next benchmark run.
dotnet build build/bench/benchmarks.slnx -c Release -p:UseSharedCompilation=false -nodeReuse:false

# The dotnet tool as it ships: three packages, the linux-x64 one a Native AOT binary. The native compile takes
# minutes, so it runs once here: DotnetToolTests install from this feed (SUPPLYGATE_TOOL_FEED/_VERSION), and the CLI
# suite runs against the installed native command (SUPPLYGATE_CLI) instead of the in-process JIT build. Elsewhere
# (no linux-x64) the suite runs in-process as before. SUPPLYGATE_JIT_CLI=1 keeps the in-process run here too.
TOOL_VERSION=""
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ] && [ "${SUPPLYGATE_JIT_CLI:-0}" != 1 ]; then
  TOOL_VERSION="0.1.0-ci.$(date -u +%Y%m%d%H%M%S)"
  TOOL_FEED="$ROOT/artifacts/tool-feed"
  TOOL_PATH="$ROOT/artifacts/tool"
  rm -rf "$TOOL_FEED" "$TOOL_PATH" "$ROOT/artifacts/tool-pack"
  started=$SECONDS
  "$ROOT/build/pack-tool.sh" "$TOOL_FEED" "$TOOL_VERSION" "$ROOT/artifacts/tool-pack"
  echo "packed the supplygate tool (with the Native AOT compile) in $(( SECONDS - started )) s"
  printf '<configuration><packageSources><clear /><add key="supplygate-ci" value="%s" /></packageSources></configuration>\n' \
    "$TOOL_FEED" > "$ROOT/artifacts/tool-feed.config"
  dotnet tool install supplygate --tool-path "$TOOL_PATH" --configfile "$ROOT/artifacts/tool-feed.config" --version "$TOOL_VERSION"
  export SUPPLYGATE_TOOL_FEED="$TOOL_FEED" SUPPLYGATE_TOOL_VERSION="$TOOL_VERSION" SUPPLYGATE_CLI="$TOOL_PATH/dotnet-supplygate"
  echo "CLI tests run against $(readlink -f "$SUPPLYGATE_CLI") ($(stat -c %s "$(readlink -f "$SUPPLYGATE_CLI")") bytes)"
  # The service's image is published from this same compile (ServeImageEndToEndTests; build/image/serve-image.sh
  # ARTIFACTS/APP_VERSION), so the native compile is paid once.
  export SUPPLYGATE_SERVE_IMAGE_ARTIFACTS="$ROOT/artifacts/tool-pack" SUPPLYGATE_SERVE_IMAGE_VERSION="$TOOL_VERSION"
fi
if [ -n "$BASE_IMAGES" ]; then
  wait "$BASE_IMAGES" || { echo "build/lab/make-base-image.sh failed" >&2; exit 1; }
fi

# Counted by test-summary.sh: results of an earlier run in this checkout must not add up with this one.
rm -rf "$ROOT/artifacts/test-results"
status=0
dotnet test SupplyGate.sln -c Release --no-build -p:UseSharedCompilation=false -nodeReuse:false \
  --logger "console;verbosity=normal" --results-directory "$ROOT/artifacts/test-results" --logger trx "$@" \
  > >(tee "$ROOT/artifacts/test-output.log") 2>&1 || status=$?
wait
if [ -n "$TOOL_VERSION" ]; then
  # Local-tool installs in the tests copied this run's packages into the global packages folder.
  for id in supplygate supplygate.any supplygate.linux-x64; do
    rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/$id/$TOOL_VERSION"
  done
fi
"$ROOT/build/test-summary.sh" "$ROOT/artifacts/test-results" || true
exit $status
