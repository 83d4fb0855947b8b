#!/usr/bin/env bash
# Benchmark for the container milestone, one run, side by side (wall and CPU time on this machine):
#   1. `supplygate sbom image` of the debootstrap bookworm image from a local registry (cold layer cache)
#      vs the physical floor `curl <blob> | gunzip | tar -t` of the same layer; goal: >= 1.1x the floor's throughput;
#   2. the same scan again with the layer cache (keyed by blob digest + diff id, blob confirmed by HEAD), a new
#      process each time: goal <= 50 ms wall, process start included;
#   3. vs cdxgen on the same image as an oci-archive; target: >= 3x faster.
# supplygate is the Native AOT binary as the linux-x64 tool package ships it (native_cli in lib.sh: built once).
# Usage: build/bench/image.sh   (RUNS=3; starts and stops its own registry on REGISTRY_PORT=5055)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LAB_DIR="${LAB_DIR:-$ROOT/.lab}"
BENCH="$LAB_DIR/bench-image"
RUNS="${RUNS:-3}"
export REGISTRY_PORT="${REGISTRY_PORT:-5055}"
export REGISTRY="localhost:$REGISTRY_PORT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1

mkdir -p "$BENCH"
log "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores; a shared machine: compare only numbers from one run)"
SG="$(native_cli)"
REGISTRY_DATA="$BENCH/registry-data" "$ROOT/build/lab/start-registry.sh" >/dev/null
trap '"$ROOT/build/lab/stop-registry.sh" >/dev/null 2>&1 || true' EXIT
IMAGE="$REGISTRY/debian:bookworm-slim"
log "== base image -> $IMAGE"
"$ROOT/build/lab/make-base-image.sh" >/dev/null

manifest="$(skopeo inspect --tls-verify=false --raw "docker://$IMAGE")"
layer="$(jq -r '.layers[0].digest' <<<"$manifest")"; size="$(jq -r '.layers[0].size' <<<"$manifest")"
floor() { curl -fsS "http://127.0.0.1:$REGISTRY_PORT/v2/debian/blobs/$layer" | gunzip | tar -t >/dev/null; }
scan() { HOME="$BENCH/home" "$SG" sbom image "$IMAGE" -o "$BENCH/image.cdx.json" --quiet; }

log "== measuring (median of $RUNS)"
read -r t_floor c_floor < <(median_wall_cpu "$RUNS" floor)
read -r t_cold c_cold < <(BEFORE='rm -rf "$BENCH/home"' median_wall_cpu "$RUNS" scan)
scan >/dev/null 2>&1
read -r t_warm c_warm < <(median_wall_cpu "$RUNS" scan)
dotnet build "$ROOT/build/bench/ImageBench" -c Release -o "$BENCH/imagebench" --artifacts-path "$BENCH/ib-artifacts" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >/dev/null
read -r t_in_cold t_in_warm < <("$BENCH/imagebench/ImageBench" "$IMAGE" "$RUNS") || true

CDXGEN="$ROOT/tests/interop/node_modules/.bin/cdxgen"
[ -x "$CDXGEN" ] || "$ROOT/build/setup.sh"
archive="$BENCH/bookworm.oci.tar"; rm -f "$archive"
skopeo copy --src-tls-verify=false "docker://$IMAGE" "oci-archive:$archive" >/dev/null
cdx() { CDXGEN_DEBUG_MODE=quiet FETCH_LICENSE=false "$CDXGEN" --spec-version 1.6 -o "$BENCH/cdxgen.json" "$archive"; test -s "$BENCH/cdxgen.json"; }
sg_archive() { HOME="$BENCH/home-archive" "$SG" sbom image "$archive" -o "$BENCH/archive.cdx.json" --quiet; }
read -r t_cdx c_cdx < <(median_wall_cpu "$RUNS" cdx)
read -r t_sg_archive c_sg_archive < <(BEFORE='rm -rf "$BENCH/home-archive"' median_wall_cpu "$RUNS" sg_archive)

count() { node -e 'const b=JSON.parse(require("fs").readFileSync(process.argv[1]));const c=b.components||[];console.log(c.length+" ("+c.filter(x=>(x.purl||"").startsWith("pkg:deb/")).length+" deb, "+c.filter(x=>(x.purl||"").startsWith("pkg:nuget/")).length+" nuget)")' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f%%", 100 * a / b }'; }
mb=$(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }')
printf '\n%-58s %10s %10s  %s\n' "image scan, bookworm minbase (1 layer, $mb MiB gz), median of $RUNS" "wall" "CPU" "vs target"
printf '%-58s %7s ms %7s ms\n' "floor: curl blob | gunzip | tar -t" "$t_floor" "$c_floor"
met() { awk -v ok="$1" 'BEGIN { printf "%s", (ok ? "met" : "MISSED") }'; }
printf '%-58s %7s ms %7s ms  throughput %s of the floor: %s (>= 1.10x)\n' "supplygate sbom image, cold cache, incl. process start" "$t_cold" "$c_cold" "$(ratio "$t_floor" "$t_cold")" \
  "$(met "$(awk -v f="$t_floor" -v c="$t_cold" 'BEGIN { print (f / c >= 1.1) }')")"
printf '%-58s %7s ms %7s ms  %s (<= 50 ms); %s of the cold scan\n' "supplygate sbom image, warm layer cache, incl. process start" "$t_warm" "$c_warm" "$(met "$(( t_warm <= 50 ))")" "$(pct "$t_warm" "$t_cold")"
printf '%-58s %7s ms %10s  -> %s ms warm: %s of the cold scan (<= 10%%)\n' "  in one warmed process (ImageBench): cold cache" "$t_in_cold" "" "$t_in_warm" "$(pct "$t_in_warm" "$t_in_cold")"
printf '%-58s %7s ms %7s ms  %s\n' "cdxgen 12.8.4 on the oci-archive" "$t_cdx" "$c_cdx" "$(count "$BENCH/cdxgen.json")"
printf '%-58s %7s ms %7s ms  %s faster than cdxgen (>= 3x); %s\n' "supplygate sbom image on the oci-archive, cold cache" "$t_sg_archive" "$c_sg_archive" "$(ratio "$t_cdx" "$t_sg_archive")" "$(count "$BENCH/archive.cdx.json")"
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
