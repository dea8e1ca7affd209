/**
 * `npm start`: after `npm run synth`, prints what every stack will deploy and where its Terraform
 * JSON is, then runs each example workflow with its sample event on the local engine and prints
 * a trace. Needs no AWS account and no network: the crm-lead functions post to a local CRM API
 * started on 127.0.0.1 for the run.
 */
// The AWS SDK clients of the local services warn on Node 20 (past end of life) at every start.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runWorkflow, workflowDeclarations } from '../../index';
import { startLocalCrmApi } from '../local/crm-api';
import { formatCrmRows } from '../report/crm-rows';
import { formatTrace } from '../report/execution-trace';
import { formatStackSummary, summarizeSynthOutput } from '../report/stack-summary';

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

  process.stdout.write(
    'Example workflows on the local engine (sample events, project functions in-process; virtual clock: Wait states and retry intervals take no real time, the times shown are the simulated ones):\n\n',
  );
  // The CRM API the crm-lead functions post to: the deployed handlers on an embedded PostgreSQL (PGlite).
  const crm = await startLocalCrmApi();
  process.stdout.write(
    `CRM API on ${crm.url} (embedded PostgreSQL, ${crm.fromCache ? 'migrated data directory from .build/pglite' : 'created'}; migrations applied: ${crm.migrations.applied.join(', ') || 'none'}, already applied: ${crm.migrations.alreadyApplied.join(', ') || 'none'})\n\n`,
  );
  let failed = 0;
  let crmRequests: Array<{ method: string; path: string; status: number }> = [];
  try {
    for (const workflow of workflowDeclarations('dev')) {
      // The virtual clock: message-pipeline and file-transfer wait 10 s and 35 s on AWS; here their Waits take no time.
      const result = await runWorkflow(workflow.name, undefined, {
        functionEnvironment: { CRM_API_URL: crm.url, CRM_API_KEY: crm.apiKey },
      });
      if (result.status !== 'SUCCEEDED') failed++;
      process.stdout.write(`${formatTrace(workflow.name, result)}\n\n`);
    }
    crmRequests = await crm.requests();
    const tables = { clients: await crm.rows('clients'), partners: await crm.rows('partners'), benefit: await crm.rows('benefit') };
    process.stdout.write(`Rows in the CRM database after crm-lead:\n${formatCrmRows(tables)}\n\n`);
  } finally {
    await crm.close();
  }
  process.stdout.write(`CRM API (local, ${crm.url}): ${crmRequests.map((r) => `${r.method} ${r.path} ${r.status}`).join(', ') || 'no requests'}\n\n`);

  // The error path: the same lead with the CRM API stopped. CreateClient retries CrmApiUnavailable, then
  // CatchErrors reports it and the execution ends FAILED, as the workflow defines (virtual clock: no waiting).
  process.stdout.write('crm-lead with the CRM API stopped (expected: CatchErrors, then FAILED with CrmApiUnavailable):\n\n');
  const down = await runWorkflow('crm-lead', undefined, { functionEnvironment: { CRM_API_URL: crm.url, CRM_API_KEY: crm.apiKey } });
  process.stdout.write(`${formatTrace('crm-lead (CRM API stopped)', down)}\n\n`);
  const caught = down.events.some((e) => e.type === 'TaskStateEntered' && e.stateEnteredEventDetails?.name === 'CatchErrors');
  if (down.status !== 'FAILED' || down.error !== 'CrmApiUnavailable' || !caught) {
    process.stderr.write(`unexpected: the run with the CRM API stopped ended ${down.status} ${down.error ?? ''} ${caught ? '' : 'without CatchErrors'}\n`);
    failed++;
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`npm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);
