/**
 * Versions and aliases (developer guide, "State machine versions" and "State machine aliases";
 * API reference, PublishStateMachineVersion, DeleteStateMachineVersion, CreateStateMachineAlias,
 * UpdateStateMachineAlias). Errors with AWS's codes and, where LocalStack recorded them against
 * AWS (test_sfn_api_versioning and test_sfn_api_aliasing snapshots), its messages:
 *
 * - publishing is idempotent: the current revision's version is returned when it has one; a
 *   `revisionId` that is not the current one is a ConflictException "Failed to publish the State
 *   Machine version for revision <id>. The current State Machine revision is <id>.";
 * - a routing configuration has one or two distinct versions of one state machine whose weights
 *   (0 to 100) sum to 100 ("Sum of routing configuration weights must equal 100. Received: [70, 29]",
 *   "Routing configuration must contain distinct state machine version ARNs. Received: [...]",
 *   "Routing configuration must contain state machine version ARNs. Received: [...]");
 * - creating an alias again with the same routing and description returns it; with others it is
 *   a ConflictException; a version an alias routes to cannot be deleted ("Version to be deleted
 *   must not be referenced by an alias. Current list of aliases referencing this version: [name]").
 *
 * An alias routes each execution to one of its versions at random by weight: a canary of 10 %
 * sends about one execution in ten to the new version (the registry's random numbers are seeded
 * when asked, so a run can be repeated).
 */
import { StepFunctionsApiError } from '../services/stepfunctions/integration';
import { checkAliasName, parseStateMachineArn } from './arns';
import { validation } from './protocol';
import type { AliasRecord, RoutingEntry, StateMachineRecord, VersionRecord } from './records';

const conflict = (message: string) => new StepFunctionsApiError('ConflictException', message);
const notFound = () => new StepFunctionsApiError('ResourceNotFound', 'Request references a resource that does not exist.');

/** Any state machine of the registry by its unqualified ARN. */
export type Machines = ReadonlyMap<string, StateMachineRecord>;

export function checkDescription(description: string | undefined, field: string): void {
  if (description !== undefined && description.length > 256) throw validation(`Value at '${field}' failed to satisfy constraint: Member must have length less than or equal to 256`);
}

/** The version of the current revision: the existing one, or a new one numbered after every version ever published. */
export function publishVersion(machine: StateMachineRecord, description?: string, revisionId?: string): VersionRecord {
  checkDescription(description, 'description');
  const current = machine.current.revisionId ?? 'INITIAL';
  if (revisionId !== undefined && revisionId !== current) {
    throw conflict(`Failed to publish the State Machine version for revision ${revisionId}. The current State Machine revision is ${current}.`);
  }
  for (const v of machine.versions.values()) if (v.revision === machine.current) return v;
  const number = machine.nextVersion++;
  const version: VersionRecord = { arn: `${machine.arn}:${number}`, number, machine, revision: machine.current, description, creationDate: new Date() };
  machine.versions.set(number, version);
  return version;
}

/** The version a routing entry names, if it is a version of a state machine of the registry. */
function versionAt(machines: Machines, arn: string): VersionRecord | undefined {
  try {
    const ref = parseStateMachineArn(arn);
    return ref.version === undefined ? undefined : machines.get(ref.base)?.versions.get(ref.version);
  } catch {
    return undefined;
  }
}

/** A routing configuration checked (AWS's order of checks); returns the state machine it routes to. */
export function checkRouting(machines: Machines, routing: RoutingEntry[]): StateMachineRecord {
  if (routing.length === 0) throw validation("Value '[]' at 'routingConfiguration' failed to satisfy constraint: Member must have length greater than or equal to 1");
  if (routing.length > 2) {
    const items = routing.map((r) => `RoutingConfigurationListItem(stateMachineVersionArn=${r.stateMachineVersionArn}, weight=${r.weight})`).join(', ');
    throw validation(`Value '[${items}]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2`);
  }
  const arns = routing.map((r) => r.stateMachineVersionArn);
  if (new Set(arns).size < arns.length) throw new StepFunctionsApiError('ValidationException', `Routing configuration must contain distinct state machine version ARNs. Received: [${arns.join(', ')}]`);
  routing.forEach((r, i) => {
    if (!Number.isInteger(r.weight) || r.weight < 0) throw validation(`Value '${r.weight}' at 'routingConfiguration.${i + 1}.member.weight' failed to satisfy constraint: Member must have value greater than or equal to 0`);
    if (r.weight > 100) throw validation(`Value '${r.weight}' at 'routingConfiguration.${i + 1}.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100`);
  });
  const sum = routing.reduce((s, r) => s + r.weight, 0);
  if (sum !== 100) throw new StepFunctionsApiError('ValidationException', `Sum of routing configuration weights must equal 100. Received: [${routing.map((r) => r.weight).join(', ')}]`);
  const versions = arns.map((a) => versionAt(machines, a));
  if (versions.some((v) => v === undefined)) throw new StepFunctionsApiError('ValidationException', `Routing configuration must contain state machine version ARNs. Received: [${arns.join(', ')}]`);
  const machine = (versions[0] as VersionRecord).machine;
  if (versions.some((v) => v?.machine !== machine)) throw new StepFunctionsApiError('ValidationException', `Routing configuration must contain versions of one state machine. Received: [${arns.join(', ')}]`);
  return machine;
}

