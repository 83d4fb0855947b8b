#!/usr/bin/env bash
# The logic of the SupplyGate GitHub Action (action.yml at the repository root runs only this script).
#
# Inputs arrive as INPUT_* environment variables, set by action.yml's `env:`. They are never written into the
# text of a `run:` script with ${{ inputs.* }}: the runner pastes such expressions into the script before bash
# parses it, so an input carrying `"; curl … | sh; "` (a branch name, a PR title passed through by a caller)
# would run as code. As variables they are only ever data, always quoted here.
#
# What it does:
#   project given: `supplygate sbom` (unless the project already is a CycloneDX SBOM), then `supplygate check`
#     with --format json (the verdict), sarif (for code scanning) and markdown (the job summary).
#   sign: true (project and image given, the gate not denied): `supplygate sign <image> --sbom … --policy-result …`
#     with the caller's key (SUPPLYGATE_SIGNING_KEY from a secret, or signing-key as a file).
#   image + trusted-root given: `supplygate verify <image>` with --format json and markdown.
# Outputs (to $GITHUB_OUTPUT): decision = pass|warn|deny|stale|verification-failed|error (the worst of all
# steps), sbom, sarif, report (JSON of the gate), exit-code (the tool's, of the deciding step).
# The step's exit code follows fail-on: deny (default) fails on deny, stale and verification-failed; warn also
# on warn; never on none of them. An error (bad input, tool failure: no verdict at all) always fails (exit 2).
#
# Local use and tests: SUPPLYGATE_COMMAND="dotnet /path/supplygate.dll" (split on whitespace) runs that command
# instead of installing the tool; GITHUB_OUTPUT / GITHUB_STEP_SUMMARY may point at any files (or be unset).
set -euo pipefail

project=${INPUT_PROJECT:-}
image=${INPUT_IMAGE:-}
policy=${INPUT_POLICY:-default}
db=${INPUT_DB:-}
trusted_root=${INPUT_TRUSTED_ROOT:-}
identity=${INPUT_CERTIFICATE_IDENTITY:-}
identity_regexp=${INPUT_CERTIFICATE_IDENTITY_REGEXP:-}
sign=${INPUT_SIGN:-false}
signing_key=${INPUT_SIGNING_KEY:-}
signing_certificate=${INPUT_SIGNING_CERTIFICATE:-}
timestamp_url=${INPUT_TIMESTAMP_URL:-}
fail_on=${INPUT_FAIL_ON:-deny}
sarif_file=${INPUT_SARIF_FILE:-supplygate.sarif}
version=${INPUT_VERSION:-0.1.0}
working_directory=${INPUT_WORKING_DIRECTORY:-.}
output_file=${GITHUB_OUTPUT:-/dev/null}
summary_file=${GITHUB_STEP_SUMMARY:-/dev/null}

# Workflow commands: the message is data; %, CR and LF must be escaped or the runner reads them as syntax.
escape() { local s=${1//'%'/'%25'}; s=${s//$'\r'/'%0D'}; s=${s//$'\n'/'%0A'}; printf '%s' "$s"; }
gh_error() { printf '::error title=SupplyGate::%s\n' "$(escape "$1")"; }
gh_warning() { printf '::warning title=SupplyGate::%s\n' "$(escape "$1")"; }
gh_notice() { printf '::notice title=SupplyGate::%s\n' "$(escape "$1")"; }

set_output() {
  case $2 in *$'\n'* | *$'\r'*) gh_error "output $1 contains a line break; not set"; return 0 ;; esac
  printf '%s=%s\n' "$1" "$2" >>"$output_file"
}

# The verdicts from best to worst; the action reports the worst one any step reached.
rank() {
  case $1 in
    pass) echo 0 ;; warn) echo 1 ;; stale) echo 2 ;; deny) echo 3 ;; verification-failed) echo 4 ;; *) echo 5 ;;
  esac
}
decision=pass
decision_exit=0
decide() { # decide <decision> <tool exit code>
  if [ "$(rank "$1")" -gt "$(rank "$decision")" ]; then decision=$1; decision_exit=$2; fi
}

