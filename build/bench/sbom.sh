#!/usr/bin/env bash
# Benchmark for the SBOM milestone, one run, side by side (numbers are wall clock on this machine):
#   1. `supplygate sbom` vs cdxgen (`cdxgen -t dotnet --spec-version 1.6`) on the sample app and on a
#      large project (the real 277-library assets file); target: supplygate >= 5x faster.
#   2. the MSBuild task's overhead on a warm `dotnet publish` of the sample, with vs without the
#      package (median of RUNS; the SBOM is deleted before each run so the task really runs); target < 300 ms.
# Usage: build/bench/sbom.sh            (RUNS=5 by default; CDXGEN_VERSION=12.8.4)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-sbom"
RUNS="${RUNS:-5}"
CDXGEN_VERSION="${CDXGEN_VERSION:-12.8.4}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)

mkdir -p "$LAB"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
log "== build the CLI (Release): Native AOT as shipped on linux-x64, and the JIT build beside it"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -o "$LAB/cli" --artifacts-path "$LAB/artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -r linux-x64 --self-contained false -p:PublishAot=false -p:PublishReadyToRun=true \
  -o "$LAB/cli-jit" --artifacts-path "$LAB/artifacts-jit" "${DOTNET_FLAGS[@]}" --verbosity quiet
SG_JIT="$LAB/cli-jit/supplygate"
SG="$LAB/cli/supplygate"

CDXGEN="$LAB/tools/cdxgen/node_modules/.bin/cdxgen"
if [ ! -x "$CDXGEN" ]; then
  log "== npm install @cyclonedx/cdxgen@$CDXGEN_VERSION (once)"
  mkdir -p "$LAB/tools/cdxgen"
  npm install --prefix "$LAB/tools/cdxgen" --no-audit --no-fund --loglevel=error "@cyclonedx/cdxgen@$CDXGEN_VERSION" >/dev/null
fi
export CDXGEN_DEBUG_MODE=quiet FETCH_LICENSE=false

log "== sample app: restore + publish (no SupplyGate package)"
rm -rf "$LAB/sample"; cp -r "$ROOT/tests/Samples" "$LAB/sample"
dotnet publish "$LAB/sample/SampleApp" -c Release -r linux-x64 --self-contained "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null

log "== large project: the real 277-library assets file (component-detection aspnet 2.1 web)"
rm -rf "$LAB/large"; mkdir -p "$LAB/large/obj"
cp "$ROOT/tests/Fixtures/nuget/assets/component-detection__project.assets_2_1_web.json" "$LAB/large/obj/project.assets.json"
echo '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>netcoreapp2.1</TargetFramework></PropertyGroup></Project>' > "$LAB/large/Large.csproj"

count() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log((b.components||[]).length)' "$1"; }

log "== measuring (median of $RUNS)"
sg_sample=$(median_ms "$RUNS" "$SG" sbom "$LAB/sample/SampleApp/SampleApp.csproj" -o "$LAB/sg-sample.json" --quiet)
cdx_sample=$(median_ms "$RUNS" "$CDXGEN" -t dotnet --spec-version 1.6 --no-install-deps -o "$LAB/cdx-sample.json" "$LAB/sample/SampleApp")
sg_large=$(median_ms "$RUNS" "$SG" sbom "$LAB/large/obj/project.assets.json" -o "$LAB/sg-large.json" --quiet)
jit_sample=$(median_ms "$RUNS" "$SG_JIT" sbom "$LAB/sample/SampleApp/SampleApp.csproj" -o "$LAB/jit-sample.json" --quiet)
jit_large=$(median_ms "$RUNS" "$SG_JIT" sbom "$LAB/large/obj/project.assets.json" -o "$LAB/jit-large.json" --quiet)
cdx_large=$(median_ms "$RUNS" "$CDXGEN" -t dotnet --spec-version 1.6 --no-install-deps -o "$LAB/cdx-large.json" "$LAB/large")

log "== MSBuild task overhead: pack, then warm publishes with and without the package"
VERSION="0.1.0-bench.$(date +%Y%m%d%H%M%S)"
dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$LAB/feed" -p:Version="$VERSION" --artifacts-path "$LAB/artifacts-pack" "${DOTNET_FLAGS[@]}" --verbosity quiet
rm -rf "$LAB/with"; cp -r "$ROOT/tests/Samples" "$LAB/with"
echo "<configuration><packageSources><add key=\"bench\" value=\"$LAB/feed\" /></packageSources></configuration>" > "$LAB/with/nuget.config"
sed -i "s#<ProjectReference Include=\"../SampleLib/SampleLib.csproj\" />#&\n    <PackageReference Include=\"SupplyGate.Build\" Version=\"$VERSION\" PrivateAssets=\"all\" />#" "$LAB/with/SampleApp/SampleApp.csproj"
publish() { dotnet publish "$1/SampleApp" -c Release -r linux-x64 --self-contained --no-restore "${DOTNET_FLAGS[@]}" -o "$1/out"; }
with_run() { rm -f "$LAB/with/out/SampleApp.cdx.json"; publish "$LAB/with"; }
dotnet restore "$LAB/with/SampleApp" -r linux-x64 --verbosity quiet; publish "$LAB/with" >/dev/null   # warm
publish "$LAB/sample" >/dev/null                                                                        # warm
pub_without=$(median_ms "$RUNS" publish "$LAB/sample")
pub_with=$(median_ms "$RUNS" with_run)
test -f "$LAB/with/out/SampleApp.cdx.json" || { log "the task wrote no SBOM"; exit 1; }
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/supplygate.build/$VERSION"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
printf '\n%-44s %12s %12s %10s %s\n' "benchmark (median of $RUNS, wall clock)" "supplygate" "cdxgen" "speed-up" "components sg / cdxgen"
printf '%-44s %10s ms %10s ms %10s %s\n' "sbom: sample app (publish output)" "$sg_sample" "$cdx_sample" "$(ratio "$cdx_sample" "$sg_sample")" "$(count "$LAB/sg-sample.json") / $(count "$LAB/cdx-sample.json")"
printf '%-44s %10s ms %10s ms %10s %s\n' "sbom: large project (277 libraries, assets)" "$sg_large" "$cdx_large" "$(ratio "$cdx_large" "$sg_large")" "$(count "$LAB/sg-large.json") / $(count "$LAB/cdx-large.json")"
printf '%-44s %10s ms %10s ms %10s\n' "sbom: sample app, JIT (ReadyToRun) build" "$jit_sample" "$cdx_sample" "$(ratio "$cdx_sample" "$jit_sample")"
printf '%-44s %10s ms %10s ms %10s\n' "sbom: large project, JIT (ReadyToRun) build" "$jit_large" "$cdx_large" "$(ratio "$cdx_large" "$jit_large")"
printf '\n%-44s %12s %12s %10s\n' "dotnet publish (warm, sample app)" "with pkg" "without" "overhead"
printf '%-44s %10s ms %10s ms %7s ms\n' "SupplyGate.Build task (SBOM rewritten)" "$pub_with" "$pub_without" "$(( pub_with - pub_without ))"
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
