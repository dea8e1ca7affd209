/**
 * Names and ARNs of the local Step Functions endpoint, as the API reference gives them:
 * - a name has 1 to 80 characters, none of whitespace, `< > { } [ ] ? * " # % \ ^ | ~ \` $ & , ; : /`
 *   or control characters (InvalidName);
 * - `arn:aws:states:<region>:<account>:stateMachine:<name>`, qualified by a version number
 *   (`...:<name>:10`) or an alias name (`...:<name>:PROD`) where the API takes one (developer guide,
 *   "State machine versions", "State machine aliases"); `...:execution:<machine>:<name>`,
 *   `...:express:<machine>:<name>`, `...:activity:<name>`, `...:mapRun:<machine>/<label>:<id>`;
 * - an alias name matches `^(?=.*[a-zA-Z_\-\.])[a-zA-Z0-9_\-\.]+$` (not only digits, so that it
 *   cannot be read as a version number; AWS-recorded message in LocalStack's
 *   test_sfn_api_aliasing snapshot).
 * A StartExecution ARN may end with `#<TestCase>`: a test case of the Step Functions Local mock
 * configuration (developer guide, "Using mocked service integrations for testing in Step
 * Functions Local").
 */
import { StepFunctionsApiError } from '../services/stepfunctions/integration';
import { validation } from './protocol';

const INVALID_NAME = /[\s<>{}[\]?*"#%\\^|~`$&,;:/\u0000-\u001f\u007f-\u009f]/;
const ALIAS_NAME = /^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/;
const ARN = /^arn:aws[\w-]*:states:([^:]*):([^:]*):(stateMachine|execution|express|activity|mapRun):([^:]+)(?::([^:]+))?(?::([^:]+))?$/;

export type ArnKind = 'stateMachine' | 'execution' | 'activity' | 'mapRun';

export function checkName(name: string): void {
  if (name.length === 0 || name.length > 80 || INVALID_NAME.test(name)) {
    // AWS's message names the name only (LocalStack's AWS-validated test_sfn_api_activities snapshot).
    throw new StepFunctionsApiError('InvalidName', `Invalid Name: '${name}'`);
  }
}

export function checkAliasName(name: string): void {
  if (name.length > 80) throw validation(`Value '${name}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`);
  if (!ALIAS_NAME.test(name)) {
    throw validation(`Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$`);
  }
}

const article: Record<ArnKind, string> = { stateMachine: 'a state machine', execution: 'an execution', activity: 'an activity', mapRun: 'a Map Run' };

/**
 * InvalidArn as AWS words it where LocalStack's AWS-validated snapshots recorded it (test_sfn_api,
 * test_sfn_api_activities, test_sfn_api_express): "Invalid ARN prefix: <arn>" for text that is not
 * an ARN, "Resource type not valid in this context: <type>" for a Step Functions ARN of another
 * resource type (an Express execution's `express:` ARN where an execution's is expected);
 * otherwise what is wrong with it.
 */
function invalidArn(arn: string, kind: ArnKind, type?: string): StepFunctionsApiError {
  if (!arn.startsWith('arn:')) return new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Invalid ARN prefix: ${arn}'`);
  if (type !== undefined && type !== kind) return new StepFunctionsApiError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${type}'`);
  return new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of ${article[kind]}`);
}

/** Checks that `arn` is a Step Functions ARN of that kind. */
export function checkArn(arn: string, kind: ArnKind): RegExpExecArray {
  const m = ARN.exec(arn);
  if (m === null || m[3] !== kind) throw invalidArn(arn, kind, m?.[3]);
  if (kind !== 'execution' && kind !== 'mapRun' && m[6] !== undefined) throw invalidArn(arn, kind);
  if (kind === 'activity' && m[5] !== undefined) throw invalidArn(arn, kind);
  return m;
}

/** A state machine ARN, unqualified or qualified by a version or an alias, with a test case (`#Case`) when allowed. */
export interface StateMachineRef {
  /** The unqualified ARN. */
  base: string;
  name: string;
  version?: number;
  alias?: string;
  testCase?: string;
}

export function parseStateMachineArn(arn: string, allowTestCase = false): StateMachineRef {
  let text = arn;
  let testCase: string | undefined;
  const hash = arn.indexOf('#');
  if (allowTestCase && hash >= 0) {
    text = arn.slice(0, hash);
    testCase = arn.slice(hash + 1);
  }
  const m = checkArn(text, 'stateMachine');
  const name = m[4];
  const base = m[5] === undefined ? text : text.slice(0, text.length - m[5].length - 1);
  const ref: StateMachineRef = { base, name, testCase };
  if (m[5] !== undefined) {
    if (/^\d+$/.test(m[5])) ref.version = Number(m[5]);
    else ref.alias = m[5];
  }
  return ref;
}

