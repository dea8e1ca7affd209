/**
 * State machine operations: CreateStateMachine, DescribeStateMachine, ListStateMachines,
 * DeleteStateMachine, ValidateStateMachineDefinition (request and response members as the Step
 * Functions API reference names them).
 */
import { describeJsonError, parseJsonValue } from '../../asl/json-source';
import { SourceError } from '../../asl/problem';
import { validateDefinition } from '../../asl/validate';
import { ApiError, optionalInteger, optionalString, page, requiredString, validation, type JsonObject } from '../protocol';
import type { StateMachineRecord, StateMachineType } from '../registry';
import type { Operation } from './types';

/** AWS's limit on a definition (API reference, CreateStateMachine `definition`: 1,048,576 characters). */
const MAX_DEFINITION = 1_048_576;

function machineType(body: JsonObject): StateMachineType | undefined {
  const type = optionalString(body, 'type');
  if (type !== undefined && type !== 'STANDARD' && type !== 'EXPRESS') throw validation(`Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
  return type;
}

export const describeMachine = (m: StateMachineRecord) => ({
  stateMachineArn: m.arn,
  name: m.name,
  status: 'ACTIVE',
  definition: m.definition,
  roleArn: m.roleArn,
  type: m.type,
  creationDate: m.creationDate,
  loggingConfiguration: { level: 'OFF', includeExecutionData: false },
  tracingConfiguration: { enabled: false },
});

/**
 * An IAM role's ARN: `arn:<partition>:iam::<12-digit account>:role/<path><name>` (IAM User Guide,
 * "IAM identifiers": role names of letters, digits and `+=,.@_-`, paths of the same and `/`).
 * AWS refuses any other roleArn of CreateStateMachine with InvalidArn.
 */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/(?:[\w+=,.@-]+\/)*[\w+=,.@-]{1,64}$/;

function roleArn(body: JsonObject): string {
  const arn = requiredString(body, 'roleArn', 256, 1);
  if (!ROLE_ARN.test(arn)) throw new ApiError('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of an IAM role (arn:aws:iam::<account>:role/<name>)`);
  return arn;
}

export const stateMachineOperations: Record<string, Operation> = {
  CreateStateMachine(registry, body) {
    const m = registry.createStateMachine({
      name: requiredString(body, 'name', 80),
      definition: requiredString(body, 'definition', MAX_DEFINITION),
      roleArn: roleArn(body),
      type: machineType(body),
    });
    return { stateMachineArn: m.arn, creationDate: m.creationDate };
  },

  DescribeStateMachine(registry, body) {
    return describeMachine(registry.stateMachine(requiredString(body, 'stateMachineArn')));
  },

  ListStateMachines(registry, body) {
    const all = [...registry.stateMachines.values()].sort((a, b) => a.name.localeCompare(b.name));
    const { items, nextToken } = page(all, body);
    return { stateMachines: items.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate })), nextToken };
  },

  DeleteStateMachine(registry, body) {
    registry.deleteStateMachine(requiredString(body, 'stateMachineArn'));
    return {};
  },

  /**
   * ValidateStateMachineDefinition: `result` OK or FAIL and `diagnostics` ({severity, code,
   * message, location: a JSON pointer}) from the project's validator (the rules AWS applies; see
   * lib/asl/validate/README.md); `severity` ERROR (default) leaves out warnings.
   */
  ValidateStateMachineDefinition(_registry, body) {
    const text = requiredString(body, 'definition', MAX_DEFINITION);
    machineType(body);
    const severity = optionalString(body, 'severity') ?? 'ERROR';
    if (severity !== 'ERROR' && severity !== 'WARNING') throw validation(`Value '${severity}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]`);
    const max = optionalInteger(body, 'maxResults', 0, 100) || 100;
    let definition: unknown;
    let diagnostics: Array<{ severity: 'ERROR' | 'WARNING'; code: string; message: string; location?: string }>;
    try {
      definition = parseJsonValue(text, 'definition');
      diagnostics = validateDefinition(definition, { text }).map((d) => ({ severity: d.severity === 'warning' ? 'WARNING' : 'ERROR', code: d.code, message: d.message, location: d.pointer || '/' }));
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      diagnostics = [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `The definition is not valid JSON: ${describeJsonError(e)}` }];
    }
    if (severity === 'ERROR') diagnostics = diagnostics.filter((d) => d.severity === 'ERROR');
    const result = diagnostics.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK';
    return { result, diagnostics: diagnostics.slice(0, max), truncated: diagnostics.length > max };
  },
};
