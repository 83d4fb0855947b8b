#!/usr/bin/env bash
# Start time of the `supplygate` tool as it ships (the linux-x64 package: Native AOT) against the JIT builds it
# replaced. Packs the tool once (build/pack-tool.sh), installs it into a tool path from a folder feed, and times
# `--help` and `sbom` of the sample (median of RUNS, wall clock, after one warm-up run) for:
#   - native:  the installed command (what `dotnet tool install -g` puts on PATH on linux-x64);
#   - jit-r2r: a framework-dependent ReadyToRun publish started through its apphost (the old linux-x64 package);
#   - jit-il:  the portable IL build run by `dotnet` (the `any` package every other platform gets).
# Prints the machine's load average before and after: the numbers are only comparable on a quiet machine.
# Usage: build/bench/tool-start.sh   (RUNS=7 by default; LAB_DIR as in the other benchmarks;
#        TOOL_FEED=<dir> TOOL_VERSION=<v> installs from a feed build/pack-tool.sh already wrote instead of packing)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-tool"
RUNS="${RUNS:-7}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)
VERSION="${TOOL_VERSION:-0.1.0-bench.$(date +%Y%m%d%H%M%S)}"

rm -rf "$LAB"; mkdir -p "$LAB"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

FEED="${TOOL_FEED:-$LAB/feed}"
pack_ms=0
if [ -z "${TOOL_FEED:-}" ]; then
  log "== pack (three packages, with the native compile)"
  started=$(now_ms)
  "$ROOT/build/pack-tool.sh" "$FEED" "$VERSION" "$LAB/pack-artifacts" >/dev/null
  pack_ms=$(( $(now_ms) - started ))
fi
printf '<configuration><packageSources><clear /><add key="bench" value="%s" /></packageSources></configuration>\n' \
  "$FEED" > "$LAB/nuget.config"
dotnet tool install supplygate --tool-path "$LAB/tools" --configfile "$LAB/nuget.config" --version "$VERSION" >/dev/null
NATIVE="$LAB/tools/dotnet-supplygate"
log "native: $(readlink -f "$NATIVE")"

log "== JIT builds"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -r linux-x64 --self-contained false -p:PublishAot=false -p:Version="$VERSION" \
  -p:PublishReadyToRun=true -o "$LAB/jit-r2r" --artifacts-path "$LAB/jit-artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -r any --self-contained false -p:PublishAot=false -p:Version="$VERSION" \
  -o "$LAB/jit-il" --artifacts-path "$LAB/jit-artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
jit_il() { dotnet "$LAB/jit-il/supplygate.dll" "$@"; }

# The sample app's SBOM (restored once; the same project file for every variant).
cp -r "$ROOT/tests/Samples" "$LAB/sample"
dotnet restore "$LAB/sample/SampleApp/SampleApp.csproj" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
export SUPPLYGATE_HOME="$LAB/home"

for cli in "$NATIVE" "$LAB/jit-r2r/supplygate" jit_il; do "$cli" --help >/dev/null; done   # warm: file cache
log "== measuring (median of $RUNS)"
declare -A help sbom
for name in native jit-r2r jit-il; do
  case $name in native) cli=$NATIVE ;; jit-r2r) cli=$LAB/jit-r2r/supplygate ;; jit-il) cli=jit_il ;; esac
  help[$name]=$(median_ms "$RUNS" "$cli" --help)
  sbom[$name]=$(median_ms "$RUNS" "$cli" sbom "$LAB/sample/SampleApp/SampleApp.csproj" -o "$LAB/$name.cdx.json" --quiet)
done
# Same bytes apart from the serial number and timestamp every run draws anew.
strip() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1]));delete b.serialNumber;delete b.metadata.timestamp;console.log(JSON.stringify(b))' "$1"; }
[ "$(strip "$LAB/native.cdx.json")" = "$(strip "$LAB/jit-il.cdx.json")" ] && same="identical" || same="DIFFERENT"

printf '\n%-36s %10s %10s %10s\n' "median of $RUNS, wall clock" "native" "jit-r2r" "jit-il"
printf '%-36s %7s ms %7s ms %7s ms\n' "supplygate --help" "${help[native]}" "${help[jit-r2r]}" "${help[jit-il]}"
printf '%-36s %7s ms %7s ms %7s ms\n' "supplygate sbom (sample project)" "${sbom[native]}" "${sbom[jit-r2r]}" "${sbom[jit-il]}"
printf '%-36s %10s\n' "SBOM native vs jit-il" "$same"
printf '%-36s %7s KB\n' "native binary" "$(( $(stat -c %s "$(readlink -f "$NATIVE")") / 1024 ))"
printf '%-36s %7s KB %7s KB\n' "installed size (tool store / publish)" "$(du -sk "$LAB/tools/.store" | cut -f1)" "$(du -sk "$LAB/jit-r2r" | cut -f1)"
[ "$pack_ms" = 0 ] || printf '%-36s %7s s\n' "pack-tool.sh (3 packages, native compile)" "$(( pack_ms / 1000 ))"
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
