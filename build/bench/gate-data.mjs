#!/usr/bin/env node
// Synthetic OSV NuGet advisories for build/bench/gate.sh: N records as JSON lines,
// shaped like the real GHSA records in tests/Fixtures/ghsa (1–6 affected entries, ECOSYSTEM ranges with
// introduced/fixed or introduced + last_known_affected_version_range, some explicit `versions` lists,
// CVE aliases, CVSS 3.1 vectors, database_specific severity/cwe_ids, references). Deterministic: the same
// seed and N give the same bytes.
// Usage: node build/bench/gate-data.mjs [--count 100000] [--seed 42] [--out file.jsonl]  (default: stdout)
import { createWriteStream } from 'node:fs';

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) =>
  a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs, []));
const count = Number(args.count ?? 100000);
let state = BigInt(Number(args.seed ?? 42)) || 1n;

// xorshift64*: tiny, seedable, identical on every platform.
function next() {
  state ^= state >> 12n; state ^= (state << 25n) & 0xffffffffffffffffn; state ^= state >> 27n;
  return Number(((state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn) >> 11n) / 2 ** 53;
}
const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
const pick = (items) => items[int(0, items.length - 1)];

const vendors = ['Microsoft', 'System', 'Newtonsoft', 'Npgsql', 'SixLabors', 'NuGet', 'Azure', 'AWSSDK', 'Serilog', 'Dapper',
  'Castle', 'Grpc', 'Google', 'RestSharp', 'AutoMapper', 'Humanizer', 'MongoDB', 'StackExchange', 'Polly', 'Umbraco'];
const parts = ['Data', 'Json', 'Core', 'Http', 'Security', 'Identity', 'Client', 'Protocol', 'Packaging', 'Tokens', 'Xml',
  'Logging', 'Caching', 'Storage', 'Messaging', 'Imaging', 'Compression', 'Cryptography', 'Runtime', 'Web', 'Sql', 'Abstractions'];
const extras = Array.from({ length: 120 }, (_, i) => ['Extensions', 'AspNetCore', 'Net', 'Common', 'Shared', 'Tools', 'Sdk', 'Api'][i % 8] + (i < 8 ? '' : String(i)));
const cwes = ['CWE-20', 'CWE-22', 'CWE-79', 'CWE-89', 'CWE-200', 'CWE-400', 'CWE-502', 'CWE-611', 'CWE-770', 'CWE-787', 'CWE-918'];
const severities = ['LOW', 'MODERATE', 'MODERATE', 'HIGH', 'HIGH', 'CRITICAL'];
const ghsaChars = '23456789cfghjmpqrvwx';
const ghsaPart = () => Array.from({ length: 4 }, () => ghsaChars[int(0, ghsaChars.length - 1)]).join('');
// ~50,000 distinct ids for 100,000 records: a few advisories per package, as in the real data.
const pkgName = () => `${pick(vendors)}.${pick(parts)}${next() < 0.7 ? '.' + pick(parts) : ''}${next() < 0.8 ? '.' + pick(extras) : ''}`;
const version = (major) => `${major}.${int(0, 12)}.${int(0, 30)}`;
const date = (year) => `${year}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}T${String(int(0, 23)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}:${String(int(0, 59)).padStart(2, '0')}Z`;
const words = ('a an the of in to for with by when via is are be can could may allows attacker remote local user ' +
  'crafted request response header payload input parsing parser serializer deserialization buffer overflow memory ' +
  'exhaustion denial service cpu consumption regular expression timeout authentication bypass token signature ' +
  'validation certificate chain path traversal file archive entry xml external entity injection sql query command ' +
  'redirect url cookie session cache poisoning information disclosure sensitive data logging exception stack ' +
  'version versions prior before fixed patched upgrade users should update package library application server ' +
  'client configuration default option setting disabled enabled affected impact severity vulnerability issue ' +
  'this that which results resulting leading arbitrary code execution privilege escalation integer underflow').split(' ');
const details = () => {
  const out = [];
  for (let n = int(20, 120); n > 0; n--) out.push(pick(words));
  return out.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
};
const vector = () => `CVSS:3.1/AV:${pick(['N', 'A', 'L', 'P'])}/AC:${pick(['L', 'H'])}/PR:${pick(['N', 'L', 'H'])}/UI:${pick(['N', 'R'])}/S:${pick(['U', 'C'])}/C:${pick(['N', 'L', 'H'])}/I:${pick(['N', 'L', 'H'])}/A:${pick(['N', 'L', 'H'])}`;

function affected(name) {
  const entry = { package: { ecosystem: 'NuGet', name }, ranges: [] };
  const shape = next();
  const branches = int(1, 3);
  let major = int(0, 6);
  for (let b = 0; b < branches; b++, major += int(1, 3)) {
    const introduced = b === 0 && next() < 0.6 ? '0' : `${major}.0.0${next() < 0.1 ? '-preview' : ''}`;
    if (shape < 0.12 && b === branches - 1) {
      entry.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced }] });
      entry.database_specific = { last_known_affected_version_range: `${next() < 0.5 ? '<=' : '<'} ${version(major)}` };
    } else {
      entry.ranges.push({ type: 'ECOSYSTEM', events: [{ introduced }, { fixed: version(major) }] });
    }
  }
  if (shape > 0.85) {
    entry.versions = Array.from({ length: int(1, 8) }, () => version(major));
    if (shape > 0.95) delete entry.ranges;
  }
  return entry;
}

const out = args.out ? createWriteStream(args.out) : process.stdout;
for (let i = 0; i < count; i++) {
  const year = int(2017, 2026);
  const ghsa = `GHSA-${ghsaPart()}-${ghsaPart()}-${ghsaPart()}`;
  const packages = new Set(Array.from({ length: int(1, 6) }, pkgName));
  const record = {
    schema_version: '1.4.0',
    id: ghsa,
    modified: date(year),
    published: date(year),
    ...(next() < 0.01 ? { withdrawn: date(year) } : {}),
    aliases: next() < 0.85 ? [`CVE-${year}-${int(1000, 99999)}`] : [],
    summary: `${pick(parts)} ${pick(['denial of service', 'remote code execution', 'information disclosure', 'improper input validation', 'path traversal', 'XML external entity'])} in ${[...packages][0]}`,
    details: details(),
    severity: next() < 0.9 ? [{ type: 'CVSS_V3', score: vector() }] : [],
    affected: [...packages].map(affected),
    references: [
      { type: 'ADVISORY', url: `https://nvd.nist.gov/vuln/detail/CVE-${year}-${int(1000, 99999)}` },
      { type: 'WEB', url: `https://github.com/example/${[...packages][0].toLowerCase()}/security/advisories/${ghsa}` },
      { type: 'PACKAGE', url: `https://github.com/example/${[...packages][0].toLowerCase()}` },
      { type: 'ADVISORY', url: `https://github.com/advisories/${ghsa}` },
    ],
    database_specific: {
      cwe_ids: Array.from({ length: int(0, 2) }, () => pick(cwes)),
      severity: pick(severities),
      github_reviewed: true,
      github_reviewed_at: date(year),
      nvd_published_at: next() < 0.2 ? null : date(year),
    },
  };
  if (!out.write(JSON.stringify(record) + '\n')) await new Promise((resolve) => out.once('drain', resolve));
}
if (args.out) out.end();
