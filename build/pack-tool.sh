#!/usr/bin/env bash
# Packs the `supplygate` dotnet tool as its three packages into a folder feed:
#   supplygate            the pointer package (DotnetToolSettings.xml naming the RID packages)
#   supplygate.any        portable IL, run by `dotnet` (every platform without a native package)
#   supplygate.linux-x64  the Native AOT binary (needs a linux-x64 machine: ILCompiler does not cross-compile)
# With PublishAot, a plain `dotnet pack` writes only the pointer package; each RID package is one more pack
# (https://learn.microsoft.com/dotnet/core/tools/rid-specific-tools). The native compile takes minutes.
# Usage: build/pack-tool.sh <feed-dir> <version> [artifacts-dir]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FEED="${1:?feed directory}"
VERSION="${2:?package version}"
ARTIFACTS="${3:-$(mktemp -d)}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
mkdir -p "$FEED"
rids=("" any)
if [ "$(uname -s)-$(uname -m)" = "Linux-x86_64" ]; then
  rids+=(linux-x64)
else
  # `dotnet tool install` downloads only the package for its machine, so a feed without the native one still
  # serves every platform but linux-x64.
  echo "not on linux-x64: packing without supplygate.linux-x64" >&2
fi
for rid in "${rids[@]}"; do
  dotnet pack "$ROOT/src/SupplyGate.Cli" -c Release ${rid:+-r "$rid"} -o "$FEED" -p:Version="$VERSION" \
    --artifacts-path "$ARTIFACTS" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet
done
