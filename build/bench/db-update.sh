#!/usr/bin/env bash
# Benchmark for `supplygate db update` from the public sources (docs/data-sources.md), one run each:
#   1. importing a full-size NuGet OSV export (COUNT=5000 generated GHSA-style records, ranges and aliases): < 5 s
#   2. a no-change update (every source answers 304): < 300 ms in the update itself
#   3. importing a generated Debian tracker JSON of SIZE_MB=60: < 15 s with < 500 MB peak RSS (/usr/bin/time -v)
#   4. the build's refresh when the store is fresh: the number of HTTP requests it makes (target 0)
#   5. importing a generated npm OSV export (NPM_COUNT=20000 records, a quarter of them malicious-package records)
#      into a new store, only the packages SupplyGate recognises kept: wall time and peak RSS (/usr/bin/time -v)
# ONLY=npm runs step 5 alone.
# The inputs are served by python3's http.server (Last-Modified / If-Modified-Since) under the real hosts'
# paths, through SUPPLYGATE_TEST_SOURCE_BASE. Usage: build/bench/db-update.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
LAB="${LAB_DIR:-$ROOT/.lab}/bench-db-update"
COUNT="${COUNT:-5000}"
SIZE_MB="${SIZE_MB:-60}"
NPM_COUNT="${NPM_COUNT:-20000}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 MSBUILDDISABLENODEREUSE=1
DOTNET_FLAGS=(-p:UseSharedCompilation=false -nodeReuse:false)
verdict() { awk -v v="$1" -v l="$2" 'BEGIN { print (v + 0 < l + 0) ? "ok" : "MISSED" }'; }
[ -x /usr/bin/time ] || { log "needs /usr/bin/time (apt-get install time)"; exit 2; }

mkdir -p "$LAB"
DATA="$LAB/data-$COUNT-$SIZE_MB-$NPM_COUNT"
if [ ! -s "$DATA/tracker/data/json" ] || [ ! -s "$DATA/npm/all.zip" ]; then
  log "== generate the inputs (once): $DATA"
  rm -rf "$DATA.partial"; python3 "$ROOT/build/bench/db-update-data.py" "$DATA.partial" "$COUNT" "$SIZE_MB" "$NPM_COUNT"; rm -rf "$DATA"; mv "$DATA.partial" "$DATA"
fi

log "== build the CLI (Release)"
dotnet publish "$ROOT/src/SupplyGate.Cli" -c Release -o "$LAB/cli" --artifacts-path "$LAB/artifacts" "${DOTNET_FLAGS[@]}" --verbosity quiet
SG="$LAB/cli/supplygate"

# serve <dir>: python http.server on a free port; sets PORT and SERVER_PID, logs requests to $LAB/http.log.
serve() {
  PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server "$PORT" --bind 127.0.0.1 --directory "$1" >"$LAB/http.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && return; sleep 0.1; done
  log "http.server did not start"; exit 1
}
stop() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; }
trap stop EXIT

WORK="$LAB/work"; rm -rf "$WORK"; mkdir -p "$WORK/home"
# No NuGet feed: the bench measures the public files (a feed would be the machine's configured one).
printf '<configuration><packageSources><clear /></packageSources></configuration>\n' >"$WORK/nuget.config"
export HOME="$WORK/home" SUPPLYGATE_HOME="$WORK/home/.supplygate"
run_update() { (cd "$WORK" && "$SG" db update --verbose "$@"); }

