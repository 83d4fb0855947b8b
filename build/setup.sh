#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian 12 machine with the .NET SDK and node:
# the npm interop tools (pinned by tests/interop/package-lock.json) and the NuGet packages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p artifacts
command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required" >&2; exit 2; }
command -v node >/dev/null || { echo "setup: node and npm are required (apt-get install nodejs npm)" >&2; exit 2; }
# Debian tools the container tests use: a local OCI registry (docker-registry 2.8), debootstrap + umoci +
# skopeo for the realistic base image, jq/curl for the tiny one, dpkg as an independent oracle, headless
# chromium to render the HTML report, prometheus + promtool for the serve metrics and alert-rule tests.
missing=()
for tool in docker-registry:docker-registry prometheus:prometheus promtool:prometheus debootstrap:debootstrap umoci:umoci skopeo:skopeo jq:jq curl:curl dpkg-query:dpkg chromium:chromium; do
  command -v "${tool%%:*}" >/dev/null || missing+=("${tool##*:}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: apt-get install ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing ${missing[*]}; run: sudo apt-get install ${missing[*]}" >&2; exit 2
  fi
fi
if [ ! -d tests/interop/node_modules ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules ]; then
  # npm ci rejects this lock: cdxgen lists platform-only optional packages that the registry here does not
  # carry for other platforms (npm/cli issue 4828); npm install --no-save installs exactly the locked versions.
  npm install --prefix tests/interop --no-audit --no-fund --no-save --loglevel=error
fi
dotnet restore SupplyGate.sln -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet
