#!/usr/bin/env bash
# Make multi-platform variants of a single-platform (amd64) base image that is already in the local registry,
# with nothing but curl, jq, tar, gzip and sha256sum. The arm64 image's files are the amd64 ones (they need not
# run): only its config says arm64. Pushed to the source's repository:
#   <tag>-arm64    the arm64 image: the same layers (+ a layer made of EXTRA_ARM64, if set), config arm64
#   <tag>-index    an OCI image index: linux/amd64 + linux/arm64
#   <tag>-list     a Docker manifest list of Docker schema 2 copies of both (same blobs, Docker media types)
#   <tag>-attest   an OCI index: both + one buildx-style attestation manifest per platform
#                  (platform unknown/unknown, annotation vnd.docker.reference.type=attestation-manifest)
# Prints one line per reference: "<name> <ref>@<digest>".
#
# Env: SOURCE (required: host:port/repo:tag of the amd64 image), EXTRA_ARM64 (a folder whose files become an
#      extra arm64-only layer, e.g. a dpkg status a scanner must find on arm64 only), SOURCE_DATE_EPOCH (default 0).
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
for t in curl jq tar gzip sha256sum; do need "$t"; done

SOURCE="${SOURCE:?SOURCE=host:port/repo:tag of a single-platform image}"
EPOCH="${SOURCE_DATE_EPOCH:-0}"
ref_no_tag="${SOURCE%:*}"; TAG="${SOURCE##*:}"
HOST="${ref_no_tag%%/*}"; REPO="${ref_no_tag#*/}"
BASE="${SCHEME:-http}://$HOST/v2/$REPO"
OCI_MANIFEST=application/vnd.oci.image.manifest.v1+json
OCI_INDEX=application/vnd.oci.image.index.v1+json
DOCKER_MANIFEST=application/vnd.docker.distribution.manifest.v2+json
DOCKER_LIST=application/vnd.docker.distribution.manifest.list.v2+json
TMP="$(mktemp -d)"; trap 'rm -rf "$TMP"' EXIT