# Ends the action: outputs, then the exit code fail-on asks for.
finish() {
  set_output decision "$decision"
  set_output exit-code "$decision_exit"
  local failing=false
  case $decision in
    error) failing=true ;;
    deny | stale | verification-failed) [ "$fail_on" != never ] && failing=true ;;
    warn) [ "$fail_on" = warn ] && failing=true ;;
  esac
  local message="decision: $decision (fail-on: $fail_on)"
  case $decision in
    pass) gh_notice "$message" ;;
    error) gh_error "$message" ;;
    *) if $failing; then gh_error "$message; see the job summary"; else gh_warning "$message; see the job summary"; fi ;;
  esac
  if ! $failing; then exit 0; fi
  case $decision in
    error) exit 2 ;;
    warn) exit 1 ;;
    *) exit "$decision_exit" ;;
  esac
}

fail_input() { # an input problem: no verdict can be reached
  gh_error "$1"
  printf '## SupplyGate: ERROR\n\n%s\n' "$1" >>"$summary_file"
  decide error 2
  finish
}

case $fail_on in deny | warn | never) ;; *) fail_input "fail-on must be deny, warn or never, not '$fail_on'" ;; esac
case $sign in true | false) ;; *) fail_input "sign must be true or false, not '$sign'" ;; esac
[ -n "$project" ] || [ -n "$image" ] || fail_input "nothing to gate: set project, image or both"
if [ -n "$image" ] && [ -z "$trusted_root" ] && [ "$sign" != true ]; then
  fail_input "image needs trusted-root (to verify it) or sign: true (to sign it)"
fi
if [ "$sign" = true ] && { [ -z "$project" ] || [ -z "$image" ]; }; then
  fail_input "sign: true needs both project (the SBOM and verdict to sign) and image (where to attach them)"
fi
cd -- "$working_directory" || fail_input "working-directory '$working_directory' does not exist"

# The tool: the given command, or `dotnet tool install` of the requested version into the runner's temp folder.
if [ -n "${SUPPLYGATE_COMMAND:-}" ]; then
  read -r -a sg <<<"$SUPPLYGATE_COMMAND"
else
  tool_dir="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/supplygate-tool/$version"
  if [ ! -x "$tool_dir/dotnet-supplygate" ] && [ ! -x "$tool_dir/dotnet-supplygate.exe" ]; then
    echo "Installing supplygate $version (dotnet tool install; package sources from the nuget.config in effect here)"
    dotnet tool install supplygate --version "$version" --tool-path "$tool_dir" ||
      fail_input "dotnet tool install supplygate --version $version failed (a .NET 10 SDK must be on PATH)"
  fi
  sg=("$tool_dir/dotnet-supplygate")
fi

# The tool's own output is shown but never obeyed as workflow commands (a package name or an advisory title
# is not ours to trust): ::stop-commands:: with a one-time token around every run.
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
run_tool() {
  local code=0
  echo "::stop-commands::$token"
  "${sg[@]}" "$@" 2>&1 || code=$?
  echo "::$token::"
  return "$code"
}

# A decision from a report's exit code: 0 is pass, or warn when the report counts warnings.
decision_of() { # decision_of <exit code> <json report>
  case $1 in
    0) if grep -Eq '"warn": *[1-9]' "$2" 2>/dev/null; then echo warn; else echo pass; fi ;;
    1) echo deny ;;
    3) echo stale ;;
    4) echo verification-failed ;;
    *) echo error ;;
  esac
}

