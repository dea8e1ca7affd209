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
import { DATA_DETAILS, ev, json } from '../../history';
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

export abstract class TaskEvents {
  constructor(private readonly names: Names) {}

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

  protected abstract scheduledDetails(t: Thread, input: Json, timeoutS: number | undefined, heartbeatS: number | undefined): Details;

  scheduled(t: Thread, input: Json, timeoutS: number | undefined, heartbeatS: number | undefined): void {
    if (t.ex.events === null) return count(t);
    this.write(t, 'Scheduled', this.scheduledDetails(t, input, timeoutS, heartbeatS));
  }

  started(t: Thread): void {
    this.write(t, 'Started');
  }

  succeeded(t: Thread, result: Json): void {
    if (t.ex.events === null) return count(t);
    const d = this.resourceDetails();
    d.output = json(result);
    d.outputDetails = DATA_DETAILS;
    this.write(t, 'Succeeded', d);
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

/** A Lambda function ARN as Resource: LambdaFunction* (no HeartbeatSeconds in its Scheduled event). */
export class LambdaEvents extends TaskEvents {
  constructor(private readonly resource: string) {
    super(LAMBDA_FUNCTION);
  }

  protected scheduledDetails(_t: Thread, input: Json, timeoutS: number | undefined): Details {
    const d: Details = { resource: this.resource, input: json(input), inputDetails: DATA_DETAILS };
    if (timeoutS !== undefined) d.timeoutInSeconds = timeoutS;
    return d;
  }
}

/** An activity: Activity*; ActivityStarted names the worker. */
export class ActivityEvents extends TaskEvents {
  constructor(private readonly resource: string) {
    super(ACTIVITY);
  }

  protected scheduledDetails(_t: Thread, input: Json, timeoutS: number | undefined, heartbeatS: number | undefined): Details {
    const d: Details = { resource: this.resource, input: json(input), inputDetails: DATA_DETAILS };
    if (timeoutS !== undefined) d.timeoutInSeconds = timeoutS;
    if (heartbeatS !== undefined) d.heartbeatInSeconds = heartbeatS;
    return d;
  }

  /** ActivityStarted without a worker (a resource invoker or an override ran the task). */
  started(t: Thread): void {
    this.write(t, 'Started', t.ex.events !== null ? { workerName: 'local' } : undefined);
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

  protected scheduledDetails(t: Thread, input: Json, timeoutS: number | undefined, heartbeatS: number | undefined): Details {
    const d: Details = { resourceType: this.resourceType, resource: this.resource, region: t.ex.region, parameters: json(input) };
    if (timeoutS !== undefined) d.timeoutInSeconds = timeoutS;
    if (heartbeatS !== undefined) d.heartbeatInSeconds = heartbeatS;
    return d;
  }

  started(t: Thread): void {
    this.write(t, 'Started', t.ex.events !== null ? this.resourceDetails() : undefined);
  }
}

/** TaskSubmitted: the base action of a callback task has answered (its response, as AWS records it). */
export function taskSubmitted(t: Thread, resourceType: string, resource: string, response: Json): void {
  if (t.ex.events === null) return count(t);
  ev(t, 'TaskSubmitted', 'taskSubmittedEventDetails', { resourceType, resource, output: json(response), outputDetails: DATA_DETAILS });
}
