// Validates a SARIF 2.1.0 log with the SARIF Multitool (`sarif-multitool validate`, microsoft/sarif-sdk):
// the JSON schema, the SARIF1xxx (spec) and SARIF2xxx (guidance) rules, and the GHxxxx rules for GitHub
// code scanning ingestion (--rule-kind Gh;Sarif), an implementation independent of SupplyGate's writer.
// Usage: node validate-sarif.mjs <file.sarif>
// Prints {"errors":[…],"warnings":[…],"notes":[…]} (each "RULE: message (line,col)") on stdout.
// Exit codes: 0 = no errors, 1 = errors, 2 = usage error or the tool did not run / judged nothing.
// The multitool exits 0 even when the log is invalid, so its own output log is read instead of its exit code.
// Dependencies are pinned in package.json; install them with `npm ci --prefix tests/interop`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const [file, ...extra] = process.argv.slice(2);
if (file === undefined || extra.length > 0) {
  console.error('usage: node validate-sarif.mjs <file.sarif>');
  process.exit(2);
}

if (!existsSync(file)) {
  console.error(`cannot read ${file}: no such file`);
  process.exit(2);
}

let tool;
try {
  // The package resolves to its platform package (…-linux, -darwin, -win32), which exports the binary's path.
  tool = createRequire(import.meta.url)('@microsoft/sarif-multitool');
} catch (err) {
  console.error(`@microsoft/sarif-multitool is not installed (run npm ci --prefix tests/interop): ${err.message}`);
  process.exit(2);
}

const work = mkdtempSync(join(tmpdir(), 'sarif-validate-'));
try {
  const output = join(work, 'validation.sarif');

  // No shell: the wrapper's bin.js uses shell:true, which breaks on paths with spaces.
  const run = spawnSync(tool, ['validate', resolve(file), '--rule-kind', 'Gh;Sarif', '--output', output, '--log', 'ForceOverwrite', '--quiet'], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error !== undefined || run.status !== 0 || !existsSync(output)) {
    console.error(`sarif-multitool failed (status ${run.status}): ${run.error?.message ?? ''}\n${run.stdout}\n${run.stderr}`);
    process.exit(2);
  }

  const log = JSON.parse(readFileSync(output, 'utf8'));
  const runResult = log.runs?.[0];
  const invocation = runResult?.invocations?.[0] ?? {};
  const toolErrors = [...(invocation.toolExecutionNotifications ?? []), ...(invocation.toolConfigurationNotifications ?? [])]
    .filter(n => (n.level ?? 'warning') === 'error');
  if (invocation.executionSuccessful === false || toolErrors.length > 0) {
    console.error(`sarif-multitool could not analyse ${file}: ${JSON.stringify(toolErrors)}`);
    process.exit(2);
  }

  const summary = { errors: [], warnings: [], notes: [] };
  for (const result of runResult?.results ?? []) {
    const region = result.locations?.[0]?.physicalLocation?.region;
    const where = region ? ` (${region.startLine},${region.startColumn ?? 1})` : '';
    const text = render(runResult, result);
    const line = `${result.ruleId}: ${text}${where}`;
    const level = result.level ?? 'warning';
    (level === 'error' ? summary.errors : level === 'warning' ? summary.warnings : summary.notes).push(line);
  }

  console.log(JSON.stringify(summary, null, 2));
  process.exit(summary.errors.length > 0 ? 1 : 0);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The multitool's results carry a message id and arguments; the text lives in the rule's messageStrings.
function render(runResult, result) {
  if (result.message?.text !== undefined) {
    return result.message.text;
  }

  const args = result.message?.arguments ?? [];
  const rules = [runResult.tool?.driver, ...(runResult.tool?.extensions ?? [])].flatMap(c => c?.rules ?? []);
  const template = rules.find(r => r.id === result.ruleId)?.messageStrings?.[result.message?.id]?.text;
  return template === undefined ? args.join(' ') : template.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? '');
}
