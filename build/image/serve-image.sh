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
#   ADVISORY_DB     the advisory store the gate judges with: a file `supplygate db update --db FILE` (or `db pull`)
#                   made, used as it is (not refreshed by the build). Without it the build uses its own lookup ($SUPPLYGATE_DB, else ~/.supplygate/advisories.db)
#                   and refreshes that store from the public sources when they were asked more than 24 h ago, so a
#                   machine without network must pass a fresh store here: the built-in sample is stale (SG3005),
#                   which the repository's warnings-as-errors turns into a failed build.
#   BASE_IMAGE      base image, best pinned by digest (default: $REGISTRY/debian:bookworm-slim-tls@sha256:…, made here from the debootstrap lab
#                   base with libssl3 and ca-certificates: Kestrel and the registry client need OpenSSL)
#   REPOSITORY TAG  image name (default supplygate/supplygate:0.1.0)
#   POLICY          gate policy for the image (default: policies/serve-image.yaml, the default policy plus SQLite's
#                   reviewed public-domain notice)
#   SIGNING_KEY SIGNING_CERT TIMESTAMP_URL   sign the image (all three, or none)
#   ARTIFACTS       --artifacts-path of the CLI's Release linux-x64 build and Native AOT compile (default
#                   $LAB_DIR/serve-image/artifacts). build/test.sh passes the one build/pack-tool.sh compiled the
#                   tool in, with APP_VERSION, so the native compile (minutes) is not done twice.
#   APP_VERSION     the CLI's version (default: the repository's, Directory.Build.props); with ARTIFACTS, the
#                   version those artifacts were compiled with
#   PACKAGE_FEED PACKAGE_VERSION   a folder feed already holding SupplyGate.Build in that version (the tests pack
#                   one for every end-to-end test); default: packed here into a throw-away feed
#   OUT             publish folder (default $LAB_DIR/serve-image/publish)
#   LOG             the build's log (default $LAB_DIR/serve-image/publish.log)
#   LAB_DIR         work folder (default .lab/ of this clone)
# Prints whether the native compile was reused ("native compile: reused|done") and, on the last line, the pushed
# reference and digest: "image <registry>/<repository>:<tag>@sha256:…".
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${REGISTRY:?set REGISTRY=host:port of the registry to push to}"
LAB_DIR="${LAB_DIR:-$ROOT/.lab}"
WORK="$LAB_DIR/serve-image"
OUT="${OUT:-$WORK/publish}"
ARTIFACTS="${ARTIFACTS:-$WORK/artifacts}"
REPOSITORY="${REPOSITORY:-supplygate/supplygate}"
TAG="${TAG:-0.1.0}"
POLICY="${POLICY:-$ROOT/policies/serve-image.yaml}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
mkdir -p "$WORK"
if [[ -n "${PACKAGE_FEED:-}${PACKAGE_VERSION:-}" ]]; then
  [[ -d "${PACKAGE_FEED:-}" && -n "${PACKAGE_VERSION:-}" ]] \
    || { echo "serve-image: PACKAGE_FEED (a folder) and PACKAGE_VERSION go together" >&2; exit 2; }
  FEED="$PACKAGE_FEED" VERSION="$PACKAGE_VERSION"
else
  FEED="$(mktemp -d "$WORK/feed.XXXXXX")"
  VERSION="0.1.0-image.$(date -u +%Y%m%d%H%M%S).$$"
  PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
  # The version is unique to this run: leave no copy of it behind.
  trap 'rm -rf "$FEED" "$PACKAGES/supplygate.build/$VERSION"' EXIT
fi
if [[ -n "${ADVISORY_DB:-}" && ! -f "$ADVISORY_DB" ]]; then
  echo "serve-image: ADVISORY_DB '$ADVISORY_DB' is not a file (make one with: supplygate db update --db $ADVISORY_DB)" >&2
  exit 2