if [ "${ONLY:-}" != npm ]; then
log "== 1. first update: the $COUNT-record NuGet OSV export, the rest small real-format fixtures"
ONLY_OSV="$LAB/osv-and-fixtures"; rm -rf "$ONLY_OSV"; mkdir -p "$ONLY_OSV/NuGet" "$ONLY_OSV/tracker/data"
cp "$DATA/NuGet/all.zip" "$ONLY_OSV/NuGet/"
cp "$ROOT/tests/Fixtures/debian/tracker-sample.json" "$ONLY_OSV/tracker/data/json"
python3 - "$ROOT" "$ONLY_OSV" <<'PY'
import json, os, shutil, sys
root, out = sys.argv[1], sys.argv[2]
data = os.path.join(root, "src/SupplyGate.Core/Advisories/DefaultData")
index = json.load(open(os.path.join(data, "releases-index.json")))
kept = []
for channel in index["releases-index"]:
    src = os.path.join(data, f"releases-{channel['channel-version']}.json")
    if os.path.exists(src):
        os.makedirs(os.path.join(out, "dotnet/release-metadata", channel["channel-version"]), exist_ok=True)
        shutil.copy(src, os.path.join(out, "dotnet/release-metadata", channel["channel-version"], "releases.json"))
        kept.append(channel)
index["releases-index"] = kept
json.dump(index, open(os.path.join(out, "dotnet/release-metadata/releases-index.json"), "w"))
for release in ["v3.19", "v3.20", "v3.21", "v3.22"]:
    for repo, fixture in [("main", "v3.9-main.json"), ("community", "v3.3-community.json")]:
        doc = json.load(open(os.path.join(root, "tests/Fixtures/alpine-secdb", fixture)))
        doc["distroversion"], doc["reponame"] = release, repo
        os.makedirs(os.path.join(out, release), exist_ok=True)
        json.dump(doc, open(os.path.join(out, release, repo + ".json"), "w"))
PY
serve "$ONLY_OSV"
export SUPPLYGATE_TEST_SOURCE_BASE="http://127.0.0.1:$PORT"
t0=$(now_ms); run_update >"$LAB/osv.txt" 2>&1; osv_ms=$(( $(now_ms) - t0 ))
osv_inner=$(grep -o '[0-9]* ms in the update itself' "$LAB/osv.txt" | cut -d' ' -f1)
grep -q "ghsa-nuget .*updated *$COUNT records" "$LAB/osv.txt" || { cat "$LAB/osv.txt" >&2; exit 1; }

log "== 2. no-change update (every source answers If-Modified-Since with 304)"
: >"$LAB/http.log"
t0=$(now_ms); run_update >"$LAB/nochange.txt" 2>&1; nochange_ms=$(( $(now_ms) - t0 ))
nochange_inner=$(grep -o '[0-9]* ms in the update itself' "$LAB/nochange.txt" | cut -d' ' -f1)
grep -q "^unchanged:" "$LAB/nochange.txt" || { cat "$LAB/nochange.txt" >&2; exit 1; }
stop

log "== 3. Debian tracker JSON, $(du -m "$DATA/tracker/data/json" | cut -f1) MB, into a new store"
ONLY_DEB="$LAB/only-debian"; rm -rf "$ONLY_DEB"; mkdir -p "$ONLY_DEB/tracker/data"; ln -sf "$DATA/tracker/data/json" "$ONLY_DEB/tracker/data/json"
serve "$ONLY_DEB"
export SUPPLYGATE_TEST_SOURCE_BASE="http://127.0.0.1:$PORT"
rm -rf "$SUPPLYGATE_HOME"
t0=$(now_ms); (cd "$WORK" && /usr/bin/time -v "$SG" db update --verbose) >"$LAB/debian.txt" 2>&1; debian_ms=$(( $(now_ms) - t0 ))
debian_rss_mb=$(awk '/Maximum resident set size/ { printf "%d", $6 / 1024 }' "$LAB/debian.txt")
grep -q "debian-tracker .*updated" "$LAB/debian.txt" || { cat "$LAB/debian.txt" >&2; exit 1; }