push_blob() { # <file>: prints the digest
  local f="$1" dg loc code
  dg="$(sha256_of "$f")"
  if [[ "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/blobs/$dg")" != 200 ]]; then
    loc="$(curl -fsS -X POST -D - -o /dev/null "$BASE/blobs/uploads/" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')"
    [[ "$loc" == /* ]] && loc="${SCHEME:-http}://$HOST$loc"
    [[ "$loc" == *\?* ]] && loc="$loc&digest=$dg" || loc="$loc?digest=$dg"
    code="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H 'Content-Type: application/octet-stream' --data-binary @"$f" "$loc")"
    [[ "$code" == 201 ]] || die "blob upload $dg -> HTTP $code"
  fi
  echo "$dg"
}

push_manifest() { # <file> <media type> <tag>: prints the digest
  local code
  code="$(curl -s -o "$TMP/put.out" -w '%{http_code}' -X PUT -H "Content-Type: $2" --data-binary @"$1" "$BASE/manifests/$3")"
  [[ "$code" == 201 ]] || { cat "$TMP/put.out" >&2; die "manifest PUT $3 -> HTTP $code"; }
  sha256_of "$1"
}

descriptor() { # <file> <media type> <platform json or null> [annotations json]
  jq -cn --arg mt "$2" --arg dg "$(sha256_of "$1")" --argjson sz "$(stat -c %s "$1")" --argjson p "$3" --argjson a "${4:-null}" \
    '{mediaType: $mt, digest: $dg, size: $sz} + (if $p then {platform: $p} else {} end) + (if $a then {annotations: $a} else {} end)'
}

# ---- the amd64 source
curl -fsS -o "$TMP/amd64.json" -H "Accept: $OCI_MANIFEST, $DOCKER_MANIFEST" "$BASE/manifests/$TAG" || die "no manifest $REPO:$TAG"
curl -fsS -o "$TMP/amd64-config.json" "$BASE/blobs/$(jq -r .config.digest "$TMP/amd64.json")"
[[ "$(jq -r .architecture "$TMP/amd64-config.json")" == amd64 ]] || die "$SOURCE is not an amd64 image"
src_mt="$(jq -r '.mediaType // empty' "$TMP/amd64.json")"; [[ -n "$src_mt" ]] || src_mt=$OCI_MANIFEST
cp "$TMP/amd64.json" "$TMP/amd64-oci.json"

# ---- the arm64 twin: same layers, config says arm64 (+ an arm64-only layer from EXTRA_ARM64)
jq -c '.' "$TMP/amd64.json" >"$TMP/arm64.json"
jq -c '.architecture = "arm64" | .variant = "v8"' "$TMP/amd64-config.json" >"$TMP/arm64-config.json"
if [[ -n "${EXTRA_ARM64:-}" ]]; then
  [[ -d "$EXTRA_ARM64" ]] || die "EXTRA_ARM64=$EXTRA_ARM64 is not a folder"
  tar --sort=name --mtime="@$EPOCH" --owner=0 --group=0 --numeric-owner -C "$EXTRA_ARM64" -cf "$TMP/extra.tar" .
  gzip -n -6 -c "$TMP/extra.tar" >"$TMP/extra.tar.gz"
  diff_id="$(sha256_of "$TMP/extra.tar")"
  layer_dg="$(push_blob "$TMP/extra.tar.gz")"
  created="$(date -u -d "@$EPOCH" +%Y-%m-%dT%H:%M:%SZ)"
  jq -c --arg d "$diff_id" --arg c "$created" '.rootfs.diff_ids += [$d] | .history = ((.history // []) + [{created: $c, created_by: "make-multiarch-base-image.sh EXTRA_ARM64"}])' \
    "$TMP/arm64-config.json" >"$TMP/c" && mv "$TMP/c" "$TMP/arm64-config.json"
  layer_mt="$(jq -r '.layers[0].mediaType' "$TMP/amd64.json")"
  jq -c --arg mt "$layer_mt" --arg dg "$layer_dg" --argjson sz "$(stat -c %s "$TMP/extra.tar.gz")" '.layers += [{mediaType: $mt, digest: $dg, size: $sz}]' \
    "$TMP/arm64.json" >"$TMP/m" && mv "$TMP/m" "$TMP/arm64.json"
fi
cfg_dg="$(push_blob "$TMP/arm64-config.json")"
jq -c --arg dg "$cfg_dg" --argjson sz "$(stat -c %s "$TMP/arm64-config.json")" '.config.digest = $dg | .config.size = $sz' "$TMP/arm64.json" >"$TMP/m" && mv "$TMP/m" "$TMP/arm64.json"
echo "arm64 $HOST/$REPO:$TAG-arm64@$(push_manifest "$TMP/arm64.json" "$src_mt" "$TAG-arm64")"

AMD64='{"architecture":"amd64","os":"linux"}'
ARM64='{"architecture":"arm64","os":"linux","variant":"v8"}'

# ---- OCI index
jq -cn --arg mt "$OCI_INDEX" --argjson a "$(descriptor "$TMP/amd64.json" "$src_mt" "$AMD64")" --argjson b "$(descriptor "$TMP/arm64.json" "$src_mt" "$ARM64")" \
  '{schemaVersion: 2, mediaType: $mt, manifests: [$a, $b]}' >"$TMP/index.json"
echo "index $HOST/$REPO:$TAG-index@$(push_manifest "$TMP/index.json" "$OCI_INDEX" "$TAG-index")"

# ---- Docker manifest list over Docker schema 2 copies (same blobs; Docker media types)
to_docker() { # <oci manifest> <out>
  jq -c --arg m "$DOCKER_MANIFEST" '{schemaVersion: 2, mediaType: $m,
    config: (.config | .mediaType = "application/vnd.docker.container.image.v1+json"),
    layers: [.layers[] | .mediaType = "application/vnd.docker.image.rootfs.diff.tar.gzip"]}' "$1" >"$2"
}
to_docker "$TMP/amd64.json" "$TMP/amd64-docker.json"
to_docker "$TMP/arm64.json" "$TMP/arm64-docker.json"
push_manifest "$TMP/amd64-docker.json" "$DOCKER_MANIFEST" "$TAG-amd64-docker" >/dev/null
push_manifest "$TMP/arm64-docker.json" "$DOCKER_MANIFEST" "$TAG-arm64-docker" >/dev/null
jq -cn --arg mt "$DOCKER_LIST" --argjson a "$(descriptor "$TMP/amd64-docker.json" "$DOCKER_MANIFEST" "$AMD64")" --argjson b "$(descriptor "$TMP/arm64-docker.json" "$DOCKER_MANIFEST" "$ARM64")" \
  '{schemaVersion: 2, mediaType: $mt, manifests: [$a, $b]}' >"$TMP/list.json"
echo "list $HOST/$REPO:$TAG-list@$(push_manifest "$TMP/list.json" "$DOCKER_LIST" "$TAG-list")"

# ---- OCI index with buildx-style attestation manifests (an in-toto layer each; not images)
attestations=()
for child in amd64 arm64; do
  jq -cn --arg s "$(sha256_of "$TMP/$child.json")" '{_type: "https://in-toto.io/Statement/v0.1", predicateType: "https://spdx.dev/Document",
    subject: [{name: "_", digest: {sha256: ($s | ltrimstr("sha256:"))}}], predicate: {}}' >"$TMP/$child-statement.json"
  st_dg="$(push_blob "$TMP/$child-statement.json")"
  echo '{}' | jq -c . >"$TMP/empty-config.json"
  ec_dg="$(push_blob "$TMP/empty-config.json")"
  jq -cn --arg m "$OCI_MANIFEST" --arg cdg "$ec_dg" --argjson csz "$(stat -c %s "$TMP/empty-config.json")" --arg sdg "$st_dg" --argjson ssz "$(stat -c %s "$TMP/$child-statement.json")" \
    '{schemaVersion: 2, mediaType: $m, config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $cdg, size: $csz},
      layers: [{mediaType: "application/vnd.in-toto+json", digest: $sdg, size: $ssz, annotations: {"in-toto.io/predicate-type": "https://spdx.dev/Document"}}]}' \
    >"$TMP/$child-attestation.json"
  push_manifest "$TMP/$child-attestation.json" "$OCI_MANIFEST" "$TAG-$child-attestation" >/dev/null
  attestations+=("$(descriptor "$TMP/$child-attestation.json" "$OCI_MANIFEST" '{"architecture":"unknown","os":"unknown"}' \
    "$(jq -cn --arg s "$(sha256_of "$TMP/$child.json")" '{"vnd.docker.reference.digest": $s, "vnd.docker.reference.type": "attestation-manifest"}')")")
done
jq -cn --arg mt "$OCI_INDEX" --argjson a "$(descriptor "$TMP/amd64.json" "$src_mt" "$AMD64")" --argjson b "$(descriptor "$TMP/arm64.json" "$src_mt" "$ARM64")" \
  --argjson x "${attestations[0]}" --argjson y "${attestations[1]}" '{schemaVersion: 2, mediaType: $mt, manifests: [$a, $b, $x, $y]}' >"$TMP/attest.json"
echo "attest $HOST/$REPO:$TAG-attest@$(push_manifest "$TMP/attest.json" "$OCI_INDEX" "$TAG-attest")"
