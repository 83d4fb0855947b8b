#!/usr/bin/env bash
# SupplyGate's own project.assets.json parser against NuGet.ProjectModel 8.0.0's LockFileFormat, on the sample's
# assets file, the Shop service's and the real 277-library file (component-detection aspnet 2.1 web). Each parser
# runs in processes of its own: "cold" is the first read (assembly load + JIT, what a fresh MSBuild node pays),
# "warm" the median of later reads. Prints the load average: compare only numbers from a quiet machine.
# Usage: build/bench/assets.sh   (RUNS=5 processes per parser and file; LAB_DIR as in the other benchmarks)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-assets"
RUNS="${RUNS:-5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)
rm -rf "$LAB"; mkdir -p "$LAB"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg)"

dotnet build "$ROOT/build/bench/AssetsBench" -c Release -o "$LAB/bin" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
cp -r "$ROOT/tests/Samples" "$LAB/samples"
dotnet restore "$LAB/samples/SampleApp/SampleApp.csproj" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
dotnet restore "$LAB/samples/Shop/Shop.slnx" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null
shop_assets=$(find "$LAB/samples/Shop" -name project.assets.json -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)

# median of RUNS processes for column $2 (2 = cold, 3 = warm) of parser $1 on file $3
median_col() { for _ in $(seq "$RUNS"); do dotnet "$LAB/bin/AssetsBench.dll" "$1" "$3"; done | cut -f"$2" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p"; }

printf '\n%-34s %12s %12s %12s %12s %s\n' "assets file (median of $RUNS processes)" "own cold" "nuget cold" "own warm" "nuget warm" "targets/libraries"
for file in "$LAB/samples/SampleApp/obj/project.assets.json" "$shop_assets" \
            "$ROOT/tests/Fixtures/nuget/assets/component-detection__project.assets_2_1_web.json"; do
  counts=$(dotnet "$LAB/bin/AssetsBench.dll" own "$file" 1 | cut -f4,5 | tr '\t' /)
  printf '%-34s %9s ms %9s ms %9s ms %9s ms %s\n' "$(basename "$(dirname "$(dirname "$file")")")/$(basename "$file" | cut -c1-20)" \
    "$(median_col own 2 "$file")" "$(median_col nuget 2 "$file")" "$(median_col own 3 "$file")" "$(median_col nuget 3 "$file")" "$counts"
done
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
