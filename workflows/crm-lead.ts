import { fn, type Workflow } from '../lib/workflow/declaration';

/**
 * The CRM lead workflow (hybrid-cloud CRM orchestration): a lead published on the `crm` bus
 * with source `crm.lead` is validated, then registered as client, partner and benefit through
 * the CRM HTTP API; any failure is reported by CatchErrors and fails the execution.
 */
export const crmLead: Workflow = (env) => {
  const crmApi = {
    // Without crm.apiBaseUrl (a CRM you run), main.ts sets CRM_API_URL to the crm-api stack's URL (CrmApiStack.connect).
    environment: { ...(env.crm.apiBaseUrl ? { CRM_API_URL: env.crm.apiBaseUrl } : {}), CRM_API_KEY_PARAMETER: env.crm.apiKeyParameter } as Record<string, string>,
    readsParameters: [env.crm.apiKeyParameter],
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
  };
};
