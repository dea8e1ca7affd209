/**
 * The history events of a Task's resource (recorded AWS histories): a Lambda function ARN writes
 * LambdaFunctionScheduled / Started / Succeeded | Failed | TimedOut; an activity Activity*; a
 * service integration (`arn:aws:states:::service:action`) TaskScheduled / TaskStarted /
 * TaskSucceeded | TaskFailed | TaskTimedOut with resourceType `service` and resource `action`,
 * and TaskSubmitted when a callback's base action has answered. Without a history only the
 * events' ids are counted (as `ev` does).
 */
import type { HistoryEventType } from '@aws-sdk/client-sfn';
import type { Failure } from '../../errors';
import { DATA_DETAILS, ev, json, record, type EventKind, type HistoryLog } from '../../history';
import type { Json } from '../../json';
import type { Thread } from '../../thread';

type Phase = 'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut';
type Names = Record<Phase, [HistoryEventType, string]>;
type Details = Record<string, unknown>;

/** The event type and details member of each phase, for an event prefix (LambdaFunction, Activity, Task). */
function names(prefix: string): Names {
  const key = prefix.charAt(0).toLowerCase() + prefix.slice(1);
  const phases: Phase[] = ['Scheduled', 'Started', 'Succeeded', 'Failed', 'TimedOut'];
  return Object.fromEntries(phases.map((p) => [p, [`${prefix}${p}` as HistoryEventType, `${key}${p}EventDetails`]])) as Names;
}

const LAMBDA_FUNCTION = names('LambdaFunction');
const ACTIVITY = names('Activity');
const TASK = names('Task');

/** Counts an event that is not written (no history). */
function count(t: Thread): void {
  t.lastEventId = ++t.ex.seq;
}

/** A Scheduled event's limits, when it has some (recorded with its input). */
interface Limits {
  input: Json;
  timeoutS: number | undefined;
  heartbeatS: number | undefined;
}

export abstract class TaskEvents {
  /** Its Scheduled (value: the input, or Limits), Started and Succeeded (value: the result) events, their details made when the history is read. */
  private readonly scheduledOf: EventKind;
  private readonly scheduledWithLimits: EventKind;
  private startedOf: EventKind | null = null;
  private readonly succeededOf: EventKind;

  constructor(private readonly names: Names) {
    const [scheduled, scheduledKey] = names.Scheduled;
    this.scheduledOf = { type: scheduled, key: scheduledKey, details: (input, log) => this.scheduledDetails(log, input as Json, undefined) };
    this.scheduledWithLimits = { type: scheduled, key: scheduledKey, details: (l, log) => this.scheduledDetails(log, (l as Limits).input, l as Limits) };
    this.succeededOf = {
      type: names.Succeeded[0],
      key: names.Succeeded[1],
      details: (result, log) => {
        const d = this.resourceDetails();
        d.output = log.text(result);
        d.outputDetails = DATA_DETAILS;
        return d;
      },
    };
  }

  /** Writes the event of a phase (without details when `details` is undefined). */
  protected write(t: Thread, phase: Phase, details?: object): void {
    if (t.ex.events === null) return count(t);
    const n = this.names[phase];
    ev(t, n[0], details !== undefined ? n[1] : undefined, details);
  }

  /** The details every event of the resource starts with (a service integration's resourceType and resource). */
  protected resourceDetails(): Details {
    return {};
  }

  protected abstract scheduledDetails(log: HistoryLog, input: Json, limits: Limits | undefined): Details;

  /** The details of the Started event written when the task starts at once (none by default; the same for every event). */
  protected startedDetails(): Details | undefined {
    return undefined;
  }

  scheduled(t: Thread, input: Json, timeoutS: number | undefined, heartbeatS: number | undefined): void {
    if (t.ex.events === null) return count(t);
    if (timeoutS === undefined && heartbeatS === undefined) record(t, this.scheduledOf, input);
    else record(t, this.scheduledWithLimits, { input, timeoutS, heartbeatS });
  }