/** CreateStateMachineAlias: idempotent for the same routing and description; ConflictException otherwise. */
export function createAlias(machines: Machines, name: string, routing: RoutingEntry[], description?: string): AliasRecord {
  checkAliasName(name);
  checkDescription(description, 'description');
  const machine = checkRouting(machines, routing);
  const existing = machine.aliases.get(name);
  if (existing !== undefined) {
    if (JSON.stringify(existing.routing) === JSON.stringify(routing) && existing.description === description) return existing;
    throw conflict('Failed to create alias because an alias with the same name and a different routing configuration already exists.');
  }
  const now = new Date();
  const alias: AliasRecord = { arn: `${machine.arn}:${name}`, name, machine, description, routing: routing.map((r) => ({ ...r })), creationDate: now, updateDate: now };
  machine.aliases.set(name, alias);
  return alias;
}

/** The alias an alias ARN names (ResourceNotFound when there is none). */
export function aliasAt(machines: Machines, arn: string): AliasRecord {
  const ref = parseStateMachineArn(arn);
  if (ref.alias === undefined) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of a state machine alias`);
  const alias = machines.get(ref.base)?.aliases.get(ref.alias);
  if (alias === undefined) throw notFound();
  return alias;
}

/** UpdateStateMachineAlias: its description and/or routing (to versions of the same state machine). */
export function updateAlias(machines: Machines, arn: string, description?: string, routing?: RoutingEntry[]): AliasRecord {
  if (description === undefined && routing === undefined) throw new StepFunctionsApiError('MissingRequiredParameter', 'Either the description or the RoutingConfiguration must be specified');
  checkDescription(description, 'description');
  const machineOfRouting = routing === undefined ? undefined : checkRouting(machines, routing);
  const alias = aliasAt(machines, arn);
  if (machineOfRouting !== undefined && machineOfRouting !== alias.machine) {
    throw new StepFunctionsApiError('ValidationException', `Routing configuration must contain versions of the alias's state machine ${alias.machine.arn}`);
  }
  if (description !== undefined) alias.description = description;
  if (routing !== undefined) alias.routing = routing.map((r) => ({ ...r }));
  alias.updateDate = new Date();
  return alias;
}

/** DeleteStateMachineAlias: nothing happens for an alias that does not exist (as AWS answers). */
export function deleteAlias(machines: Machines, arn: string): void {
  const ref = parseStateMachineArn(arn);
  if (ref.alias === undefined) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of a state machine alias`);
  machines.get(ref.base)?.aliases.delete(ref.alias);
}

/** DeleteStateMachineVersion: refused while an alias routes to it; nothing happens for a version that does not exist. */
export function deleteVersion(machines: Machines, arn: string): void {
  const ref = parseStateMachineArn(arn);
  if (ref.version === undefined) throw new StepFunctionsApiError('InvalidArn', `Invalid Arn: '${arn}' is not the ARN of a state machine version`);
  const machine = machines.get(ref.base);
  if (machine === undefined || !machine.versions.has(ref.version)) return;
  const using = [...machine.aliases.values()].filter((a) => a.routing.some((r) => r.stateMachineVersionArn === arn)).map((a) => a.name);
  if (using.length) throw conflict(`Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${using.join(', ')}]`);
  machine.versions.delete(ref.version);
}

/** The version an execution started with the alias runs: one of its routes, at random by weight. */
export function pickVersion(machine: StateMachineRecord, alias: AliasRecord, random: () => number): VersionRecord {
  const r = random() * 100;
  let acc = 0;
  let chosen = alias.routing[alias.routing.length - 1];
  for (const route of alias.routing) {
    acc += route.weight;
    if (r < acc) {
      chosen = route;
      break;
    }
  }
  const version = machine.versions.get(Number(chosen.stateMachineVersionArn.slice(chosen.stateMachineVersionArn.lastIndexOf(':') + 1)));
  if (version === undefined) throw new StepFunctionsApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${chosen.stateMachineVersionArn}'`);
  return version;
}
