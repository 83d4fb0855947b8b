#!/usr/bin/env bash
# Prints the failed tests (name, the first line of their message and up to 12 lines naming an error), then one closing line from the .trx
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
        my @lines = defined $msg ? split(/\n/, $msg) : ("");
        # The first line, then the lines that say why (a failed build prints its restore banner first).
        my @why = grep { /\berror\b|exception|expected|actual|\bSG\d{4}\b/i } @lines[1 .. $#lines];
        @why = @why[0 .. 11] if @why > 12;
        for ($name, @lines, @why) { s/&quot;/"/g; s/&lt;/</g; s/&gt;/>/g; s/&apos;/\x27/g; s/&amp;/&/g; s/&#xD;//g; }
        print "FAILED $name\n  ", substr($lines[0], 0, 400), "\n";
        print "    ", substr($_, 0, 400), "\n" for @why;
      }' "$f"
  fi
done
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
