#!/usr/bin/env bash
# A base image that carries a .NET shared framework, for framework-dependent apps: the tiny glibc image
# plus a second layer with usr/share/dotnet/shared/Microsoft.NETCore.App/<version>/ taken from this
# machine's SDK install (its deps.json and runtimeconfig-related files and System.Private.CoreLib, which
# is what identifies the framework: no full runtime is needed to test inventory). Pushed with skopeo.
#
# Env: IMAGE (default $REGISTRY/tiny/dotnet-runtime:latest), REGISTRY, WORK, DOTNET_ROOT (default the
#      dotnet on PATH), LAB_DIR. Prints the pushed reference and the framework version.
set -euo pipefail
. "$(dirname "$(readlink -f "$0")")/common.sh"
IMAGE="${IMAGE:-$REGISTRY/tiny/dotnet-runtime:latest}"
WORK="${WORK:-$LAB_DIR/work/tiny-dotnet-runtime}"
DOTNET_ROOT="${DOTNET_ROOT:-$(dirname "$(readlink -f "$(command -v dotnet)")")}"
for t in umoci skopeo jq; do need "$t"; done
FRAMEWORK_DIR="$(ls -d "$DOTNET_ROOT"/shared/Microsoft.NETCore.App/*/ | sort -V | tail -1)"
VERSION="$(basename "$FRAMEWORK_DIR")"

rm -rf "$WORK"; mkdir -p "$WORK"
WORK="$WORK/tiny" PUSH=0 MODE=glibc IMAGE="$REGISTRY/tiny/glibc:latest" "$(dirname "$(readlink -f "$0")")/make-tiny-base-image.sh" >/dev/null
layout="$WORK/tiny/oci"
tag="$(jq -r '.manifests[0].annotations["org.opencontainers.image.ref.name"]' "$layout/index.json")"

root="$WORK/layer"; dest="$root/usr/share/dotnet/shared/Microsoft.NETCore.App/$VERSION"
mkdir -p "$dest"
cp "$FRAMEWORK_DIR"/Microsoft.NETCore.App.deps.json "$FRAMEWORK_DIR"/System.Private.CoreLib.dll "$dest/"
tar --numeric-owner --owner=0 --group=0 --sort=name --mtime=@0 -C "$root" -cf "$WORK/layer.tar" .
umoci raw add-layer --image "$layout:$tag" --history.created_by "shared framework Microsoft.NETCore.App $VERSION" "$WORK/layer.tar"
umoci config --image "$layout:$tag" --config.env "DOTNET_ROOT=/usr/share/dotnet" \
  --config.label "org.opencontainers.image.title=tiny glibc + Microsoft.NETCore.App $VERSION"
umoci gc --layout "$layout"
skopeo copy --dest-tls-verify=false "oci:$layout:$tag" "docker://$IMAGE" >/dev/null
echo "$IMAGE Microsoft.NETCore.App $VERSION"
