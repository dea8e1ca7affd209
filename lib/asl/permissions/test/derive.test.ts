/**
 * The permissions derived from a definition, integration by integration, against the policies
 * AWS documents for Step Functions' integrations (each test names its page), and the failures
 * for targets only known at run time.
 */
import { standIns } from '../../check';
import { Template } from '../../template';
import { derivePermissions, resolveStatements, sdkAction, validateGrants, type BindingInfo, type Grant } from '..';
import type { PolicyStatement } from '../../../iam/policy';

const REGION = 'eu-west-1';
const ACCOUNT = '123456789012';
const arnOf: Record<string, { arn: string; kmsKeyArn?: string; stateMachineName?: string }> = {
  Fn: { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:fn` },
  Orders: { arn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`, kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1` },
  Jobs: { arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:jobs`, kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k1` },
  Alerts: { arn: `arn:aws:sns:${REGION}:${ACCOUNT}:alerts` },
  Bus: { arn: `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/crm` },
  Child: { arn: `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:child`, stateMachineName: 'child' },
  Approve: { arn: `arn:aws:states:${REGION}:${ACCOUNT}:activity:approve` },
  Data: { arn: 'arn:aws:s3:::data', kmsKeyArn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/k2` },
  Src: { arn: 'arn:aws:s3:::src' },
};
const KINDS: Record<string, BindingInfo> = {
  Fn: { kind: 'function' },
  Orders: { kind: 'table', encrypted: false },
  Jobs: { kind: 'queue', encrypted: false },
  Alerts: { kind: 'topic' },
  Bus: { kind: 'bus' },
  Child: { kind: 'stateMachine' },
  Approve: { kind: 'activity' },
  Data: { kind: 'bucket' },
  Src: { kind: 'bucket' },
  Plain: { kind: 'value' },
};

const FILE = 'statemachine/t.asl.json';
const machine = (states: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ StartAt: Object.keys(states)[0], States: states, ...extra }, null, 2);
const taskOf = (resource: string, parameters?: unknown, key: 'Parameters' | 'Arguments' = 'Parameters') => ({
  T: { Type: 'Task', Resource: resource, ...(parameters === undefined ? {} : { [key]: parameters }), End: true },
});

function derive(text: string, options: { bindings?: Record<string, BindingInfo>; grants?: Grant[] } = {}) {
  const template = Template.parse(text, FILE);
  const used = template.names;
  const bindings = options.bindings ?? Object.fromEntries(used.map((n) => [n, KINDS[n]]));
  const d = derivePermissions({ template, definition: template.renderValue(standIns(template)), bindings, grants: options.grants });
  return { ...d, template };
}
function policy(text: string, options: { bindings?: Record<string, BindingInfo>; grants?: Grant[] } = {}): PolicyStatement[] {
  const d = derive(text, options);
  expect(d.problems.map((p) => p.message)).toEqual([]);
  return resolveStatements(d.statements, {
    partition: 'aws',
    region: REGION,
    accountId: ACCOUNT,
    stateMachineName: 'parent',
    binding: (n) => arnOf[n],
  }).map(({ Sid: _sid, ...rest }) => ({ ...rest, Action: ([] as string[]).concat(rest.Action), Resource: ([] as string[]).concat(rest.Resource ?? []) }));
}
const allow = (Action: string[], Resource: string[]) => ({ Effect: 'Allow', Action, Resource });
/** Every statement of `derived` is within a statement of AWS's documented policy (same resources, actions a subset). */
function withinDocumented(derived: PolicyStatement[], documented: Array<{ Action: string[]; Resource: string[] }>) {
  for (const s of derived) {
    const match = documented.find((d) => JSON.stringify([...d.Resource].sort()) === JSON.stringify([...(s.Resource as string[])].sort()));
    expect(match).toBeDefined();
    for (const a of s.Action as string[]) expect(match!.Action).toContain(a);
  }
}

describe('each integration against the policy AWS documents', () => {
  test('Lambda, optimized: lambda:InvokeFunction on the function and its versions (lambda-iam.html)', () => {
    const p = policy(machine(taskOf('arn:aws:states:::lambda:invoke', { FunctionName: '${Fn}', 'Payload.$': '$' })));
    // https://docs.aws.amazon.com/step-functions/latest/dg/lambda-iam.html: "Resource": ["[[lambdaArn]]", "[[lambdaArn]]:*"]
    expect(p).toEqual([allow(['lambda:InvokeFunction'], [arnOf.Fn.arn, `${arnOf.Fn.arn}:*`])]);
  });

  test('Lambda, .waitForTaskToken and a function ARN as Resource: the same statement', () => {
    expect(policy(machine(taskOf('arn:aws:states:::lambda:invoke.waitForTaskToken', { FunctionName: '${Fn}', Payload: { 'token.$': '$$.Task.Token' } })))).toEqual([
      allow(['lambda:InvokeFunction'], [arnOf.Fn.arn, `${arnOf.Fn.arn}:*`]),
    ]);
    expect(policy(machine(taskOf('${Fn}')))).toEqual([allow(['lambda:InvokeFunction'], [arnOf.Fn.arn, `${arnOf.Fn.arn}:*`])]);
  });

  test('a version or alias after the function placeholder ("${Fn}:live", as sfn import writes it): the same statement, which covers <arn>:*', () => {
    const both = [allow(['lambda:InvokeFunction'], [arnOf.Fn.arn, `${arnOf.Fn.arn}:*`])];
    expect(policy(machine(taskOf('${Fn}:live')))).toEqual(both);
    expect(policy(machine(taskOf('${Fn}:7')))).toEqual(both);
    expect(policy(machine(taskOf('arn:aws:states:::lambda:invoke', { FunctionName: '${Fn}:$LATEST', 'Payload.$': '$' })))).toEqual(both);
    // Anything else around the placeholder is still refused: the target is not known.
    expect(derive(machine(taskOf('${Fn}:live:extra'))).problems).toHaveLength(1);
    expect(derive(machine(taskOf('arn:aws:states:::lambda:invoke', { FunctionName: 'x${Fn}:live' }))).problems).toHaveLength(1);
    // The stand-in of a qualified placeholder is a function ARN, so the rendered Resource is a valid qualified ARN.
    const template = Template.parse(machine(taskOf('${Fn}:live')), FILE);
    expect(template.renderValue(standIns(template))).toMatchObject({ States: { T: { Resource: 'arn:aws:lambda:us-east-1:123456789012:function:Fn:live' } } });
  });

  test.each(['getItem', 'putItem', 'updateItem', 'deleteItem'])('DynamoDB %s: that one action on the table (dynamo-iam.html)', (api) => {
    const p = policy(machine(taskOf(`arn:aws:states:::dynamodb:${api}`, { TableName: '${Orders}', Key: { id: { S: '1' } } })));
    const action = `dynamodb:${api[0].toUpperCase()}${api.slice(1)}`;
    expect(p).toEqual([allow([action], [arnOf.Orders.arn])]);
    // https://docs.aws.amazon.com/step-functions/latest/dg/dynamo-iam.html, static resources.
    withinDocumented(p, [{ Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'], Resource: [arnOf.Orders.arn] }]);
  });

  test('SQS sendMessage: sqs:SendMessage on the queue (sqs-iam.html)', () => {
    const p = policy(machine(taskOf('arn:aws:states:::sqs:sendMessage', { QueueUrl: '${Jobs}', 'MessageBody.$': '$' })));
    expect(p).toEqual([allow(['sqs:SendMessage'], [arnOf.Jobs.arn])]);
  });

  test('SNS publish: sns:Publish on the topic (sns-iam.html)', () => {
    const p = policy(machine(taskOf('arn:aws:states:::sns:publish', { TopicArn: '${Alerts}', 'Message.$': '$' })));
    expect(p).toEqual([allow(['sns:Publish'], [arnOf.Alerts.arn])]);
  });

  test('EventBridge putEvents: events:PutEvents on each bus named, the default bus when none is (eventbridge-iam.html)', () => {
    const p = policy(
      machine(taskOf('arn:aws:states:::events:putEvents', { Entries: [{ EventBusName: '${Bus}', Source: 'a', DetailType: 'b', Detail: {} }, { Source: 'c', DetailType: 'd', Detail: {} }] })),
    );
    expect(p).toEqual([allow(['events:PutEvents'], [arnOf.Bus.arn, `arn:aws:events:${REGION}:${ACCOUNT}:event-bus/default`])]);
  });

  test('Step Functions startExecution: request-response and waitForTaskToken start only (stepfunctions-iam.html, asynchronous)', () => {
    for (const r of ['arn:aws:states:::states:startExecution', 'arn:aws:states:::states:startExecution.waitForTaskToken'])
      expect(policy(machine(taskOf(r, { StateMachineArn: '${Child}', Input: { 'token.$': '$$.Task.Token' } })))).toEqual([allow(['states:StartExecution'], [arnOf.Child.arn])]);
  });

  test.each(['.sync', '.sync:2'])('Step Functions startExecution%s: the documented synchronous policy exactly (stepfunctions-iam.html)', (suffix) => {
    const p = policy(machine(taskOf(`arn:aws:states:::states:startExecution${suffix}`, { StateMachineArn: '${Child}', 'Input.$': '$' })));
    // https://docs.aws.amazon.com/step-functions/latest/dg/stepfunctions-iam.html, "Synchronous".
    expect(p).toEqual([
      allow(['states:StartExecution'], [`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:child`]),
      allow(['states:DescribeExecution', 'states:StopExecution'], [`arn:aws:states:${REGION}:${ACCOUNT}:execution:child:*`]),
      allow(['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], [`arn:aws:events:${REGION}:${ACCOUNT}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`]),
    ]);
  });

  test('an activity needs no permission of the state machine role (its worker polls it)', () => {
    expect(policy(machine(taskOf('${Approve}')))).toEqual([]);
  });

  test('aws-sdk:<service>:<api> maps to <service>:<Api> on the bound resource', () => {
    expect(policy(machine(taskOf('arn:aws:states:::aws-sdk:dynamodb:query', { TableName: '${Orders}', KeyConditionExpression: 'id = :id' })))).toEqual([
      allow(['dynamodb:Query'], [arnOf.Orders.arn]),
    ]);
    expect(policy(machine(taskOf('arn:aws:states:::aws-sdk:sqs:getQueueAttributes', { QueueUrl: '${Jobs}' })))).toEqual([allow(['sqs:GetQueueAttributes'], [arnOf.Jobs.arn])]);
    expect(policy(machine(taskOf('arn:aws:states:::aws-sdk:sfn:describeStateMachine', { StateMachineArn: '${Child}' })))).toEqual([
      allow(['states:DescribeStateMachine'], [arnOf.Child.arn]),
    ]);
    expect(sdkAction('eventbridge', 'putEvents')).toBe('events:PutEvents');
    expect(sdkAction('lambda', 'invoke')).toBe('lambda:InvokeFunction');
  });

  test('KMS: a target encrypted with a customer key adds the key actions on that key, only through the service', () => {
    const text = machine(taskOf('arn:aws:states:::sqs:sendMessage', { QueueUrl: '${Jobs}', MessageBody: 'x' }));
    const p = policy(text, { bindings: { Jobs: { kind: 'queue', encrypted: true } } });
    expect(p).toEqual([
      allow(['sqs:SendMessage'], [arnOf.Jobs.arn]),
      { ...allow(['kms:GenerateDataKey', 'kms:Decrypt'], [arnOf.Jobs.kmsKeyArn!]), Condition: { StringEquals: { 'kms:ViaService': `sqs.${REGION}.amazonaws.com` } } },
    ]);
  });

  test('Distributed Map: StartExecution of this state machine, Describe/StopExecution of its child executions (iam-policies-eg-dist-map.html)', () => {
    const p = policy(
      machine({
        M: {
          Type: 'Map',
          ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'I', States: { I: { Type: 'Task', Resource: '${Fn}', End: true } } },
          End: true,
        },
      }),
    );
    expect(p).toEqual([
      allow(['lambda:InvokeFunction'], [arnOf.Fn.arn, `${arnOf.Fn.arn}:*`]),
      allow(['states:StartExecution'], [`arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:parent`, `arn:aws:states:${REGION}:${ACCOUNT}:stateMachine:parent:*`]),
      allow(['states:DescribeExecution', 'states:StopExecution'], [`arn:aws:states:${REGION}:${ACCOUNT}:execution:parent/*`]),
    ]);
  });

  test('nested states (Parallel branches, inline Map) are included, and the same target is granted once', () => {
    const inner = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${Fn}' }, End: true };
    const p = policy(
      machine({
        P: { Type: 'Parallel', Branches: [{ StartAt: 'A', States: { A: inner } }, { StartAt: 'B', States: { B: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: '${Alerts}', Message: 'x' }, End: true } } }], Next: 'M' },
        M: { Type: 'Map', ItemProcessor: { StartAt: 'C', States: { C: inner } }, End: true },
      }),
    );
    expect(p).toEqual([allow(['lambda:InvokeFunction'], [arnOf.Fn.arn, `${arnOf.Fn.arn}:*`]), allow(['sns:Publish'], [arnOf.Alerts.arn])]);
  });

  test('JSONata Arguments are read like Parameters', () => {
    const text = JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'T', States: taskOf('arn:aws:states:::sqs:sendMessage', { QueueUrl: '${Jobs}', MessageBody: '{% $states.input %}' }, 'Arguments') });
    expect(policy(text)).toEqual([allow(['sqs:SendMessage'], [arnOf.Jobs.arn])]);
  });

  test('each typed placeholder renders in the form its field needs', () => {
    const d = derive(
      machine({
        A: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl: '${Jobs}', MessageBody: 'x' }, Next: 'B' },
        B: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: '${Orders}', Key: {} }, Next: 'C' },
        C: { Type: 'Task', Resource: 'arn:aws:states:::events:putEvents', Parameters: { Entries: [{ EventBusName: '${Bus}' }] }, Next: 'D' },
        D: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { TopicArn: '${Alerts}', Message: 'x' }, End: true },
      }),
    );
    expect(d.forms).toEqual({ Jobs: 'url', Orders: 'name', Bus: 'name', Alerts: 'arn' });
  });
});

