#!/usr/bin/env bash
# Start time of the installed `supplygate` .NET tool, with and without ReadyToRun.
# Packs src/SupplyGate.Cli twice (as shipped: the linux-x64 package is ReadyToRun; and with
# -p:PublishReadyToRun=false: the same RID-specific package, IL only), installs each into its own tool path
# from a folder feed, and times `--help` (median of RUNS, wall clock, after one warm-up run):
#   - the command on the tool path (apphost, what `dotnet tool install -g` puts on PATH), and
#   - `dotnet supplygate --help` (the muxer finding dotnet-supplygate on PATH), which adds the muxer's own start.
# Usage: build/bench/tool-start.sh   (RUNS=5 by default; LAB_DIR as in the other benchmarks)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-tool"
RUNS="${RUNS:-5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)
VERSION="0.1.0-bench.$(date +%Y%m%d%H%M%S)"

rm -rf "$LAB"; mkdir -p "$LAB"

# pack_and_install <name> [extra pack arguments...]: a feed and a tool path of its own per variant.
pack_and_install() {
  local name=$1; shift
  log "== pack + install: $name"
  dotnet pack "$ROOT/src/SupplyGate.Cli" -c Release -o "$LAB/$name/feed" -p:Version="$VERSION" \
    --artifacts-path "$LAB/$name/artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet "$@" >/dev/null
  # Only the folder feed: the tool has no package dependencies.
  printf '<configuration><packageSources><clear /><add key="bench" value="%s" /></packageSources></configuration>\n' \
    "$LAB/$name/feed" > "$LAB/$name/nuget.config"
  dotnet tool install supplygate --tool-path "$LAB/$name/tools" --configfile "$LAB/$name/nuget.config" \
    --version "$VERSION" >/dev/null
  "$LAB/$name/tools/dotnet-supplygate" --help >/dev/null   # warm: file cache, first-run work
}

pack_and_install r2r
pack_and_install il -p:PublishReadyToRun=false

# Which package and which code the install really got, so the numbers cannot compare the wrong things.
for name in r2r il; do
  log "$name: $(readlink "$LAB/$name/tools/dotnet-supplygate")"
done

via_dotnet() { PATH="$LAB/$1/tools:$PATH" dotnet supplygate --help; }

log "== measuring (median of $RUNS)"
r2r_direct=$(median_ms "$RUNS" "$LAB/r2r/tools/dotnet-supplygate" --help)
il_direct=$(median_ms "$RUNS" "$LAB/il/tools/dotnet-supplygate" --help)
r2r_dotnet=$(median_ms "$RUNS" via_dotnet r2r)
il_dotnet=$(median_ms "$RUNS" via_dotnet il)

size() { du -sk "$LAB/$1/tools/.store" | cut -f1; }
printf '\n%-40s %14s %14s %10s\n' "tool start (median of $RUNS, wall clock)" "ReadyToRun" "IL only" "saved"
printf '%-40s %11s ms %11s ms %7s ms\n' "dotnet-supplygate --help" "$r2r_direct" "$il_direct" "$(( il_direct - r2r_direct ))"
printf '%-40s %11s ms %11s ms %7s ms\n' "dotnet supplygate --help" "$r2r_dotnet" "$il_dotnet" "$(( il_dotnet - r2r_dotnet ))"
printf '%-40s %11s KB %11s KB\n' "installed size (tool store)" "$(size r2r)" "$(size il)"
