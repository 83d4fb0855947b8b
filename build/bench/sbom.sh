#!/usr/bin/env bash
# `supplygate sbom` side by side with its peers, one run, wall clock on this machine (median of RUNS):
#   cdxgen 12.8.4 (npm), the CycloneDX .NET tool 6.3.1 and Microsoft's sbom-tool 4.1.13 (dotnet tools), each
#   installed once into $LAB_DIR/bench-tools and reused; supplygate is the Native AOT binary (native_cli, lib.sh).
# Two inputs, each restored and published once before the timing:
#   sample  tests/Samples/SampleApp (console app + project reference, self-contained linux-x64 publish);
#   shop    tests/Samples/Shop, Shop.Api (ASP.NET Core API + data library: EF Core, gRPC, central package
#           management, artifacts output; framework-dependent publish).
# Wall and CPU time (user + system, children included) are both printed: on a loaded machine wall time is mostly
# waiting for a CPU. Each tool gets the input it works from (no tool restores, none goes to the network):
#   supplygate          the assets file + the publish folder (`sbom obj/project.assets.json --publish-dir ...`),
#                       and, on a second line, the project file (adds the `dotnet msbuild` evaluation it starts);
#   cdxgen              the project directory (for Shop its solution folder: obj/ is under artifacts/), `-t dotnet --spec-version 1.6 --no-install-deps`;
#   CycloneDX .NET      the project file, `-dpr` (no restore), `-rs` (project references), JSON, spec 1.6;
#   sbom-tool           `generate -b <publish folder> -bc <project directory>` (SPDX 2.2; it runs component detection
#                       over the source tree and hashes every published file).
# Goals (issue: CLI speed): supplygate >= 30x faster than cdxgen and >= 15x faster than the CycloneDX .NET tool.
# The MSBuild task's overhead on a publish is build/bench/task.sh.
# Usage: build/bench/sbom.sh   (RUNS=5; INPUTS="sample shop"; REUSE_INPUTS=1; LAB_DIR as in the other benchmarks)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LAB_DIR="${LAB_DIR:-$ROOT/.lab}"
LAB="$LAB_DIR/bench-sbom"
TOOLS="$LAB_DIR/bench-tools"
RUNS="${RUNS:-5}"
INPUTS="${INPUTS:-sample shop}"
CDXGEN_VERSION=12.8.4 CYCLONEDX_VERSION=6.3.1 SBOMTOOL_VERSION=4.1.13
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet)

log "load before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores; a shared machine: compare only numbers from one run)"
SG="$(native_cli)"

# The peers, once each (a version folder per tool; a half-finished install leaves no folder).
install_once() {
  local dir=$1; shift
  [ -d "$dir" ] && return 0
  log "== install $(basename "$dir") (once)"
  rm -rf "$dir.tmp"; "$@" "$dir.tmp" >/dev/null && mv "$dir.tmp" "$dir"
}
install_once "$TOOLS/cdxgen-$CDXGEN_VERSION" sh -c \
  "npm install --no-audit --no-fund --loglevel=error --prefix \"\$0\" @cyclonedx/cdxgen@$CDXGEN_VERSION"
install_once "$TOOLS/cyclonedx-$CYCLONEDX_VERSION" dotnet tool install CycloneDX --version "$CYCLONEDX_VERSION" --tool-path
install_once "$TOOLS/sbom-tool-$SBOMTOOL_VERSION" dotnet tool install Microsoft.Sbom.DotNetTool --version "$SBOMTOOL_VERSION" --tool-path
CDXGEN="$TOOLS/cdxgen-$CDXGEN_VERSION/node_modules/.bin/cdxgen"
CYCLONEDX="$TOOLS/cyclonedx-$CYCLONEDX_VERSION/dotnet-CycloneDX"
SBOMTOOL="$TOOLS/sbom-tool-$SBOMTOOL_VERSION/sbom-tool"
export CDXGEN_DEBUG_MODE=quiet FETCH_LICENSE=false

# Inputs: a fresh copy, restored and published once. Per input: project dir, project file, assets file, publish dir.
# REUSE_INPUTS=1 keeps the copies an earlier run published.
[ -n "${REUSE_INPUTS:-}" ] && [ -d "$LAB/src" ] || { rm -rf "$LAB/src"; mkdir -p "$LAB/src"; cp -r "$ROOT/tests/Samples/." "$LAB/src/"; }
declare -A DIR PROJ ASSETS PUB LABEL
DIR[sample]="$LAB/src/SampleApp"; PROJ[sample]="$LAB/src/SampleApp/SampleApp.csproj"
ASSETS[sample]="$LAB/src/SampleApp/obj/project.assets.json"; PUB[sample]="$LAB/src/SampleApp/out"
LABEL[sample]="sample app"
DIR[shop]="$LAB/src/Shop"; PROJ[shop]="$LAB/src/Shop/src/Shop.Api/Shop.Api.csproj"
ASSETS[shop]="$LAB/src/Shop/artifacts/obj/Shop.Api/project.assets.json"; PUB[shop]="$LAB/src/Shop/out"
LABEL[shop]="Shop service"
for input in $INPUTS; do
  [ -n "${REUSE_INPUTS:-}" ] && [ -d "${PUB[$input]}" ] && continue
  log "== $input: restore + publish (once)"
  case $input in
    sample) dotnet publish "${PROJ[sample]}" -c Release -r linux-x64 --self-contained -o "${PUB[sample]}" "${DOTNET_FLAGS[@]}" >/dev/null ;;
    shop) dotnet publish "${PROJ[shop]}" -c Release -o "${PUB[shop]}" "${DOTNET_FLAGS[@]}" >/dev/null ;;
  esac
