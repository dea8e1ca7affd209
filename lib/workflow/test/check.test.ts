/**
 * Workflow declarations are checked as strictly as the templates: the schema built from the table
 * of kinds (unknown fields, unknown kinds, wrong types) and the checks across fields and the project
 * (lib/workflow/check.ts), each problem one line naming the workflow, the field and the nearest
 * valid name; and synth fails on them before building a stack (modules/app.ts).
 *
 * AWS's limits on names: Lambda FunctionName 1-64 characters (Lambda API Reference, CreateFunction);
 * state machine name 1-80 (Step Functions API Reference, CreateStateMachine); EventBridge rule name
 * 1-64 (EventBridge API Reference, PutRule); SQS queue name up to 80 characters, `.fifo` included
 * (SQS API Reference, CreateQueue); S3 bucket names 3-63 characters of lower-case letters, digits,
 * dots and hyphens (S3 User Guide, "Bucket naming rules").
 */
import { buildApp } from '../../../modules/app';
import { fixtureApp, FIXTURE_PROJECT, fixtureWorkflows } from '../../test/fixture-project';
import { loadEnvironments } from '../../environments/environments';
import { fixtureEnvironments } from '../../test/fixture-project';
import { checkDeclarations, declarationIssues, DeclarationError, formatIssue, type DeclarationContext } from '../check';
import { bus, existing, fn, output, queue, stateMachine, table, topic, uses, value, type WorkflowDeclaration } from '../declaration';

const dev = loadEnvironments(fixtureEnvironments).find((e) => e.name === 'dev')!;
const ctx: DeclarationContext = { root: FIXTURE_PROJECT, namePrefix: dev.namePrefix, workflows: ['greet', 'fanout', 'transfer'], components: [] };

/** A valid declaration of the fixture project (its `greet` function exists), with `extra` over it. */
function greet(extra: Record<string, unknown> = {}): WorkflowDeclaration {
  return {
    name: 'greet',
    description: 'Greets',
    functions: { greet: { timeout: 5 } },
    bindings: { ProcessingLambda: fn('greet') },
    sampleInput: { name: 'Ada' },
    ...extra,
  } as WorkflowDeclaration;
}

const lines = (value: unknown, c: DeclarationContext = ctx) => declarationIssues(value, 0, c).map(formatIssue);

test("the fixture project's declarations are valid", () => {
  const declarations = fixtureWorkflows.map((w) => w(dev));
  expect(() => checkDeclarations(declarations, ctx)).not.toThrow();
  expect(lines(greet())).toEqual([]);
});

describe('the schema', () => {
  test('a misspelled field names the workflow, the field and the nearest valid one', () => {
    expect(lines(greet({ trigers: [] }))).toEqual(['workflow "greet", field "trigers": unknown field (check its spelling: did you mean "triggers"?)']);
    expect(lines(greet({ functions: { greet: { timeuot: 5 } } }))).toEqual([
      'workflow "greet", field "functions.greet.timeuot": unknown field (check its spelling: did you mean "timeout"?)',
    ]);
    expect(lines(greet({ tables: { orders: { partitionKey: { name: 'id', type: 'S' }, sortkey: { name: 'at', type: 'N' } } } }))).toEqual([
      'workflow "greet", field "tables.orders.sortkey": unknown field (check its spelling: did you mean "sortKey"?)',
    ]);
  });

  test('a binding of a kind that does not exist names the kinds', () => {
    expect(lines(greet({ bindings: { ProcessingLambda: { kind: 'tabel', name: 'orders' } } }))).toEqual([
      'workflow "greet", field "bindings.ProcessingLambda.kind": unknown kind "tabel" (did you mean "table"?); the kinds are: value, function, table, queue, topic, bus, bucket, stateMachine, activity',
    ]);
  });

  test('wrong types and values name the field', () => {
    expect(lines(greet({ type: 'EXPRES', functions: { greet: { timeout: 901 } } }))).toEqual([
      'workflow "greet", field "type": Invalid option: expected one of "STANDARD"|"EXPRESS"',
      'workflow "greet", field "functions.greet.timeout": Too big: expected number to be <=900',
    ]);
    expect(lines(greet({ name: 'Greet Me' }))[0]).toBe('workflow "Greet Me", field "name": must be lower-case letters and digits in words joined by "-" (e.g. crm-lead)');
    expect(lines(42)).toEqual(['workflow workflows[0]: Invalid input: expected object, received number']);
  });

  test('the resource fields come from the table of kinds (queues take their options, tables their keys)', () => {
    expect(lines(greet({ queues: { jobs: { fifo: 'yes' } } }))).toEqual(['workflow "greet", field "queues.jobs.fifo": Invalid input: expected boolean, received string']);
    expect(lines(greet({ tables: { orders: {} } }))).toEqual(['workflow "greet", field "tables.orders.partitionKey": required field is missing']);
    expect(lines(greet({ eventBuses: 'crm' }))).toEqual(['workflow "greet", field "eventBuses": Invalid input: expected array, received string']);
  });
});

