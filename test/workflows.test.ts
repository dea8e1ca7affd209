/**
 * The shipped workflows end to end on the local engine, with their real TypeScript handlers and
 * a local CRM API on 127.0.0.1: the happy paths and the error paths the ASL declares.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runWorkflow } from '../index';
import { startLocalCrmApi, type LocalCrmApi } from '../api/local/crm-api';
import { WORKFLOW_NAMES } from './example-stacks';

const repo = `${__dirname}/..`;
let crm: LocalCrmApi;
// The local CRM API: the deployed handlers on an embedded PostgreSQL database (lib/local/crm-api.ts).
beforeAll(async () => (crm = await startLocalCrmApi({ apiKey: 'test-key', projectRoot: repo })), 60_000);
afterAll(() => crm?.close());

const crmEnv = () => ({ CRM_API_URL: crm.url, CRM_API_KEY: 'test-key' });
const count = (events: HistoryEvent[], type: string, name?: string) =>
  events.filter((e) => e.type === type && (name === undefined || e.stateEnteredEventDetails?.name === name)).length;

const lead = (detail: Record<string, unknown>) => ({
  version: '0',
  id: 'e1',
  'detail-type': 'Lead registration',
  source: 'crm.lead',
  account: '123456789012',
  time: '2026-11-22T12:00:00Z',
  region: 'eu-west-1',
  resources: [],
  detail: { name: 'Ada', lastname: 'Lovelace', rut: '12345678-5', mail: 'ada@example.com', phone: '56911112222', store: 'CENTRAL', wantsBenefit: true, ...detail },
});

describe('hello', () => {
  test('greets the name in the input', async () => {
    const r = await runWorkflow('hello', { name: 'Ada' }, { projectRoot: repo });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ greeting: 'Hello, Ada!' });
    expect(r.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited', 'ExecutionSucceeded']),
    );
  });

  test('runs its sample input when none is given', async () => {
    const r = await runWorkflow('hello', undefined, { projectRoot: repo });
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: { greeting: 'Hello, Ada!' } });
  });

  test('an invalid input fails with the handler\'s named error', async () => {
    const r = await runWorkflow('hello', { name: 42 }, { projectRoot: repo });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('InvalidInput');
    expect(JSON.parse(r.cause!)).toMatchObject({ errorType: 'InvalidInput', errorMessage: expect.stringContaining('name') });
  });
});

describe('crm-lead', () => {
  test('registers the lead as client, partner and benefit', async () => {
    const r = await runWorkflow('crm-lead', lead({ rut: '11111111-1' }), { projectRoot: repo, functionEnvironment: crmEnv() });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({
      rut: '11111111-1',
      crm: {
        client: { statusCode: 200, message: 'OK' },
        partner: { statusCode: 200, message: 'OK' },
        benefit: { statusCode: 200, message: 'OK' },
      },
    });
    const of = async (table: 'clients' | 'partners' | 'benefit') => (await crm.rows(table)).filter((r) => r.rut === '11111111-1');
    expect(await of('clients')).toEqual([expect.objectContaining({ name: 'Ada', lastname: 'Lovelace', mail: 'ada@example.com', phone: '56911112222', id: expect.any(Number) })]);
    expect(await of('partners')).toEqual([expect.objectContaining({ store: 'CENTRAL' })]);
    expect(await of('benefit')).toEqual([expect.objectContaining({ wantsBenefit: true })]);
  });

  test('a lead delivered twice is registered once: one row per table', async () => {
    const count = async () => Promise.all((['clients', 'partners', 'benefit'] as const).map(async (t) => (await crm.rows(t)).filter((r) => r.rut === '22222222-2').length));
    const r = [];
    for (let i = 0; i < 2; i++) r.push(await runWorkflow('crm-lead', lead({ rut: '22222222-2' }), { projectRoot: repo, functionEnvironment: crmEnv() }));
    expect(r.map((x) => x.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(r[1].output).toMatchObject({ crm: { client: { description: 'client 22222222-2 already exists' } } });
    expect(await count()).toEqual([1, 1, 1]);
  });

  test('an invalid lead goes to CatchErrors and the execution fails with InvalidLead', async () => {
    const r = await runWorkflow('crm-lead', lead({ mail: 'not-an-email' }), { projectRoot: repo, functionEnvironment: crmEnv() });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('InvalidLead');
    expect(r.cause).toContain('mail');
    expect(count(r.events, 'TaskStateEntered', 'CatchErrors')).toBe(1);
    expect(count(r.events, 'TaskStateEntered', 'CreateClient')).toBe(0);
    expect(count(r.events, 'FailStateEntered', 'LeadNotRegistered')).toBe(1);
  });

  test('a CRM that cannot be reached is retried 3 times with backoff, then caught', async () => {
    // A port nothing listens on any more: the CRM API is down.
    const down = createServer();
    await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
    await new Promise((resolve) => down.close(resolve));
    const r = await runWorkflow('crm-lead', lead({}), { projectRoot: repo, functionEnvironment: { CRM_API_URL: url, CRM_API_KEY: 'k' } });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('CrmApiUnavailable');
    // One attempt and three retries (IntervalSeconds 2, BackoffRate 2, JitterStrategy FULL) on the virtual clock.
    expect(r.events.filter((e) => e.type === 'TaskFailed')).toHaveLength(4);
    expect(count(r.events, 'TaskStateEntered', 'CatchErrors')).toBe(1);
  });

  test('a CRM that rejects the request (wrong API key) is not retried', async () => {
    const r = await runWorkflow('crm-lead', lead({}), { projectRoot: repo, functionEnvironment: { CRM_API_URL: crm.url, CRM_API_KEY: 'wrong' } });
    expect(r.status).toBe('FAILED');
    expect(r.error).toBe('CrmApiRejected');
    expect(r.events.filter((e) => e.type === 'TaskFailed')).toHaveLength(1);
  });
});

test('an unknown workflow name lists the known ones', async () => {
  await expect(runWorkflow('nope', {}, { projectRoot: repo })).rejects.toThrow(`unknown workflow "nope"; the workflows are: ${WORKFLOW_NAMES.join(', ')}`);
});
