#!/usr/bin/env bash
# Benchmark: what the SupplyGate.Build MSBuild task (SBOM + gate + reports) adds to a warm `dotnet publish`
# (docs/performance.md, "MSBuild task"). Packs SupplyGate.Build from this clone into a local folder feed under a
# version no earlier run used, references it from copies of tests/Samples/SampleApp (the sample) and
# tests/Samples/Shop/src/Shop.Api (an ASP.NET Core service: EF Core, gRPC, central package management, artifacts
# output) and of build/bench/Orders (an ASP.NET Core API of about 100 components: EF Core + Npgsql, Serilog,
# Swashbuckle, resilience/Polly, FluentValidation, OpenTelemetry, Redis, Azure Blobs, Refit, ...), restores once,
# then times warm `dotnet publish --no-restore` runs, interleaved:
#   off     -p:SupplyGateEnabled=false (the package is referenced, its targets skip)
#   on      the default: SBOM target (incremental: skipped when none of its inputs changed), gate (incremental:
#           replays the last verdict when nothing it judges changed), all reports
#   forced  as "on", with the SBOM deleted before each run (untimed), so the SBOM is really written every run (same
#           bytes; the gate judges, because the "full" run before it rewrote the reports, and keeps its record)
#   full    as "forced", with -p:SupplyGateIncremental=false: SBOM written, gate judged, all five reports written
# in the order off, full, forced, on, so "on" is the everyday unchanged publish: SBOM skipped, gate replayed.
# Every timed run (all variants, so all pay the same logging) has -clp:PerformanceSummary; from its target summary the
# script sums what MSBuild measured inside the build for the SupplyGate targets (SupplyGateSbom, SupplyGateCheck and
# the _SupplyGate* targets they depend on; a target's time covers its tasks, and a task's covers loading the task
# assembly, which MSBuild does between the task's start and its first line) and, from the task summary, the
# GenerateSbom and CheckSbom tasks. A whole publish scatters by some 400 ms on a quiet machine, more than the budgets;
# the in-MSBuild sums do not carry that noise. They leave out what happens outside the targets: evaluating the
# package's .props/.targets (a few lines) and anything the task's allocations cost the process after it returns.
# The script prints the medians of both measures per variant and, per budget, which measure meets it.
# Node reuse stays on, as a developer has it; the MSBuild nodes are shut down at the end. The advisory store is
# not refreshed (SupplyGateAdvisoryUpdate=false: no network in a benchmark); a policy file that only warns keeps
# the gate passing. One extra run per app with
# -clp:PerformanceSummary -v:detailed attributes the time to the SupplyGate targets and tasks and prints each task's
# phase line (wall and process CPU per phase, methods JIT-compiled). The script also checks, per
# variant, how often the SBOM file was rewritten (its mtime) and whether its content changed (a reproducible SBOM
# must not), and how often the gate was judged (the JSON report rewritten) rather than replayed.
# Usage: build/bench/task.sh        (RUNS=7 by default; APPS="sample shop orders"; PACKAGE=path/to/SupplyGate.Build.<v>.nupkg
#        times that package instead of packing this clone)
set -euo pipefail
# All in a function: bash reads a script as it runs, and this one runs for minutes.
main() {
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-task"
RUNS="${RUNS:-7}"
APPS="${APPS:-sample shop orders}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
unset MSBUILDDISABLENODEREUSE
VERSION="0.1.0-bench.$(date -u +%Y%m%d%H%M%S)"
PACKAGES="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
cleanup() {
  dotnet build-server shutdown >/dev/null 2>&1 || true
  rm -rf "$PACKAGES/supplygate.build/$VERSION"
}
trap cleanup EXIT

rm -rf "$LAB"; mkdir -p "$LAB/feed"
if [ -n "${PACKAGE:-}" ]; then
  # A package packed before (e.g. to compare two builds); its version must not be in the packages folder yet.
  VERSION="$(basename "$PACKAGE" .nupkg)"; VERSION="${VERSION#SupplyGate.Build.}"
  [ -d "$PACKAGES/supplygate.build/$VERSION" ] && { log "$PACKAGES/supplygate.build/$VERSION exists: pack under a new version"; exit 2; }
  cp "$PACKAGE" "$LAB/feed/"
else
  log "== pack SupplyGate.Build $VERSION"
  dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$LAB/feed" -p:Version="$VERSION" \
    --artifacts-path "$LAB/pack" -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet >/dev/null
fi
ls -l "$LAB/feed"/*.nupkg >&2

cp -r "$ROOT/tests/Samples" "$LAB/samples"
S="$LAB/samples"
cp -r "$ROOT/build/bench/Orders" "$S/Orders"
rm -rf "$S/Orders/src/Orders.Api/bin" "$S/Orders/src/Orders.Api/obj"
config="<?xml version=\"1.0\" encoding=\"utf-8\"?>
<configuration><packageSources><add key=\"supplygate-bench\" value=\"$LAB/feed\" /></packageSources></configuration>"
echo "$config" > "$S/nuget.config"; echo "$config" > "$S/Shop/nuget.config"; echo "$config" > "$S/Orders/nuget.config"
sed -i "s|<ProjectReference Include=\"../SampleLib/SampleLib.csproj\" />|&<PackageReference Include=\"SupplyGate.Build\" Version=\"$VERSION\" PrivateAssets=\"all\" />|" "$S/SampleApp/SampleApp.csproj"
sed -i "s|  </ItemGroup>|    <PackageVersion Include=\"SupplyGate.Build\" Version=\"$VERSION\" />\n  </ItemGroup>|" "$S/Shop/Directory.Packages.props"
sed -i "s|<PackageReference Include=\"Grpc.AspNetCore\" />|&<PackageReference Include=\"SupplyGate.Build\" PrivateAssets=\"all\" />|" "$S/Shop/src/Shop.Api/Shop.Api.csproj"
sed -i "s|  </ItemGroup>|    <PackageVersion Include=\"SupplyGate.Build\" Version=\"$VERSION\" />\n  </ItemGroup>|" "$S/Orders/Directory.Packages.props"
sed -i "s|<PackageReference Include=\"Serilog.AspNetCore\" />|&<PackageReference Include=\"SupplyGate.Build\" PrivateAssets=\"all\" />|" "$S/Orders/src/Orders.Api/Orders.Api.csproj"
grep -q SupplyGate.Build "$S/SampleApp/SampleApp.csproj" "$S/Shop/src/Shop.Api/Shop.Api.csproj" "$S/Shop/Directory.Packages.props" \
  "$S/Orders/src/Orders.Api/Orders.Api.csproj" "$S/Orders/Directory.Packages.props"

project() { case $1 in sample) echo "$S/SampleApp/SampleApp.csproj" ;; shop) echo "$S/Shop/src/Shop.Api/Shop.Api.csproj" ;; orders) echo "$S/Orders/src/Orders.Api/Orders.Api.csproj" ;; esac; }
sbom() { case $1 in sample) echo "$S/SampleApp/bin/Release/net10.0/publish/SampleApp.cdx.json" ;; shop) echo "$S/Shop/artifacts/publish/Shop.Api/release/Shop.Api.cdx.json" ;; orders) echo "$S/Orders/src/Orders.Api/bin/Release/net10.0/publish/Orders.Api.cdx.json" ;; esac; }
report() { local s; s="$(sbom "$1")"; echo "${s%.cdx.json}.supplygate.json"; }
# The sample ships a high advisory on purpose (the built-in data has it); the bench policy warns on it, so every
# run passes the gate and writes all reports. A policy file is what teams have; it is parsed every run too.
cat > "$S/bench-policy.yaml" <<'YAML'
apiVersion: supplygate.dev/v1alpha1
kind: Policy
metadata:
  name: bench
spec:
  advisories:
    critical: warn
    high: warn
YAML
COMMON=(-c Release -p:SupplyGateAdvisoryUpdate=false "-p:SupplyGatePolicy=$S/bench-policy.yaml")
publish() { # publish <app> <variant> [extra args]: fails loudly, output in $LAB/last.log
  local app=$1 variant=$2; shift 2; local extra=()
  [ "$variant" = off ] && extra=(-p:SupplyGateEnabled=false)
  [ "$variant" = full ] && extra=(-p:SupplyGateIncremental=false)
  dotnet publish "$(project "$app")" --no-restore "${COMMON[@]}" -clp:PerformanceSummary "${extra[@]}" "$@" >"$LAB/last.log" 2>&1 \
    || { log "FAILED: publish $app $variant"; cat "$LAB/last.log" >&2; exit 1; }
}
mtime() { stat -c %.9Y "$1" 2>/dev/null || echo missing; }
# in_msbuild: "<targets ms> <tasks ms>" of the last publish: the SupplyGate targets' times from MSBuild's target
# performance summary and the GenerateSbom + CheckSbom times from its task summary (0 when they did not run).
in_msbuild() {
  awk '/Target Performance Summary:/ { s = "target"; next }
       /Task Performance Summary:/ { s = "task"; next }
       /Performance Summary:/ { s = ""; next }
       s == "target" && $2 == "ms" && $3 ~ /^_?SupplyGate/ { target += $1 }
       s == "task" && $2 == "ms" && ($3 == "GenerateSbom" || $3 == "CheckSbom") { task += $1 }
       END { printf "%d %d\n", target, task }' "$LAB/last.log"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A result
for app in $APPS; do
  log "== $app: restore, first publishes (warm-up)"
  dotnet restore "$(project "$app")" --verbosity quiet >/dev/null
  publish "$app" on; publish "$app" off; rm -f "$(sbom "$app")"; publish "$app" forced
  components=$(grep -o 'SupplyGate: [0-9]* components ([0-9]* shipped)' "$LAB/last.log" | head -1 || true)
  declare -a t_off=() t_on=() t_forced=() t_full=()
  declare -a g_off=() g_on=() g_forced=() g_full=() k_off=() k_on=() k_forced=() k_full=()
  rewritten_on=0; rewritten_forced=0; changed=0; judged_on=0; judged_forced=0; judged_full=0
  log "== $app: $RUNS x (off, full, forced, on), interleaved"
  # Order: off; full (judges, keeps no record); forced (SBOM written; the gate judges, since "full" rewrote the
  # reports, and keeps a record); on (SBOM skipped; the gate replays that record: the everyday unchanged publish).
  for _ in $(seq "$RUNS"); do
    t0=$(now_ms); publish "$app" off; t_off+=($(( $(now_ms) - t0 ))); read -r g k < <(in_msbuild); g_off+=("$g"); k_off+=("$k")
    hash_before=$(sha256sum < "$(sbom "$app")")
    rm -f "$(sbom "$app")"; judged=$(mtime "$(report "$app")")
    t0=$(now_ms); publish "$app" full; t_full+=($(( $(now_ms) - t0 ))); read -r g k < <(in_msbuild); g_full+=("$g"); k_full+=("$k")
    [ "$(mtime "$(report "$app")")" != "$judged" ] && judged_full=$((judged_full + 1))
    rm -f "$(sbom "$app")"; judged=$(mtime "$(report "$app")")
    t0=$(now_ms); publish "$app" forced; t_forced+=($(( $(now_ms) - t0 ))); read -r g k < <(in_msbuild); g_forced+=("$g"); k_forced+=("$k")
    [ -f "$(sbom "$app")" ] && rewritten_forced=$((rewritten_forced + 1))
    [ "$(mtime "$(report "$app")")" != "$judged" ] && judged_forced=$((judged_forced + 1))
    [ "$(sha256sum < "$(sbom "$app")")" != "$hash_before" ] && changed=$((changed + 1))
    before=$(mtime "$(sbom "$app")"); judged=$(mtime "$(report "$app")")
    t0=$(now_ms); publish "$app" on; t_on+=($(( $(now_ms) - t0 ))); read -r g k < <(in_msbuild); g_on+=("$g"); k_on+=("$k")
    [ "$(mtime "$(sbom "$app")")" != "$before" ] && rewritten_on=$((rewritten_on + 1))
    [ "$(mtime "$(report "$app")")" != "$judged" ] && judged_on=$((judged_on + 1))
  done
  med() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
  m_off=$(med "${t_off[@]}"); m_on=$(med "${t_on[@]}"); m_forced=$(med "${t_forced[@]}"); m_full=$(med "${t_full[@]}")
  result[$app]="$(printf '%-7s %9s ms %9s ms %9s ms %9s ms %+9d ms %+9d ms %+9d ms   %s' "$app" "$m_off" "$m_on" "$m_forced" "$m_full" $((m_on - m_off)) $((m_forced - m_off)) $((m_full - m_off)) "${components#SupplyGate: }")"
  result[$app.sbom]="$app: SBOM rewritten in $rewritten_on of $RUNS 'on' runs (target skipped when its inputs are unchanged), $rewritten_forced of $RUNS 'forced' runs; content differed from the previous run's $changed times; gate judged (reports rewritten) in $judged_on of $RUNS 'on', $judged_forced of $RUNS 'forced', $judged_full of $RUNS 'full' runs (else replayed)"
  result[$app.runs]="$app runs (ms): off ${t_off[*]} | on ${t_on[*]} | forced ${t_forced[*]} | full ${t_full[*]}"
  n_off=$(med "${g_off[@]}"); n_on=$(med "${g_on[@]}"); n_forced=$(med "${g_forced[@]}"); n_full=$(med "${g_full[@]}")
  result[$app.msb]="$(printf '%-7s %9s ms %9s ms %9s ms %9s ms   %9s ms %9s ms %9s ms' "$app" "$n_off" "$n_on" "$n_forced" "$n_full" \
    "$(med "${k_on[@]}")" "$(med "${k_forced[@]}")" "$(med "${k_full[@]}")")"
  result[$app.msbruns]="$app SupplyGate targets per run (ms): off ${g_off[*]} | on ${g_on[*]} | forced ${g_forced[*]} | full ${g_full[*]}"
  budget=""; case $app in sample) budget=60 ;; orders) budget=150 ;; esac
  if [ -n "$budget" ]; then
    verdict() { [ "$1" -le "$budget" ] && echo met || echo MISSED; }
    spread=$(( $(printf '%s\n' "${t_off[@]}" | sort -n | tail -1) - $(printf '%s\n' "${t_off[@]}" | sort -n | head -1) ))
    result[$app.budget]="$app, budget $budget ms: wall-time difference (the 'off' runs alone spread over $spread ms) on $((m_on - m_off)) ($(verdict $((m_on - m_off)))), forced $((m_forced - m_off)) ($(verdict $((m_forced - m_off)))), full $((m_full - m_off)) ($(verdict $((m_full - m_off)))); inside MSBuild on $n_on ($(verdict "$n_on")), forced $n_forced ($(verdict "$n_forced")), full $n_full ($(verdict "$n_full"))"
  fi

  log "== $app: one full run with -clp:PerformanceSummary"
  rm -f "$(sbom "$app")"; publish "$app" full -clp:PerformanceSummary -v:detailed
  # Target and task summary lines: "<ms> ms  <name>  <calls> calls"; keep SupplyGate's and the publish total.
  result[$app.perf]="$(grep -E '^\s+[0-9]+ ms\s+(SupplyGate|_SupplyGate|GenerateSbom|CheckSbom|ScanImage|SignImage)' "$LAB/last.log" | sed 's/^ */    /' || true)"
  result[$app.total]="$(grep -E "^\s+[0-9]+ ms\s+\S*/$(basename "$(project "$app")")\s" "$LAB/last.log" | tail -1 | sed 's/^ */    /' || true)"
  # Each task's own line: wall/process CPU per phase and the methods JIT-compiled (CPU moves less with the load).
  result[$app.phases]="$(grep -o 'SupplyGate: [A-Za-z]* phases.*' "$LAB/last.log" | sort -u | sed 's/^/    /' || true)"
  # And the phase lines of an "on" run after an unchanged one: the SBOM target skipped, the gate replayed.
  publish "$app" on; publish "$app" on -v:detailed
  result[$app.onphases]="$(grep -o 'SupplyGate: [A-Za-z]* phases.*\|SupplyGate: gate up to date.*' "$LAB/last.log" | sort -u | sed 's/^/    /' || true)"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

printf '\nwarm `dotnet publish --no-restore -c Release`, node reuse on, median of %s runs each (SupplyGate.Build %s)\n' "$RUNS" "$VERSION"
printf '%-7s %12s %12s %12s %12s %12s %12s %12s   %s\n' app off on forced full "on - off" "forced - off" "full - off" components
for app in $APPS; do printf '%s\n' "${result[$app]}"; done
printf '\n'
for app in $APPS; do printf '%s\n' "${result[$app.sbom]}"; done
for app in $APPS; do printf '%s\n' "${result[$app.runs]}"; done
printf '\ninside MSBuild, median of the same runs: the SupplyGate targets (from -clp:PerformanceSummary; task assembly load included), then the GenerateSbom + CheckSbom tasks alone\n'
printf '%-7s %12s %12s %12s %12s   %12s %12s %12s\n' app off on forced full "tasks on" "tasks forced" "tasks full"
for app in $APPS; do printf '%s\n' "${result[$app.msb]}"; done
for app in $APPS; do printf '%s\n' "${result[$app.msbruns]}"; done
printf '\nbudgets (sample 60 ms, orders 150 ms; shop has none), by each measure:\n'
for app in $APPS; do if [ -n "${result[$app.budget]:-}" ]; then printf '%s\n' "${result[$app.budget]}"; fi; done
for app in $APPS; do printf '\n%s, one full run with -clp:PerformanceSummary (SupplyGate targets, then tasks; then their phases):\n%s\n%s\n%s\n' "$app" "${result[$app.perf]}" "${result[$app.total]}" "${result[$app.phases]}"; done
for app in $APPS; do printf '\n%s, an "on" run after an unchanged one (-v:detailed):\n%s\n' "$app" "${result[$app.onphases]}"; done
printf '\nload average before: %s, after: %s (cores: %s)\n' "$load_before" "$load_after" "$(nproc)"
}
main "$@"
