#!/usr/bin/env bash
# The main job on the built-in defaults: pack SupplyGate.Build, publish the sample app (tests/Samples)
# with it, watch the gate deny the vulnerable Microsoft.Data.SqlClient 2.1.4, fix it, publish again, and
# look at the SBOM and the reports; then publish it as a container to a local registry, signed with a
# development CA and timestamped by the development TSA, look at the image SBOM (OS packages from the base
# layer, .NET from the app layer), verify the signed image with `supplygate verify`, and watch verify refuse
# the tag once another image is pushed under it. Stops the registry and the TSA it started. Work files go to
# .lab/demo. Exits 0 when the story went as told.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/demo"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
# The demo judges with the bundled advisory snapshot, whatever this machine's user store holds: its own
# SupplyGate home, and no refresh from the public sources in the build (an MSBuild property from the environment).
export SUPPLYGATE_HOME="$LAB/home" SupplyGateAdvisoryUpdate=false
FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
[ -n "${NO_COLOR:-}" ] || [ ! -t 1 ] && step() { printf '\n== %s\n' "$*"; }

step "1. setup (npm interop tools, NuGet restore)"
"$ROOT/build/setup.sh"

step "2. pack SupplyGate.Build into a local feed"
VERSION="0.1.0-demo.$(date +%Y%m%d%H%M%S)"
rm -rf "$LAB"; mkdir -p "$LAB/feed"
dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$LAB/feed" -p:Version="$VERSION" \
  --artifacts-path "$LAB/artifacts" "${FLAGS[@]}" --verbosity quiet
ls "$LAB/feed"
trap 'rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/supplygate.build/$VERSION"' EXIT

step "3. the sample app gets one line: <PackageReference Include=\"SupplyGate.Build\" />"
cp -r "$ROOT/tests/Samples" "$LAB/samples"
cat > "$LAB/samples/nuget.config" <<XML
<configuration><packageSources><add key="supplygate-demo" value="$LAB/feed" /></packageSources></configuration>
XML
APP="$LAB/samples/SampleApp"
sed -i "s#<ProjectReference Include=\"../SampleLib/SampleLib.csproj\" />#&\n    <PackageReference Include=\"SupplyGate.Build\" Version=\"$VERSION\" PrivateAssets=\"all\" />#" "$APP/SampleApp.csproj"
grep -n "PackageReference" "$APP/SampleApp.csproj"

publish() {
  dotnet publish "$APP" -c Release -r linux-x64 --self-contained -o "$LAB/publish" "${FLAGS[@]}" 2>&1 \
    | grep -E "SupplyGate|error|warning SG" | sed -E 's#^.*/SampleApp.csproj#SampleApp.csproj#; s# \[/[^]]*\]$##' | sort -u
  return "${PIPESTATUS[0]}"
}

step "4. dotnet publish: the SBOM is written, then the gate judges it (built-in sample advisories, default policy)"
if publish; then
  echo "demo: expected the gate to deny Microsoft.Data.SqlClient 2.1.4" >&2; exit 1
fi
echo "-> the publish FAILED on purpose: SG3003 (high) on a shipped package; the rest are warnings."

step "5. the fix: drop the unused Microsoft.Data.SqlClient reference"
echo "(a fixed 2.1.7+ would be the usual fix; this machine's package feed has none that restores)"
sed -i '/Include="Microsoft.Data.SqlClient"/d' "$APP/SampleApp.csproj"
publish
echo "-> the publish PASSED; warnings stay visible (Newtonsoft.Json low, System.Text.Json not shipped, sample data age)."

SBOM="$LAB/publish/SampleApp.cdx.json"
step "6. as a container, signed: a local registry, a debootstrap'd Debian base, a development CA and TSA"
export REGISTRY_PORT="${REGISTRY_PORT:-5000}" REGISTRY="localhost:${REGISTRY_PORT:-5000}" LAB_DIR="${LAB_DIR:-$ROOT/.lab}"
started_registry=0
TSA_PID=""
# Quiet probe: "connection refused" is the expected answer when no registry runs yet.
if ! curl -fsS -o /dev/null --max-time 2 "http://127.0.0.1:$REGISTRY_PORT/v2/" 2>/dev/null; then
  "$ROOT/build/lab/start-registry.sh" >/dev/null && started_registry=1
fi
stop_registry() { [ "$started_registry" = 1 ] && "$ROOT/build/lab/stop-registry.sh" >/dev/null 2>&1 || true; }
stop_tsa() { [ -n "$TSA_PID" ] && kill "$TSA_PID" 2>/dev/null || true; }
trap 'stop_tsa; stop_registry; rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}/supplygate.build/$VERSION"' EXIT
echo "base image (debootstrap bookworm minbase; ~1 min the first time, cached in .lab/):"
"$ROOT/build/lab/make-base-image.sh" 2>/dev/null | sed 's/^/  /'
echo "the supplygate CLI, a development CA (ca init) and timestamp authority (tsa serve, 127.0.0.1):"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -o "$LAB/cli" --artifacts-path "$LAB/artifacts" "${FLAGS[@]}" --verbosity quiet >/dev/null
SG="$LAB/cli/supplygate"
IDENTITY="https://ci.example.com/supplygate/sample"
"$SG" ca init --dir "$LAB/ca" --identity "$IDENTITY" | sed 's/^/  /'
"$SG" tsa serve --dir "$LAB/ca" --port 0 >"$LAB/tsa.log" 2>&1 & TSA_PID=$!
TSA_URL=""
for _ in $(seq 100); do
  TSA_URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$LAB/tsa.log" | head -1 || true)
  [ -n "$TSA_URL" ] && break; sleep 0.1