absolute() { case $1 in /*) printf '%s' "$1" ;; *) printf '%s/%s' "$PWD" "$1" ;; esac; }

common=(--policy "$policy")
[ -n "$db" ] && common+=(--db "$db")

gate_report=""
sbom=""
if [ -n "$project" ]; then
  # A CycloneDX SBOM given as the project is gated as it is; anything else gets its SBOM written first.
  if [[ $project == *.json ]] && grep -q '"bomFormat"' "$project" 2>/dev/null; then
    sbom=$(absolute "$project")
  else
    sbom=$(absolute supplygate.cdx.json)
    code=0
    run_tool sbom "$project" -o "$sbom" || code=$?
    if [ "$code" -ne 0 ]; then
      fail_input "supplygate sbom $project failed (exit $code); was the project restored or published first?"
    fi
  fi
  set_output sbom "$sbom"

  gate_report=$(absolute supplygate-report.json)
  code=0
  run_tool check "$project" "${common[@]}" --format json -o "$gate_report" || code=$?
  gate=$(decision_of "$code" "$gate_report")
  if [ "$gate" = error ]; then
    fail_input "supplygate check $project failed (exit $code)"
  fi
  decide "$gate" "$code"
  set_output report "$gate_report"

  # The same verdict twice more, in the formats GitHub shows: code scanning (SARIF) and the job summary.
  sarif=$(absolute "$sarif_file")
  mkdir -p -- "$(dirname -- "$sarif")"
  run_tool check "$project" "${common[@]}" --format sarif -o "$sarif" || true
  if [ -s "$sarif" ]; then set_output sarif "$sarif"; else gh_warning "no SARIF report was written to $sarif"; fi
  markdown=$(absolute supplygate-report.md)
  run_tool check "$project" "${common[@]}" --format markdown -o "$markdown" || true
  if [ -s "$markdown" ]; then cat -- "$markdown" >>"$summary_file"; fi
  case $gate in
    deny) gh_error "the gate denied $project (see the job summary)" ;;
    stale) gh_error "advisory data missing or older than the policy allows (exit 3)" ;;
    warn) gh_warning "the gate passed $project with warnings" ;;
  esac
fi

if [ "$sign" = true ]; then
  if [ "$decision" = pass ] || [ "$decision" = warn ]; then
    sign_args=(sign "$image" --sbom "$sbom" --policy-result "$gate_report")
    # Without signing-key the tool reads the PEM text in SUPPLYGATE_SIGNING_KEY (pass it from a secret).
    [ -n "$signing_key" ] && sign_args+=(--key "$signing_key")
    [ -n "$signing_certificate" ] && sign_args+=(--cert "$signing_certificate")
    [ -n "$timestamp_url" ] && sign_args+=(--timestamp-url "$timestamp_url")
    code=0
    run_tool "${sign_args[@]}" || code=$?
    if [ "$code" -ne 0 ]; then
      fail_input "supplygate sign $image failed (exit $code)"
    fi
    # shellcheck disable=SC2016 # the backticks are Markdown code, not command substitution
    printf '\nSigned the SBOM and the gate result onto `%s`.\n' "$image" >>"$summary_file"
  else
    gh_warning "not signing $image: the gate's decision is $decision"
  fi
fi

if [ -n "$image" ] && [ -n "$trusted_root" ]; then
  verify_args=(verify "$image" --trusted-root "$trusted_root" "${common[@]}")
  [ -n "$identity" ] && verify_args+=(--certificate-identity "$identity")
  [ -n "$identity_regexp" ] && verify_args+=(--certificate-identity-regexp "$identity_regexp")
  verify_report=$(absolute supplygate-verify.json)
  code=0
  run_tool "${verify_args[@]}" --format json -o "$verify_report" || code=$?
  verdict=$(decision_of "$code" "$verify_report")
  case $verdict in
    error) fail_input "supplygate verify $image failed (exit $code)" ;;
    verification-failed)
      gh_error "verification of $image failed: no attestation verified against the trusted root and identity"
      # shellcheck disable=SC2016 # the backticks are Markdown code, not command substitution
      printf '\n## SupplyGate verify: FAILED\n\n`%s`: no attestation verified against the trusted root and identity (exit 4).\n' "$image" >>"$summary_file"
      ;;
    *)
      [ -n "$project" ] || set_output report "$verify_report"
      markdown=$(absolute supplygate-verify.md)
      run_tool "${verify_args[@]}" --format markdown -o "$markdown" || true
      if [ -s "$markdown" ]; then cat -- "$markdown" >>"$summary_file"; fi
      ;;
  esac
  decide "$verdict" "$code"
fi

finish
