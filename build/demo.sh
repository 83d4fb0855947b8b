#!/usr/bin/env bash
# The main job on the built-in default: pack SupplyGate.Build, publish the sample app (tests/Samples)
# with it, and show what the SBOM says ships and what it excludes. Work files go to .lab/demo.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/demo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
step() { printf '\n== %s\n' "$*"; }

step "setup (npm interop tools, NuGet restore)"
"$ROOT/build/setup.sh"

step "pack SupplyGate.Build into a local feed"
VERSION="0.1.0-demo.$(date +%Y%m%d%H%M%S)"
rm -rf "$LAB"; mkdir -p "$LAB/feed"
dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$LAB/feed" -p:Version="$VERSION" \
  --artifacts-path "$LAB/artifacts" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet
ls "$LAB/feed"

step "copy the sample app and add <PackageReference Include=\"SupplyGate.Build\" />"
cp -r "$ROOT/tests/Samples" "$LAB/samples"
cat > "$LAB/samples/nuget.config" <<XML
<configuration><packageSources><add key="supplygate-demo" value="$LAB/feed" /></packageSources></configuration>
XML
sed -i "s#<ProjectReference Include=\"../SampleLib/SampleLib.csproj\" />#<ProjectReference Include=\"../SampleLib/SampleLib.csproj\" />\n    <PackageReference Include=\"SupplyGate.Build\" Version=\"$VERSION\" PrivateAssets=\"all\" />#" \
  "$LAB/samples/SampleApp/SampleApp.csproj"

step "dotnet publish -r linux-x64 --self-contained (the SBOM is written by the task, in-process)"
dotnet publish "$LAB/samples/SampleApp" -c Release -r linux-x64 --self-contained -o "$LAB/publish" \
  -p:UseSharedCompilation=false -nodeReuse:false 2>&1 | grep -E "SupplyGate|error|warn|->" || true
SBOM="$LAB/publish/SampleApp.cdx.json"
test -f "$SBOM" || { echo "demo: no SBOM was written" >&2; exit 1; }

step "what ships, and what was restored but does not"
node "$ROOT/build/sbom-summary.mjs" "$SBOM"

step "validate against the official CycloneDX 1.6 schema (@cyclonedx/cyclonedx-library)"
node "$ROOT/tests/interop/validate-cyclonedx.mjs" "$SBOM"

# The compiler server and MSBuild nodes were disabled above; make sure none is left behind.
dotnet build-server shutdown >/dev/null 2>&1 || true
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/supplygate.build/$VERSION"
printf '\nSBOM: %s\n' "$SBOM"