done
[ -n "$TSA_URL" ] || { echo "demo: the development TSA did not start:" >&2; cat "$LAB/tsa.log" >&2; exit 1; }
echo "  development TSA on $TSA_URL (pid $TSA_PID)"
dotnet publish "$APP" -c Release -r linux-x64 --self-contained -t:PublishContainer -o "$LAB/publish-image" "${FLAGS[@]}" \
  -p:ContainerBaseImage="$REGISTRY/debian:bookworm-slim" -p:ContainerRegistry="$REGISTRY" \
  -p:ContainerRepository=supplygate/sample -p:ContainerImageTag=1.0.0 \
  -p:SupplyGateSign=true -p:SupplyGateSigningKey="$LAB/ca/signing.key" -p:SupplyGateSigningCertificate="$LAB/ca/signing.pem" \
  -p:SupplyGateTimestampUrl="$TSA_URL" 2>&1 \
  | grep -E "Pushed|SupplyGate: (image|signed|PASS|DENY)|error|warning SG4" | sed -E 's#^.*/SampleApp.csproj#SampleApp.csproj#; s# \[/[^]]*\]$##' | sort -u
IMAGE_SBOM="$LAB/publish-image/SampleApp.image.cdx.json"
test -f "$IMAGE_SBOM" || { echo "demo: no image SBOM" >&2; exit 1; }
node -e '
const b=JSON.parse(require("fs").readFileSync(process.argv[1]));
const p=(c,n)=>(c.properties||[]).find(x=>x.name===n)?.value;
const all=[];const walk=cs=>(cs||[]).forEach(c=>{all.push(c);walk(c.components);});walk(b.components);
const layer=c=>p(c,"supplygate:image:base-layer");
const base=all.filter(c=>layer(c)==="true"), app=all.filter(c=>layer(c)==="false"), other=all.filter(c=>layer(c)===undefined);
const kind=cs=>{const n={};cs.forEach(c=>{const k=(c.purl||"").match(/^pkg:([a-z]+)\//)?.[1]||c.type;n[k]=(n[k]||0)+1;});return Object.entries(n).map(([k,v])=>`${v} ${k}`).join(", ")||"none";};
console.log(`-> image ${b.metadata.component.purl}`);
// Every component is counted once, so the parts add up to the total.
console.log(`   ${all.length} components = ${base.length} from the base layer (${kind(base)}) + ${app.length} from the app layer (${kind(app)}) + ${other.length} not tied to a layer (${kind(other)})`);' "$IMAGE_SBOM"

IMAGE="$REGISTRY/supplygate/sample:1.0.0"
verify() { "$SG" verify "$IMAGE" --trusted-root "$LAB/ca/trusted_root.json" --certificate-identity "$IDENTITY"; }

step "7. before deploy: supplygate verify checks signature, chain, identity and subject, then re-judges the SBOM today"
verify | sed 's/^/  /'   # set -e + pipefail: a failed verify ends the demo here
echo "-> exit 0: verified and passed"

step "8. a different image pushed under the same tag (the base image here): verify refuses it"
skopeo copy --src-tls-verify=false --dest-tls-verify=false "docker://$REGISTRY/debian:bookworm-slim" "docker://$IMAGE" >/dev/null
set +e; verify 2>&1 | sed 's/^/  /'; code=${PIPESTATUS[0]}; set -e
[ "$code" = 4 ] || { echo "demo: expected verify to exit 4 on the re-tagged image, got $code" >&2; exit 1; }
echo "-> exit 4: verification failed, nothing signed is about this digest"

step "9. what ships in the app, and what was restored but does not"
node "$ROOT/build/sbom-summary.mjs" "$SBOM"

step "10. reports beside the SBOM (JSON, SARIF, Markdown, HTML, CycloneDX VDR)"
ls -1 "$LAB/publish" | grep -E "cdx.json|supplygate" | sed 's/^/  /'
sed -n '1,12p' "$LAB/publish/SampleApp.supplygate.md"
test -f "$LAB/publish/SampleApp.supplygate.html" && echo "open in a browser: $LAB/publish/SampleApp.supplygate.html"

step "11. both SBOMs against the official CycloneDX 1.6 schema (@cyclonedx/cyclonedx-library)"
node "$ROOT/tests/interop/validate-cyclonedx.mjs" "$SBOM"
node "$ROOT/tests/interop/validate-cyclonedx.mjs" "$IMAGE_SBOM"

dotnet build-server shutdown >/dev/null 2>&1 || true
printf '\nDone. App SBOM: %s\nImage SBOM: %s\nHTML report: %s\n' "$SBOM" "$IMAGE_SBOM" "$LAB/publish/SampleApp.supplygate.html"
