/**
 * 1,000 leads through the crm-lead workflow on this machine (run by bench/run.mjs):
 *   node dist/bench/crm-leads.js [leads] [concurrency]
 * The local engine runs crm-lead with its real handlers, which post to the local CRM API (the
 * deployed API handlers on the embedded PostgreSQL, in its worker thread). Each lead has its own
 * RUT; `concurrency` executions run at a time (default 16). Prints {leads, ms, leadsPerS, rssMiB,
 * startMs}: `ms` from the first execution to the last, `rssMiB` the process's peak RSS (the
 * database's thread included), `startMs` the CRM API's start (database from the cache).
 */
import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { localCrmApi } from '../api/local/provider';
import { runWorkflow, startWorkflowServices, workflowDeclaration } from '../index';
import { rutVerifierDigit } from '../functions/_shared/rut';
import { startLocalCrmApi } from '../api/local/crm-api';

async function main(): Promise<void> {
  const leads = Number(process.argv[2] ?? 1000);
  const concurrency = Number(process.argv[3] ?? 16);
  const root = join(__dirname, '..', '..');
  const t0 = performance.now();
  const crm = await startLocalCrmApi({ projectRoot: root });
  const startMs = performance.now() - t0;
  const functionEnvironment = { CRM_API_URL: crm.url, CRM_API_KEY: crm.apiKey };
  // Given the URL, the crm-api provider starts no second local CRM API (and no second database).
  const services = await startWorkflowServices(['crm-lead'], { functionEnvironment });
  if (localCrmApi(services)) throw new Error('the services started a second local CRM API');
  const sample = workflowDeclaration('crm-lead').sampleInput as { detail: Record<string, unknown> };
  const input = (i: number) => {
    const body = String(20_000_000 + i);
    return { ...sample, id: `lead-${i}`, detail: { ...sample.detail, rut: `${body}-${rutVerifierDigit(body)}` } };
  };
  try {
    // One untimed lead: handlers compiled and loaded, connections open.
    await runWorkflow('crm-lead', input(leads), { projectRoot: root, services, functionEnvironment, history: false });
    let next = 0;
    let failed = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < leads) {
          const r = await runWorkflow('crm-lead', input(next++), { projectRoot: root, services, functionEnvironment, history: false });
          if (r.status !== 'SUCCEEDED') failed++;
        }
      }),
    );
    const ms = performance.now() - start;
    const rows = [(await crm.rows('clients')).length, (await crm.rows('partners')).length, (await crm.rows('benefit')).length];
    if (failed || rows.some((n) => n !== leads + 1)) throw new Error(`${failed} executions failed; rows per table: ${rows.join(', ')} (expected ${leads + 1})`);
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    process.stdout.write(`${JSON.stringify({ leads, concurrency, ms, leadsPerS: leads / (ms / 1000), rssMiB, startMs })}\n`);
  } finally {
    await services.close();
    await crm.close();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
