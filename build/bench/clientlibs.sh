#!/usr/bin/env bash
# Benchmark: what client-library recognition adds to the SBOM task on a publish output with 2,000 static files
# (docs/client-libraries.md, docs/performance.md). ClientLibBench calls ProjectSbom.Generate, the engine call of the
# GenerateSbom task, on the sample app's publish output with a wwwroot of 2,000 files: 1,000 non-script assets
# (css, svg, png), 700 small app scripts without banners, 100 vendored library files (jQuery 3.3.1, Bootstrap
# 4.0.0, jquery-validation 1.17.0, jquery-validation-unobtrusive 3.2.10, AngularJS 1.6.9, from
# tests/Fixtures/client-libraries) and 200 precompressed .gz/.br copies. Each process times the call without the
# scan (warm), the first call with it (what a fresh MSBuild node pays), and repeated calls with it. RUNS processes
# are started; medians are printed with the machine's load before and after: compare numbers from a quiet machine.
# Usage: build/bench/clientlibs.sh      (RUNS=5 processes by default)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-clientlibs"
RUNS="${RUNS:-5}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)

mkdir -p "$LAB"
log "== build the driver (Release)"
dotnet build "$ROOT/build/bench/ClientLibBench" -c Release -o "$LAB/bin" "${DOTNET_FLAGS[@]}" --verbosity quiet >/dev/null

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

rm -rf "$LAB/out/wwwroot"; cp -r "$W" "$LAB/out/wwwroot"
assets="$LAB/sample/SampleApp/obj/project.assets.json"

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
log "== measuring ($RUNS processes)"
for _ in $(seq "$RUNS"); do dotnet "$LAB/bin/ClientLibBench.dll" "$LAB/out" "$assets"; done > "$LAB/runs.tsv"
# A rebuild: the task's cache (obj/.../supplygate-client-libraries.json) filled by an earlier build, nothing changed.
rm -f "$LAB/cache.json"; dotnet "$LAB/bin/ClientLibBench.dll" "$LAB/out" "$assets" 1 "$LAB/cache.json" >/dev/null
for _ in $(seq "$RUNS"); do dotnet "$LAB/bin/ClientLibBench.dll" "$LAB/out" "$assets" 9 "$LAB/cache.json"; done > "$LAB/runs-cached.tsv"
med() { cut -f"$2" "$1" | sort -g | sed -n "$(( (RUNS + 1) / 2 ))p"; }
printf '\n%-46s %10s %10s %10s %s\n' "ProjectSbom.Generate (median of $RUNS processes)" "no scan" "first" "repeat" "npm components"
for run in runs runs-cached; do
  f="$LAB/$run.tsv"; label="2,000 static files, no cache"; [ "$run" = runs-cached ] && label="2,000 static files, cache from the last build"
  printf '%-46s %7s ms %7s ms %7s ms %s\n' "$label" "$(med "$f" 1)" "$(med "$f" 2)" "$(med "$f" 3)" "$(med "$f" 4)"
  printf '  added by the scan: first call %s ms, repeated call %s ms (process CPU time: %s ms, %s ms)\n' \
    "$(echo "$(med "$f" 2) - $(med "$f" 1)" | bc)" "$(echo "$(med "$f" 3) - $(med "$f" 1)" | bc)" \
    "$(echo "$(med "$f" 6) - $(med "$f" 5)" | bc)" "$(echo "$(med "$f" 7) - $(med "$f" 5)" | bc)"
done
printf 'load average before: %s, after: %s (cores: %s)\n' "$load_before" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nproc)"
