#!/usr/bin/env bash
# Installs what the build and tests need on a fresh Debian 12 machine with the .NET SDK and node:
# the npm interop tools (pinned by tests/interop/package-lock.json) and the NuGet packages.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mkdir -p artifacts
command -v dotnet >/dev/null || { echo "setup: the .NET SDK (dotnet) is required" >&2; exit 2; }
command -v node >/dev/null || { echo "setup: node and npm are required (apt-get install nodejs npm)" >&2; exit 2; }
if [ ! -d tests/interop/node_modules ] || [ tests/interop/package-lock.json -nt tests/interop/node_modules ]; then
  npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error
fi
dotnet restore SupplyGate.sln -p:UseSharedCompilation=false -nodeReuse:false --verbosity quiet
