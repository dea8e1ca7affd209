import { z } from 'zod';
import { crmApiKeyParameter } from '../api/settings';
import { fn, output } from '../lib/workflow/declaration';
import { withSettings } from '../lib/workflow/settings';

/**
 * crm-lead's settings per environment. Without `apiBaseUrl` the lead goes to the CRM API of the
 * project (component `crm-api`, deployed in that environment by api/settings.ts): its URL is the
 * stack's output, its key the parameter that stack writes. With `apiBaseUrl` (a CRM you run, e.g.
 * on premise), name the SSM SecureString parameter holding its key too.
 */
export const CrmLeadSettings = z
  .strictObject({
    /** Base URL of the CRM HTTP API the functions post to, e.g. `https://crm.example.com/v1`. */
    apiBaseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    /** The SSM SecureString parameter holding that API's key (a name starting with "/"). */
    apiKeyParameter: z.string().regex(/^\/[A-Za-z0-9_.\-/]+$/, 'must be an SSM parameter name starting with "/"').optional(),
  })
  .refine((s) => (s.apiBaseUrl === undefined) === (s.apiKeyParameter === undefined), {
    message: 'give apiBaseUrl and apiKeyParameter together (a CRM you run), or neither (the crm-api component of the project)',
    path: ['apiKeyParameter'],
  });

/** dev posts to the project's CRM API (stack crm-api-dev); prod to the on-premise CRM. */
export const crmLeadSettings = {
  dev: {},
  prod: { apiBaseUrl: 'https://crm.example.com/v1', apiKeyParameter: '/sfn-prod/crm/api-key' },
};

/**
 * The CRM lead workflow (hybrid-cloud CRM orchestration): a lead published on the `crm` bus
 * with source `crm.lead` is validated, then registered as client, partner and benefit through
 * the CRM HTTP API; any failure is reported by CatchErrors and fails the execution.
 */
export const crmLead = withSettings('crm-lead', CrmLeadSettings, crmLeadSettings, (env, settings) => {
  const keyParameter = settings.apiKeyParameter ?? crmApiKeyParameter(env);
  const crmApi = {
    environment: { CRM_API_URL: settings.apiBaseUrl ?? output('crm-api', 'url'), CRM_API_KEY_PARAMETER: keyParameter },
    readsParameters: [keyParameter],
    timeout: 15,
  };
  return {
    name: 'crm-lead',
    description: 'Registers a lead in the CRM: client, partner, benefit',
    functions: {
      'receive-lead': { description: 'Validates the lead carried by the EventBridge event' },
      'create-client': { description: 'POST /create_client to the CRM API', ...crmApi },
      'create-partner': { description: 'POST /create_partner to the CRM API', ...crmApi },
      'create-benefit': { description: 'POST /create_benefit to the CRM API', ...crmApi },
      'catch-errors': { description: 'Reports a failed lead registration' },
    },
    bindings: {
      ReceiveLeadFunctionArn: fn('receive-lead'),
      CreateClientFunctionArn: fn('create-client'),
      CreatePartnerFunctionArn: fn('create-partner'),
      CreateBenefitFunctionArn: fn('create-benefit'),
      CatchErrorsFunctionArn: fn('catch-errors'),
    },
    eventBuses: ['crm'],
    triggers: [{ kind: 'event', bus: 'crm', pattern: { source: ['crm.lead'] }, description: 'Leads published by the web form' }],
    alias: 'live',
    // Locally the key parameter holds the local CRM API's key (the crm-api stack writes it when deployed);
    // a CRM of your own (apiBaseUrl) has no local key: give CRM_API_KEY to a local run yourself.
    localValues: settings.apiBaseUrl === undefined ? { parameters: { [keyParameter]: output('crm-api', 'apiKey') } } : undefined,
    // Leads are personal data (RUT, mail, phone): the state machine's logs hold no execution data, as the
    // CRM API's stage logs no request bodies; the execution history in Step Functions still has them.
    logging: { includeExecutionData: false },
    sampleInput: {
      version: '0',
      id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
      'detail-type': 'Lead registration',
      source: 'crm.lead',
      account: '123456789012',
      time: '2026-11-22T12:00:00Z',
      region: env.region,
      resources: [],
      detail: {
        name: 'Alice',
        lastname: 'Cooper',
        rut: '11111111-1',
        mail: 'acooper@example.com',
        phone: '54545454',
        store: 'ESTACION_CENTRAL',
        wantsBenefit: true,
      },
    },
    examples: [
      {
        name: 'CRM API stopped',
        // Nothing listens on port 2 of 127.0.0.1 (a privileged port no service uses): every call is refused, as when the CRM is down.
        functionEnvironment: { CRM_API_URL: 'http://127.0.0.1:2' },
        expect: { status: 'FAILED', error: 'CrmApiUnavailable', visits: ['CatchErrors'] },
      },
    ],
  };
});
