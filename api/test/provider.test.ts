/**
 * The CRM API provider: a local run of crm-lead with no CRM given gets the local CRM API (the
 * deployed handlers on an embedded PostgreSQL), and the lead lands in its tables; a caller that
 * gives its own CRM_API_URL gets nothing started.
 */
import { invokeFunction, localSsm, runWorkflow, startWorkflowServices } from '../../index';
import { localCrmApi } from '../local/provider';

jest.setTimeout(60_000);

test('crm-lead with no CRM_API_URL: the local CRM API is started and the lead is written once per table', async () => {
  const services = await startWorkflowServices(['crm-lead']);
  try {
    const api = localCrmApi(services);
    expect(api).toBeDefined();
    // The component's output `url` (crm-lead's CRM_API_URL), locally.
    expect(services.outputs['crm-api'].url).toBe(api!.url);
    expect(services.outputs['crm-api'].url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // No key is given to the functions: they read it from the SSM parameter (CRM_API_KEY_PARAMETER) of the
    // local SSM, whose local value is the component's output `apiKey`, as deployed (the CRM API answers 403 to a wrong key).
    expect(services.functionEnvironment.CRM_API_KEY).toBeUndefined();
    expect(localSsm(services)!.parameters.get('/sfn-dev/crm/api-key')?.current).toBe(api!.apiKey);
    const first = await runWorkflow('crm-lead', undefined, { services });
    expect(first.status).toBe('SUCCEEDED');
    // EventBridge delivers at least once: the same event again leaves one row per table.
    const again = await runWorkflow('crm-lead', undefined, { services });
    expect(again.status).toBe('SUCCEEDED');
    for (const table of ['clients', 'partners', 'benefit'] as const) {
      const rows = await api!.rows(table);
      expect(rows.map((r) => r.rut)).toEqual(['11111111-1']);
    }
  } finally {
    await services.close();
  }
});

test('invokeFunction: one crm-lead function with an event, in the environment of its workflow (the local CRM API started, the key read from the local SSM)', async () => {
  const lead = { name: 'Grace', lastname: 'Hopper', rut: '22222222-2', mail: 'grace@example.com', phone: '12345678' };
  const r = await invokeFunction('create-client', lead);
  // 200: the key it read from SSM was the local CRM API's (a wrong one is API Gateway's 403, CrmApiRejected).
  expect(r).toMatchObject({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: { statusCode: 200, message: expect.any(String) } });
  expect(r.FunctionError).toBeUndefined();
  const bad = await invokeFunction('create-client', { ...lead, mail: 'not a mail' });
  expect(bad).toMatchObject({ FunctionError: 'Unhandled', Payload: { errorType: 'InvalidInput', errorMessage: expect.stringContaining('mail') } });
});

test('a caller that gives CRM_API_URL: nothing is started and its URL is kept', async () => {
  const services = await startWorkflowServices(['crm-lead'], { functionEnvironment: { CRM_API_URL: 'http://127.0.0.1:9', CRM_API_KEY: 'k' } });
  try {
    expect(localCrmApi(services)).toBeUndefined();
    expect(services.outputs['crm-api']).toBeUndefined();
  } finally {
    await services.close();
  }
});

test('a workflow that does not post to the CRM gets no CRM API', async () => {
  const services = await startWorkflowServices(['hello']);
  try {
    expect(localCrmApi(services)).toBeUndefined();
    expect(services.services['crm-api']).toBeUndefined();
  } finally {
    await services.close();
  }
});
