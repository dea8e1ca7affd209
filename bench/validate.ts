/**
 * Validation speed (run by bench/run.mjs, which compiles it with esbuild): every template of
 * statemachine/ through the whole check, and a 1,000-state definition through validateDefinition,
 * next to the AWS Toolkit's checker (amazon-states-language-service) on the same definition.
 * Prints one JSON object.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkTemplate } from '../lib/asl/check';
import { toolkitDiagnostics } from '../lib/asl/toolkit/toolkit-diagnostics';
import { validateDefinition } from '../lib/asl/validate';
import { bigDefinition } from './fixtures/big-definition';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(fn: () => unknown): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

async function main(): Promise<void> {
  const root = process.argv[2] ?? process.cwd();
  const dir = join(root, 'statemachine');
  // A project without templates yet (the examples removed) has no statemachine/ folder.
  const templates = (existsSync(dir) ? readdirSync(dir) : [])
    .filter((f) => f.endsWith('.asl.json'))
    .map((f) => ({ file: `statemachine/${f}`, text: readFileSync(join(dir, f), 'utf8') }));

  const definition = bigDefinition(1000);
  const cold = time(() => validateDefinition(definition));
  const diagnostics = validateDefinition(definition).length;
  const warm = median(Array.from({ length: 21 }, () => time(() => validateDefinition(definition))));
  const fresh = time(() => validateDefinition(bigDefinition(1000, 100_000)));
  const allTemplates = median(Array.from({ length: 11 }, () => time(() => templates.forEach((t) => checkTemplate(t.text, t.file)))));

  const text = JSON.stringify(definition, null, 2);
  const toolkit: number[] = [];
  let toolkitDiagnosticCount = 0;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    toolkitDiagnosticCount = (await toolkitDiagnostics(text)).length;
    toolkit.push(performance.now() - t);
  }
  process.stdout.write(
    JSON.stringify({
      templates: templates.length,
      allTemplatesMs: allTemplates,
      states: 1000,
      diagnostics,
      coldMs: cold,
      warmMs: warm,
      freshExpressionsMs: fresh,
      toolkitMs: median(toolkit),
      toolkitDiagnostics: toolkitDiagnosticCount,
    }),
  );
}

void main();
