// Prints an SBOM as a short table: shipped components, then excluded ones with the reason.
// Usage: node build/sbom-summary.mjs <sbom.cdx.json>
import { readFileSync } from 'node:fs';

const bom = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const prop = (c, n) => (c.properties ?? []).find(p => p.name === n)?.value ?? '';
const rows = (bom.components ?? []).map(c => ({
  name: c.name, version: c.version ?? '', type: c.type, scope: c.scope ?? 'required',
  kind: prop(c, 'supplygate:dependency-kind'), reason: prop(c, 'supplygate:excluded-reason'),
  license: (c.licenses ?? []).map(l => l.expression ?? l.license?.id ?? l.license?.name).join(' '),
}));
const print = list => {
  const width = Math.max(...list.map(r => `${r.name} ${r.version}`.length), 10);
  for (const r of list) {
    console.log(`  ${`${r.name} ${r.version}`.padEnd(width)}  ${r.type.padEnd(9)} ${(r.kind || '-').padEnd(10)} ${r.reason || r.license}`);
  }
};
const subject = bom.metadata.component;
console.log(`${subject.name} ${subject.version}: ${rows.length} components, ${rows.filter(r => r.scope === 'required').length} shipped`);
console.log('shipped (scope: required):');
print(rows.filter(r => r.scope === 'required'));
console.log('not shipped (scope: excluded, with the reason):');
print(rows.filter(r => r.scope === 'excluded'));
