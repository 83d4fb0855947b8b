#!/usr/bin/env bash
# Builds the container image of `supplygate serve` with the SDK's own container publish, gated and (optionally)
# signed by SupplyGate itself: packs SupplyGate.Build into a throw-away folder feed under a unique version, then
#   dotnet publish src/SupplyGate.Cli -c Release -r linux-x64 -t:PublishContainer -p:SupplyGateBuildVersion=<it>
# so the CLI project references the package for this publish only (a normal build of the CLI does not): the
# publish writes the image SBOM, runs the gate on it and, with the signing inputs, signs the SBOM and the policy
# result and attaches them to the image in the registry. docs/serve.md ("The image") says how to run it.
#
# Env:
#   REGISTRY        registry to push to, host:port (required; e.g. 127.0.0.1:5000)
#   BASE_IMAGE      base image (default: $REGISTRY/debian:bookworm-slim-tls, made here from the debootstrap lab
#                   base with libssl3 and ca-certificates: Kestrel and the registry client need OpenSSL)
#   REPOSITORY TAG  image name (default supplygate/supplygate:0.1.0)
#   POLICY          gate policy for the image (default: default)
#   SIGNING_KEY SIGNING_CERT TIMESTAMP_URL   sign the image (all three, or none)
#   OUT             publish folder (default $LAB_DIR/serve-image/publish)
#   LAB_DIR         work folder (default .lab/ of this clone)
# Prints the pushed reference and digest on the last line: "image <registry>/<repository>:<tag>@sha256:…".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${REGISTRY:?set REGISTRY=host:port of the registry to push to}"
LAB_DIR="${LAB_DIR:-$ROOT/.lab}"
WORK="$LAB_DIR/serve-image"
OUT="${OUT:-$WORK/publish}"
REPOSITORY="${REPOSITORY:-supplygate/supplygate}"
TAG="${TAG:-0.1.0}"
POLICY="${POLICY:-default}"
VERSION="0.1.0-image.$(date -u +%Y%m%d%H%M%S).$$"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
mkdir -p "$WORK"
FEED="$(mktemp -d "$WORK/feed.XXXXXX")"
PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
# The version is unique to this run: leave no copy of it behind.
# The build output stays in $WORK/artifacts: the native compilation is incremental across runs.
trap 'rm -rf "$FEED" "$PACKAGES/supplygate.build/$VERSION"' EXIT

if [[ -z "${BASE_IMAGE:-}" ]]; then
  BASE_IMAGE="$REGISTRY/debian:bookworm-slim-tls"
  REGISTRY="$REGISTRY" IMAGE="$BASE_IMAGE" INCLUDE="libssl3,ca-certificates" LAB_DIR="$LAB_DIR" \
    "$ROOT/build/lab/make-base-image.sh" >&2
fi

SIGN=()
if [[ -n "${SIGNING_KEY:-}${SIGNING_CERT:-}${TIMESTAMP_URL:-}" ]]; then
  [[ -n "${SIGNING_KEY:-}" && -n "${SIGNING_CERT:-}" && -n "${TIMESTAMP_URL:-}" ]] \
    || { echo "serve-image: SIGNING_KEY, SIGNING_CERT and TIMESTAMP_URL go together" >&2; exit 2; }
  SIGN=(-p:SupplyGateSign=true "-p:SupplyGateSigningKey=$SIGNING_KEY" "-p:SupplyGateSigningCertificate=$SIGNING_CERT"
        "-p:SupplyGateTimestampUrl=$TIMESTAMP_URL")
fi

echo "packing SupplyGate.Build $VERSION" >&2
dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$FEED" -p:Version="$VERSION" \
  --artifacts-path "$WORK/artifacts/pack" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >&2

echo "publishing $REGISTRY/$REPOSITORY:$TAG on $BASE_IMAGE" >&2
rm -rf "$OUT"
LOG="$WORK/publish.log"
if ! dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -r linux-x64 -t:PublishContainer -o "$OUT/" \
    --artifacts-path "$WORK/artifacts/publish" -p:UseSharedCompilation=false -nodeReuse:false \
    "-p:SupplyGateBuildVersion=$VERSION" "-p:RestoreAdditionalProjectSources=$FEED" \
    "-p:ContainerBaseImage=$BASE_IMAGE" "-p:ContainerRegistry=$REGISTRY" \
    "-p:ContainerRepository=$REPOSITORY" "-p:ContainerImageTag=$TAG" "-p:SupplyGatePolicy=$POLICY" \
    "${SIGN[@]}" >"$LOG" 2>&1; then
  grep -E "error|SupplyGate: (DENY|image)" "$LOG" | sort -u >&2 || true
  echo "serve-image: dotnet publish failed (log: $LOG)" >&2
  exit 1
fi
grep -E "SupplyGate: (image|signed|PASS|WARN)|Pushed" "$LOG" | sed -E 's#^ *##; s# \[/[^]]*\]$##' | sort -u >&2 || true
DIGEST="$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/$REPOSITORY:$TAG")"
echo "image $REGISTRY/$REPOSITORY:$TAG@$DIGEST"
