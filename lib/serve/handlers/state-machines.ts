/**
 * State machine operations: CreateStateMachine, DescribeStateMachine, ListStateMachines,
 * UpdateStateMachine, DeleteStateMachine, ValidateStateMachineDefinition (request and response
 * members as the Step Functions API reference names them; a version ARN described as that version,
 * AWS-recorded shapes in LocalStack's test_sfn_api_versioning snapshot).
 */
import { parseJson } from '../../asl/json-source';
import { SourceError } from '../../asl/problem';
import { validateDefinition, variableReferences } from '../../asl/validate';
import { expressProblems } from '../express';
import { jacksonProblem } from '../jackson';
import { ApiError, byName, optionalBoolean, optionalInteger, optionalString, page, requiredString, validation, type JsonObject } from '../protocol';
import type { LoggingConfiguration, Revision, StateMachineRecord, StateMachineType } from '../records';
import { checkDescription, publishVersion } from '../versions';
import { parseTags } from './tags';
import type { Operation } from './types';

/** AWS's limit on a definition (API reference, CreateStateMachine `definition`: 1,048,576 characters). */
const MAX_DEFINITION = 1_048_576;
const LOG_LEVELS = ['ALL', 'ERROR', 'FATAL', 'OFF'];

function machineType(body: JsonObject): StateMachineType | undefined {
  const type = optionalString(body, 'type');
  if (type !== undefined && type !== 'STANDARD' && type !== 'EXPRESS') throw validation(`Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]`);
  return type;
}

/** loggingConfiguration: level ALL, ERROR, FATAL or OFF (default), a log destination for any level but OFF (InvalidLoggingConfiguration). */
function logging(body: JsonObject): LoggingConfiguration | undefined {
  const v = body.loggingConfiguration;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ApiError('SerializationException', "'loggingConfiguration' must be an object.");
  const c = v as JsonObject;
  const level = optionalString(c, 'level') ?? 'OFF';
  if (!LOG_LEVELS.includes(level)) throw validation(`Value '${level}' at 'loggingConfiguration.level' failed to satisfy constraint: Member must satisfy enum value set: [${LOG_LEVELS.join(', ')}]`);
  const destinations = Array.isArray(c.destinations) ? c.destinations : undefined;
  if ((destinations?.length ?? 0) > 1 || (level !== 'OFF' && !destinations?.length)) throw new ApiError('InvalidLoggingConfiguration', 'Invalid Logging Configuration: Must specify exactly one Log Destination.');
  return { level, includeExecutionData: optionalBoolean(c, 'includeExecutionData') ?? false, ...(destinations ? { destinations: destinations as LoggingConfiguration['destinations'] } : {}) };
}

function tracing(body: JsonObject): { enabled: boolean } | undefined {
  const v = body.tracingConfiguration;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw new ApiError('SerializationException', "'tracingConfiguration' must be an object.");
  return { enabled: optionalBoolean(v as JsonObject, 'enabled') ?? false };
}

type ApiDiagnostic = { severity: 'ERROR' | 'WARNING'; code: string; message: string; location?: string };