describe('across fields and the project', () => {
  test('a binding to a resource the workflow does not declare, with the nearest declared one', () => {
    expect(lines(greet({ bindings: { ProcessingLambda: fn('greet'), Orders: table('ordrs') }, tables: { orders: { partitionKey: { name: 'id', type: 'S' } } } }))).toEqual([
      `workflow "greet", field "bindings.Orders.name": DynamoDB table "ordrs" is not declared in "tables" (did you mean "orders"?); declared: orders; an existing one binds with existing('<its ARN>', { actions })`,
    ]);
    expect(lines(greet({ bindings: { ProcessingLambda: fn('gret') } }))).toEqual([
      'workflow "greet", field "bindings.ProcessingLambda.name": Lambda function "gret" is not declared in "functions" (did you mean "greet"?); declared: greet',
    ]);
  });

  test('uses of an undeclared resource, and actions of another service', () => {
    const functions = { greet: { uses: { JOBS: uses(queue('job'), ['sqs:SendMessage']), ORDERS: uses(table('orders'), ['sqs:SendMessage']) } } };
    expect(lines(greet({ functions, queues: { jobs: {} }, tables: { orders: { partitionKey: { name: 'id', type: 'S' } } } }))).toEqual([
      expect.stringMatching(/^workflow "greet", field "functions\.greet\.uses\.JOBS\.binding\.name": SQS queue "job" is not declared in "queues" \(did you mean "jobs"\?\)/),
      'workflow "greet", field "functions.greet.uses.ORDERS.actions[0]": "sqs:SendMessage" is not an action of dynamodb, the service of a DynamoDB table (e.g. "dynamodb:...")',
    ]);
  });

  test('a trigger on an undeclared bus, a state machine of no workflow, an unregistered component', () => {
    expect(
      lines(
        greet({
          eventBuses: ['crm'],
          triggers: [{ kind: 'event', bus: 'crn', pattern: { source: ['x'] } }],
          bindings: { ProcessingLambda: fn('greet'), Child: stateMachine('fanot') },
          functions: { greet: { environment: { API: output('crm-ap', 'url') } } },
        }),
        { ...ctx, components: ['crm-api'] },
      ),
    ).toEqual([
      'workflow "greet", field "bindings.Child.name": stateMachine("fanot") names no workflow of the project (did you mean "fanout"?); the workflows are: greet, fanout, transfer',
      'workflow "greet", field "functions.greet.environment.API": output of component "crm-ap", which the project does not register (did you mean "crm-api"?); its components: crm-api (components in workflows/index.ts)',
      expect.stringMatching(/^workflow "greet", field "triggers\[0\]\.bus": EventBridge bus "crn" is not declared in "eventBuses" \(did you mean "crm"\?\)/),
    ]);
  });

  test('a function without functions/<name>/src/index.ts', () => {
    expect(lines(greet({ functions: { greet: {}, shout: {} } }))).toEqual([
      'workflow "greet", field "functions.shout": functions/shout/src/index.ts does not exist: write its handler there (export const handler = async (event) => ...), or remove the function',
    ]);
  });

  test("names within AWS's limits once the environment's prefix is added", () => {
    const long = 'a'.repeat(60);
    // fx-dev-greet-<queue>: 13 + 57 = 70 characters fit SQS's 80; fx-dev-greet-<bucket>-<account>: 13 + 38 + 13 = 64 do not fit S3's 63.
    expect(lines(greet({ bindings: {}, functions: {}, queues: { [long.slice(0, 57)]: {} }, buckets: { Files_A: {}, [long.slice(0, 38)]: {} } }))).toEqual([
      `workflow "greet", field "buckets.Files_A": a S3 bucket's name may hold lower-case letters and digits in words joined by "-", not "Files_A"`,
      `workflow "greet", field "buckets.${long.slice(0, 38)}": the S3 bucket "${long.slice(0, 38)}" would be named "fx-dev-greet-${long.slice(0, 38)}-123456789012" (64 characters) where AWS allows 63: shorten "${long.slice(0, 38)}" (or the workflow's name)`,
    ]);
    const name = 'w'.repeat(74);
    expect(lines({ ...greet({ bindings: {}, functions: {}, triggers: [{ kind: 'schedule', schedule: 'rate(1 day)' }] }), name })).toEqual([
      `workflow "${name}", field "name": the state machine would be named "fx-dev-${name}" (81 characters) where AWS allows 80: shorten the workflow's name`,
      `workflow "${name}", field "triggers[0]": trigger 1's rule would be named "fx-dev-${name}-schedule-1" (92 characters) where AWS allows 64: shorten the workflow's name`,
    ]);
  });

  test('two workflows of one name', () => {
    expect(() => checkDeclarations([greet(), greet()], ctx)).toThrow('workflow "greet", field "name": workflows[0] and workflows[1] are both named "greet"');
  });
});

