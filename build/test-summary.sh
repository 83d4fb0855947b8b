#!/usr/bin/env bash
# Prints the failed tests (name and the first line of their message), then one closing line from the .trx
# files: "N passed, N failed, N skipped". CI shows only the tail of the log, so the failures come last but one.
set -euo pipefail
dir="${1:?results directory}"
passed=0; failed=0; skipped=0
for f in "$dir"/*.trx; do
  [ -e "$f" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$f" | head -1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f_=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters"); e=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f_:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  if [ "${f_:-0}" != 0 ]; then
    # perl-base is part of every Debian install; the .trx is one XML document, read whole.
    perl -0777 -ne '
      while (/<UnitTestResult\b([^>]*?)outcome="Failed"[^>]*>(.*?)<\/UnitTestResult>/sg) {
        my ($attrs, $body) = ($1, $2);
        my ($name) = $attrs =~ /testName="([^"]*)"/;
        my ($msg) = $body =~ /<Message>(.*?)<\/Message>/s;
        $msg = defined $msg ? (split /\n/, $msg)[0] : "";
        for ($name, $msg) { s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&apos;/\x27/g; s/&amp;/&/g; }
        print "FAILED $name\n  ", substr($msg, 0, 400), "\n";
      }' "$f"
  fi
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
