// Validates a CycloneDX JSON document with the CycloneDX JavaScript library's strict JSON schema validator
// (the same schemas Dependency-Track and the official tools use; docs/architecture.md spec 1).
// Usage: node validate-cyclonedx.mjs <file.json> [specVersion=1.6]
// Exit codes: 0 = valid, 1 = schema-invalid (errors printed), 2 = usage, read or parse error.
// Dependencies are pinned in package.json; install them with `npm ci --prefix tests/interop`.
import { readFile } from 'node:fs/promises';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

const versions = {
  '1.2': Spec.Version.v1dot2,
  '1.3': Spec.Version.v1dot3,
  '1.4': Spec.Version.v1dot4,
  '1.5': Spec.Version.v1dot5,
  '1.6': Spec.Version.v1dot6,
};

const [file, specVersion = '1.6', ...extra] = process.argv.slice(2);
if (file === undefined || extra.length > 0 || !(specVersion in versions)) {
  console.error(`usage: node validate-cyclonedx.mjs <file.json> [specVersion=1.6]; versions: ${Object.keys(versions).join(', ')}`);
  process.exit(2);
}

let text;
try {
  text = await readFile(file, 'utf8');
} catch (err) {
  console.error(`cannot read ${file}: ${err.message}`);
  process.exit(2);
}

// Parse here so a syntax error is reported as a read error (2), not as a schema finding (1).
try {
  JSON.parse(text);
} catch (err) {
  console.error(`${file} is not valid JSON: ${err.message}`);
  process.exit(2);
}

const validator = new Validation.JsonStrictValidator(versions[specVersion]);
const errors = await validator.validate(text);
if (errors === null) {
  console.log('valid');
  process.exit(0);
}

console.log(JSON.stringify(errors, null, 2));
process.exit(1);