log "== 4. the build's refresh with a fresh store: requests made"
: >"$LAB/http.log"
fresh_requests="see UserStoreEndToEndTests / StoreRefreshTests (0 asserted)"
if [ "${BUILD:-0}" = 1 ]; then
  rm -rf "$LAB/sample"; cp -r "$ROOT/tests/Samples" "$LAB/sample"
  dotnet pack "$ROOT/src/SupplyGate.Build" -c Release -o "$LAB/feed" -p:Version=0.0.0-bench "${DOTNET_FLAGS[@]}" --verbosity quiet
  printf '<configuration><packageSources><add key="bench" value="%s" /></packageSources></configuration>\n' "$LAB/feed" >"$LAB/sample/nuget.config"
  sed -i 's#<ProjectReference Include="../SampleLib/SampleLib.csproj" />#&<PackageReference Include="SupplyGate.Build" Version="0.0.0-bench" PrivateAssets="all" />#' "$LAB/sample/SampleApp/SampleApp.csproj"
  : >"$LAB/http.log"
  (cd "$LAB/sample/SampleApp" && dotnet publish -c Release "${DOTNET_FLAGS[@]}" -p:SupplyGateAdvisoryUpdate=true >"$LAB/publish.txt" 2>&1) || true
  fresh_requests=$(grep -c '"GET ' "$LAB/http.log" || true)
fi
stop
fi

log "== 5. npm OSV export, $NPM_COUNT records ($(du -m "$DATA/npm/all.zip" | cut -f1) MB zipped), into a new store"
ONLY_NPM="$LAB/only-npm"; rm -rf "$ONLY_NPM"; mkdir -p "$ONLY_NPM/npm"; ln -sf "$DATA/npm/all.zip" "$ONLY_NPM/npm/all.zip"
serve "$ONLY_NPM"
export SUPPLYGATE_TEST_SOURCE_BASE="http://127.0.0.1:$PORT"
rm -rf "$SUPPLYGATE_HOME"
npm_load=$(cut -d' ' -f1-3 /proc/loadavg)
t0=$(now_ms); (cd "$WORK" && /usr/bin/time -v "$SG" db update --verbose) >"$LAB/npm.txt" 2>&1; npm_ms=$(( $(now_ms) - t0 ))
npm_rss_mb=$(awk '/Maximum resident set size/ { printf "%d", $6 / 1024 }' "$LAB/npm.txt")
grep -q "ghsa-npm .*updated" "$LAB/npm.txt" || { cat "$LAB/npm.txt" >&2; exit 1; }
npm_kept=$(grep -o "ghsa-npm .*updated *[0-9]* records" "$LAB/npm.txt" | grep -o '[0-9]* records' || true)
stop

if [ "${ONLY:-}" != npm ]; then
printf '\n%-62s %12s %10s %8s\n' "benchmark (wall clock incl. process start unless said)" "measured" "target" "verdict"
printf '%-62s %9s ms %7s ms %8s\n' "1. first db update, $COUNT-record OSV export + fixtures (in update: ${osv_inner} ms)" "$osv_ms" 5000 "$(verdict "$osv_ms" 5000)"
printf '%-62s %9s ms %7s ms %8s\n' "2. db update, no change: in the update itself" "$nochange_inner" 300 "$(verdict "$nochange_inner" 300)"
printf '%-62s %9s ms %10s %8s\n' "   same, incl. process start" "$nochange_ms" "" ""
printf '%-62s %9s ms %7s ms %8s\n' "3. db update: Debian tracker JSON ${SIZE_MB} MB" "$debian_ms" 15000 "$(verdict "$debian_ms" 15000)"
printf '%-62s %9s MB %7s MB %8s\n' "   peak RSS (/usr/bin/time -v)" "$debian_rss_mb" 500 "$(verdict "$debian_rss_mb" 500)"
printf '%-62s %12s %10s\n' "4. build refresh with a fresh store: HTTP requests" "$fresh_requests" 0
fi
printf '%-62s %9s ms %10s %8s\n' "5. db update: npm OSV export, $NPM_COUNT records (kept: $npm_kept)" "$npm_ms" "" ""
printf '%-62s %9s MB %7s MB %8s\n' "   peak RSS (/usr/bin/time -v)" "$npm_rss_mb" 500 "$(verdict "$npm_rss_mb" 500)"
printf 'load average before step 5: %s\n' "$npm_load"
printf 'load average during the run: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
