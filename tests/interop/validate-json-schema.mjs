// Validates JSON documents against a JSON Schema (draft 2020-12) with Ajv, an independent implementation.
// Usage: node validate-json-schema.mjs <schema.json> <doc.json>...
// Prints one line per document: "<file>: valid" or "<file>: invalid <errors as JSON>".
// Strict mode, except strictRequired: an if/then branch may require a property declared elsewhere.
// Exit codes: 0 = all valid, 1 = at least one invalid, 2 = usage, read or schema error.
import { readFile } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const [schemaFile, ...docs] = process.argv.slice(2);
if (schemaFile === undefined || docs.length === 0) {
  console.error('usage: node validate-json-schema.mjs <schema.json> <doc.json>...');
  process.exit(2);
}

let validate;
try {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
  addFormats(ajv);
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