describe('existing resources', () => {
  const alerts = 'arn:aws:sns:eu-west-1:111122223333:alerts';

  test('existing() takes its kind and name from the ARN', () => {
    expect(existing(alerts, { actions: ['sns:Publish'] })).toEqual({ kind: 'topic', name: 'alerts', existing: { arn: alerts, actions: ['sns:Publish'] } });
    expect(existing('https://sqs.eu-west-1.amazonaws.com/111122223333/jobs', { actions: ['sqs:SendMessage'] })).toMatchObject({ kind: 'unknown' });
    expect(lines(greet({ bindings: { ProcessingLambda: fn('greet'), Alerts: existing(alerts, { actions: ['sns:Publish'] }) } }))).toEqual([]);
  });

  test('an ARN that names no resource of a kind, a qualified function, actions of another service', () => {
    expect(lines(greet({ bindings: { ProcessingLambda: fn('greet'), Q: existing('https://sqs.eu-west-1.amazonaws.com/111122223333/jobs', { actions: ['sqs:SendMessage'] }) } }))).toEqual([
      'workflow "greet", field "bindings.Q": existing("https://sqs.eu-west-1.amazonaws.com/111122223333/jobs"): not the ARN of a resource a placeholder binds to (Lambda function, DynamoDB table, SQS queue, SNS topic, EventBridge bus, S3 bucket, state machine, activity), such as arn:aws:sns:eu-west-1:111122223333:alerts',
    ]);
    expect(
      lines(greet({ bindings: { ProcessingLambda: existing('arn:aws:lambda:eu-west-1:111122223333:function:other:$LATEST', { actions: ['lambda:InvokeFunction'] }), T: existing(alerts, { actions: ['sqs:SendMessage'] }) } })),
    ).toEqual([
      'workflow "greet", field "bindings.ProcessingLambda.existing.arn": "arn:aws:lambda:eu-west-1:111122223333:function:other:$LATEST": bind the unqualified function ARN (it runs $LATEST), without ":$LATEST"',
      'workflow "greet", field "bindings.T.existing.actions[0]": "sqs:SendMessage" is not an action of sns, the service of a SNS topic (e.g. "sns:...")',
    ]);
  });

  test("an existing resource named as one of the workflow's own, and uses beyond what it allows", () => {
    expect(
      lines(
        greet({
          topics: { alerts: {} },
          bindings: { ProcessingLambda: fn('greet'), Alerts: existing(alerts, { actions: ['sns:Publish'] }) },
          functions: { greet: { uses: { ALERTS: uses(existing(alerts, { actions: ['sns:Publish'] }) as never, ['sns:DeleteTopic']) } } },
        }),
      ),
    ).toEqual([
      'workflow "greet", field "bindings.Alerts.existing.arn": the workflow also declares its own SNS topic "alerts" in "topics": rename one of them (locally both would be "alerts")',
      'workflow "greet", field "functions.greet.uses.ALERTS.binding.existing.arn": the workflow also declares its own SNS topic "alerts" in "topics": rename one of them (locally both would be "alerts")',
      'workflow "greet", field "functions.greet.uses.ALERTS.actions[0]": "sns:DeleteTopic" is not among the actions its existing(...) allows (sns:Publish)',
    ]);
  });
});

describe('synth', () => {
  test('a misspelled field fails synth naming the workflow and the field, before any stack is built', () => {
    const misspelled = () => ({ ...greet(), trigers: [{ kind: 'schedule', schedule: 'rate(1 day)' }] }) as WorkflowDeclaration;
    expect(() => buildApp(fixtureApp({ workflows: [misspelled] }))).toThrow(DeclarationError);
    expect(() => buildApp(fixtureApp({ workflows: [misspelled] }))).toThrow('workflow "greet", field "trigers": unknown field (check its spelling: did you mean "triggers"?)');
  });

  test('every problem of every workflow at once, in every environment (the prod prefix is checked too)', () => {
    const broken = () => greet({ bindings: { ProcessingLambda: fn('greet'), X: value(1), Y: bus('none') } });
    try {
      buildApp(fixtureApp({ workflows: [broken, () => ({ ...greet(), name: 'other', functions: { nope: {} }, bindings: {} }) as WorkflowDeclaration] }));
      throw new Error('synth passed');
    } catch (e) {
      expect(e).toBeInstanceOf(DeclarationError);
      expect((e as DeclarationError).issues.map(formatIssue)).toEqual([
        expect.stringMatching(/^workflow "greet", field "bindings\.Y\.name": EventBridge bus "none" is not declared in "eventBuses"/),
        expect.stringMatching(/^workflow "other", field "functions\.nope": functions\/nope\/src\/index\.ts does not exist/),
      ]);
    }
    void topic;
  });
});