fi
if [[ "$POLICY" == */* && ! -f "$POLICY" ]]; then
  echo "serve-image: POLICY '$POLICY' is not a file" >&2
  exit 2
fi
# Every build of the CLI here says the same properties, so each step finds the previous one's outputs up to date.
CLI=(-c Release -r linux-x64 --artifacts-path "$ARTIFACTS" -p:UseSharedCompilation=false -nodeReuse:false)
if [[ -n "${APP_VERSION:-}" ]]; then CLI+=("-p:Version=$APP_VERSION"); fi

if [[ -z "${BASE_IMAGE:-}" ]]; then
  # Pinned by digest (its last line), as the image policy's base-image rule asks (SG4007).
  BASE_IMAGE="$(REGISTRY="$REGISTRY" IMAGE="$REGISTRY/debian:bookworm-slim-tls" INCLUDE="libssl3,ca-certificates" LAB_DIR="$LAB_DIR" \
    "$ROOT/build/lab/make-base-image.sh" | tail -n 1)"
  [[ "$BASE_IMAGE" == *@sha256:* ]] || { echo "serve-image: make-base-image.sh gave no pinned reference ('$BASE_IMAGE')" >&2; exit 1; }
fi

SIGN=()
if [[ -n "${SIGNING_KEY:-}${SIGNING_CERT:-}${TIMESTAMP_URL:-}" ]]; then
  [[ -n "${SIGNING_KEY:-}" && -n "${SIGNING_CERT:-}" && -n "${TIMESTAMP_URL:-}" ]] \
    || { echo "serve-image: SIGNING_KEY, SIGNING_CERT and TIMESTAMP_URL go together" >&2; exit 2; }
  SIGN=(-p:SupplyGateSign=true "-p:SupplyGateSigningKey=$SIGNING_KEY" "-p:SupplyGateSigningCertificate=$SIGNING_CERT"
        "-p:SupplyGateTimestampUrl=$TIMESTAMP_URL")
fi

if [[ -z "${PACKAGE_FEED:-}" ]]; then
  echo "packing SupplyGate.Build $VERSION" >&2
  dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$FEED" -p:Version="$VERSION" \
    --artifacts-path "$WORK/artifacts-pack" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >&2
fi

LOG="${LOG:-$WORK/publish.log}"
: >"$LOG"
fail() { grep -E "error|SupplyGate: (DENY|image)" "$LOG" | sort -u >&2 || true; echo "serve-image: $1 failed (log: $LOG)" >&2; exit 1; }
# 1. The CLI exactly as the tool is built (no SupplyGate.Build reference): nothing to do when ARTIFACTS already
#    holds it. Referencing the package changes the restore's generated imports, which would make MSBuild compile
#    the CLI again and so the native compile run again; the package's targets run at publish only, so it is
#    restored after the build and the publish below uses this build (--no-build).
echo "building the CLI (Release, linux-x64) in $ARTIFACTS" >&2
dotnet build "$ROOT/src/SupplyGate.Cli" "${CLI[@]}" >>"$LOG" 2>&1 || fail "dotnet build"
dotnet restore "$ROOT/src/SupplyGate.Cli" -r linux-x64 --artifacts-path "$ARTIFACTS" -nodeReuse:false \
  "-p:SupplyGateBuildVersion=$VERSION" "-p:RestoreAdditionalProjectSources=$FEED" >>"$LOG" 2>&1 || fail "dotnet restore"

# 2. The SDK's container publish of that build: the Native AOT compile (incremental: skipped when its inputs did
#    not change), the image, and SupplyGate.Build's SBOM, gate and signature. The CLI project keeps a no-build
#    publish from compiling C# again (the ILCompiler's targets depend on Compile; see SupplyGate.Cli.csproj), so
#    with ARTIFACTS from build/pack-tool.sh the native compile is reused.
NATIVE="$(find "$ARTIFACTS/obj" -path '*release_linux-x64/native/supplygate.o' 2>/dev/null | head -n 1)"
BEFORE="$( [[ -n "$NATIVE" ]] && stat -c %Y.%y "$NATIVE" || echo none)"
echo "publishing $REGISTRY/$REPOSITORY:$TAG on $BASE_IMAGE" >&2
rm -rf "$OUT"
DB=()
# A given store is judged as it is: whoever made it (`db update`, `db pull`) just refreshed it, and the policy's
# data.maxAge still decides whether it is current enough.
if [[ -n "${ADVISORY_DB:-}" ]]; then DB=("-p:SupplyGateAdvisoryDatabase=$(readlink -f "$ADVISORY_DB")" -p:SupplyGateAdvisoryUpdate=false); fi
dotnet publish "$ROOT/src/SupplyGate.Cli" "${CLI[@]}" --no-build -t:PublishContainer -o "$OUT/" \
    "-p:SupplyGateBuildVersion=$VERSION" \
    "-p:ContainerBaseImage=$BASE_IMAGE" "-p:ContainerRegistry=$REGISTRY" \
    "-p:ContainerRepository=$REPOSITORY" "-p:ContainerImageTag=$TAG" "-p:SupplyGatePolicy=$POLICY" \
    "${DB[@]}" "${SIGN[@]}" >>"$LOG" 2>&1 || fail "dotnet publish"
NATIVE="$(find "$ARTIFACTS/obj" -path '*release_linux-x64/native/supplygate.o' | head -n 1)"
if [[ "$BEFORE" == "$(stat -c %Y.%y "$NATIVE")" ]]; then echo "native compile: reused" >&2; else echo "native compile: done" >&2; fi
grep -E "SupplyGate: (image|signed|PASS|WARN)|Pushed|warning SG" "$LOG" | sed -E 's#^ *##; s# \[/[^]]*\]$##' | sort -u >&2 || true
DIGEST="$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$REGISTRY/$REPOSITORY:$TAG")"
echo "image $REGISTRY/$REPOSITORY:$TAG@$DIGEST"