describe('Amazon S3: aws-sdk:s3 tasks and Distributed Map readers and writers', () => {
  const B = arnOf.Data.arn;
  const via = (actions: string[]) => ({ ...allow(actions, [arnOf.Data.kmsKeyArn!]), Condition: { StringEquals: { 'kms:ViaService': `s3.${REGION}.amazonaws.com` } } });
  const sdk = (api: string, params: Record<string, unknown>) => machine(taskOf(`arn:aws:states:::aws-sdk:s3:${api}`, params));

  test.each([
    ['getObject', 's3:GetObject'],
    ['headObject', 's3:GetObject'],
    ['putObject', 's3:PutObject'],
    ['deleteObject', 's3:DeleteObject'],
  ])('aws-sdk:s3:%s: %s on the object, `bucket/*` when the key is dynamic (supported-services-awssdk.html; S3 actions)', (api, action) => {
    expect(policy(sdk(api, { Bucket: '${Data}', Key: 'in/a.csv' }))).toEqual([allow([action], [`${B}/in/a.csv`])]);
    expect(policy(sdk(api, { Bucket: '${Data}', 'Key.$': '$.key' }))).toEqual([allow([action], [`${B}/*`])]);
  });

  test('aws-sdk:s3:listObjectsV2: s3:ListBucket on the bucket, a literal Prefix as s3:prefix (iam-policies-eg-dist-map.html)', () => {
    expect(policy(sdk('listObjectsV2', { Bucket: '${Data}' }))).toEqual([allow(['s3:ListBucket'], [B])]);
    expect(policy(sdk('listObjectsV2', { Bucket: '${Data}', Prefix: 'processImages' }))).toEqual([
      { ...allow(['s3:ListBucket'], [B]), Condition: { StringLike: { 's3:prefix': ['processImages'] } } },
    ]);
  });

  test('aws-sdk:s3:copyObject: s3:GetObject on the source object, s3:PutObject on the target', () => {
    expect(policy(sdk('copyObject', { CopySource: '${Src}/in/a.csv', Bucket: '${Data}', Key: 'out/a.csv' }))).toEqual([
      allow(['s3:GetObject'], [`${arnOf.Src.arn}/in/a.csv`]),
      allow(['s3:PutObject'], [`${B}/out/a.csv`]),
    ]);
  });

  test('the bucket renders as its name in Bucket and CopySource', () => {
    const d = derive(sdk('copyObject', { CopySource: '${Src}/k', Bucket: '${Data}', Key: 'k' }));
    expect(d.forms).toEqual({ Src: 'name', Data: 'name' });
  });

  test('an encrypted bucket: kms:Decrypt to read, kms:GenerateDataKey and kms:Decrypt to write, through S3 only', () => {
    const enc = { bindings: { Data: { kind: 'bucket', encrypted: true } as BindingInfo } };
    expect(policy(sdk('getObject', { Bucket: '${Data}', Key: 'k' }), enc)).toEqual([allow(['s3:GetObject'], [`${B}/k`]), via(['kms:Decrypt'])]);
    expect(policy(sdk('putObject', { Bucket: '${Data}', Key: 'k' }), enc)).toEqual([allow(['s3:PutObject'], [`${B}/k`]), via(['kms:GenerateDataKey', 'kms:Decrypt'])]);
    expect(policy(sdk('listObjectsV2', { Bucket: '${Data}' }), enc)).toEqual([allow(['s3:ListBucket'], [B])]);
  });

  const distributed = (extra: Record<string, unknown>) =>
    machine({
      M: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, ...extra, End: true },
    });
  const s3Only = (p: PolicyStatement[]) => p.filter((st) => !(st.Action as string[]).some((a) => a.startsWith('states:')));

  test('ItemReader s3:getObject of a CSV file: s3:GetObject on that object (iam-policies-eg-dist-map.html, "Example using a CSV file")', () => {
    const p = s3Only(policy(distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: '${Data}', Key: 'csvDataset/ratings.csv' } } })));
    expect(p).toEqual([allow(['s3:GetObject'], [`${B}/csvDataset/ratings.csv`])]);
  });

  test('ItemReader of an S3 inventory manifest: the manifest and its data files (iam-policies-eg-dist-map.html, "Example using an Amazon S3 inventory")', () => {
    const p = s3Only(
      policy(distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'MANIFEST' }, Parameters: { Bucket: '${Data}', Key: 'myPrefix/source/config-id/2024-01-01T00-00Z/manifest.json' } } })),
    );
    expect(p).toEqual([allow(['s3:GetObject'], [`${B}/myPrefix/source/config-id/2024-01-01T00-00Z/manifest.json`, `${B}/myPrefix/source/config-id/data/*`])]);
  });

  test('ItemReader s3:listObjectsV2: s3:ListBucket with the prefix, s3:GetObject under it (iam-policies-eg-dist-map.html, "Example using ListObjectsV2")', () => {
    const p = s3Only(policy(distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: '${Data}', Prefix: 'path/to/your/json/' } } })));
    expect(p).toEqual([
      { ...allow(['s3:ListBucket'], [B]), Condition: { StringLike: { 's3:prefix': ['path/to/your/json/'] } } },
      allow(['s3:GetObject'], [`${B}/path/to/your/json/*`]),
    ]);
  });

  test('ResultWriter: the documented four actions on `bucket/<prefix>/*`, and kms:Decrypt/Encrypt/GenerateDataKey on an encrypted bucket (iam-policies-eg-dist-map.html)', () => {
    const text = distributed({ ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: '${Data}', Prefix: 'csvJobs' } } });
    expect(s3Only(policy(text))).toEqual([allow(['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], [`${B}/csvJobs/*`])]);
    expect(s3Only(policy(text, { bindings: { Data: { kind: 'bucket', encrypted: true } } }))).toEqual([
      allow(['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'], [`${B}/csvJobs/*`]),
      via(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey']),
    ]);
  });

  test('a dynamic bucket fails synth, located, with a grants example; a bucket placeholder bound to a table is refused', () => {
    const text = distributed({ ItemReader: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { 'Bucket.$': '$.bucket', Key: 'k' } } });
    const d = derive(text);
    const before = text.slice(0, text.indexOf('"Bucket.$"')).split('\n');
    expect(d.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^${FILE.replace(/\./g, '\\.')}:${before.length}:${before[before.length - 1].length + 1}: state "M": Parameters\\.Bucket\\.\\$ is a JSONPath \\("\\$\\.bucket"\\).*grants: \\[\\{ states: \\['M'\\], actions: \\['s3:GetObject'\\]`)),
    ]);
    expect(derive(sdk('putObject', { 'Bucket.$': '$.b', Key: 'k' })).problems[0].message).toMatch(/state "T": Parameters\.Bucket\.\$ is a JSONPath.*s3:PutObject/);
    expect(derive(sdk('getObject', { Bucket: '${Orders}', Key: 'k' })).problems[0].message).toMatch(/Bucket needs a bucket, but \$\{Orders\} is bound to a table/);
    expect(derive(sdk('selectObjectContent', { Bucket: '${Data}' })).problems[0].message).toMatch(/aws-sdk:s3:selectObjectContent has no entry/);
  });
});

describe('targets that cannot be known at synth time fail, located, saying how to grant them', () => {
  const lineCol = (text: string, needle: string) => {
    const before = text.slice(0, text.indexOf(needle)).split('\n');
    return `${FILE}:${before.length}:${before[before.length - 1].length + 1}`;
  };
  const messages = (text: string, grants?: Grant[]) => {
    const d = derive(text, { grants });
    return d.problems.map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  };

  test('a JSONPath FunctionName: the state, the field, and a grants example', () => {
    const text = machine({ 'Call it': { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName.$': '$.fn' }, End: true } });
    const [m, ...rest] = messages(text);
    expect(rest).toEqual([]);
    expect(m.startsWith(`${lineCol(text, '"FunctionName.$"')}: state "Call it": Parameters.FunctionName.$ is a JSONPath ("$.fn")`)).toBe(true);
    expect(m).toContain(`grants: [{ states: ['Call it'], actions: ['lambda:InvokeFunction'], resources: ['<ARN>'] }]`);
  });

  test('a JSONata FunctionName', () => {
    const text = JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'T', States: taskOf('arn:aws:states:::lambda:invoke', { FunctionName: '{% $states.input.fn %}' }, 'Arguments') }, null, 2);
    const [m] = messages(text);
    expect(m).toMatch(new RegExp(`^${lineCol(text, '"{% $states').replace(/[.$]/g, '\\$&')}: state "T": Arguments\\.FunctionName is a JSONata expression`));
    expect(m).toContain('grants:');
  });

  test('an unbound literal ARN, in Resource or in a field, and a plain value where a typed reference is needed', () => {
    const literal = machine(taskOf('arn:aws:lambda:eu-west-1:123456789012:function:other'));
    expect(messages(literal)[0]).toMatch(/state "T": Resource "arn:aws:lambda:.*:other" is a literal ARN.*grants: \[\{ states: \['T'\], actions: \['lambda:InvokeFunction'\]/);
    const inField = machine(taskOf('arn:aws:states:::sqs:sendMessage', { QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/q', MessageBody: 'x' }));
    expect(messages(inField)[0]).toMatch(/state "T": Parameters\.QueueUrl is a literal.*sqs:SendMessage/);
    const plain = machine(taskOf('arn:aws:states:::sns:publish', { TopicArn: '${Plain}', Message: 'x' }));
    expect(messages(plain)[0]).toMatch(/Parameters\.TopicArn is \$\{Plain\}, bound to a plain value rather than a topic/);
  });

  test('a placeholder bound to the wrong kind', () => {
    expect(messages(machine(taskOf('arn:aws:states:::sqs:sendMessage', { QueueUrl: '${Alerts}', MessageBody: 'x' })))[0]).toMatch(/QueueUrl needs a queue, but \$\{Alerts\} is bound to a topic/);
  });

  test('an integration without an entry in the table', () => {
    expect(messages(machine(taskOf('arn:aws:states:::ecs:runTask.sync', { Cluster: 'c' })))[0]).toMatch(/"ecs:runTask" has no entry in the permission table.*grants:/);
  });

  test('a grant naming the state with the needed actions lets it through; one lacking them is reported', () => {
    const text = machine({ T: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName.$': '$.fn' }, End: true } });
    expect(messages(text, [{ states: ['T'], actions: ['lambda:InvokeFunction'], resources: ['arn:aws:lambda:eu-west-1:123456789012:function:x'] }])).toEqual([]);
    expect(messages(text, [{ states: ['T'], actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-1:123456789012:q'] }])[0]).toMatch(/lack lambda:InvokeFunction/);
  });
});

describe('explicit grants are validated', () => {
  test('wildcard actions, malformed actions, "*" resources and unknown states are refused', () => {
    expect(validateGrants([{ actions: ['*'], resources: ['arn:aws:s3:::b'] }])).toEqual([expect.stringMatching(/action "\*" has a wildcard/)]);
    expect(validateGrants([{ actions: ['s3:*'], resources: ['arn:aws:s3:::b'] }])).toEqual([expect.stringMatching(/wildcard/)]);
    expect(validateGrants([{ actions: ['GetObject'], resources: ['arn:aws:s3:::b'] }])).toEqual([expect.stringMatching(/not of the form/)]);
    expect(validateGrants([{ actions: ['s3:GetObject'], resources: ['*'] }])).toEqual([expect.stringMatching(/Resource "\*" is only allowed.*s3:GetObject/)]);
    expect(validateGrants([{ actions: ['s3:GetObject'], resources: ['bucket'] }])).toEqual([expect.stringMatching(/not an ARN/)]);
    expect(validateGrants([{ actions: ['s3:GetObject'], resources: [] }])).toEqual([expect.stringMatching(/resources must not be empty/)]);
    expect(validateGrants([{ actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'], states: ['Nope'] }], new Set(['T']))).toEqual([expect.stringMatching(/"Nope" is not a state/)]);
    expect(validateGrants([{ sid: 'Read', actions: ['s3:GetObject'], resources: ['arn:aws:s3:::b/*'] }, { actions: ['xray:PutTraceSegments'], resources: ['*'] }])).toEqual([]);
  });
});
