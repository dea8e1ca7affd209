/**
 * `npm start`: after `npm run synth`, prints what every stack will deploy and where its Terraform
 * JSON is, then runs every workflow of the project on the local engine with its sample input and
 * each of its declared example runs (checking the outcome each declares), with the local services
 * they need started once for all of them, and prints a trace of each run and what the services
 * recorded. Needs no AWS account and no network.
 */
// The AWS SDK clients of the local services warn on Node 20 (past end of life) at every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExecutionResult } from '../engine/types';
import { runWorkflow, startWorkflowServices } from '../local/workflows';
import { findProjectRoot, loadProject, WORKFLOWS_FILE, type Project } from '../project/load';
import { formatTrace } from '../report/execution-trace';
import { formatStackSummary, summarizeSynthOutput } from '../report/stack-summary';
import type { ExampleRun } from '../workflow/declaration';

/** Why a run did not end as its example declares, or undefined when it did. */
export function unmetExpectation(expect: ExampleRun['expect'], result: ExecutionResult): string | undefined {
  const entered = new Set(result.events.map((e) => e.stateEnteredEventDetails?.name).filter((n): n is string => n !== undefined));
  const problems = [
    result.status !== expect.status ? `ended ${result.status}, expected ${expect.status}` : undefined,
    expect.error !== undefined && result.error !== expect.error ? `error ${result.error ?? '(none)'}, expected ${expect.error}` : undefined,
    ...(expect.visits ?? []).filter((s) => !entered.has(s)).map((s) => `never entered ${s}`),
  ].filter((p): p is string => p !== undefined);
  return problems.length ? problems.join('; ') : undefined;
}

async function runAll(project: Project, write: (text: string) => void): Promise<number> {
  const declarations = project.declarations();
  const services = await startWorkflowServices(project, declarations.map((d) => d.name));
  let failed = 0;
  try {
    for (const workflow of declarations) {
      // The virtual clock: Wait states and retry intervals take no real time.
      const result = await runWorkflow(project, workflow.name, undefined, { services });
      if (result.status !== 'SUCCEEDED') failed++;
      write(`${formatTrace(workflow.name, result)}\n\n`);
      for (const example of workflow.examples ?? []) {
        const run = await runWorkflow(project, workflow.name, example.input as never, { services, functionEnvironment: example.functionEnvironment });
        const unmet = unmetExpectation(example.expect, run);
        const expected = `${example.expect.status}${example.expect.error ? ` with ${example.expect.error}` : ''}${example.expect.visits?.length ? `, through ${example.expect.visits.join(', ')}` : ''}`;
        write(`${formatTrace(`${workflow.name} (${example.name})`, run)}\n`);
        write(unmet ? `  UNEXPECTED (expected ${expected}): ${unmet}\n\n` : `  as expected: ${expected}\n\n`);
        if (unmet) failed++;
      }
    }
    for (const s of Object.values(services.services)) {
      const summary = await s.summary?.();
      if (summary) write(`${summary}\n\n`);
    }
  } finally {
    await services.close();
  }
  return failed;
}

async function main(): Promise<number> {
  const outdir = process.env.CDKTF_OUTDIR ?? 'cdktf.out';
  if (!existsSync(join(outdir, 'manifest.json'))) {
    process.stderr.write(`No synthesized stacks in ${outdir}: run "npm run synth" first.\n`);
    return 1;
  }
  const stacks = summarizeSynthOutput(outdir);
  process.stdout.write(`${stacks.map(formatStackSummary).join('\n\n')}\n\n`);
  process.stdout.write(
    `${stacks.length} stacks synthesized to ${outdir}/stacks. Deploy with "npm run deploy -- <stack>" (needs AWS credentials; deploy backend-<env> first).\n\n`,
  );
  const project = loadProject(findProjectRoot() ?? process.cwd());
  if (project.declarations().length === 0) {
    process.stdout.write(`No workflows in ${WORKFLOWS_FILE} yet: nothing to run on the local engine.\n`);
    return 0;
  }
  process.stdout.write(
    `The workflows on the local engine (sample inputs and declared examples, functions in-process; virtual clock: Wait states and retry intervals take no real time, the times shown are the simulated ones):\n\n`,
  );
  const failed = await runAll(project, (t) => process.stdout.write(t));
  if (failed) process.stderr.write(`${failed} run(s) did not end as expected\n`);
  return failed ? 1 : 0;
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`npm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
