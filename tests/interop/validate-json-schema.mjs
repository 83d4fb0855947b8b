// Validates JSON documents against a JSON Schema (draft 2020-12) with Ajv, an independent implementation.
// Usage: node validate-json-schema.mjs <schema.json> [--ref <referenced-schema.json>]... <doc.json>...
// --ref adds a schema the main one $refs by its $id, so the reference resolves offline.
// Prints one line per document: "<file>: valid" or "<file>: invalid <errors as JSON>".
// Strict mode, except strictRequired: an if/then branch may require a property declared elsewhere.
// Exit codes: 0 = all valid, 1 = at least one invalid, 2 = usage, read or schema error.
import { readFile } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [schemaFile, ...rest] = process.argv.slice(2);
const refs = [];
const docs = [];
for (let i = 0; i < rest.length; i++) {
  if (rest[i] === '--ref' && i + 1 < rest.length) {
    refs.push(rest[++i]);
  } else {
    docs.push(rest[i]);
  }
}

if (schemaFile === undefined || docs.length === 0) {
  console.error('usage: node validate-json-schema.mjs <schema.json> [--ref <schema.json>]... <doc.json>...');
  process.exit(2);
}

let validate;
try {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
  for (const ref of refs) {
    ajv.addSchema(JSON.parse(await readFile(ref, 'utf8')));
  }

  validate = ajv.compile(JSON.parse(await readFile(schemaFile, 'utf8')));
} catch (err) {
  console.error(`cannot load schema ${schemaFile}: ${err.message}`);
  process.exit(2);
}

let invalid = 0;
for (const doc of docs) {
  let data;
  try {
    data = JSON.parse(await readFile(doc, 'utf8'));
  } catch (err) {
    console.error(`cannot read ${doc}: ${err.message}`);
    process.exit(2);
  }

  if (validate(data)) {
    console.log(`${doc}: valid`);
  } else {
    invalid++;
    console.log(`${doc}: invalid ${JSON.stringify(validate.errors)}`);
  }
}

process.exit(invalid === 0 ? 0 : 1);
