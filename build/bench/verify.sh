#!/usr/bin/env bash
# Benchmark for attestations (issue 5), wall clock on this machine:
#   1. `supplygate verify` of an image with two attestations (SBOM + policy result) from a local registry,
#      including process start; target < 1.5 s;
#   2. the same work in one warmed process (VerifyBench: resolve, discover, verify both bundles, re-evaluate the
#      SBOM with the bundled advisories); target < 500 ms;
#   3. signing and attaching the two attestations as the MSBuild task does after PublishContainer, in process:
#      the first call (JIT included: what one publish pays) and warm; target < 300 ms added to the publish.
# The image is the debootstrap'd bookworm base (88 dpkg packages in its SBOM), signed with a development CA and
# timestamped by the development TSA on loopback.
# Usage: build/bench/verify.sh   (RUNS=5; starts and stops its own registry on REGISTRY_PORT=5056)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LAB_DIR="${LAB_DIR:-$ROOT/.lab}"
BENCH="$LAB_DIR/bench-verify"
RUNS="${RUNS:-5}"
export REGISTRY_PORT="${REGISTRY_PORT:-5056}"
export REGISTRY="localhost:$REGISTRY_PORT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
IDENTITY="https://ci.example.com/bench"
TSA_PID=""

rm -rf "$BENCH/registry-data" "$BENCH/ca" "$BENCH/home"; mkdir -p "$BENCH"
REGISTRY_DATA="$BENCH/registry-data" "$ROOT/build/lab/start-registry.sh" >/dev/null
cleanup() {
  [ -n "$TSA_PID" ] && kill "$TSA_PID" 2>/dev/null || true
  "$ROOT/build/lab/stop-registry.sh" >/dev/null 2>&1 || true
}
trap cleanup EXIT
IMAGE="$REGISTRY/bench/app:1.0"
log "== base image -> $IMAGE"
IMAGE="$IMAGE" "$ROOT/build/lab/make-base-image.sh" >/dev/null
skopeo copy --src-tls-verify=false --dest-tls-verify=false "docker://$IMAGE" "docker://$REGISTRY/bench/signing:1.0" >/dev/null
log "== build the CLI and VerifyBench (Release)"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -o "$BENCH/cli" --artifacts-path "$BENCH/artifacts" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >/dev/null
dotnet build "$ROOT/build/bench/VerifyBench" -c Release -o "$BENCH/verifybench" --artifacts-path "$BENCH/vb-artifacts" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >/dev/null
SG="$BENCH/cli/supplygate"
export HOME="$BENCH/home"

log "== sign the image (SBOM + policy result) with a development CA and TSA"
"$SG" ca init --dir "$BENCH/ca" --identity "$IDENTITY" >/dev/null
"$SG" tsa serve --dir "$BENCH/ca" --port 0 >"$BENCH/tsa.log" 2>&1 & TSA_PID=$!
TSA_URL=""
for _ in $(seq 100); do TSA_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$BENCH/tsa.log" | head -1 || true); [ -n "$TSA_URL" ] && break; sleep 0.1; done
[ -n "$TSA_URL" ] || { log "the development TSA did not start"; cat "$BENCH/tsa.log" >&2; exit 1; }
"$SG" sbom image "$IMAGE" -o "$BENCH/app.cdx.json" --quiet
"$SG" check image "$IMAGE" --format json -o "$BENCH/policy-result.json" --quiet || [ $? -eq 1 ]
"$SG" sign "$IMAGE" --sbom "$BENCH/app.cdx.json" --policy-result "$BENCH/policy-result.json" \
  --key "$BENCH/ca/signing.key" --cert "$BENCH/ca/signing.pem" --timestamp-url "$TSA_URL" >/dev/null
verify() { "$SG" verify "$IMAGE" --trusted-root "$BENCH/ca/trusted_root.json" --certificate-identity "$IDENTITY" --quiet; }
verify >/dev/null || { log "verify of the freshly signed image failed:"; verify >&2; exit 1; }

log "== measuring (median of $RUNS)"
t_wall=$(median_ms "$RUNS" verify)
read -r t_sign_first t_sign_warm t_verify_warm < <("$BENCH/verifybench/VerifyBench" "$IMAGE" "$REGISTRY/bench/signing:1.0" "$BENCH/ca" "$IDENTITY" "$BENCH/app.cdx.json" "$BENCH/policy-result.json" "$RUNS")
components=$(jq '.components | length' "$BENCH/app.cdx.json")

printf '\n%-66s %10s  %s\n' "verify, bookworm image ($components components), 2 attestations, median of $RUNS" "wall" "target"
printf '%-66s %7s ms  < 1500 ms\n' "supplygate verify, incl. process start" "$t_wall"
printf '%-66s %7s ms  < 500 ms\n' "  in one warmed process (VerifyBench)" "$t_verify_warm"
printf '%-66s %7s ms  < 300 ms added to the publish\n' "sign + attach SBOM and policy result, first call in a process" "$t_sign_first"
printf '%-66s %7s ms\n' "  warm" "$t_sign_warm"
