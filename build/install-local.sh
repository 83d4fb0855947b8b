#!/usr/bin/env bash
# SupplyGate is not on a public NuGet feed yet. This packs SupplyGate.Build (the MSBuild package) and the
# supplygate tool from this clone into a local folder feed, registers that folder as a NuGet source, and
# installs the tool from it, so `dotnet supplygate …` and `dotnet-supplygate …` work and projects can add
# <PackageReference Include="SupplyGate.Build" Version="<printed version>" PrivateAssets="all" />.
#
# Every run packs a new, unique version (0.1.0-local.<UTC timestamp>): NuGet caches a package by id and
# version in ~/.nuget/packages forever, so re-packing under one fixed version would let a stale copy hide
# a fix. Use the printed version (or a floating "0.1.0-local.*") in your project.
#
# Usage: build/install-local.sh [feed-dir]      (default feed: ~/.supplygate/feed)
#        SUPPLYGATE_VERSION=0.1.0-local.7 build/install-local.sh   to choose the version yourself
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FEED="$(mkdir -p "${1:-$HOME/.supplygate/feed}" && cd "${1:-$HOME/.supplygate/feed}" && pwd)"
VERSION="${SUPPLYGATE_VERSION:-0.1.0-local.$(date -u +%Y%m%d%H%M%S)}"
SOURCE_NAME="supplygate-local"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
ARTIFACTS="$(mktemp -d)"
trap 'rm -rf "$ARTIFACTS"' EXIT

echo "packing SupplyGate.Build and supplygate $VERSION into $FEED"
dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$FEED" -p:Version="$VERSION" \
  --artifacts-path "$ARTIFACTS" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet
# The tool is three packages; on linux-x64 `dotnet tool install` picks the Native AOT one (docs/cli-packaging.md).
"$ROOT/build/pack-tool.sh" "$FEED" "$VERSION" "$ARTIFACTS"

if dotnet nuget list source --format short | grep -qF "$FEED"; then
  echo "NuGet source $FEED is already registered"
else
  dotnet nuget add source "$FEED" --name "$SOURCE_NAME" >/dev/null
  echo "registered NuGet source '$SOURCE_NAME' -> $FEED (remove with: dotnet nuget remove source $SOURCE_NAME)"
fi

# `update` installs when the tool is missing and replaces an older local version otherwise.
dotnet tool update --global supplygate --version "$VERSION" --add-source "$FEED"

cat <<TEXT

Installed supplygate $VERSION (global tool, in ~/.dotnet/tools; put that folder on PATH).
Both forms run it:
  dotnet supplygate --help
  dotnet-supplygate --help

In a project:
  <PackageReference Include="SupplyGate.Build" Version="$VERSION" PrivateAssets="all" />
then: dotnet publish
TEXT