done

count_cdx() { jq '.components | length' "$1"; }
count_spdx() { jq '[.packages[] | select(.SPDXID != "SPDXRef-RootPackage")] | length' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1fx", a / b }'; }
goal() { awk -v a="$1" -v b="$2" -v g="$3" 'BEGIN { printf "%s (>= %dx)", (a / b >= g ? "met" : "MISSED"), g }'; }

rows=()
for input in $INPUTS; do
  out="$LAB/out/$input"; rm -rf "$out"; mkdir -p "$out/cyclonedx"
  sg_pub() { "$SG" sbom "${ASSETS[$input]}" --publish-dir "${PUB[$input]}" -o "$out/sg.cdx.json" --quiet; }
  sg_proj() { "$SG" sbom "${PROJ[$input]}" --publish-dir "${PUB[$input]}" -o "$out/sg-proj.cdx.json" --quiet; }
  cdxgen() { "$CDXGEN" -t dotnet --spec-version 1.6 --no-install-deps -o "$out/cdxgen.cdx.json" "${DIR[$input]}"; }
  cyclonedx() { DOTNET_ROLL_FORWARD=Major "$CYCLONEDX" "${PROJ[$input]}" -dpr -rs -F Json -spv 1.6 -o "$out/cyclonedx" -fn bom.json; }
  sbomtool() {
    rm -rf "$out/sbom-tool"; mkdir -p "$out/sbom-tool"
    DOTNET_ROLL_FORWARD=Major "$SBOMTOOL" generate -b "${PUB[$input]}" -bc "${DIR[$input]}" -pn "$input" -pv 1.0.0 \
      -ps SupplyGateBench -nsb https://bench.invalid -m "$out/sbom-tool" -V Error
  }
  log "== $input: measuring (median of $RUNS each)"
  read -r t_sg c_sg < <(median_wall_cpu "$RUNS" sg_pub)
  read -r t_sg_proj c_sg_proj < <(median_wall_cpu "$RUNS" sg_proj)
  read -r t_cdxgen c_cdxgen < <(median_wall_cpu "$RUNS" cdxgen)
  read -r t_cyclonedx c_cyclonedx < <(median_wall_cpu "$RUNS" cyclonedx)
  read -r t_sbomtool c_sbomtool < <(median_wall_cpu "$RUNS" sbomtool)
  spdx="$(find "$out/sbom-tool" -name 'manifest.spdx.json' | head -1)"
  row() { printf '%-13s %-42s %8s ms %8s ms %4s %s' "$1" "$2" "$3" "$4" "$5" "$6"; }
  vs() { printf 'supplygate faster, wall %s: %s, CPU %s: %s; project file: wall %s, CPU %s' "$(ratio "$1" "$t_sg")" "$(goal "$1" "$t_sg" "$3")" \
    "$(ratio "$2" "$c_sg")" "$(goal "$2" "$c_sg" "$3")" "$(ratio "$1" "$t_sg_proj")" "$(ratio "$2" "$c_sg_proj")"; }
  rows+=("$(row "${LABEL[$input]}" "supplygate (assets + publish folder)" "$t_sg" "$c_sg" "$(count_cdx "$out/sg.cdx.json")" "components")")
  rows+=("$(row "" "supplygate (project file: + dotnet msbuild)" "$t_sg_proj" "$c_sg_proj" "$(count_cdx "$out/sg-proj.cdx.json")" "components")")
  rows+=("$(row "" "cdxgen $CDXGEN_VERSION" "$t_cdxgen" "$c_cdxgen" "$(count_cdx "$out/cdxgen.cdx.json")" "components; $(vs "$t_cdxgen" "$c_cdxgen" 30)")")
  rows+=("$(row "" "CycloneDX .NET $CYCLONEDX_VERSION" "$t_cyclonedx" "$c_cyclonedx" "$(count_cdx "$out/cyclonedx/bom.json")" "components; $(vs "$t_cyclonedx" "$c_cyclonedx" 15)")")
  rows+=("$(row "" "sbom-tool $SBOMTOOL_VERSION" "$t_sbomtool" "$c_sbomtool" "$(count_spdx "$spdx")" "packages (SPDX 2.2); supplygate faster, wall $(ratio "$t_sbomtool" "$t_sg"), CPU $(ratio "$c_sbomtool" "$c_sg")")")
done

printf '\n%-13s %-42s %11s %11s %s\n' "input" "tool (median of $RUNS)" "wall" "CPU" " produced"
printf '%s\n' "${rows[@]}"
log "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
