// Parses a GitHub Actions workflow or action manifest with @actions/workflow-parser (actions/languageservices,
// the parser behind GitHub's Actions language server), so SupplyGate's action.yml and example workflow are
// judged by GitHub's own schema and converter rather than by our reading of the docs.
// Usage: node parse-workflow.mjs workflow <file.yml>   |   node parse-workflow.mjs action <action.yml>
// Prints one JSON object on stdout:
//   {"errors":[…], "uses":[every `uses:` of every step/job], "runSteps":[{"id","expressionInRun"}],
//    "inputs":[ids], "outputs":[ids], "using":"composite", "unknownInputs":[`inputs.x` referenced but not declared]}
// (inputs/outputs/using/unknownInputs only for actions). Exit codes: 0 = no errors, 1 = errors, 2 = usage error.
// Dependencies are pinned in package.json; install them with `npm ci --prefix tests/interop`.
import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { basename } from 'node:path';

const [kind, file, ...extra] = process.argv.slice(2);
if (!['workflow', 'action'].includes(kind) || file === undefined || extra.length > 0) {
  console.error('usage: node parse-workflow.mjs workflow|action <file.yml>');
  process.exit(2);
}

let content;
try {
  content = readFileSync(file, 'utf8');
} catch (err) {
  console.error(`cannot read ${file}: ${err.message}`);
  process.exit(2);
}

// The package's ESM build imports its JSON schemas without `with { type: 'json' }`, which Node refuses
// (ERR_IMPORT_ATTRIBUTE_MISSING); bundlers accept it. A load hook adds the attribute for .json modules only.
register('data:text/javascript,' + encodeURIComponent(`
export async function load(url, context, nextLoad) {
  return url.endsWith('.json')
    ? nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
    : nextLoad(url, context);
}`));

let parser;
let actions;
try {
  parser = await import('@actions/workflow-parser');
  actions = await import('@actions/workflow-parser/actions/index');
} catch (err) {
  console.error(`@actions/workflow-parser is not installed (run npm ci --prefix tests/interop): ${err.message}`);
  process.exit(2);
}

const source = { name: basename(file), content };
const trace = new parser.NoOperationTraceWriter();
const result = { errors: [], uses: [], runSteps: [] };

// Values are template tokens: a literal is a StringToken; `run:` containing ${{ }} becomes an expression token.
function text(token) {
  if (typeof token === 'string') {
    return token;
  }
  return parser.isString(token) ? token.value : JSON.stringify(token);
}

function collectSteps(steps) {
  for (const step of steps ?? []) {
    if (step.uses !== undefined) {
      result.uses.push(text(step.uses));
    }

    if (step.run !== undefined) {
      result.runSteps.push({ id: step.id ?? '', expressionInRun: typeof step.run !== 'string' && !parser.isString(step.run) });
    }
  }
}

if (kind === 'workflow') {
  const parsed = parser.parseWorkflow(source, trace);
  if (parsed.value !== undefined) {
    const template = await parser.convertWorkflowTemplate(parsed.context, parsed.value);
    for (const job of template.jobs ?? []) {
      // A job that calls a reusable workflow has `ref` instead of steps.
      if (job.ref !== undefined) {
        result.uses.push(text(job.ref));
      }
      collectSteps(job.steps);
    }
  }
  result.errors = parsed.context.errors.getErrors().map(e => e.message);
} else {
  const parsed = actions.parseAction(source, trace);
  if (parsed.value !== undefined) {
    const template = actions.convertActionTemplate(parsed.context, parsed.value);
    result.inputs = (template.inputs ?? []).map(i => i.id);
    result.outputs = (template.outputs ?? []).map(o => o.id);
    result.using = template.runs?.using ?? null;
    collectSteps(template.runs?.steps);
    // Every `inputs.<id>` in an expression must name a declared input; the schema does not check that.
    const declared = new Set(result.inputs.map(i => i.toLowerCase()));
    const referenced = [...content.matchAll(/\$\{\{(.*?)\}\}/gs)]
      .flatMap(m => [...m[1].matchAll(/\binputs\.([A-Za-z0-9_-]+)/g)].map(r => r[1]));
    result.unknownInputs = [...new Set(referenced.filter(id => !declared.has(id.toLowerCase())))];
  }
  result.errors = parsed.context.errors.getErrors().map(e => e.message);
}

console.log(JSON.stringify(result));
process.exit(result.errors.length === 0 ? 0 : 1);
