/**
 * The import on a corpus of Workflow Studio exports (fixtures/, JSON and YAML): every one must be a
 * valid definition, and its template rendered with the detected values must give the export back
 * exactly (deep-equal, members in the export's order). The corpus must cover every state type and
 * both query languages; the test fails if a fixture that covers one is removed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { checkDefinition, errorsOf } from '../../check';
import { Template } from '../../template';
import { importExport } from '../index';
import { readExport } from '../source';

const dir = join(__dirname, 'fixtures');
const files = readdirSync(dir).filter((f) => /\.(json|ya?ml)$/.test(f)).sort();
const load = (f: string) => readFileSync(join(dir, f), 'utf8');
/** The export parsed independently of the import's own reader. */
const parsed = (f: string): unknown => (f.endsWith('.json') ? JSON.parse(load(f)) : parseYaml(load(f)));
const target = (f: string) => `statemachine/${f.replace(/\.(json|ya?ml)$/, '')}.asl.json`;
const prefixes = ['sfn-dev-orders-', 'sfn-dev-'];
const run = (f: string) => importExport(load(f), f, { target: target(f), prefixes });

function collect(definition: unknown, states: Set<string>, languages: Set<string>, language = 'JSONPath'): void {
  const d = definition as { QueryLanguage?: string; States?: Record<string, Record<string, unknown>> };
  const top = d.QueryLanguage ?? language;
  for (const s of Object.values(d.States ?? {})) {
    const lang = (s.QueryLanguage as string | undefined) ?? top;
    languages.add(lang);
    const type = s.Type as string;
    const processor = (s.ItemProcessor ?? s.Iterator) as { ProcessorConfig?: { Mode?: string } } | undefined;
    states.add(type === 'Map' && processor?.ProcessorConfig?.Mode === 'DISTRIBUTED' ? 'Map (distributed)' : type);
    for (const b of (s.Branches as unknown[] | undefined) ?? []) collect(b, states, languages, lang);
    if (processor) collect(processor, states, languages, lang);
  }
}

describe('the corpus', () => {
  test('has at least 15 exports, JSON and YAML, every state type and both query languages', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files.some((f) => f.endsWith('.json'))).toBe(true);
    expect(files.some((f) => /\.ya?ml$/.test(f))).toBe(true);
    const states = new Set<string>();
    const languages = new Set<string>();
    for (const f of files) collect(parsed(f), states, languages);
    expect([...states].sort()).toEqual(['Choice', 'Fail', 'Map', 'Map (distributed)', 'Parallel', 'Pass', 'Succeed', 'Task', 'Wait']);
    expect([...languages].sort()).toEqual(['JSONPath', 'JSONata']);
  });
});

describe.each(files)('%s', (f) => {
  const result = run(f);

  test('is a valid definition for the project validator', () => {
    expect(errorsOf(result.problems)).toEqual([]);
  });

  test('renders back to the export exactly', () => {
    const template = Template.parse(result.text, target(f));
    const rendered = template.render(result.values);
    expect(JSON.parse(rendered)).toEqual(parsed(f));
    // Member order too (JSON.parse would put integer-like keys first, so compare the source order).
    expect([...readExport(rendered, 'rendered.json').keyOrder]).toEqual([...readExport(load(f), f).keyOrder]);
    // And the project's own check (placeholders, values, States Language) accepts template and values.
    expect(errorsOf(checkDefinition(template, result.values).problems)).toEqual([]);
    // Without values too, as `sfn validate` checks templates (typed stand-ins; a placeholder followed
    // by a version or alias, `"${FnArn}:live"`, stands in as a function ARN).
    expect(errorsOf(checkDefinition(template).problems)).toEqual([]);
  });

  test('is two-space JSON ending with a newline, every identifier a placeholder', () => {
    expect(result.text.endsWith('}\n')).toBe(true);
    // JSON.stringify's layout (where no integer-like member name makes JSON.parse reorder members).
    if (!/"\d+":/.test(result.text)) expect(result.text).toBe(`${JSON.stringify(JSON.parse(result.text), null, 2)}\n`);
    expect(result.text.split('\n').every((l) => /^( {2})*\S/.test(l) || l === '')).toBe(true);
    const template = Template.parse(result.text, target(f));
    expect(new Set(template.names)).toEqual(new Set(Object.keys(result.values)));
    // The same identifier always gets the same name: no two names share a value.
    const values = Object.values(result.values).map((v) => JSON.stringify(v));
    expect(new Set(values).size).toBe(values.length);
  });
});

