#!/usr/bin/env bash
# Start time of the `supplygate` tool as it ships (the linux-x64 package: Native AOT) against the JIT builds it
# replaced. Times `--help` and `sbom` of the sample (median of RUNS, wall clock and CPU time, after one warm-up run) for:
#   - native:  the Native AOT binary the linux-x64 package carries (native_cli in lib.sh: published once per state
#              of the sources); with TOOL_FEED, the command `dotnet tool install` puts in a tool path from that feed;
#   - jit-r2r: a framework-dependent ReadyToRun publish started through its apphost (the old linux-x64 package);
#   - jit-il:  the portable IL build run by `dotnet` (the `any` package every other platform gets).
# Prints the machine's load average before and after: the numbers are only comparable on a quiet machine.
# Goal (issue: CLI speed): native `supplygate --help` <= 30 ms wall.
# Usage: build/bench/tool-start.sh   (RUNS=7 by default; LAB_DIR as in the other benchmarks;
#        TOOL_FEED=<dir> TOOL_VERSION=<v> installs from a feed build/pack-tool.sh wrote, to time the installed tool;
#        PIE=1 also times the position-independent form, published for the comparison: one more native compile)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-tool"
RUNS="${RUNS:-7}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)

rm -rf "$LAB"; mkdir -p "$LAB"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -n "${TOOL_FEED:-}" ]; then
  printf '<configuration><packageSources><clear /><add key="bench" value="%s" /></packageSources></configuration>\n' \
    "$TOOL_FEED" > "$LAB/nuget.config"
  dotnet tool install supplygate --tool-path "$LAB/tools" --configfile "$LAB/nuget.config" --version "$TOOL_VERSION" >/dev/null
  NATIVE="$LAB/tools/dotnet-supplygate"
  VERSION_ARG=(-p:Version="$TOOL_VERSION")
else
  NATIVE="$(native_cli)"
  VERSION_ARG=()
fi
log "native: $(readlink -f "$NATIVE")"

log "== JIT builds"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -r linux-x64 --self-contained false -p:PublishAot=false "${VERSION_ARG[@]}" \
  -p:PublishReadyToRun=true -o "$LAB/jit-r2r" --artifacts-path "$LAB/jit-artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -r any --self-contained false -p:PublishAot=false "${VERSION_ARG[@]}" \
  -o "$LAB/jit-il" --artifacts-path "$LAB/jit-artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
jit_il() { dotnet "$LAB/jit-il/supplygate.dll" "$@"; }

# The sample app's SBOM (restored once; the same project file for every variant).
cp -r "$ROOT/tests/Samples" "$LAB/sample"
dotnet restore "$LAB/sample/SampleApp/SampleApp.csproj" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
export SUPPLYGATE_HOME="$LAB/home"

for cli in "$NATIVE" "$LAB/jit-r2r/supplygate" jit_il; do "$cli" --help >/dev/null; done   # warm: file cache
log "== measuring (median of $RUNS)"
declare -A help sbom help_cpu sbom_cpu
for name in native jit-r2r jit-il; do
  case $name in native) cli=$NATIVE ;; jit-r2r) cli=$LAB/jit-r2r/supplygate ;; jit-il) cli=jit_il ;; esac
  read -r "help[$name]" "help_cpu[$name]" < <(median_wall_cpu "$RUNS" "$cli" --help)
  read -r "sbom[$name]" "sbom_cpu[$name]" < <(median_wall_cpu "$RUNS" "$cli" sbom "$LAB/sample/SampleApp/SampleApp.csproj" -o "$LAB/$name.cdx.json" --quiet)
done
# PIE=1: also the position-independent form (-p:SupplyGatePie=true, the SDK's default: compressed type data the
# runtime expands before main), published once more into the lab (a native compile: minutes).
if [ -n "${PIE:-}" ]; then
  log "== the position-independent form (PIE=1)"
  dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -r linux-x64 -p:SupplyGatePie=true "${VERSION_ARG[@]}" -o "$LAB/native-pie" \
    --artifacts-path "$LAB/pie-artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
  read -r help_pie help_pie_cpu < <(median_wall_cpu "$RUNS" "$LAB/native-pie/supplygate" --help)
  read -r sbom_pie sbom_pie_cpu < <(median_wall_cpu "$RUNS" "$LAB/native-pie/supplygate" sbom "$LAB/sample/SampleApp/SampleApp.csproj" -o "$LAB/pie.cdx.json" --quiet)
fi
# Same bytes apart from the serial number and timestamp every run draws anew.
strip() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1]));delete b.serialNumber;delete b.metadata.timestamp;console.log(JSON.stringify(b))' "$1"; }
[ "$(strip "$LAB/native.cdx.json")" = "$(strip "$LAB/jit-il.cdx.json")" ] && same="identical" || same="DIFFERENT"

printf '\n%-36s %10s %10s %10s\n' "median of $RUNS, wall clock" "native" "jit-r2r" "jit-il"
printf '%-36s %7s ms %7s ms %7s ms   native: %s (<= 30 ms)\n' "supplygate --help" "${help[native]}" "${help[jit-r2r]}" "${help[jit-il]}" \
  "$( [ "${help[native]}" -le 30 ] && echo met || echo MISSED)"
printf '%-36s %7s ms %7s ms %7s ms\n' "  CPU (user + system)" "${help_cpu[native]}" "${help_cpu[jit-r2r]}" "${help_cpu[jit-il]}"
[ -z "${PIE:-}" ] || printf '%-36s %7s ms   CPU %s ms; sbom %s ms, CPU %s ms; binary %s KB\n' "  native, position-independent (PIE=1)" \
  "$help_pie" "$help_pie_cpu" "$sbom_pie" "$sbom_pie_cpu" "$(( $(stat -c %s "$LAB/native-pie/supplygate") / 1024 ))"
printf '%-36s %7s ms %7s ms %7s ms\n' "supplygate sbom (sample project)" "${sbom[native]}" "${sbom[jit-r2r]}" "${sbom[jit-il]}"
printf '%-36s %7s ms %7s ms %7s ms\n' "  CPU (user + system)" "${sbom_cpu[native]}" "${sbom_cpu[jit-r2r]}" "${sbom_cpu[jit-il]}"
printf '%-36s %10s\n' "SBOM native vs jit-il" "$same"
printf '%-36s %7s KB\n' "native binary" "$(( $(stat -c %s "$(readlink -f "$NATIVE")") / 1024 ))"
[ -z "${TOOL_FEED:-}" ] || printf '%-36s %7s KB %7s KB\n' "installed size (tool store / publish)" "$(du -sk "$LAB/tools/.store" | cut -f1)" "$(du -sk "$LAB/jit-r2r" | cut -f1)"
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