  started(t: Thread): void {
    record(t, (this.startedOf ??= this.startedKind()));
  }

  /** The kind of its Started event (made at first use: a subclass's fields are set after this constructor runs). */
  private startedKind(): EventKind {
    const [type, key] = this.names.Started;
    const details = this.startedDetails();
    return details === undefined ? { type, key: undefined } : { type, key, details: () => details };
  }

  succeeded(t: Thread, result: Json): void {
    record(t, this.succeededOf, result);
  }

  /** Failed or TimedOut, with the failure's error and cause. */
  failed(t: Thread, phase: 'Failed' | 'TimedOut', f: Failure): void {
    if (t.ex.events === null) return count(t);
    const d = this.resourceDetails();
    if (f.error !== undefined) d.error = f.error;
    if (f.cause !== undefined) d.cause = f.cause;
    this.write(t, phase, d);
  }
}

/** The Scheduled event's details of a Task whose Resource is a function or activity ARN: the resource, its input, its timeout. */
function resourceScheduled(resource: string, log: HistoryLog, input: Json, limits: Limits | undefined): Details {
  const d: Details = { resource, input: log.text(input), inputDetails: DATA_DETAILS };
  if (limits?.timeoutS !== undefined) d.timeoutInSeconds = limits.timeoutS;
  return d;
}

/** A Lambda function ARN as Resource: LambdaFunction* (no HeartbeatSeconds in its Scheduled event). */
export class LambdaEvents extends TaskEvents {
  constructor(private readonly resource: string) {
    super(LAMBDA_FUNCTION);
  }

  protected scheduledDetails(log: HistoryLog, input: Json, limits: Limits | undefined): Details {
    return resourceScheduled(this.resource, log, input, limits);
  }
}

/** An activity: Activity*; ActivityStarted names the worker. */
export class ActivityEvents extends TaskEvents {
  constructor(private readonly resource: string) {
    super(ACTIVITY);
  }

  protected scheduledDetails(log: HistoryLog, input: Json, limits: Limits | undefined): Details {
    const d = resourceScheduled(this.resource, log, input, limits);
    if (limits?.heartbeatS !== undefined) d.heartbeatInSeconds = limits.heartbeatS;
    return d;
  }

  /** ActivityStarted without a worker (a resource invoker or an override ran the task). */
  protected startedDetails(): Details {
    return Object.freeze({ workerName: 'local' });
  }

  /** ActivityStarted: a worker has taken the task (GetActivityTask). */
  workerStarted(t: Thread, workerName: string | undefined): void {
    this.write(t, 'Started', t.ex.events === null ? undefined : workerName !== undefined ? { workerName } : {});
  }
}

/** A service integration: Task*, each with resourceType (`sqs`) and resource (`sendMessage`). */
export class ServiceEvents extends TaskEvents {
  constructor(
    readonly resourceType: string,
    readonly resource: string,
  ) {
    super(TASK);
  }

  protected resourceDetails(): Details {
    return { resourceType: this.resourceType, resource: this.resource };
  }

  protected scheduledDetails(log: HistoryLog, input: Json, limits: Limits | undefined): Details {
    const d: Details = { resourceType: this.resourceType, resource: this.resource, region: log.region, parameters: log.text(input) };
    if (limits?.timeoutS !== undefined) d.timeoutInSeconds = limits.timeoutS;
    if (limits?.heartbeatS !== undefined) d.heartbeatInSeconds = limits.heartbeatS;
    return d;
  }

  protected startedDetails(): Details {
    return Object.freeze(this.resourceDetails());
  }
}

/** TaskSubmitted: the base action of a callback task has answered (its response, as AWS records it). */
export function taskSubmitted(t: Thread, resourceType: string, resource: string, response: Json): void {
  if (t.ex.events === null) return count(t);
  ev(t, 'TaskSubmitted', 'taskSubmittedEventDetails', { resourceType, resource, output: json(response), outputDetails: DATA_DETAILS });
}