/** The diagnostics of a definition's text, as ValidateStateMachineDefinition gives them. */
function definitionDiagnostics(text: string, type: StateMachineType): ApiDiagnostic[] {
  if (text.trim() === '') return [{ severity: 'ERROR', code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }];
  let definition: unknown;
  try {
    definition = parseJson(text, 'definition').value;
  } catch (e) {
    if (!(e instanceof SourceError)) throw e;
    const p = e.problems[0];
    const jackson = jacksonProblem(p);
    const location = `[Source: (String)${JSON.stringify(text.slice(0, 500))}; line: ${p.line}, column: ${jackson?.column ?? p.column}]`;
    return [{ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION', message: `${jackson?.message ?? p.message}\n at ${location}`, location }];
  }
  const found = [...validateDefinition(definition, { text }), ...(type === 'EXPRESS' ? expressProblems(definition) : [])];
  return found.map((d) => ({ severity: d.severity === 'warning' ? 'WARNING' : 'ERROR', code: d.code, message: d.message, location: d.pointer || '/' }));
}

/**
 * A revision's `variableReferences` (the variables each JSONPath state reads), omitted when no
 * state reads any: DescribeStateMachine and DescribeStateMachineForExecution answer it so
 * (LocalStack's AWS-validated test_sfn_api_variable_references, recorded 20-11-2024).
 */
export function referencesOf(r: Revision): { variableReferences?: Record<string, string[]> } {
  let refs = REFERENCES.get(r);
  if (refs === undefined) REFERENCES.set(r, (refs = referencesIn(r.definition)));
  return refs === null ? {} : { variableReferences: refs };
}

/** A revision's references, worked out once (a revision does not change; Describe* is polled). */
const REFERENCES = new WeakMap<Revision, Record<string, string[]> | null>();

function referencesIn(text: string): Record<string, string[]> | null {
  let definition: unknown;
  try {
    definition = JSON.parse(text);
  } catch {
    return null;
  }
  return variableReferences(definition) ?? null;
}

/** DescribeStateMachine's answer for a revision (of the state machine, or of one of its versions). */
export function describeRevision(machine: StateMachineRecord, arn: string, r: Revision, extra: { creationDate?: Date; description?: string } = {}) {
  return {
    stateMachineArn: arn,
    name: machine.name,
    status: 'ACTIVE',
    definition: r.definition,
    roleArn: r.roleArn,
    type: machine.type,
    creationDate: extra.creationDate ?? machine.creationDate,
    loggingConfiguration: r.loggingConfiguration,
    tracingConfiguration: r.tracingConfiguration,
    ...(r.revisionId !== null ? { revisionId: r.revisionId } : {}),
    ...(extra.description !== undefined ? { description: extra.description } : {}),
    ...referencesOf(r),
  };
}

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
    const publish = optionalBoolean(body, 'publish') ?? false;
    const versionDescription = optionalString(body, 'versionDescription');
    if (!publish && versionDescription !== undefined) throw new ApiError('ValidationException', 'Version description can only be set when publish is true');
    checkDescription(versionDescription, 'versionDescription');
    const m = registry.createStateMachine({
      name: requiredString(body, 'name', 80),
      definition: requiredString(body, 'definition', MAX_DEFINITION),
      roleArn: roleArn(body),
      type: machineType(body),
      tags: parseTags(body),
      loggingConfiguration: logging(body),
      tracingConfiguration: tracing(body),
    });
    const version = publish ? publishVersion(m, versionDescription) : undefined;
    return { stateMachineArn: m.arn, creationDate: m.creationDate, ...(version ? { stateMachineVersionArn: version.arn } : {}) };
  },

  /** An unqualified ARN: the state machine's current revision; a version ARN: that version. */
  DescribeStateMachine(registry, body) {
    const arn = requiredString(body, 'stateMachineArn');
    const target = registry.resolve(arn);
    if (target.alias !== undefined) throw new ApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    const v = target.version;
    return v === undefined ? describeRevision(target.machine, target.machine.arn, target.revision) : describeRevision(v.machine, v.arn, v.revision, { creationDate: v.creationDate, description: v.description });
  },

  ListStateMachines(registry, body) {
    const all = [...registry.stateMachines.values()].sort(byName);
    const { items, nextToken } = page(all, body);
    return { stateMachines: items.map((m) => ({ stateMachineArn: m.arn, name: m.name, type: m.type, creationDate: m.creationDate })), nextToken };
  },

  /**
   * UpdateStateMachine: a change of definition, role, logging or tracing makes a new revision
   * (its id returned); `publish` publishes the current revision as a version (or returns the one
   * it has). MissingRequiredParameter when nothing is given.
   */
  UpdateStateMachine(registry, body) {
    const m = registry.stateMachine(requiredString(body, 'stateMachineArn'));
    const definition = optionalString(body, 'definition');
    if (definition !== undefined && definition.length > MAX_DEFINITION) throw validation(`Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DEFINITION}`);
    const roleArn = optionalString(body, 'roleArn');
    const log = logging(body);
    const trace = tracing(body);
    const publish = optionalBoolean(body, 'publish') ?? false;
    const versionDescription = optionalString(body, 'versionDescription');
    if (definition === undefined && roleArn === undefined && log === undefined && trace === undefined) {
      throw new ApiError('MissingRequiredParameter', 'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified');
    }
    if (!publish && versionDescription !== undefined) throw new ApiError('ValidationException', 'Version description can only be set when publish is true');
    const c = m.current;
    const next = { definition: definition ?? c.definition, roleArn: roleArn ?? c.roleArn, loggingConfiguration: log ?? c.loggingConfiguration, tracingConfiguration: trace ?? c.tracingConfiguration };
    const changed = next.definition !== c.definition || next.roleArn !== c.roleArn || JSON.stringify(next.loggingConfiguration) !== JSON.stringify(c.loggingConfiguration) || next.tracingConfiguration.enabled !== c.tracingConfiguration.enabled;
    if (changed) m.current = registry.revision(next, false, m.name, m.type);
    const version = publish ? publishVersion(m, versionDescription) : undefined;
    // An update that changes nothing answers the current revision's id (AWS-recorded in LocalStack's
    // test_sfn_api snapshot, test_create_update_state_machine_same_parameters); the first revision has none.
    const revisionId = m.current.revisionId;
    return { updateDate: changed ? m.current.updateDate : new Date(), ...(revisionId !== null ? { revisionId } : {}), ...(version ? { stateMachineVersionArn: version.arn } : {}) };
  },

  DeleteStateMachine(registry, body) {
    registry.deleteStateMachine(requiredString(body, 'stateMachineArn'));
    return {};
  },

  /**
   * ValidateStateMachineDefinition: `result` OK or FAIL and `diagnostics` ({severity, code,
   * message, location}) from the project's validator (the rules AWS applies; see
   * lib/asl/validate/README.md), with what an EXPRESS type cannot run; `severity` ERROR (default)
   * leaves out warnings. AWS's shapes for what is not a definition (LocalStack's
   * test_sfn_api_validation snapshot): SCHEMA_VALIDATION_FAILED "Definition must be a valid JSON
   * object" without a location for an empty one, INVALID_JSON_DESCRIPTION located at
   * "[Source: (String)"..."; line: L, column: C]" for text that is not JSON.
   */
  ValidateStateMachineDefinition(_registry, body) {
    const text = requiredString(body, 'definition', MAX_DEFINITION);
    const type = machineType(body);
    const severity = optionalString(body, 'severity') ?? 'ERROR';
    if (severity !== 'ERROR' && severity !== 'WARNING') throw validation(`Value '${severity}' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]`);
    const max = optionalInteger(body, 'maxResults', 0, 100) || 100;
    let diagnostics = definitionDiagnostics(text, type ?? 'STANDARD');
    if (severity === 'ERROR') diagnostics = diagnostics.filter((d) => d.severity === 'ERROR');
    const result = diagnostics.some((d) => d.severity === 'ERROR') ? 'FAIL' : 'OK';
    return { result, diagnostics: diagnostics.slice(0, max), truncated: diagnostics.length > max };
  },
};
