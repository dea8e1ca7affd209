/** The example templates (copies in lib/asl/test/fixtures/templates) on the engine, with stand-in functions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../types';
import { FN_ARN, eventsOf, run, statesEntered } from './helpers';

function template(file: string, functions: Record<string, string>): Json {
  const text = readFileSync(join(__dirname, '../../asl/test/fixtures/templates', file), 'utf8');
  return JSON.parse(text.replace(/\$\{(\w+)\}/g, (_m, name: string) => FN_ARN(functions[name] ?? name))) as Json;
}

class CrmApiUnavailable extends Error {
  override name = 'CrmApiUnavailable';
}

describe('statemachine/hello.asl.json', () => {
  test('returns what the function returns', async () => {
    const r = await run(template('hello.asl.json', { ProcessingLambda: 'hello' }), { name: 'Ada' }, {
      functions: { hello: async (e: unknown) => ({ greeting: `Hello, ${(e as { name: string }).name}!` }) },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toEqual({ greeting: 'Hello, Ada!' });
  });

  test('Lambda service exceptions are retried with backoff and jitter', async () => {
    let calls = 0;
    const r = await run(template('hello.asl.json', { ProcessingLambda: 'hello' }), {}, {
      functions: {
        hello: async () => {
          if (++calls < 3) throw Object.assign(new Error('throttled'), { name: 'Lambda.TooManyRequestsException' });
          return 'ok';
        },
      },
    });
    expect(r.output).toBe('ok');
    expect(eventsOf(r, 'TaskScheduled').length).toBe(3);
  });
});

describe('statemachine/crm-lead.asl.json', () => {
  const names = {
    ReceiveLeadFunctionArn: 'receive-lead',
    CreateClientFunctionArn: 'create-client',
    CreatePartnerFunctionArn: 'create-partner',
    CreateBenefitFunctionArn: 'create-benefit',
    CatchErrorsFunctionArn: 'catch-errors',
  };
  const crmStep = (what: string) => async () => ({ statusCode: 200, message: `${what} created`, description: 'ok' });

  test('the lead goes through the three CRM steps', async () => {
    const r = await run(template('crm-lead.asl.json', names), { detail: { rut: '1-9' } }, {
      functions: {
        'receive-lead': async (e: unknown) => ({ lead: (e as { detail: unknown }).detail }),
        'create-client': crmStep('client'),
        'create-partner': crmStep('partner'),
        'create-benefit': crmStep('benefit'),
        'catch-errors': async () => ({}),
      },
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(statesEntered(r)).toEqual(['ReceiveLead', 'CreateClient', 'CreatePartner', 'CreateBenefit']);
    expect(r.output).toEqual({
      lead: { rut: '1-9' },
      crm: {
        client: { statusCode: 200, message: 'client created', description: 'ok' },
        partner: { statusCode: 200, message: 'partner created', description: 'ok' },
        benefit: { statusCode: 200, message: 'benefit created', description: 'ok' },
      },
    });
  });

  test('an unavailable CRM is retried 3 times (FULL jitter), then the failure goes to CatchErrors and the execution fails with its error', async () => {
    let partnerCalls = 0;
    const r = await run(template('crm-lead.asl.json', names), { detail: {} }, {
      seed: 1,
      functions: {
        'receive-lead': async () => ({ lead: {} }),
        'create-client': crmStep('client'),
        'create-partner': async () => {
          partnerCalls++;
          throw new CrmApiUnavailable('CRM down');
        },
        'create-benefit': crmStep('benefit'),
        'catch-errors': async (e: unknown) => {
          const err = (e as { error: { Error: string; Cause: string } }).error;
          return { error: err.Error, cause: JSON.parse(err.Cause).errorMessage };
        },
      },
    });
    expect(partnerCalls).toBe(4);
    expect(statesEntered(r)).toEqual(['ReceiveLead', 'CreateClient', 'CreatePartner', 'CatchErrors', 'LeadNotRegistered']);
    expect(r.status).toBe('FAILED');
    expect([r.error, r.cause]).toEqual(['CrmApiUnavailable', 'CRM down']);
  });
});
