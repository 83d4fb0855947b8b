#!/usr/bin/env bash
# Benchmark for `supplygate serve` (docs/serve.md), wall clock on this machine, in one run:
#   1. cold admission: a Pod with 3 images never seen before (resolve, discover, verify, judge; local registry);
#      target p99 <= 2.5 s;
#   2. warm admission: the same Pod again (caches only, no registry call); target p99 <= 20 ms;
#   3. sustained warm admissions on loopback with CONNECTIONS=8 keep-alive TLS connections for RATE_SECONDS=10;
#      target >= 500/s;
#   4. the service's resident memory afterwards.
# Load comes from build/bench/serve-load.py (Python's http.client + ssl: a bounded client, itself CPU-bound on
# this machine, so 3 measures client and server together). The machine's load average is printed with the
# results: other jobs on the same 2 cores distort every number.
# Usage: build/bench/serve.sh   (COLD_PODS=5, WARM_RUNS=2000; own registry on REGISTRY_PORT=5057)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LAB_DIR="${LAB_DIR:-$ROOT/.lab}"
BENCH="$LAB_DIR/bench-serve"
COLD_PODS="${COLD_PODS:-5}"; WARM_RUNS="${WARM_RUNS:-2000}"; RATE_SECONDS="${RATE_SECONDS:-10}"; CONNECTIONS="${CONNECTIONS:-8}"
export REGISTRY_PORT="${REGISTRY_PORT:-5057}"
export REGISTRY="localhost:$REGISTRY_PORT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
IDENTITY="https://ci.example.com/bench"
TSA_PID=""; SERVE_PID=""

rm -rf "$BENCH"; mkdir -p "$BENCH"
REGISTRY_DATA="$BENCH/registry-data" "$ROOT/build/lab/start-registry.sh" >/dev/null
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null || true
  [ -n "$TSA_PID" ] && kill "$TSA_PID" 2>/dev/null || true
  "$ROOT/build/lab/stop-registry.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT

log "== build the CLI (Release)"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -o "$BENCH/cli" --artifacts-path "$BENCH/artifacts" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >/dev/null
SG="$BENCH/cli/supplygate"
export NUGET_PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
export HOME="$BENCH/home"

log "== sign $(( 3 * (COLD_PODS + 1) )) tiny images (development CA and TSA)"
"$SG" ca init --dir "$BENCH/ca" --identity "$IDENTITY" >/dev/null
"$SG" tsa serve --dir "$BENCH/ca" --port 0 >"$BENCH/tsa.log" 2>&1 & TSA_PID=$!
TSA_URL=""
for _ in $(seq 100); do TSA_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$BENCH/tsa.log" | head -1 || true); [ -n "$TSA_URL" ] && break; sleep 0.1; done
[ -n "$TSA_URL" ] || { log "the development TSA did not start"; cat "$BENCH/tsa.log" >&2; exit 1; }
images=()
for i in $(seq 0 $(( 3 * (COLD_PODS + 1) - 1 ))); do
  image="$REGISTRY/bench/app$i:1.0"
  REGISTRY="$REGISTRY" IMAGE="$image" MODE=file SOURCE_DATE_EPOCH="$i" WORK="$BENCH/work-$i" "$ROOT/build/lab/make-tiny-base-image.sh" >/dev/null 2>&1
  [ -f "$BENCH/app.cdx.json" ] || "$SG" sbom image "$image" -o "$BENCH/app.cdx.json" --quiet
  "$SG" sign "$image" --sbom "$BENCH/app.cdx.json" --key "$BENCH/ca/signing.key" --cert "$BENCH/ca/signing.pem" --timestamp-url "$TSA_URL" >/dev/null
  images+=("$image")
done

log "== start supplygate serve"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$BENCH/tls.key" -out "$BENCH/tls.crt" -days 1 \
  -subj /CN=bench -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1
cat >"$BENCH/admission.yaml" <<YAML
apiVersion: supplygate.dev/v1alpha1
kind: AdmissionConfig
spec:
  images:
    - match: "$REGISTRY/bench/**"
      trustedRoot: ca/trusted_root.json
      certificateIdentity: "$IDENTITY"
      policy: default
  unmatched: deny
  budget: 8s
  tagTtl: 10m
YAML
"$SG" serve --config "$BENCH/admission.yaml" --listen 127.0.0.1:0 --tls-cert "$BENCH/tls.crt" --tls-key "$BENCH/tls.key" --metrics-listen 127.0.0.1:0 >"$BENCH/serve.log" 2>&1 & SERVE_PID=$!
URL=""
for _ in $(seq 200); do URL=$(grep -o 'https://127\.0\.0\.1:[0-9]*' "$BENCH/serve.log" | head -1 || true); [ -n "$URL" ] && break; sleep 0.1; done
[ -n "$URL" ] || { log "serve did not start"; cat "$BENCH/serve.log" >&2; exit 1; }
LOAD=(python3 "$ROOT/build/bench/serve-load.py" "$URL" "$BENCH/tls.crt")

log "== measuring"
sets=()
for p in $(seq 1 "$COLD_PODS"); do sets+=("${images[$((3*p))]},${images[$((3*p+1))]},${images[$((3*p+2))]}"); done
read -r cold50 cold99 coldmax < <("${LOAD[@]}" cold "${sets[@]}")
warm_pod=("${images[0]}" "${images[1]}" "${images[2]}")
read -r warm50 warm99 warmmax < <("${LOAD[@]}" latency "$WARM_RUNS" "${warm_pod[@]}")
read -r rate errors < <("${LOAD[@]}" rate "$RATE_SECONDS" "$CONNECTIONS" "${warm_pod[@]}")
rss=$(awk '/VmRSS/ {print int($2/1024)}' "/proc/$SERVE_PID/status")
load=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\nsupplygate serve, a Pod with 3 images (load average during the run: %s; %s cores)\n' "$load" "$(nproc)"
printf '  cold (first sight, local registry): p50 %s ms, p99 %s ms, max %s ms over %s pods   (target p99 <= 2500 ms)\n' "$cold50" "$cold99" "$coldmax" "$COLD_PODS"
printf '  warm (caches, no registry call):     p50 %s ms, p99 %s ms, max %s ms over %s reviews   (target p99 <= 20 ms)\n' "$warm50" "$warm99" "$warmmax" "$WARM_RUNS"
printf '  sustained warm, %s connections, %s s: %s reviews/s, %s errors   (target >= 500/s)\n' "$CONNECTIONS" "$RATE_SECONDS" "$rate" "$errors"
printf '  resident memory after the run: %s MB\n' "$rss"
