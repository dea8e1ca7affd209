/**
 * When synth cannot derive a task's permission (its target a literal ARN or a JSONPath), the fix it
 * prints is the declaration's `grants` field; following it as printed synthesizes, and the role then
 * holds exactly that grant. sns:Publish is the action AWS documents for `arn:aws:states:::sns:publish`
 * (https://docs.aws.amazon.com/step-functions/latest/dg/sns-iam.html).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fn, type Grant, type Workflow } from '../../lib/workflow/declaration';
import { fixtureApp } from '../../lib/test/fixture-project';
import { buildApp } from '../app';
import { parsePolicy, tempProject, ECHO_HANDLER, type Json } from './helpers';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:alerts';
const project = tempProject('sfn-grants-');
afterAll(() => project.cleanup());
beforeAll(() => {
  project.writeFunction('work', ECHO_HANDLER);
  const notify = (parameters: Record<string, unknown>) => ({
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: '${WorkFunctionArn}', 'Payload.$': '$' }, ResultPath: null, Next: 'Notify' },
      Notify: { Type: 'Task', Resource: 'arn:aws:states:::sns:publish', Parameters: { Message: 'done', ...parameters }, End: true },
    },
  });
  project.writeTemplate('literal', JSON.stringify(notify({ TopicArn: TOPIC }), null, 2));
  project.writeTemplate('dynamic', JSON.stringify(notify({ 'TopicArn.$': '$.topic' }), null, 2));
});

const workflow =
  (name: string, grants?: Grant[]): Workflow =>
  () => ({ name, description: 'works, then notifies', functions: { work: {} }, bindings: { WorkFunctionArn: fn('work') }, grants, sampleInput: {} });

function synth(w: Workflow, name: string): Json {
  const outdir = fs.mkdtempSync(path.join(project.root, 'out-'));
  buildApp(fixtureApp({ outdir, projectRoot: project.root, workflows: [w] })).synth();
  return JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', `${name}-dev`, 'cdk.tf.json'), 'utf8'));
}

/** The message synth fails with. */
function failure(w: Workflow, name: string): string {
  try {
    synth(w, name);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth passed');
}

/** The `grants: [...]` the message prints, as the value a person pastes into the declaration. */
function printedGrants(message: string): Grant[] {
  const snippet = /add to the workflow's declaration grants: (\[.*?\}\])/.exec(message)?.[1];
  if (snippet === undefined) throw new Error(`no grants in: ${message}`);
  return new Function(`return ${snippet}`)() as Grant[];
}

const stateMachineStatements = (json: Json) =>
  parsePolicy(Object.entries<Json>(json.resource.aws_iam_role_policy).find(([id]) => id.startsWith('workflow_'))![1].policy).Statement;

test('a literal ARN: the printed grants field, pasted as printed, synthesizes and is the role\'s statement on that ARN', () => {
  const message = failure(workflow('literal'), 'literal');
  expect(message).toMatch(/^statemachine\/literal\.asl\.json:\d+:\d+: state "Notify": Parameters\.TopicArn is a literal, not bound to a topic of this project/);
  const grants = printedGrants(message);
  expect(grants).toEqual([{ states: ['Notify'], actions: ['sns:Publish'], resources: [TOPIC] }]);
  const json = synth(workflow('literal', grants), 'literal');
  expect(stateMachineStatements(json)).toContainEqual({ Effect: 'Allow', Action: ['sns:Publish'], Resource: [TOPIC] });
});

test('a JSONPath target: the printed field names the ARN to give, and works once given', () => {
  const message = failure(workflow('dynamic'), 'dynamic');
  const printed = printedGrants(message);
  expect(printed).toEqual([{ states: ['Notify'], actions: ['sns:Publish'], resources: ['<ARN>'] }]);
  expect(message).toContain('(the ARN of every resource it may reach)');
  // As printed, the placeholder <ARN> is refused for what it is.
  expect(failure(workflow('dynamic', printed), 'dynamic')).toContain('grants[0]: resource "<ARN>" is not an ARN');
  const json = synth(workflow('dynamic', [{ ...printed[0], resources: [TOPIC] }]), 'dynamic');
  expect(stateMachineStatements(json)).toContainEqual({ Effect: 'Allow', Action: ['sns:Publish'], Resource: [TOPIC] });
});

test('a grant lacking the action the task needs, or naming no state of the template, is refused', () => {
  expect(failure(workflow('literal', [{ states: ['Notify'], actions: ['sns:GetTopicAttributes'], resources: [TOPIC] }]), 'literal')).toContain(
    'state "Notify": Parameters.TopicArn is a literal, not bound to a topic of this project; the grants naming this state lack sns:Publish',
  );
  expect(failure(workflow('literal', [{ states: ['Notfy'], actions: ['sns:Publish'], resources: [TOPIC] }]), 'literal')).toContain('grants[0]: state "Notfy" is not a state of this definition');
});