describe('what is detected and how it is named', () => {
  const values = (f: string) => run(f).values;

  test('Lambda ARNs with $LATEST, unqualified, versions and aliases', () => {
    expect(values('crm-lead.json')).toEqual({
      ReceiveLeadFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:ReceiveLead:$LATEST',
      CreateClientFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:CreateClient:$LATEST',
      CreatePartnerFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:CreatePartner:$LATEST',
      CatchErrorsFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:CatchErrors:$LATEST',
    });
    const r = run('wait-for-callback.json');
    expect(r.values).toEqual({
      ApprovalsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals',
      FulfilFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Fulfil',
      FulfilmentTopicArn: 'arn:aws:sns:us-east-1:123456789012:fulfilment.fifo',
    });
    // A version or an alias stays in the template, after the placeholder, and is reported.
    expect(r.text).toContain('"FunctionName": "${FulfilFunctionArn}:7"');
    expect(r.text).toContain('"Resource": "${FulfilFunctionArn}:live"');
    expect(r.notes.map((n) => n.message).filter((m) => m.includes('qualifier'))).toHaveLength(2);
    // ...saying that the deployed function has no such version or alias unless someone creates it.
    for (const m of r.notes.map((n) => n.message).filter((x) => x.includes('qualifier')))
      expect(m).toMatch(/the deployed function must have that version or alias, and this project publishes none for functions\//);
  });

  test('queues, topics, tables, buses, buckets, state machines and activities', () => {
    expect(values('notify-sqs-sns.json')).toEqual({
      OrdersQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
      LedgerQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/ledger.fifo',
      OrderAlertsTopicArn: 'arn:aws:sns:us-east-1:123456789012:order-alerts',
    });
    expect(values('orders-dynamodb.json')).toEqual({ OrdersTableName: 'Orders', OrderAuditTableName: 'order-audit' });
    expect(values('events.json')).toEqual({ CrmEventBusName: 'crm', PartnersEventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/partners' });
    expect(run('events.json').text).toContain('"EventBusName": "default"');
    expect(values('nested-sfn.json')).toEqual({
      ShippingStateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Shipping',
      ManualApprovalActivityArn: 'arn:aws:states:us-east-1:123456789012:activity:ManualApproval',
      ArchiverStateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Archiver',
    });
    expect(values('distributed-map-s3.json')).toEqual({
      StagingDataBucketName: 'staging-data',
      RawDataBucketName: 'raw-data-123456789012',
      ProcessObjectFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:process-object:$LATEST',
      ResultsBucketName: 'results-bucket',
      Region: 'us-east-1',
      AccountId: '123456789012',
      ResultsBucketArn: 'arn:aws:s3:::results-bucket',
    });
    expect(run('distributed-map-s3.json').text).toContain('"CopySource": "${RawDataBucketName}/manifests/today.json"');
    expect(values('aws-sdk.yaml')).toEqual({
      CustomerEventsTableName: 'CustomerEvents',
      CustomerExportsBucketName: 'customer-exports',
      SummariseEventsFunctionName: 'summarise-events',
      CustomersEventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/customers',
    });
  });

  test('regions and account ids inside other ARNs; the same name in two places is told apart in order', () => {
    const r = run('cross-region.json');
    expect(r.values).toEqual({
      ReplicateFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:Replicate',
      ReplicateFunctionArn2: 'arn:aws:lambda:eu-west-1:123456789012:function:Replicate',
      AccountId: '999999999999',
      ReplicateFunctionArn3: 'arn:aws:lambda:eu-west-1:999999999999:function:Replicate',
      Region: 'us-east-1',
      AccountId2: '123456789012',
    });
    expect(r.text).toContain('"RoleArn": "arn:aws:iam::${AccountId}:role/cross-account-invoker"');
    expect(r.text).toContain('"KeyId": "arn:aws:kms:${Region}:${AccountId2}:key/1234abcd-12ab-34cd-56ef-1234567890ab"');
    expect(values('ecs-batch.json')).toEqual({ Region: 'us-west-2', AccountId: '123456789012' });
  });

  test("this project's deployment prefixes are stripped from resource names", () => {
    expect(Object.keys(values('deployed-by-project.json'))).toEqual(['TakeOrderFunctionArn', 'OrdersTableName', 'ArchiveBucketName']);
  });
});

describe('ambiguous places are reported at file:line:column and left unchanged', () => {
  test('Comment, intrinsic function, a "$" right before, and literal ${ kept as text', () => {
    const r = run('comments.json');
    const notes = r.notes.map((n) => `${n.line}:${n.column}: ${n.message.replace(/:.*$/, '')}`);
    expect(notes).toEqual([
      '2:21: function arn',
      '7:41: queue https',
      '9:52: region us-east-1 inside an intrinsic function',
      '9:62: account id 123456789012 inside an intrinsic function',
      '10:28: literal ${ kept as text (written $${ in the template)',
      '11:20: topic arn',
      '12:22: literal ${ kept as text (written $${ in the template)',
      '13:71: literal ${ kept as text (written $${ in the template)',
    ]);
    for (const n of r.notes) expect(n.file).toBe('comments.json');
    expect(r.notes[0].message).toContain('inside a Comment: left unchanged');
    expect(r.text).toContain('"Comment": "Calls arn:aws:lambda:us-east-1:123456789012:function:Audit in the end"');
    expect(r.text).toContain('"literal": "$$${already} and %%%{escaped}"');
    expect(r.text).toContain('"mixed": "topic ${PricesTopicArn} for $${who}"');
    // The text at each reported position is what the note names.
    const lines = load('comments.json').split('\n');
    expect(lines[1].slice(20)).toMatch(/^arn:aws:lambda/);
    expect(lines[8].slice(51)).toMatch(/^us-east-1/);
  });

  test('in a YAML export, at the line and column of the YAML text', () => {
    const r = run('aws-sdk.yaml');
    expect(r.notes.map((n) => `${n.file}:${n.line}:${n.column}: ${n.message}`)).toEqual([
      'aws-sdk.yaml:26:18: function arn:aws:lambda:us-east-1:123456789012:function:summarise-v1 inside a Comment: left unchanged (replace it by hand if it must vary by environment)',
    ]);
    expect(load('aws-sdk.yaml').split('\n')[25].slice(17)).toMatch(/^arn:aws:lambda:/);
  });

  test('an ARN inside a JSONata expression', () => {
    const r = run('jsonata-basic.json');
    expect(r.notes.map((n) => [n.line, n.column, n.message.split(':')[0]])).toEqual([
      [26, 38, 'region us-east-1 inside a JSONata expression'],
      [26, 48, 'account id 123456789012 inside a JSONata expression'],
    ]);
    expect(r.text).toContain(`"TopicArn": "{% 'arn:aws:sns:us-east-1:123456789012:' & $states.input.team %}"`);
  });
});
