# shellcheck shell=bash
# Shared helpers for the SupplyGate lab scripts. Source it: . "$(dirname "$0")/common.sh"
LAB_DIR="${LAB_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.lab}"
REGISTRY="${REGISTRY:-localhost:5000}"          # host:port used in image references
REGISTRY_URL="${REGISTRY_URL:-http://$REGISTRY}" # HTTP endpoint of the same registry
SCRIPT_NAME="$(basename "${0:-lab}" .sh)"

log()  { printf '[%s] %s\n' "$SCRIPT_NAME" "$*" >&2; }
warn() { printf '[%s] WARNING: %s\n' "$SCRIPT_NAME" "$*" >&2; }
die()  { printf '[%s] ERROR: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }

# need <cmd> [debian-package]: fail (or apt-get install when AUTO_INSTALL=1) if missing.
need() {
  local cmd="$1" pkg="${2:-$1}"
  command -v "$cmd" >/dev/null 2>&1 && return 0
  if [[ "${AUTO_INSTALL:-0}" == 1 ]]; then
    log "installing $pkg (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$pkg" >/dev/null \
      || die "apt-get install $pkg failed (did you run apt-get update?)"
  else
    die "'$cmd' not found: apt-get install $pkg (or re-run with AUTO_INSTALL=1)"
  fi
}

# registry_up: true if the registry answers GET /v2/
registry_up() { curl -fsS -o /dev/null --max-time 3 "$REGISTRY_URL/v2/"; }

# sha256 of a file, "sha256:<hex>"
sha256_of() { echo "sha256:$(sha256sum "$1" | cut -d' ' -f1)"; }

# now_ms: wall clock in ms (for timings)
now_ms() { date +%s%3N; }
elapsed() { local s="$1"; awk -v a="$s" -v b="$(now_ms)" 'BEGIN{printf "%.1fs", (b-a)/1000}'; }

# Detect the Debian mirror already configured for apt (deb822 .sources first, then sources.list).
detect_debian_mirror() {
  local m=""
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    m="$(awk '/^URIs:/{print $2}' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v -- '-security' | grep -m1 '/debian/\?$' || true)"
  fi
  if [[ -z "$m" && -f /etc/apt/sources.list ]]; then
    m="$(awk '$1=="deb"{for(i=2;i<=NF;i++) if($i ~ /^https?:/){print $i; exit}}' /etc/apt/sources.list | grep -v -- '-security' | head -1 || true)"
  fi
  [[ -n "$m" ]] || die "no Debian mirror found in /etc/apt/sources.list*; set MIRROR=<url>"
  echo "$m"
}
