#!/usr/bin/env bash
# Benchmark: what client-library recognition adds to an SBOM of a publish output with 2,000 static files
# (docs/client-libraries.md). `supplygate sbom <publish dir>` is timed (median of RUNS, wall clock) on the same
# publish output with and without a wwwroot of 2,000 files: 1,000 non-script assets (css, svg, png), 700 small
# app scripts without banners, 100 vendored library files (jQuery 3.3.1, Bootstrap 4.0.0, jquery-validation
# 1.17.0, jquery-validation-unobtrusive 3.2.10, AngularJS 1.6.9, from tests/Fixtures/client-libraries) and 200
# precompressed .gz/.br copies. The difference is the added time. The machine's load is printed with the result.
# Usage: build/bench/clientlibs.sh      (RUNS=5 by default)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-clientlibs"
RUNS="${RUNS:-5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)

mkdir -p "$LAB"
log "== build the CLI (Release)"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -o "$LAB/cli" --artifacts-path "$LAB/artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet
SG="$LAB/cli/supplygate"

log "== publish the sample app (framework-dependent)"
rm -rf "$LAB/sample"; cp -r "$ROOT/tests/Samples" "$LAB/sample"
dotnet publish "$LAB/sample/SampleApp" -c Release -o "$LAB/out" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null

log "== a wwwroot of 2,000 static files"
W="$LAB/wwwroot"; rm -rf "$W"; mkdir -p "$W/css" "$W/img" "$W/js"
FIX="$ROOT/tests/Fixtures/client-libraries/mvc-wwwroot/lib"
for i in $(seq 1 400); do printf '.c%d { margin: %dpx; color: #%06x; }\n%.0s' "$i" "$i" "$i" $(seq 1 40) > "$W/css/c$i.css"; done
for i in $(seq 1 300); do printf '<svg xmlns="http://www.w3.org/2000/svg"><rect width="%d" height="%d"/></svg>\n' "$i" "$i" > "$W/img/i$i.svg"; done
for i in $(seq 1 300); do head -c 4096 /dev/urandom > "$W/img/p$i.png"; done
for i in $(seq 1 700); do printf 'export function f%d(a) { return a.map(x => x * %d).filter(Boolean); }\n%.0s' "$i" "$i" $(seq 1 30) > "$W/js/m$i.js"; done
for i in $(seq 1 20); do mkdir -p "$W/lib$i"; cp -r "$FIX"/* "$W/lib$i/"; done          # 20 x 5 libraries' files
find "$W" -path '*/lib*' -type f ! -name '*.js' -delete
find "$W" -path '*/lib*' -name '*.js' | head -100 | while read -r f; do gzip -kf "$f"; cp "$f" "$f.br"; done
echo "files: $(find "$W" -type f | wc -l)" >&2

with_dir="$LAB/out"; without_dir="$LAB/out-plain"
rm -rf "$without_dir"; cp -r "$with_dir" "$without_dir"; rm -rf "$without_dir/wwwroot"
rm -rf "$with_dir/wwwroot"; cp -r "$W" "$with_dir/wwwroot"

log "== measuring (median of $RUNS)"
"$SG" sbom "$with_dir" -o "$LAB/with.json" --quiet; "$SG" sbom "$without_dir" -o "$LAB/without.json" --quiet   # warm the disk cache
t_with=$(median_ms "$RUNS" "$SG" sbom "$with_dir" -o "$LAB/with.json" --quiet)
t_without=$(median_ms "$RUNS" "$SG" sbom "$without_dir" -o "$LAB/without.json" --quiet)
count() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1]));console.log((b.components||[]).filter(c=>(c.purl||"").startsWith("pkg:npm/")).length)' "$1"; }
printf '\n%-52s %10s %10s %10s %s\n' "supplygate sbom <publish dir> (median of $RUNS)" "with" "without" "added" "npm components"
printf '%-52s %7s ms %7s ms %7s ms %s\n' "2,000 static files in wwwroot" "$t_with" "$t_without" "$(( t_with - t_without ))" "$(count "$LAB/with.json")"
printf 'load average: %s (cores: %s)\n' "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
